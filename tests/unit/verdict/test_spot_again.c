/*
 * test_spot_again.c - how a pool of spot checks (spot.c) tells silences
 * that stay from lost probes, and a partial target hosts back: the hosts
 * the check before left silent, probed again, and how likely their
 * answers are from live hosts rather than from half of E(b) dark.
 */
#include "blackout/verdict/spot.h"

#include <math.h>
#include <string.h>

#include "testhelp.h"

#include "spotfixture.h"

/* Block 0 of f checks its queue of 10 hosts, .1 to .10 of 198.18.4.0/24,
 * all sent, none answering yet. */
static void
queue_block0(struct fixture *f, struct plan_rec *rec, uint32_t *queue)
{
	uint32_t r;

	memset(rec, 0, 10 * sizeof(*rec));
	f->plan.rec = rec;
	f->plan.n_rec = 10;
	f->blk[0].pfx.base = 0xc6120400;
	f->blk[0].queue = queue;
	f->blk[0].n_queue = 10;
	f->blk[0].spot_first = 0;
	for (r = 0; r < 10; r++) {
		rec[r].addr = f->blk[0].pfx.base + 1 + r;
		rec[r].sent = 1;
		queue[r] = r;
	}
}

static void
answer(struct plan_rec *rec, uint32_t from, uint32_t to)
{
	uint32_t r;

	for (r = 0; r < 10; r++)
		rec[r].ok = r >= from && r < to;
}

/* A = 0.6 and hosts that draw afresh, block 0 queued: a check of 10,
 * 3 answering (.1 to .3), 2 at the first probe. */
static void
check_in_doubt(struct fixture *f, struct plan_rec *rec, uint32_t *queue)
{
	setup(f, 0.6);
	learned_afresh(f);
	queue_block0(f, rec, queue);
	answer(rec, 0, 3);
	round_with_tally(f, 10, 3, 2);
}

/* A = 0.9 and hosts that draw afresh, block 0 queued: a check of 10,
 * the first `answered` (.1 on) answering, `first` of them at the first
 * probe. */
static void
check_at_90(struct fixture *f, struct plan_rec *rec, uint32_t *queue,
	    uint32_t answered, unsigned first)
{
	setup(f, 0.9);
	learned_afresh(f);
	queue_block0(f, rec, queue);
	answer(rec, 0, answered);
	round_with_tally(f, 10, answered, first);
}

/*
 * A = 0.6 (0.84 of a live address) and hosts that draw afresh: 3 of 10
 * is in doubt (p = 2e-4), and the check keeps its 7 silent hosts. The
 * next check probes 5 of them again and 5 others, 5 of 10 answering,
 * 4 at the first probe: the pool's 8 of 20 is below at 1e-5, and its
 * retries say the silences persist, as the loss step that A(b) has not
 * learned yet can make them do. Whether the 5 probed again answer tells:
 * 4 of 5, near a live host's 0.89 (s = 1 - 2/6 from the pool's own
 * answers), are lost probes; 0 of 5 are dark hosts.
 */
static void
test_again(void)
{
	struct fixture f;
	struct plan_rec rec[10];
	uint32_t queue[10];
	int dark;

	for (dark = 0; dark <= 1; dark++) {
		TEST(dark ? "spot check: the hosts silent before stay so: partial"
			  : "spot check: the hosts silent before answer now: "
			    "not partial");
		check_in_doubt(&f, rec, queue);
		CHECK(f.tm.spot.pending && !f.tm.spot.partial);
		CHECK_EQ(f.bm[0].n_silent, 7);
		CHECK_EQ(f.bm[0].silent[0], 4);
		CHECK_EQ(f.bm[0].silent[6], 10);
		CHECK_EQ(f.bm[1].n_silent, 0);
		/* positions 0 to 4 hold the hosts probed again */
		f.blk[0].spot_again = 5;
		if (dark)
			answer(rec, 5, 10);
		else {
			answer(rec, 0, 4);
			rec[9].ok = 1;
		}
		round_with_tally(&f, 10, 5, 4);
		CHECK(f.tm.spot.p < SPOT_ALPHA_POOL);
		CHECK_EQ(f.tm.spot.again_n, 5);
		CHECK_EQ(f.tm.spot.again_x, dark ? 0 : 4);
		CHECK_EQ(f.out.state, dark ? STATE_PARTIAL : STATE_UP);
		CHECK(!f.tm.spot.pending);
		/* the pool is judged; a partial target keeps its silent
		 * hosts for the stay */
		CHECK_EQ(f.bm[0].n_silent, dark ? 5 : 0);
	}

	/* A = 0.9, 0.99 of a live address: 10 of 16 is far below (p =
	 * 5e-8), but its first probes, 10 against 14.4, only at p = 0.02:
	 * a loss step's lost retries; 6 of 16, 5 at first, is half dark. */
	TEST("spot check: far below, its first probes not: in doubt");
	setup(&f, 0.9);
	learned_afresh(&f);
	round_with_tally(&f, 16, 10, 10);
	CHECK(f.tm.spot.p < SPOT_ALPHA_SURE);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	setup(&f, 0.9);
	learned_afresh(&f);
	round_with_tally(&f, 16, 6, 5);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	/* Partial (the pool above, hosts .1 to .5 left silent): the next
	 * check probes those 5 again and 5 others, 4 of 10 answering, 3
	 * at the first probe. The count alone keeps it partial (p = 0.002
	 * against 8.4). Which hosts answer tells: 4 of the 5 dark before,
	 * at a live host's rate (s = 1 - 1/3), are back, and the outage
	 * ends; 4 of the fresh ones, the 5 still silent, stay dark. */
	for (dark = 0; dark <= 1; dark++) {
		TEST(dark ? "spot check: partial, the hosts silent before "
			    "stay so: partial"
			  : "spot check: partial, the hosts silent before "
			    "answer: up");
		check_in_doubt(&f, rec, queue);
		f.blk[0].spot_again = 5;
		answer(rec, 5, 10);
		round_with_tally(&f, 10, 5, 4);
		CHECK_EQ(f.out.state, STATE_PARTIAL);
		CHECK_EQ(f.bm[0].n_silent, 5); /* kept while partial */
		CHECK_EQ(f.bm[0].silent[0], 1);
		CHECK_EQ(f.bm[0].silent[4], 5);
		answer(rec, dark ? 5 : 0, dark ? 9 : 4);
		round_with_tally(&f, 10, 4, 3);
		CHECK(f.tm.spot.p < SPOT_ALPHA_STAY);
		CHECK_EQ(f.tm.spot.again_x, dark ? 0 : 4);
		CHECK_EQ(f.out.state, dark ? STATE_PARTIAL : STATE_UP);
		CHECK_EQ(f.bm[0].n_silent, dark ? 6 : 0);
	}

	/* A = 0.9, partial at once (2 of 10; 7 of the hosts left silent
	 * kept); the next check probes 5 of those again, 3 answering, and 5
	 * others, none. 3 of 5 is below a live address's 0.99 (p = 1e-3),
	 * as a loss that rose while A(b) stood still can make it; but were
	 * half of E(b) still dark, only the live ones among the silent
	 * would answer, a hundredth of them: e^4.7 likelier back
	 * (went_llr). 1 of 5, whose check answered only at first (a live
	 * address then 0.9996), is e^-26.6. */
	for (dark = 0; dark <= 1; dark++) {
		TEST(dark ? "spot check: partial, 1 of 5 silent before answer: "
			    "partial"
			  : "spot check: partial, 3 of 5 silent before answer, "
			    "likelier back than dark: up");
		check_at_90(&f, rec, queue, 2, 1);
		CHECK_EQ(f.out.state, STATE_PARTIAL);
		CHECK_EQ(f.bm[0].n_silent, BLOCK_SILENT_MAX);
		f.blk[0].spot_again = 5;
		answer(rec, 0, dark ? 1 : 3);
		round_with_tally(&f, 10, dark ? 1 : 3, dark ? 1 : 2);
		CHECK_EQ(f.tm.spot.again_n, 5);
		CHECK_EQ(f.tm.spot.again_x, dark ? 1 : 3);
		CHECK(f.tm.spot.p < SPOT_ALPHA_STAY);
		CHECK_EQ(f.out.state, dark ? STATE_PARTIAL : STATE_UP);
	}

	/* A = 0.9: 6 of 10 answering, all at the first probe, is in doubt
	 * (p = 2e-6, its first probes at 0.01), 4 hosts left silent. The
	 * next check probes those 4 again and 6 others, 5 of 10 answering,
	 * 3 at the first probe: the pool's 11 of 20 is below at 1e-4 and its
	 * retries persist. 3 of the 4 probed again answer: below a live
	 * address's 0.99 (p = 0.04), as a loss A(b) has not learned makes
	 * it, but e^9 likelier live than half dark (only a hundredth of the
	 * silent would be live): no partial. None of 4 is dark hosts. */
	for (dark = 0; dark <= 1; dark++) {
		TEST(dark ? "spot check: a pool whose hosts silent before stay "
			    "so: partial"
			  : "spot check: a pool whose hosts silent before answer "
			    "likelier live than dark: not partial");
		check_at_90(&f, rec, queue, 6, 6);
		CHECK(f.tm.spot.pending && !f.tm.spot.partial);
		CHECK_EQ(f.bm[0].n_silent, 4);
		f.blk[0].spot_again = 4;
		if (dark)
			answer(rec, 4, 9);
		else {
			answer(rec, 0, 3);
			rec[8].ok = rec[9].ok = 1;
		}
		round_with_tally(&f, 10, 5, 3);
		CHECK_EQ(f.tm.spot.again_n, 4);
		CHECK_EQ(f.tm.spot.again_x, dark ? 0 : 3);
		CHECK(f.tm.spot.p < SPOT_ALPHA_POOL);
		CHECK_EQ(f.out.state, dark ? STATE_PARTIAL : STATE_UP);
		CHECK(!f.tm.spot.pending);
	}

	TEST("spot check: hosts that may stay away keep no silent hosts");
	setup(&f, 0.6);
	queue_block0(&f, rec, queue);
	answer(rec, 0, 3);
	round_with_tally(&f, 10, 3, 2);
	CHECK(f.tm.spot.pending);
	CHECK_EQ(f.bm[0].n_silent, 0);
}

int
main(void)
{
	test_again();
	return test_report("test_spot_again");
}

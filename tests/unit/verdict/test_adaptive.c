/*
 * test_adaptive.c - adaptive /24s in the verdicts (classify.c): after the
 * census, a block judged by its belief (up, down, or unknown once the
 * budget is spent), an explorer's answer as evidence, a confirmation
 * whose one answer keeps a block up however low its silences took the
 * belief, and an outage's start after a watch round that probed the
 * block back from down alone (timed from it when that block went too).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"
#include "blackout/verdict/spot.h"
#include "blackout/verdict/watch.h"

#include <math.h>

#include "testhelp.h"
#include "testplan.h"
#include "testround.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define NS(s) ((int64_t)(s)*1000000000LL)
#define B176 A(175, 45, 176, 0)
#define B177 A(175, 45, 177, 0)
#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

static void
classify(struct plan *plan, struct baseline *bl, enum vantage_state v,
	 int64_t now, struct target_summary *s)
{
	classify_target(plan, 0, v, &bl->t[0], now, s);
}

static void
adaptive_learnt(struct scenario *sc)
{
	CHECK(!sc->s.blocks[0].sparse);
	CHECK(!sc->s.blocks[1].sparse); /* |E| = 2, A = 3/4 */
	/* The first census's A(b): Laplace's rule of succession over the
	 * addresses that answered, (20 in wave 0 + 1) / (20 + 2). */
	CHECK(fabs(sc->tm->blocks[0].avail - 21.0 / 22) < 1e-12);
	CHECK(fabs(sc->tm->blocks[1].avail - 3.0 / 4) < 1e-12);
}

/* The first census of SAMPLE_AUTO: E is 20 addresses in one /24, 2 in the
 * next. */
static const struct round_case adaptive_census[] = {
	{ "the census",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 20), RANGE(B177 + 1, 2) },
	  .state = STATE_UP,
	  .event = ANY,
	  .then = adaptive_learnt },
};

/* Blocks 0 and 1 with 20 hosts each, every one answering. */
static const struct round_case watched_census[] = {
	{ "the census",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 20), RANGE(B177 + 1, 20) },
	  .state = STATE_UP,
	  .event = ANY },
};

static void
lone_retry_learnt(struct scenario *sc)
{
	/* (0 + 1) / (1 + 2), where the share in wave 0 made it 0: sparse,
	 * and judged down in any round its host missed two probes. */
	CHECK(fabs(sc->tm->blocks[1].avail - 1.0 / 3) < 1e-12);
	CHECK(!block_is_sparse(&sc->tm->blocks[1]));
	CHECK(!sc->s.blocks[1].sparse);
}

/* A first census whose lone host in the second /24 answered only its
 * retry (sparse-loss10: 10% loss each way, 1 host in a /24). */
static const struct round_case lone_retry_census[] = {
	{ "a lone host answering only a retry",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 20), RANGE_RETRY(B177 + 1, 1) },
	  .state = STATE_UP,
	  .event = ANY,
	  .then = lone_retry_learnt },
};

/* Round 3, whose adaptive probes of block 0 met 5 silences and took its
 * belief to 0.05. */
static struct plan_block *
plan_silences(struct plan *plan, struct scenario *sc)
{
	struct plan_block *pb;
	size_t r;

	th_plan_round(plan, &sc->set, &sc->bl, 3);
	pb = &plan->blk[0];
	pb->bb.belief = 0.05;
	pb->bb.first_outcome = 0;
	for (r = 0; r < 5; r++)
		th_mark_sent(plan, &plan->rec[pb->queue[r]],
			     plan->rec[pb->queue[r]].want);
	return pb;
}

/* SAMPLE_AUTO after a census: adaptive, sparse and empty blocks. */
static void
test_classify_adaptive(void)
{
	struct target_summary s;
	struct target_memory *tm;
	struct plan_block *pb;
	struct scenario sc;
	struct plan plan;
	size_t r;

	TEST("classify_adaptive");
	th_kp_set(&sc.set, SAMPLE_AUTO, false);
	scenario_init(&sc, "classify_adaptive");
	play(&sc, adaptive_census, NITEMS(adaptive_census));
	tm = sc.tm;

	/* Round 2 plans block 0 adaptive, 1 sparse (its A(b) set below
	 * 0.1 by hand), 2 and 3 empty (test_plan.c, plan_modes). */
	tm->blocks[1].avail = 0.05;
	th_plan_round(&plan, &sc.set, &sc.bl, 2);
	/* The prober's work, by hand: block 0's first probe was lost, the
	 * next answered, and the belief resolved up; block 1 silent. */
	pb = &plan.blk[0];
	pb->bb.first_outcome = 0;
	pb->bb.observed = 2;
	pb->bb.positives = 1;
	pb->bb.belief = belief_update(belief_update(tm->blocks[0].belief,
						    pb->bb.avail, false),
				      pb->bb.avail, true);
	for (r = 0; r < 2; r++)
		th_mark_sent(&plan, &plan.rec[pb->queue[r]],
			     plan.rec[pb->queue[r]].want);
	plan.rec[pb->queue[1]].ok = plan.rec[pb->queue[1]].want;
	plan.rec[pb->queue[1]].ok_first = plan.rec[pb->queue[1]].want;
	CHECK_EQ(plan.rec[pb->queue[0]].want, 1); /* its hint: icmp */
	for (r = 0; r < plan.n_rec; r++)
		if (plan.rec[r].block == 1)
			th_mark_sent(&plan, &plan.rec[r], plan.rec[r].want);
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, NS(2000), &s);
	CHECK(pb->bb.belief > BELIEF_UP);
	CHECK_EQ(s.blocks[0].mode, MODE_ADAPTIVE);
	CHECK_EQ(s.blocks[0].state, STATE_UP);
	CHECK_EQ(s.blocks[1].state, STATE_DOWN);
	CHECK(!s.blocks[2].judged && !s.blocks[3].judged);
	CHECK(tm->blocks[0].belief == pb->bb.belief);
	/* Only the first probe teaches A(b): 0.95 * 21/22 + 0.05 * 0. */
	CHECK(fabs(tm->blocks[0].avail - 0.95 * 21 / 22) < 1e-12);
	CHECK(s.pvalue < 0); /* no binomial test outside a census */
	CHECK_EQ(s.state, STATE_PARTIAL);
	CHECK_EQ(s.probed, 2 + 2);
	CHECK_EQ(s.blocks[0].probes, 2); /* one method each */
	/* E with both methods; block 1 explores in odd rounds only. */
	CHECK_EQ(s.blocks[1].probes, 2 * 2);
	/* The E(b) answer rate: 1 of 2 adaptive probes, 0 of 2 sparse. */
	CHECK(s.instab.has_rate && fabs(s.instab.rate_mean - 0.25) < 1e-6);
	target_summary_free(&s);
	plan_free(&plan);

	/* An adaptive block whose belief fell below 0.1: down. */
	pb = plan_silences(&plan, &sc);
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, NS(3000), &s);
	CHECK_EQ(s.blocks[0].state, STATE_DOWN);
	/* not when down */
	CHECK(fabs(tm->blocks[0].avail - 0.95 * 21 / 22) < 1e-12);
	/* Block 1 (sparse) was not probed at all this round. */
	CHECK_EQ(s.blocks[1].probed, 0);
	CHECK_EQ(s.blocks[1].state, STATE_UNKNOWN);
	target_summary_free(&s);
	plan_free(&plan);

	/* The same silences, but the block was up and a confirmation
	 * (spot.h) got one answer: it stays up, though one reply takes the
	 * belief from 0.05 only to 0.89 at A(b) = 0.95 x 0.8 x 0.75. */
	tm->blocks[0].state = STATE_UP;
	tm->blocks[0].belief = BELIEF_MAX;
	pb = plan_silences(&plan, &sc);
	CHECK(belief_update(0.05, pb->bb.avail, true) < BELIEF_UP);
	pb->spot_confirm = true;
	pb->spot = pb->spot_sent = 3;
	pb->spot_ok = 1;
	th_answer(&plan, plan.rec[pb->queue[5]].addr, 1, 1);
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, NS(3500), &s);
	CHECK_EQ(s.blocks[0].state, STATE_UP);
	CHECK(s.blocks[0].belief == BELIEF_UP);
	CHECK(tm->blocks[0].belief == BELIEF_UP);
	CHECK_EQ(s.blocks_up, 1);
	CHECK_EQ(s.blocks_unknown, 1); /* block 1, not probed this round */
	target_summary_free(&s);
	plan_free(&plan);

	/* Undecided: unknown, after the budget. */
	th_plan_round(&plan, &sc.set, &sc.bl, 4);
	pb = &plan.blk[0];
	pb->bb.belief = 0.5;
	th_probe_all(&plan, 0);
	th_answer(&plan, A(175, 45, 177, 1), 1, 1);
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, NS(4000), &s);
	CHECK_EQ(s.blocks[0].state, STATE_UNKNOWN);
	CHECK(s.blocks[0].judged);
	CHECK_EQ(s.blocks[1].state, STATE_UP);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "uncertain");
	target_summary_free(&s);
	plan_free(&plan);

	/* E silent so far, but the explorer answered: that is a reply
	 * from the block too. */
	th_plan_round(&plan, &sc.set, &sc.bl, 6); /* block 0 explores */
	pb = &plan.blk[0];
	pb->bb.belief = 0.5;
	th_probe_all(&plan, 0);
	for (r = 0; r < plan.n_rec; r++) {
		if (plan.rec[r].block == 0 && plan.rec[r].role == ROLE_EXPLORE)
			th_answer(&plan, plan.rec[r].addr, plan.rec[r].want,
				  plan.rec[r].want);
	}
	th_answer(&plan, A(175, 45, 177, 1), 1, 1);
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, NS(5000), &s);
	CHECK_EQ(s.blocks[0].responsive, 1);
	CHECK(s.blocks[0].belief == belief_update(0.5, pb->bb.avail, true));
	CHECK_EQ(s.blocks[0].state, STATE_UP);
	CHECK_EQ(s.state, STATE_UP);
	CHECK_EQ(tm->blocks[0].n_ever, 21); /* the newcomer joins E */
	target_summary_free(&s);
	plan_free(&plan);
	scenario_free(&sc);
}

static void
test_lone_retry(void)
{
	struct scenario sc;

	TEST("classify_adaptive: a first census's lone late answer");
	th_kp_set(&sc.set, SAMPLE_AUTO, false);
	scenario_init(&sc, "lone_retry");
	play(&sc, lone_retry_census, NITEMS(lone_retry_census));
	scenario_free(&sc);
}

/*
 * Round 2 after the census, its first adaptive probe of block 0 silent
 * and the next answering, classified at now with the spot memory as the
 * caller set it, and A(b) of every block set to a0 if a0 >= 0: what A(b)
 * of block 0 learned.
 */
static double
avail_after_round(const struct spot_memory *spot, double a0, int64_t now)
{
	struct target_summary s;
	struct plan_block *pb;
	struct scenario sc;
	struct plan plan;
	double a;
	size_t r;

	th_kp_set(&sc.set, SAMPLE_AUTO, false);
	scenario_init(&sc, "pool_freeze");
	play(&sc, adaptive_census, NITEMS(adaptive_census));
	sc.tm->spot = *spot;
	for (r = 0; a0 >= 0 && r < sc.tm->n_blocks; r++)
		sc.tm->blocks[r].avail = a0;
	th_plan_round(&plan, &sc.set, &sc.bl, 2);
	pb = &plan.blk[0];
	pb->bb.first_outcome = 0;
	pb->bb.observed = 2;
	pb->bb.positives = 1;
	pb->bb.belief = BELIEF_MAX;
	for (r = 0; r < 2; r++)
		th_mark_sent(&plan, &plan.rec[pb->queue[r]],
			     plan.rec[pb->queue[r]].want);
	plan.rec[pb->queue[1]].ok = plan.rec[pb->queue[1]].want;
	plan.rec[pb->queue[1]].ok_first = plan.rec[pb->queue[1]].want;
	classify(&plan, &sc.bl, VANTAGE_UNKNOWN, now, &s);
	CHECK_EQ(s.blocks[0].state, STATE_UP);
	a = sc.tm->blocks[0].avail;
	target_summary_free(&s);
	plan_free(&plan);
	scenario_free(&sc);
	return a;
}

/*
 * A pool of spot checks in doubt of a target whose hosts stay away: its
 * rounds teach A(b) nothing (spot.h, spot_hosts_away). Of a target whose
 * retries answer as its first probes do, or with nothing in doubt, they
 * do.
 */
static void
test_pool_freezes(void)
{
	const int64_t day2 = NS(2000) + HOURS_LEARNED_NS;
	struct spot_memory away = { .pending = true,
				    .checks = 1,
				    .quiet_n = 100,
				    .quiet_first = 45,
				    .quiet_again = 5 },
			   afresh = away, calm = away;

	TEST("classify_adaptive: a pool in doubt of hosts away teaches nothing");
	afresh.quiet_again = 24; /* 24 of 55 retried, as 45 of 100 first */
	calm.pending = false, calm.checks = 0;
	CHECK(spot_hosts_away(&away) && !spot_hosts_away(&afresh));
	CHECK(fabs(avail_after_round(&away, -1, NS(2000)) - 21.0 / 22) < 1e-12);
	CHECK(fabs(avail_after_round(&afresh, -1, NS(2000)) - 0.95 * 21 / 22) <
	      1e-12);
	CHECK(fabs(avail_after_round(&calm, -1, NS(2000)) - 0.95 * 21 / 22) <
	      1e-12);

	/* With nothing in doubt, a target that does not answer well and
	 * whose hosts stay away learns at SPOT_LEARN_AWAY of the weight once
	 * its hours are learned (above, on its first day, at the full
	 * weight); one whose hosts draw afresh at the full weight. */
	TEST("classify_adaptive: hosts away for hours teach A(b) slowly");
	afresh.pending = false, afresh.checks = 0;
	CHECK(fabs(avail_after_round(&calm, 0.45, day2) -
		   0.45 * (1 - SPOT_LEARN_AWAY * AVAIL_ALPHA)) < 1e-12);
	CHECK(fabs(avail_after_round(&afresh, 0.45, day2) -
		   0.45 * (1 - AVAIL_ALPHA)) < 1e-12);
	CHECK(fabs(avail_after_round(&away, 0.45, day2) - 0.45) < 1e-12);
}

/* Block b of plan, adaptive, as the prober leaves it: up (its first
 * probe answered) or down (5 silences took its belief to 0.05); not a
 * block a watch round carried. */
static void
block_seen(struct plan *plan, size_t b, bool up)
{
	struct plan_block *pb = &plan->blk[b];
	size_t r, n = up ? 1 : 5;

	if (pb->carry)
		return;
	pb->bb.belief = up ? BELIEF_MAX : 0.05;
	pb->bb.first_outcome = up;
	pb->bb.observed = (uint32_t)n;
	pb->bb.positives = up;
	for (r = 0; r < n; r++)
		th_mark_sent(plan, &plan->rec[pb->queue[r]],
			     plan->rec[pb->queue[r]].want);
	if (up)
		th_answer(plan, plan->rec[pb->queue[0]].addr, 1, 1);
}

/* One round of the target at now (a watch round if watch), blocks 0 and
 * 1 up or down; its verdict's event kind. */
static int
round_seen(struct scenario *sc, uint32_t round, bool watch, int64_t now,
	   bool up0, bool up1)
{
	struct target_summary s;
	struct plan plan;
	int kind;

	sc->bl.watching = watch;
	th_plan_round(&plan, &sc->set, &sc->bl, round);
	sc->bl.watching = false;
	block_seen(&plan, 0, up0);
	block_seen(&plan, 1, up1);
	classify(&plan, &sc->bl, VANTAGE_UNKNOWN, now, &s);
	kind = (int)s.event.kind;
	target_summary_free(&s);
	plan_free(&plan);
	return kind;
}

/*
 * Blocks 0 and 1 adaptive. Block 1 goes down and comes back, and is
 * watched after (watch.h); the watch round half way to the next round
 * probes it alone, up. When it goes down again with block 0 in the next
 * round, they went together, after the watch round saw it up: the
 * outage starts half way from the watch round. When block 0 goes alone,
 * the watch round did not probe it: half way from the round before.
 */
static void
test_watched_went(void)
{
	struct scenario sc;
	int went;

	for (went = 0; went <= 1; went++) {
		th_kp_set(&sc.set, SAMPLE_AUTO, false);
		scenario_init(&sc, "watched_went");
		play(&sc, watched_census, NITEMS(watched_census));
		TEST(went ? "classify_adaptive: the watched /24 went too: "
			    "timed from the watch round"
			  : "classify_adaptive: an unwatched /24 went alone: "
			    "timed from the round before the watch round");
		round_seen(&sc, 2, false, NS(1660), true, false);
		CHECK_EQ(sc.tm->blocks[1].state, STATE_DOWN);
		round_seen(&sc, 3, false, NS(2320), true, true);
		CHECK_EQ(sc.tm->blocks[1].watch_left, WATCH_AFTER_ROUNDS);
		CHECK(sc.tm->watch);
		round_seen(&sc, 4, true, NS(2650), true, true);
		CHECK_EQ(target_history_at(sc.tm, sc.tm->n_hist - 1)->look,
			 LOOK_SOME);
		CHECK_EQ(round_seen(&sc, 5, false, NS(2980), false, !went),
			 EVENT_OUTAGE_START);
		CHECK_EQ(sc.tm->outage_start_ns,
			 went ? NS(2650 + 165) : NS(2320 + 330));
		scenario_free(&sc);
	}
}

int
main(void)
{
	test_classify_adaptive();
	test_lone_retry();
	test_pool_freezes();
	test_watched_went();
	return test_report("test_adaptive");
}

/*
 * test_spot_away.c - spot.c for targets whose hosts stay away for hours:
 * the retry rate the checks learn, the longer pools of checks in doubt,
 * the first probes that must be below while that rate is unknown, when a
 * pool's silences persist, and the stays of such a partial target, and
 * of one that may have hosts away while that rate is unknown.
 */
#include "blackout/verdict/spot.h"

#include <math.h>
#include <string.h>

#include "blackout/verdict/belief.h"
#include "testhelp.h"

#include "spotfixture.h"

/* A target of A(b) = 0.45 whose checks that found nothing learned that
 * its hosts stay away: three checks of 40, 18 answering the first probe
 * and 2 of the 22 retried the retry (c = 2/22, a ratio of 0.2). */
static void
learned_away(struct fixture *f)
{
	unsigned i;

	setup(f, 0.45);
	for (i = 0; i < 3; i++)
		round_with_tally(f, 40, 20, 18);
}

/* The weight at which the fixture's round at now_ns teaches A(b). */
static double
weight_at(const struct fixture *f, int64_t now_ns)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, now_ns);
	return spot_learn_weight(&lk);
}

/* Whether the fixture's rounds now teach A(b) nothing. */
static bool
freezes_now(const struct fixture *f)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_freezes(&lk);
}

/*
 * Hosts away for hours: a silent address answers its retry far less often
 * than the first probes answer (2 of 22 against 18 of 40). Checks that
 * found nothing teach it, and a check is then judged against
 * a + (1 - a) c rather than 1 - (1 - a)^2: 14 of 40 answering is below
 * the 27.9 two independent tries would get, not the 20 such hosts do.
 */
static void
test_hosts_away(void)
{
	struct fixture f;
	unsigned i;

	TEST("hosts away for hours: the retry rate learned");
	/* Before it is, a target that does not answer well is held
	 * against its first probes: 14 of 40 against 18 is not in doubt. */
	setup(&f, 0.45);
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * 0.45, 1e-9));
	CHECK(!f.tm.spot.pending && !f.tm.spot.partial);

	setup(&f, 0.45);
	for (i = 0; i < 3; i++) {
		round_with_tally(&f, 40, 20, 18);
		CHECK(!f.tm.spot.pending && !f.tm.spot.partial);
	}
	CHECK(f.tm.spot.quiet_n - f.tm.spot.quiet_first >= SPOT_QUIET_MIN);
	CHECK(NEAR(f.tm.spot.quiet_again /
			   (f.tm.spot.quiet_n - f.tm.spot.quiet_first),
		   2.0 / 22, 1e-9));
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * (0.45 + 0.55 * 2 / 22), 1e-9));
	CHECK(f.tm.spot.p > SPOT_ALPHA && !f.tm.spot.partial);
	CHECK_EQ(f.out.state, STATE_UP);
	/* ... though in doubt at SPOT_ALPHA_AWAY: the next round checks
	 * again. Half of E(b) dark: far below even so. */
	CHECK(f.tm.spot.pending && f.tm.spot.due);
	round_with_tally(&f, 40, 5, 5);
	CHECK(f.tm.spot.partial);

	/* Hosts that draw afresh (retries answer as the first probes do):
	 * the ratio is about 1, and nothing changes. */
	setup(&f, 0.45);
	for (i = 0; i < 3; i++)
		round_with_tally(&f, 40, 28, 18);
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * (1 - 0.55 * 0.55), 1e-9));
	CHECK(f.tm.spot.pending || f.tm.spot.partial);
}

/* A = 0.6, hosts that draw afresh (0.84 of a live address): a lone check
 * of 20 with 12 answering, all at the first probe, is short and below
 * (p = 0.009) but not in doubt; its 8 silent retries would teach a
 * retry rate of hosts away, as the first check of an outage does. It
 * teaches nothing (SPOT_ALPHA_QUIET); one at the rate does. */
static void
test_quiet_short(void)
{
	struct fixture f;

	TEST("a lone check short and below, not in doubt, teaches no retries");
	setup(&f, 0.6);
	learned_afresh(&f);
	round_with_tally(&f, 20, 12, 12);
	CHECK(f.tm.spot.p > SPOT_ALPHA && f.tm.spot.p < SPOT_ALPHA_QUIET);
	CHECK(!f.tm.spot.pending && !f.tm.spot.partial);
	CHECK(NEAR(f.tm.spot.quiet_n, 100, 1e-9));
	CHECK(NEAR(f.tm.spot.quiet_again, 24, 1e-9));
	round_with_tally(&f, 20, 17, 14);
	CHECK(NEAR(f.tm.spot.quiet_n, 0.9 * 100 + 20, 1e-9));
	CHECK(NEAR(f.tm.spot.quiet_again, 0.9 * 24 + 3, 1e-9));
}

/* Hosts away: a check of 16, half dark, draws 4 of 8 expected (p = 0.04);
 * in doubt at SPOT_ALPHA_AWAY, such checks pool; the fourth makes 16 of
 * 64 against 32 (p = 4e-5), not yet below at SPOT_ALPHA_POOL_AWAY, and
 * the fifth 20 of 80 (p = 4e-6): partial. A longer pool must be further
 * below. Hosts that draw afresh pool nothing of it. */
static void
test_away_pool(void)
{
	struct fixture f;
	unsigned i;
	double q;

	TEST("hosts away for hours: a longer pool of checks in doubt");
	learned_away(&f);
	for (i = 1; i <= 4; i++) {
		round_with_tally(&f, 16, 4, 4);
		CHECK_EQ(f.tm.spot.checks, i);
		CHECK(f.tm.spot.pending && !f.tm.spot.partial);
		CHECK_EQ(f.out.state, STATE_UP);
	}
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL);
	round_with_tally(&f, 16, 4, 4);
	CHECK_EQ(f.tm.spot.checks, 5);
	CHECK_EQ(f.tm.spot.n, 80);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL_AWAY);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	/* More than SPOT_CHECKS_SHORT checks: below only at
	 * SPOT_ALPHA_POOL_LONG. 4 of 16, then 5 of 16 a check against 8:
	 * the pool of 8 checks, 39 of 128 against 64 (p = 6e-6), would have
	 * been partial at SPOT_ALPHA_POOL_AWAY; a ninth, 3 of 16, makes 42 of
	 * 144 (p = 3e-7): partial. */
	TEST("hosts away for hours: a pool of more than 6 checks is below "
	     "at 1e-6");
	learned_away(&f);
	round_with_tally(&f, 16, 4, 4);
	for (i = 2; i <= 8; i++) {
		round_with_tally(&f, 16, 5, 5);
		CHECK(f.tm.spot.pending && !f.tm.spot.partial);
		if (i <= SPOT_CHECKS_SHORT)
			CHECK(f.tm.spot.p > SPOT_ALPHA_POOL_AWAY);
	}
	CHECK_EQ(f.tm.spot.checks, 8);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL_AWAY &&
	      f.tm.spot.p > SPOT_ALPHA_POOL_LONG);
	round_with_tally(&f, 16, 3, 3);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL_LONG);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	/* A pool never holds more than SPOT_CHECKS_AWAY checks; in doubt,
	 * its checks teach c nothing, and once it is closed, having found
	 * nothing (its retries answer too often to persist), all of them
	 * do. */
	learned_away(&f);
	q = f.tm.spot.quiet_n;
	for (i = 1; i <= SPOT_CHECKS_AWAY; i++) {
		round_with_tally(&f, 16, 4, 1);
		CHECK_EQ(f.tm.spot.checks, i);
		CHECK(!f.tm.spot.partial);
		CHECK(f.tm.spot.pending == (i < SPOT_CHECKS_AWAY));
		if (i < SPOT_CHECKS_AWAY)
			CHECK(f.tm.spot.quiet_n == q);
	}
	CHECK(NEAR(f.tm.spot.quiet_n,
		   SPOT_QUIET_DECAY * q + 16 * SPOT_CHECKS_AWAY, 1e-9));

	setup(&f, 0.45);
	for (i = 0; i < 3; i++)
		round_with_tally(&f, 40, 28, 18); /* retries answer as A */
	round_with_tally(&f, 16, 5, 4);
	CHECK(f.tm.spot.p < SPOT_ALPHA_AWAY && f.tm.spot.p > SPOT_ALPHA);
	CHECK(!f.tm.spot.pending && !f.tm.spot.partial);

	/* Before c is learned, a target that answers well also needs its
	 * first probes alone below: 33 of 40 is far below the 39.6 two
	 * independent tries would draw (p ~ 1e-9), but 33 first answers
	 * against 36 (p = 0.1) could be hosts away. */
	TEST("c unknown: the first probes must be below too");
	setup(&f, 0.9);
	round_with_tally(&f, 40, 33, 33);
	CHECK(f.tm.spot.p < SPOT_ALPHA_SURE);
	CHECK(NEAR(f.tm.spot.expect_first, 36, 1e-9));
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.partial);
	setup(&f, 0.9);
	round_with_tally(&f, 40, 20, 18);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	/* A target that does not answer well is held against its first
	 * probes' 18 of 40 while c is unknown, which no live host can fall
	 * below whatever its c, and as loosely as hosts away: 9 of 18 is in
	 * doubt (p = 0.006), with 9 more 18 of 36 still (p = 2e-5), and with
	 * 9 more 27 of 54 (p = 2e-7) partial. */
	TEST("c unknown, not answering well: held against the first probes");
	setup(&f, 0.45);
	round_with_tally(&f, 40, 9, 8);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	CHECK(freezes_now(&f));
	round_with_tally(&f, 40, 9, 8);
	CHECK(NEAR(f.tm.spot.expect, 36, 1e-9));
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	round_with_tally(&f, 40, 9, 8);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL_AWAY);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	/* Hosts that draw afresh, as the retries showed, however few (16 of
	 * 20 retried answering against 20 of 40 at first): two independent
	 * tries again. */
	setup(&f, 0.45);
	f.tm.spot.quiet_n = 40;
	f.tm.spot.quiet_first = 20;
	f.tm.spot.quiet_again = 16;
	CHECK(f.tm.spot.quiet_n - f.tm.spot.quiet_first < SPOT_QUIET_MIN);
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * (1 - 0.55 * 0.55), 1e-9));
	CHECK(f.tm.spot.pending || f.tm.spot.partial);
}

/*
 * Hosts that draw afresh are told from few retries only when the retries
 * are SPOT_FRESH_LLR likelier at the first probes' rate than at
 * SPOT_FRESH_AWAY of it: 3 of 13 retried answering against 4 of 17 at
 * first (0.23 against 0.235) is e^2.6 likelier, and the target may still
 * have hosts away: its checks are held against the first probes, and its
 * rounds teach A(b) at SPOT_LEARN_AWAY. 5 of 13 (e^6.3) tell hosts that
 * draw afresh. A target that answers well learns at the full weight, as
 * any does on its first day, and one in doubt learns nothing.
 */
static void
test_fresh(void)
{
	struct fixture f;

	TEST("few retries that may be hosts away are not taken for afresh");
	setup(&f, 0.45);
	f.tm.spot.quiet_n = 17;
	f.tm.spot.quiet_first = 4;
	f.tm.spot.quiet_again = 3;
	CHECK(NEAR(weight_at(&f, NOW), SPOT_LEARN_AWAY, 1e-12));
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * 0.45, 1e-9));

	setup(&f, 0.45);
	f.tm.spot.quiet_n = 17;
	f.tm.spot.quiet_first = 4;
	f.tm.spot.quiet_again = 5;
	CHECK(NEAR(weight_at(&f, NOW), 1, 1e-12));
	round_with_tally(&f, 40, 14, 13);
	CHECK(NEAR(f.tm.spot.expect, 40 * (1 - 0.55 * 0.55), 1e-9));

	TEST("the weight at which a target's rounds teach A(b)");
	setup(&f, 0.9);
	CHECK(NEAR(weight_at(&f, NOW), 1, 1e-12));
	setup(&f, 0.45);
	CHECK(NEAR(weight_at(&f, NOW), SPOT_LEARN_AWAY, 1e-12));
	/* On its first day, before its hours are learned, the full weight. */
	CHECK(NEAR(weight_at(&f, f.tm.first_ns + HOURS_LEARNED_NS - 1), 1,
		   1e-12));
	round_with_tally(&f, 40, 9, 8);
	CHECK(f.tm.spot.pending && weight_at(&f, NOW) == 0);
}

/*
 * A target that may have hosts away for hours (A = 0.45, c unknown): a
 * check short of doubt still weighs. 5 of 16 against 7.2 (p = 0.22) adds
 * 5 log 1/2 + 11 log(0.775 / 0.55) = 0.30 to the suspicion, which keeps
 * the pool open and A(b) unlearned; the next check joins it, and the
 * five that follow (4, 4, 3, 3, 3 of 16) make 22 of 96 against 43.2 (p
 * = 6e-6): partial. A round whose observations take the suspicion to 0
 * closes it.
 */
static void
test_open_pool(void)
{
	struct fixture f;
	size_t b;

	TEST("hosts that may stay away: a check short of doubt still weighs");
	setup(&f, 0.45);
	round_with_tally(&f, 16, 5, 5);
	CHECK(!f.tm.spot.pending && !f.tm.spot.due && !f.tm.spot.partial);
	CHECK(f.tm.spot.open && f.tm.spot.checks == 1);
	CHECK(NEAR(f.tm.spot.suspicion, 5 * log(0.5) + 11 * log(0.775 / 0.55),
		   1e-9));
	CHECK(freezes_now(&f) && !spot_quiet(&f.tm.spot));
	round_with_tally(&f, 16, 4, 4);
	CHECK_EQ(f.tm.spot.n, 32);
	CHECK(f.tm.spot.pending && !f.tm.spot.open);
	round_with_tally(&f, 16, 4, 4);
	round_with_tally(&f, 16, 3, 3);
	round_with_tally(&f, 16, 3, 3);
	CHECK_EQ(f.out.state, STATE_UP);
	round_with_tally(&f, 16, 3, 3);
	CHECK_EQ(f.tm.spot.n, 96);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL_AWAY);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	TEST("hosts that may stay away: the pool closes at a suspicion of 0");
	setup(&f, 0.45);
	round_with_tally(&f, 16, 5, 5);
	CHECK(f.tm.spot.open);
	for (b = 0; b < NB; b++) { /* every first probe answers */
		belief_start(&f.blk[b].bb, 0.999, 0.45);
		belief_observe(&f.blk[b].bb, true);
	}
	round_without_check(&f, STATE_UP);
	CHECK(!f.tm.spot.open && f.tm.spot.suspicion == 0);
	CHECK(spot_quiet(&f.tm.spot) && !freezes_now(&f));
	CHECK(NEAR(f.tm.spot.quiet_n, 16, 1e-9));

	/* A target that answers well keeps none open. */
	setup(&f, 0.9);
	round_with_tally(&f, 16, 13, 13);
	CHECK(!f.tm.spot.open && f.tm.spot.suspicion == 0);
}

/*
 * A partial target's stay under the e-times rule: a check of 20 with x
 * answering against expect, not below at SPOT_ALPHA_STAY, keeps it
 * partial; 10 of 20 then ends it.
 */
static void
stays_then_ends(struct fixture *f, unsigned x, double expect)
{
	round_with_tally(f, 20, x, x);
	CHECK(NEAR(f->tm.spot.expect, expect, 1e-9));
	CHECK(f->tm.spot.p > SPOT_ALPHA_STAY);
	CHECK_EQ(f->out.state, STATE_PARTIAL);
	round_with_tally(f, 20, 10, 10);
	CHECK_EQ(f->out.state, STATE_UP);
	CHECK(!f->tm.spot.partial);
}

/*
 * A target that may have hosts away, partial while c is unknown (three
 * checks of 40 with 9 answering, 8 at the first probe, against its first
 * probes' 18 each). A check of 20 with 5 answering against 9 (p = 0.06)
 * is not below at 0.01, which would end it, but 5.4 times likelier half
 * dark than all live: it stays, as for hosts away. 10 of 20 ends it.
 */
static void
test_unsure_stay(void)
{
	struct fixture f;
	unsigned i;

	TEST("hosts that may stay away, c unknown: stays as hosts away");
	setup(&f, 0.45);
	for (i = 0; i < 3; i++)
		round_with_tally(&f, 40, 9, 8);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(!spot_hosts_away(&f.tm.spot));
	stays_then_ends(&f, 5, 9);
}

/* Hosts away (a learned ratio of 0.2): a pool's silences persist at 2 of
 * 64 retried against 16 of 80 first, 0.77 of it. Once partial, a check
 * stays so unless e^SPOT_STAY_LLR times likelier all live than half dark:
 * 6 of 20 against 10 stays (p = 0.058), 10 of 20 ends. */
static void
test_away_stay(void)
{
	struct fixture f;

	TEST("hosts away for hours: persistence and stays");
	learned_away(&f);
	CHECK(spot_hosts_away(&f.tm.spot));
	round_with_tally(&f, 40, 9, 8);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	round_with_tally(&f, 40, 9, 8);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	stays_then_ends(&f, 6, 10);
}

/*
 * The same learned ratio of 0.2 (a retry answers at 0.025 when 10 of 80
 * answer first): a pool's 4 retry answers of 70 are 1.4 times the ratio,
 * but as likely as p = 0.10 from it, so its silences persist and 14 of 80
 * against 40 expected is partial. 12 of 76 (p = 2e-11), as a loss step
 * gives, do not persist: in doubt still, not partial.
 */
static void
test_away_persist(void)
{
	struct fixture f;

	TEST("hosts away for hours: the retries of a pool tested, not compared");
	learned_away(&f);
	round_with_tally(&f, 40, 7, 5);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	round_with_tally(&f, 40, 7, 5);
	CHECK(NEAR(f.tm.spot.expect, 40, 0.1));
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	learned_away(&f);
	round_with_tally(&f, 40, 8, 2);
	round_with_tally(&f, 40, 8, 2);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	CHECK_EQ(f.out.state, STATE_UP);
}

int
main(void)
{
	test_hosts_away();
	test_quiet_short();
	test_away_pool();
	test_open_pool();
	test_fresh();
	test_unsure_stay();
	test_away_stay();
	test_away_persist();
	return test_report("test_spot_away");
}

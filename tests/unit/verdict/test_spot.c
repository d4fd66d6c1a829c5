/*
 * test_spot.c - the partial test of spot.c: how many addresses a check
 * takes, how a check is judged (far below, its first probes too for hosts
 * that draw afresh: partial at once; below: in
 * doubt, then partial when the pool of two checks is below at 1e-4; at
 * the expected rate: up; not when the retries answer as often as the
 * first probes), how the target stays partial between checks and when
 * the next one is due (sooner for a target that answers less), how it
 * ends against the live hosts' own answer rate when the loss rose while
 * A(b) stood still, what a total outage clears, the suspicion's
 * log-likelihood ratio, and the memory's JSON form in the state file
 * (the hosts a check left silent, probed again: test_spot_again.c).
 */
#include "blackout/verdict/spot.h"

#include <math.h>
#include <string.h>

#include "testhelp.h"

#include "spotfixture.h"

/* spot_size() and spot_avail() of the target looked at now. */
static unsigned
size_now(const struct fixture *f, size_t n_blocks)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_size(&lk, n_blocks);
}

static double
avail_now(const struct fixture *f, uint32_t b)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_avail(&lk, b);
}

/* spot_wanted() of the fixture's target, looked at now. */
static bool
wanted_now(const struct fixture *f)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_wanted(&f->plan, &f->tg, &lk);
}

static void
test_size(void)
{
	struct fixture f;

	TEST("spot_size");
	setup(&f, 0.9); /* A >= 0.75: 16 addresses over the target */
	CHECK_EQ(size_now(&f, 4), 4);
	CHECK_EQ(size_now(&f, 3), 6);
	CHECK_EQ(size_now(&f, 1), SPOT_MAX);
	CHECK_EQ(size_now(&f, 64), SPOT_MIN);
	CHECK_EQ(size_now(&f, 0), 0);
	setup(&f, 0.5); /* lower: 20 */
	CHECK_EQ(size_now(&f, 4), 5);
	CHECK_EQ(size_now(&f, 3), 7);
	f.tm.spot.partial = true; /* a check that decides the end: 24 */
	CHECK_EQ(size_now(&f, 4), 6);
	CHECK_EQ(size_now(&f, 6), 4);
	CHECK_EQ(size_now(&f, 3), SPOT_MAX);
}

static void
test_judge(void)
{
	struct fixture f;

	TEST("spot check: half the addresses silent is partial at once");
	setup(&f, 0.9);
	/* 8 of 16, 16 x (1 - 0.1^2) = 15.84 expected. */
	round_with_check(&f, 4, 2);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.partial && !f.tm.spot.pending && !f.tm.spot.due);
	CHECK(NEAR(f.tm.spot.expect, 15.84, 1e-9));
	CHECK(strncmp(f.out.reason,
		      "responsive share of E(b) far below A(b): 8 of 16 "
		      "spot-checked addresses answered, 15.8 expected (p=",
		      98) == 0);

	TEST("spot check: partial stays between checks, one due every other round");
	round_without_check(&f, STATE_UP);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(strstr(f.out.reason, " at the last check") != NULL);
	CHECK(f.tm.spot.due);
	TEST("spot check: the share back ends it");
	round_with_check(&f, 4, 4);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK_EQ(strcmp(f.out.reason, "all up"), 0);
	CHECK(!f.tm.spot.partial && !f.tm.spot.due);

	TEST("spot check: one lost answer in 16 is no partial");
	setup(&f, 0.9);
	f.blk[0].spot_ok = 3;
	round_with_check(&f, 4, 4);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.partial && !f.tm.spot.pending);
}

static void
test_doubt(void)
{
	struct fixture f;
	size_t b;

	/* A = 0.6: 0.84 a live address; 24 of 40 against 33.6 is below
	 * SPOT_RATIO with 1e-6 < p < 0.001: in doubt. */
	TEST("spot check: in doubt, then partial when the next agrees");
	setup(&f, 0.6);
	learned_afresh(&f);
	round_with_check(&f, 10, 6);
	CHECK(f.tm.spot.p < SPOT_ALPHA && f.tm.spot.p > SPOT_ALPHA_SURE);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(f.tm.spot.pending && f.tm.spot.due && !f.tm.spot.partial);
	round_with_check(&f, 10, 6);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK_EQ(f.tm.spot.x, 48);
	CHECK_EQ(f.tm.spot.n, 80);

	TEST("spot check: in doubt twice, but the retries answer: not partial");
	setup(&f, 0.6);
	round_with_check(&f, 10, 6);
	for (b = 0; b < NB; b++)
		f.blk[b].spot_first_ok = 3; /* 3 of 10 first, 3 of 7 retried */
	spot_pool_again(&f);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.partial && !f.tm.spot.pending && !f.tm.spot.due);

	/* A = 0.6, 0.84 expected of each: 0 of 4 (p = 6.6e-4) is in
	 * doubt; pooled with 4 of 8, all at the first probe (the silences
	 * persist), 4 of 12 is below but only at p = 1.2e-4; 3 of 8 makes
	 * 3 of 12, p = 1.6e-5. */
	TEST("spot check: a pool in doubt at 1e-4 or above is not partial");
	setup(&f, 0.6);
	learned_afresh(&f);
	round_with_tally(&f, 4, 0, 0);
	CHECK(f.tm.spot.pending && !f.tm.spot.partial);
	round_with_tally(&f, 8, 4, 4);
	CHECK(f.tm.spot.p > SPOT_ALPHA_POOL && f.tm.spot.p < SPOT_ALPHA);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.partial && !f.tm.spot.pending);
	setup(&f, 0.6);
	learned_afresh(&f);
	round_with_tally(&f, 4, 0, 0);
	round_with_tally(&f, 8, 3, 3);
	CHECK(f.tm.spot.p < SPOT_ALPHA_POOL);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK_EQ(f.tm.spot.checks, 2);

	TEST("spot check: in doubt, then cleared by a check at the rate");
	setup(&f, 0.6);
	round_with_check(&f, 10, 6);
	round_with_check(&f, 10, 9);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.pending && !f.tm.spot.partial && !f.tm.spot.due);

	TEST("spot check: a block down, or a confirmation, is not tested");
	setup(&f, 0.9);
	f.bs[0].state = STATE_DOWN;
	f.blk[1].spot_confirm = true;
	round_with_check(&f, 4, 2);
	CHECK_EQ(f.tm.spot.n, 8);
	CHECK_EQ(f.tm.spot.x, 4);

	TEST("spot check: a total outage clears what a check found");
	setup(&f, 0.9);
	round_with_check(&f, 4, 2);
	round_without_check(&f, STATE_DOWN);
	CHECK_EQ(f.out.state, STATE_DOWN);
	CHECK(!f.tm.spot.partial && !f.tm.spot.due);
}

/*
 * The end of a partial spell after the loss rose: A(b) = 0.9 expects 0.99
 * of the addresses to answer one of two probes, the live hosts now answer
 * a probe half the time (0.75 of two).
 */
static void
test_stay(void)
{
	struct fixture f;

	TEST("spot check: a partial target ends at the live hosts' own rate");
	setup(&f, 0.9);
	round_with_tally(&f, 24, 8, 5); /* half dark: partial at once */
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.live_first == 5 && f.tm.spot.live_retry == 3);
	round_with_tally(&f, 24, 9, 6);
	round_with_tally(&f, 24, 9, 6);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.live_first == 17 && f.tm.spot.live_retry == 9);
	/* All live again: 18 of 24, 12 at the first probe. Against A(b),
	 * 23.8 expected, still below (p = 1e-7, under 0.8 of it); the
	 * live hosts' rate, s = 1 - 15/29, expects 17.6: the end. */
	round_with_tally(&f, 24, 18, 12);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.partial && !f.tm.spot.pending && !f.tm.spot.due);
	CHECK(f.tm.spot.live_first == 0 && f.tm.spot.live_retry == 0);

	/* The pool so far measures s = 0.92; this check's own retries
	 * (10 of its 18 answers) would take it to 0.63 and end it. */
	TEST("spot check: a check's own retries do not lower its measure");
	setup(&f, 0.9);
	round_with_tally(&f, 24, 8, 8);
	round_with_tally(&f, 24, 9, 8);
	round_with_tally(&f, 24, 9, 8);
	CHECK(f.tm.spot.live_first == 24 && f.tm.spot.live_retry == 2);
	round_with_tally(&f, 24, 18, 8);
	CHECK_EQ(f.out.state, STATE_PARTIAL);

	TEST("spot check: too few live answers to measure the rate: A(b)");
	setup(&f, 0.9);
	round_with_tally(&f, 24, 8, 5);
	round_with_tally(&f, 24, 18, 12); /* 17 first answers pooled */
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.p < SPOT_ALPHA_AGAIN && !f.tm.spot.due);

	TEST("spot check: the live rate never raises what is expected");
	setup(&f, 0.6); /* 0.84 of the addresses; live s measured 0.98 */
	learned_afresh(&f);
	round_with_tally(&f, 24, 8, 8);
	round_with_tally(&f, 24, 8, 8);
	round_with_tally(&f, 24, 8, 8);
	CHECK(f.tm.spot.live_first == 24 && f.tm.spot.live_retry == 0);
	/* 15 of 24 against 20.2: p = 0.009, below loosely, and on weak
	 * evidence (p >= SPOT_ALPHA_AGAIN): the next round checks again */
	round_with_tally(&f, 24, 15, 15);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.p < SPOT_ALPHA_STAY && f.tm.spot.p >= SPOT_ALPHA_AGAIN);
	CHECK(f.tm.spot.due);
	round_with_tally(&f, 24, 17, 17); /* 17 of 20.2: the end */
	CHECK_EQ(f.out.state, STATE_UP);

	/* A(b) = 0.9: 23.8 of 24 expected, 6 answer (p ~ 1e-25). */
	TEST("spot check: a stay far below, of a target that answers well, "
	     "checks every SPOT_EVERY_SURE rounds");
	setup(&f, 0.9);
	round_with_tally(&f, 24, 6, 4); /* partial at once */
	round_without_check(&f, STATE_UP);
	CHECK(f.tm.spot.due); /* the first stay: every other round */
	round_with_tally(&f, 24, 6, 4);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(!f.tm.spot.due);
	round_without_check(&f, STATE_UP);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(!f.tm.spot.due);
	round_without_check(&f, STATE_UP);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.due);

	/* A(b) = 0.6: 20.2 expected, 4 answer; the first answers of such a
	 * target seldom look all live after the end: every other round. */
	TEST("spot check: a stay far below, of a target that answers less, "
	     "checks every other round");
	setup(&f, 0.6);
	round_with_tally(&f, 24, 4, 3);
	round_with_tally(&f, 24, 4, 3);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.p < SPOT_ALPHA_SURE && !f.tm.spot.due);
	round_without_check(&f, STATE_UP);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	CHECK(f.tm.spot.due);
}

/*
 * Hours learned at the level nearest 0.25 (0.23) under A(b) = 0.3: a
 * check expects the fit less its margin (0.18), and the fit itself while
 * the target is partial and does not answer well. One that answers well
 * keeps the margin.
 */
static void
test_stay_fit(void)
{
	struct fixture f;
	uint32_t b;
	int k;
	double fit;

	TEST("spot check: a partial target that answers less expects the "
	     "hours' fit without its margin");
	setup(&f, 0.3);
	for (b = 0; b < NB; b++)
		for (k = 0; k < 24; k++)
			f.bm[b].avail_hour[k] = avail_level_of(0.25);
	fit = avail_level_value(avail_level_of(0.25));
	CHECK(NEAR(avail_now(&f, 0), fit / (fit + (1 - fit) * exp(0.3)), 1e-9));
	f.tm.spot.partial = true;
	CHECK(NEAR(avail_now(&f, 0), fit, 1e-9));
	for (b = 0; b < NB; b++) {
		f.bm[b].avail = 0.9;
		for (k = 0; k < 24; k++)
			f.bm[b].avail_hour[k] = avail_level_of(0.8);
	}
	fit = avail_level_value(avail_level_of(0.8));
	CHECK(NEAR(avail_now(&f, 0), fit / (fit + (1 - fit) * exp(0.3)), 1e-9));
}

/*
 * A first day (hours not learned): judged against half of A(b). The check
 * of 24 addresses, 12 answering where A(b) = 0.9 expects 23.8, is far
 * below (p = 2e-18) a day after the first round; in the first day it is
 * held against 24 x (1 - 0.55^2) = 16.7 and is not even below (0.03); the
 * suspicion's silences weigh log(0.775 / 0.55), not log(0.55 / 0.1).
 */
static void
test_first_day(void)
{
	struct fixture f;

	TEST("first day: a check is judged against half of A(b)");
	setup(&f, 0.9);
	CHECK(target_knows_hours(&f.tm, HOURS_LEARNED_NS + 1));
	CHECK(!target_knows_hours(&f.tm, HOURS_LEARNED_NS));
	f.tm.first_ns = 0; /* never judged: nothing learned */
	CHECK(!target_knows_hours(&f.tm, NOW));
	CHECK(NEAR(avail_now(&f, 0), 0.45, 1e-12));
	f.tm.first_ns = 1;
	CHECK(NEAR(avail_now(&f, 0), 0.9, 1e-12));
	f.tm.first_ns = 0;
	f.bm[0].avail = 0.06; /* never below 0.05 */
	CHECK(NEAR(avail_now(&f, 0), 0.05, 1e-12));

	setup(&f, 0.9);
	round_with_tally(&f, 24, 12, 11);
	CHECK_EQ(f.out.state, STATE_PARTIAL);
	setup(&f, 0.9);
	f.blk[0].spot = f.blk[0].spot_sent = 24;
	f.blk[0].spot_ok = 12;
	f.blk[0].spot_first_ok = 11;
	f.tm.first_ns = NOW - HOURS_LEARNED_NS / 2;
	f.blk[0].spot_avail = avail_now(&f, 0);
	f.out.state = STATE_UP;
	classify_round(&f);
	CHECK_EQ(f.out.state, STATE_UP);
	CHECK(!f.tm.spot.pending && f.tm.spot.p > SPOT_ALPHA);

	TEST("first day: the suspicion weighs a silence against half of A(b)");
	setup(&f, 0.9);
	f.tm.first_ns = NOW - 1;
	belief_start(&f.blk[0].bb, 0.999, 0.9);
	belief_observe(&f.blk[0].bb, false);
	belief_observe(&f.blk[0].bb, true);
	CHECK(NEAR(llr_now(&f), log(0.5) + log(0.775 / 0.55), 1e-12));
	f.tm.first_ns = 1;
	CHECK(NEAR(llr_now(&f), log(0.5) + log(0.55 / 0.1), 1e-12));
}

static void
test_suspicion(void)
{
	struct fixture f;
	size_t b;

	TEST("suspicion: log-likelihood ratio of the adaptive outcomes");
	setup(&f, 0.8);
	for (b = 0; b < NB; b++) {
		belief_start(&f.blk[b].bb, 0.999, 0.8);
		belief_observe(&f.blk[b].bb, b == 0 ? false : true);
		if (b == 0)
			belief_observe(&f.blk[b].bb, true);
	}
	/* 4 replies x log 1/2 + 1 silence x log(0.6 / 0.2). */
	CHECK(NEAR(llr_now(&f), 4 * log(0.5) + log(3.0), 1e-12));
	CHECK(!wanted_now(&f));
	f.tm.spot.suspicion = SPOT_TRIP + 2;
	CHECK(wanted_now(&f));
	round_without_check(&f, STATE_UP); /* no check ran: due next round */
	CHECK(f.tm.spot.due);
	CHECK(NEAR(f.tm.spot.suspicion, SPOT_TRIP + 2 + 4 * log(0.5) + log(3.0),
		   1e-12));

	/* A target that answers well (A = 0.98): one silence among four
	 * first answers, 4 x log 1/2 + log(0.51 / 0.02) = 0.47, is not
	 * enough at SPOT_TRIP_HIGH; among three, 1.17 is; the same round
	 * of a target at A = 0.6 (SPOT_TRIP) calls none. */
	TEST("suspicion: the trip of a target that answers well");
	for (b = 0; b < NB; b++) {
		f.bm[b].avail = 0.98;
		belief_start(&f.blk[b].bb, 0.999, 0.98);
		belief_observe(&f.blk[b].bb, b != 0);
	}
	belief_observe(&f.blk[0].bb, true);
	f.tm.spot.suspicion = 0;
	f.tm.spot.due = false;
	CHECK(NEAR(llr_now(&f), 4 * log(0.5) + log(0.51 / 0.02), 1e-9));
	CHECK(!wanted_now(&f));
	f.blk[3].mode = MODE_CENSUS; /* three adaptive /24s */
	CHECK(NEAR(llr_now(&f), 3 * log(0.5) + log(0.51 / 0.02), 1e-9));
	CHECK(wanted_now(&f));
	f.tm.spot.partial = true; /* partial: only when due (SPOT_EVERY) */
	CHECK(!wanted_now(&f));
	f.tm.spot.due = true;
	CHECK(wanted_now(&f));
	/* ... or when the round's first answers lean to all live: three
	 * /24s answering at once, 3 x log 1/2 < -SPOT_TRIP_END, may be the
	 * end */
	f.tm.spot.due = false;
	belief_start(&f.blk[0].bb, 0.999, 0.98);
	belief_observe(&f.blk[0].bb, true);
	CHECK(NEAR(llr_now(&f), 3 * log(0.5), 1e-9));
	CHECK(wanted_now(&f));
	/* ... one /24's first probe answering is lean enough (log 1/2); a
	 * round that observed nothing leans nowhere and calls no check */
	for (b = 1; b < NB; b++)
		f.blk[b].mode = MODE_CENSUS;
	CHECK(NEAR(llr_now(&f), log(0.5), 1e-9));
	CHECK(wanted_now(&f));
	f.blk[0].mode = MODE_CENSUS;
	CHECK(llr_now(&f) == 0);
	CHECK(!wanted_now(&f));
	for (b = 0; b < NB; b++)
		f.blk[b].mode = MODE_ADAPTIVE;
	f.blk[3].mode = MODE_CENSUS;
	f.tm.spot.partial = false; /* not partial: that is no suspicion */
	CHECK(!wanted_now(&f));
	for (b = 0; b < NB; b++)
		f.bm[b].avail = 0.6;
	CHECK(!wanted_now(&f));

	/* The round's llr is fed as taken before A(b) learned from it. */
	TEST("suspicion: fed as given, not recomputed after learning");
	f.tm.spot.suspicion = 0;
	f.tm.spot.due = false;
	for (b = 0; b < NB; b++) {
		f.blk[b].spot = f.blk[b].spot_sent = f.blk[b].spot_ok = 0;
		f.bm[b].avail = 0.5;
	}
	f.out.state = STATE_UP;
	spot_classify(&f.plan, 0, &f.tm, 0.75, &f.out);
	CHECK(NEAR(f.tm.spot.suspicion, 0.75, 1e-12));
	CHECK(!f.tm.spot.due);
	spot_classify(&f.plan, 0, &f.tm, 1.5, &f.out);
	CHECK(NEAR(f.tm.spot.suspicion, 2.25, 1e-12));
	CHECK(f.tm.spot.due);
}

static void
test_json(void)
{
	struct spot_memory a = { .suspicion = 2.5,
				 .due = true,
				 .partial = true,
				 .pending = false,
				 .wait = 1,
				 .checks = 2,
				 .x = 8,
				 .n = 16,
				 .expect = 15.84,
				 .expect_first = 14.4,
				 .p = 1e-9,
				 .live_first = 30,
				 .live_retry = 12,
				 .quiet_n = 40.5,
				 .quiet_first = 18.25,
				 .quiet_again = 2.5,
				 .calm_ns = 1000,
				 .sign_ns = 2000 },
			   b;
	json_t *j = spot_to_json(&a), *bad;

	TEST("spot memory: JSON round trip, refusals, absent");
	CHECK(spot_from_json(j, &b) == 0);
	CHECK(b.due && b.partial && !b.pending && b.wait == 1);
	CHECK(b.x == 8 && b.n == 16 && b.expect == 15.84 &&
	      b.suspicion == 2.5 && b.p == 1e-9);
	CHECK(b.live_first == 30 && b.live_retry == 12);
	CHECK(b.quiet_n == 40.5 && b.quiet_first == 18.25 &&
	      b.quiet_again == 2.5);
	CHECK(b.calm_ns == 1000 && b.sign_ns == 2000);
	CHECK(b.checks == 2 && b.expect_first == 14.4);
	CHECK(!b.open);
	bad = json_deep_copy(j);
	/* an open pool: of a target not partial, not in doubt, with checks
	 * and room for one more; absent in files from before it */
	json_object_set_new(bad, "open", json_true());
	CHECK(spot_from_json(bad, &b) < 0); /* partial */
	json_object_set_new(bad, "partial", json_false());
	CHECK(spot_from_json(bad, &b) == 0 && b.open);
	json_object_set_new(bad, "pending", json_true());
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "pending", json_false());
	json_object_set_new(bad, "checks", json_integer(0));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "checks", json_integer(SPOT_CHECKS_AWAY));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "checks", json_integer(2));
	json_object_del(bad, "open");
	CHECK(spot_from_json(bad, &b) == 0 && !b.open);
	json_object_set_new(bad, "partial", json_true());
	json_object_set_new(bad, "checks", json_integer(SPOT_CHECKS_AWAY + 1));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "checks", json_integer(-1));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "checks", json_integer(SPOT_CHECKS_AWAY));
	json_object_set_new(bad, "pending", json_true()); /* none can follow */
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "pending", json_false());
	json_object_set_new(bad, "checks", json_integer(2));
	json_object_set_new(bad, "expect_first", json_real(-1));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_del(bad, "checks"); /* a file from before them */
	json_object_del(bad, "expect_first");
	json_object_set_new(bad, "pending", json_true());
	CHECK(spot_from_json(bad, &b) == 0);
	CHECK(b.checks == 1 && b.expect_first == 15.84);
	json_object_set_new(bad, "pending", json_false());
	json_object_set_new(bad, "quiet_again", json_real(23));
	CHECK(spot_from_json(bad, &b) < 0); /* more than retried */
	/* Every retry answered: equal sums, but for the last bit. The
	 * figures of a file that blackout saved, then refused: a round of a
	 * sparse /22 simulated as a cron job (tests/sim/test_cron.sh). */
	json_object_set_new(bad, "quiet_n", json_real(5.8051));
	json_object_set_new(bad, "quiet_first", json_real(4.995100000000001));
	json_object_set_new(bad, "quiet_again", json_real(0.81));
	CHECK(0.81 > 5.8051 - 4.995100000000001);
	CHECK(spot_from_json(bad, &b) == 0);
	CHECK(b.quiet_again == b.quiet_n - b.quiet_first);
	json_object_set_new(bad, "quiet_again", json_real(0.8101));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_del(bad, "quiet_n"); /* a file from before them */
	json_object_del(bad, "quiet_first");
	json_object_del(bad, "quiet_again");
	CHECK(spot_from_json(bad, &b) == 0);
	CHECK(b.quiet_n == 0 && b.quiet_first == 0 && b.quiet_again == 0);
	json_object_del(bad, "live_first"); /* a file from before them */
	json_object_del(bad, "live_retry");
	CHECK(spot_from_json(bad, &b) == 0);
	CHECK(b.partial && b.live_first == 0 && b.live_retry == 0);
	json_object_set_new(bad, "live_retry", json_integer(-1));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_del(bad, "live_retry");
	json_object_set_new(bad, "x", json_integer(17)); /* more than n */
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_set_new(bad, "x", json_integer(8));
	json_object_set_new(bad, "p", json_real(1.5));
	CHECK(spot_from_json(bad, &b) < 0);
	json_object_del(bad, "p");
	CHECK(spot_from_json(bad, &b) < 0);
	CHECK(spot_from_json(NULL, &b) == 0);
	CHECK(!b.due && !b.partial && b.suspicion == 0 && b.n == 0);
	json_decref(bad);
	json_decref(j);
}

/*
 * The onset of a partial outage a pool of two checks found: half way
 * between the round before the first check, in doubt, and that check's
 * round; none when no check was in doubt, and a pool that found nothing
 * starts over.
 */
static void
test_onset(void)
{
	struct spot_memory sm;

	TEST("onset: the first check of the pool");
	memset(&sm, 0, sizeof(sm));
	spot_mark(&sm, 1000);
	sm.suspicion = 1.5; /* suspicion alone dates nothing */
	spot_mark(&sm, 1660);
	CHECK_EQ(spot_onset(&sm), 0);
	sm.suspicion = 0, sm.pending = true; /* a check in doubt */
	spot_mark(&sm, 2320);
	sm.pending = false, sm.partial = true; /* the pool: partial */
	spot_mark(&sm, 2980);
	CHECK_EQ(spot_onset(&sm), 1990);
	spot_mark(&sm, 3640); /* still partial: the same onset */
	CHECK_EQ(spot_onset(&sm), 1990);
	sm.partial = false; /* the end: nothing to date */
	spot_mark(&sm, 4300);
	CHECK_EQ(spot_onset(&sm), 0);
	CHECK_EQ(sm.calm_ns, 4300);
	sm.pending = true; /* in doubt, then a pool that found nothing */
	spot_mark(&sm, 4960);
	sm.pending = false;
	spot_mark(&sm, 5620);
	CHECK_EQ(spot_onset(&sm), 0);
	/* a check far below on its own: partial at once, no onset */
	sm.partial = true;
	spot_mark(&sm, 6280);
	CHECK_EQ(spot_onset(&sm), 0);
}

/* No sign of an outage inside the /24s (what a watch round needs of a
 * partial target: probe/prober.h): any of the spot state's flags, or any
 * suspicion at all, is one. */
static void
test_quiet(void)
{
	struct spot_memory sm;

	TEST("quiet");
	memset(&sm, 0, sizeof(sm));
	CHECK(spot_quiet(&sm));
	sm.suspicion = 0.01;
	CHECK(!spot_quiet(&sm));
	sm.suspicion = 0;
	sm.due = true;
	CHECK(!spot_quiet(&sm));
	sm.due = false;
	sm.pending = true;
	CHECK(!spot_quiet(&sm));
	sm.pending = false;
	sm.partial = true;
	CHECK(!spot_quiet(&sm));
}

int
main(void)
{
	test_size();
	test_quiet();
	test_judge();
	test_doubt();
	test_stay();
	test_stay_fit();
	test_suspicion();
	test_first_day();
	test_json();
	test_onset();
	return test_report("test_spot");
}

/*
 * test_recheck.c - the recheck of a census that fell short (recheck.c)
 * and the verdict it leads to (classify_census_short,
 * classify_recheck_pvalue, classify_target): a rate limit keeps the
 * target up and its baseline untouched, a real shortfall stays partial.
 */
#include "blackout/probe/recheck.h"

#include <math.h>
#include <string.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define B176 A(175, 45, 176, 0)
#define B178 A(175, 45, 178, 0)
#define NS(s) ((int64_t)(s)*1000000000LL)

static void
test_pvalue(void)
{
	/* The simulated cap: 195 of 600 answered against 0.99: an all-up
	 * target would have had 399 of the 405 silent answer. */
	double q = (0.99 * 600 - 195) / 405;

	TEST("recheck_pvalue");
	CHECK(classify_recheck_pvalue(0.99, 600, 195, 16, 16) == 1.0);
	CHECK(fabs(classify_recheck_pvalue(0.99, 600, 195, 16, 15) -
		   (1 - pow(q, 16))) < 1e-12);
	CHECK(classify_recheck_pvalue(0.99, 600, 195, 16, 15) >=
	      BINOMIAL_ALPHA);
	/* Half the hosts dark: few of the silent answer. */
	CHECK(classify_recheck_pvalue(0.99, 600, 195, 16, 2) < 1e-6);
	CHECK(classify_recheck_pvalue(0.99, 600, 195, 16, 9) < BINOMIAL_ALPHA);
	/* Nothing re-probed, or nothing silent: no evidence of silence. */
	CHECK(classify_recheck_pvalue(0.99, 600, 195, 0, 0) == 1.0);
	CHECK(classify_recheck_pvalue(0.99, 40, 40, 4, 0) == 1.0);
	/* More answered than the baseline expects: the share floors at
	 * 0.01, so silence of the re-probed is no surprise. */
	CHECK(fabs(classify_recheck_pvalue(0.5, 100, 60, 16, 0) -
		   pow(0.99, 16)) < 1e-12);
}

static void
test_rate_and_silent(void)
{
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	struct pair pairs[4];
	size_t i;

	TEST("recheck_rate_tail_silent");
	CHECK(recheck_rate(1000, 3) == 30);
	CHECK(recheck_rate(0, 3) == 30);
	CHECK(recheck_rate(20, 3) == 20);
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	for (i = 0; i < 4; i++) {
		pairs[i].rec = (uint32_t)plan_find(&plan, B176 + 10 + i);
		pairs[i].method = 0;
		plan.rec[pairs[i].rec].ever = true;
	}
	/* Answers to pairs 0, 1 (first half) and 3 (second half) in wave
	 * 0; the wave took 2 s, so its second half saw 1 answer a second. */
	th_answer(&plan, B176 + 10, 1, 1);
	th_answer(&plan, B176 + 11, 1, 1);
	th_answer(&plan, B176 + 13, 1, 1);
	CHECK(plan.tg[0].recheck.rate == 0);
	recheck_tail(&plan, pairs, 4, 2.0);
	CHECK(plan.tg[0].recheck.rate == 1.0);
	recheck_tail(&plan, pairs, 4, 0); /* no time: nothing to add */
	CHECK(plan.tg[0].recheck.rate == 1.0);
	/* A second part of the wave, at its own pace, adds its own rate:
	 * pair 3's answer over the half second of 1 s. */
	recheck_tail(&plan, pairs + 2, 2, 1.0);
	CHECK(plan.tg[0].recheck.rate == 3.0);
	/* Only pair 2 is still silent; an ICMP error counts as heard. */
	CHECK_EQ(recheck_silent(&plan, pairs, 4), 1);
	CHECK_EQ(pairs[0].rec, plan_find(&plan, B176 + 12));
	plan.rec[pairs[0].rec].err = 1;
	CHECK_EQ(recheck_silent(&plan, pairs, 1), 0);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * A census of kp where E (20 in each of two /24s) answers in full, its
 * E(b) paced at pace under the cap the memory knows (0: full speed);
 * returns the verdict's reason in why (when not NULL).
 */
static void
full_census(struct target_set *set, struct baseline *bl, uint32_t round,
	    double pace, char *why, size_t len)
{
	struct target_summary s;
	struct plan plan;

	th_census(&plan, set, bl, round);
	recheck_caps(&plan, bl->t);
	CHECK(plan.tg[0].cap == (pace > 0 ? bl->t[0].cap_pps : 0));
	plan.tg[0].pace = pace;
	th_answer_range(&plan, B176, 10, 20);
	th_answer_range(&plan, B178, 10, 20);
	classify_target(&plan, 0, VANTAGE_UP, &bl->t[0], NS(round * 1000), &s);
	CHECK_EQ(s.state, STATE_UP);
	if (why != NULL)
		snprintf(why, len, "%s", s.reason);
	target_summary_free(&s);
	plan_free(&plan);
}

/*
 * A census where 5 of each /24's 20 answer, then a recheck of which
 * `answer` of the picks answer; returns the verdict in s.
 */
static void
short_census(struct target_set *set, struct baseline *bl, uint32_t round,
	     size_t answer, struct target_summary *s)
{
	struct plan plan;
	struct pair *pairs;
	struct rng rng;
	size_t n, targets, i;

	th_census(&plan, set, bl, round);
	th_answer_range(&plan, B176, 10, 5);
	th_answer_range(&plan, B178, 10, 5);
	rng_seed(&rng, round);
	pairs = recheck_pick(&plan, bl->t, &rng, &n, &targets);
	CHECK_EQ(n, RECHECK_MAX);
	CHECK_EQ(targets, 1);
	CHECK_EQ(plan.tg[0].recheck.n, 40);
	CHECK_EQ(plan.tg[0].recheck.x, 10);
	CHECK_EQ(plan.tg[0].recheck.probed, RECHECK_MAX);
	for (i = 0; i < n; i++) {
		const struct plan_rec *rec = &plan.rec[pairs[i].rec];

		/* Silent E(b) addresses, each once, by the first method. */
		CHECK(rec->ever && rec->ok == 0);
		CHECK_EQ(pairs[i].method, 0);
		CHECK(i == 0 || pairs[i].rec != pairs[i - 1].rec);
		if (i < answer)
			plan.rec[pairs[i].rec].ok = 1;
	}
	recheck_count(&plan, pairs, n);
	CHECK_EQ(plan.tg[0].recheck.answered, answer);
	plan.tg[0].recheck.rate = 50;
	classify_target(&plan, 0, VANTAGE_UP, &bl->t[0], NS(round * 1000), s);
	free(pairs);
	plan_free(&plan);
}

static void
test_verdicts(void)
{
	struct target_summary s;
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	struct rng rng;
	size_t n, targets;
	double avail0, avail2;

	TEST("recheck_verdicts");
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	/* No census baseline yet: nothing is short, nothing is picked. */
	th_census(&plan, &set, &bl, 1);
	rng_seed(&rng, 1);
	CHECK(recheck_pick(&plan, bl.t, &rng, &n, &targets) == NULL);
	CHECK_EQ(n, 0);
	plan_free(&plan);
	full_census(&set, &bl, 1, 0, NULL, 0);
	full_census(&set, &bl, 2, 0, NULL, 0);
	CHECK(bl.t[0].census_avail == 1.0);
	CHECK(bl.t[0].cap_pps == 0);
	avail0 = bl.t[0].blocks[0].avail;
	avail2 = bl.t[0].blocks[2].avail;
	/* A cap: 10 of 40 at full speed, all 16 picks answer slowly. */
	short_census(&set, &bl, 3, RECHECK_MAX, &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK_HAS(s.reason, "ICMP answers rate-limited (~50/s)");
	CHECK_HAS(s.reason, "10 of 40 ever-responsive answered at full speed");
	CHECK_HAS(s.reason, "16 of 16 silent ones re-probed at 10/s");
	CHECK(s.pvalue >= 0 && s.pvalue < BINOMIAL_ALPHA);
	CHECK_EQ(s.event.kind, EVENT_NONE);
	/* The capped census teaches neither the census share nor A(b). */
	CHECK(bl.t[0].census_avail == 1.0);
	CHECK(bl.t[0].blocks[0].avail == avail0);
	CHECK(bl.t[0].blocks[2].avail == avail2);
	/* ... but the memory keeps the cap, for the next rounds' pace. */
	CHECK(bl.t[0].cap_pps == 50);
	CHECK_EQ(bl.t[0].cap_rounds, 0);
	target_summary_free(&s);
	/* A real shortfall: 2 of 16 picks answer: partial, saying so. At
	 * full speed (the round after PACE_RETEST paced ones) it says
	 * nothing of the cap: still known, and paced again. */
	bl.t[0].cap_rounds = PACE_RETEST;
	short_census(&set, &bl, 4, 2, &s);
	CHECK_EQ(s.state, STATE_PARTIAL);
	CHECK_HAS(s.reason, "significantly below baseline");
	CHECK_HAS(s.reason, "re-probed at 10/s, 2 of 16 silent ones answered");
	CHECK_EQ(s.event.kind, EVENT_OUTAGE_START);
	CHECK(bl.t[0].cap_pps == 50);
	CHECK_EQ(bl.t[0].cap_rounds, 0);
	target_summary_free(&s);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * A known cap paces the census rounds after it; PACE_RETEST of them on,
 * one goes at full speed, and one all up at full speed forgets the cap.
 */
static void
test_paced(void)
{
	struct target_set set;
	struct baseline bl;
	char why[512];
	unsigned r;

	TEST("recheck_paced");
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	full_census(&set, &bl, 1, 0, NULL, 0);
	bl.t[0].cap_pps = 50;
	for (r = 0; r < PACE_RETEST; r++) {
		if (r == PACE_RETEST - 1)
			bl.t[0].census_avail = 0.5;
		full_census(&set, &bl, 2 + r, 40, why, sizeof(why));
		CHECK_EQ(bl.t[0].cap_rounds, r + 1);
	}
	CHECK_HAS(why, "ICMP answers rate-limited (~50/s), E(b) paced at "
		       "40/s: 2 of 2 judged /24s up");
	/* A paced census teaches the census share as any does. */
	CHECK(bl.t[0].census_avail > 0.5);
	/* The next one at full speed (recheck_caps sets no cap): all up. */
	full_census(&set, &bl, 10, 0, why, sizeof(why));
	CHECK(strstr(why, "rate-limited") == NULL);
	CHECK(bl.t[0].cap_pps == 0);
	CHECK_EQ(bl.t[0].cap_rounds, 0);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * The order a wave is sent in: the pairs at the run's rate first, as
 * they came, then the ICMP pairs of E(b) of a capped target, at 0.8 of
 * its cap, or over PACE_SPAN_S when that is faster.
 */
static void
test_split(void)
{
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	struct pair pairs[8], copy[8];
	double rate;
	size_t i;

	TEST("recheck_split");
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	/* Even pairs E(b), odd ones not. */
	for (i = 0; i < 8; i++) {
		pairs[i].rec = (uint32_t)plan_find(&plan, B176 + 100 + i);
		pairs[i].method = 0;
		plan.rec[pairs[i].rec].ever = i % 2 == 0;
	}
	memcpy(copy, pairs, sizeof(pairs));
	CHECK_EQ(recheck_split(&plan, pairs, 8, &rate), 8);
	CHECK(rate == 0 && plan.tg[0].pace == 0);
	CHECK(memcmp(copy, pairs, sizeof(pairs)) == 0);
	plan.tg[0].cap = 50;
	CHECK_EQ(recheck_split(&plan, pairs, 8, &rate), 4);
	CHECK(rate == 40 && plan.tg[0].pace == 40);
	for (i = 0; i < 4; i++) {
		CHECK_EQ(pairs[i].rec, copy[2 * i + 1].rec);
		CHECK_EQ(pairs[4 + i].rec, copy[2 * i].rec);
	}
	/* A cap of 0.01/s: 4 pairs over a minute go faster than 0.008/s.
	 * A later wave of 1 pair (a retry) goes at its own pace, 1 over a
	 * minute; the target keeps the round's fastest for its reason. */
	plan.tg[0].cap = 0.01;
	plan.tg[0].pace = 0;
	CHECK_EQ(recheck_split(&plan, pairs, 8, &rate), 4);
	CHECK(fabs(rate - 4.0 / PACE_SPAN_S) < 1e-12);
	CHECK_EQ(recheck_split(&plan, pairs + 4, 1, &rate), 0);
	CHECK(fabs(rate - 1.0 / PACE_SPAN_S) < 1e-12);
	CHECK(fabs(plan.tg[0].pace - 4.0 / PACE_SPAN_S) < 1e-12);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * Two capped targets in one wave: each at its own pace (40/s and 20/s),
 * interleaved by when it lets each pair go, and all of them over the
 * slower one's time (4 pairs at 20/s: 0.2 s), 40/s and not the paces'
 * sum, or the faster target's pairs once sent would leave the slower
 * one's at 60/s.
 */
static void
test_split_two(void)
{
	static const char order[] = "ABAABABB";
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	struct pair pairs[8];
	double rate;
	size_t i;

	TEST("recheck_split_two");
	target_set_init(&set);
	CHECK(th_add_target(&set, "A", "175.45.176.0/24", SAMPLE_ALL, "icmp") ==
	      0);
	CHECK(th_add_target(&set, "B", "175.45.177.0/24", SAMPLE_ALL, "icmp") ==
	      0);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	for (i = 0; i < 8; i++) { /* B's first, in the wave's order */
		pairs[i].rec = (uint32_t)plan_find(&plan,
						   (i < 4 ? B176 + 256 : B176) +
							   i % 4);
		pairs[i].method = 0;
		plan.rec[pairs[i].rec].ever = true;
	}
	plan.tg[0].cap = 50;
	plan.tg[1].cap = 25;
	CHECK_EQ(recheck_split(&plan, pairs, 8, &rate), 0);
	CHECK(fabs(rate - 40) < 1e-9);
	CHECK(plan.tg[0].pace == 40 && plan.tg[1].pace == 20);
	for (i = 0; i < 8; i++)
		CHECK_EQ(plan.rec[pairs[i].rec].target, order[i] - 'A');
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

int
main(void)
{
	test_pvalue();
	test_rate_and_silent();
	test_verdicts();
	test_paced();
	test_split();
	test_split_two();
	return test_report("test_recheck");
}

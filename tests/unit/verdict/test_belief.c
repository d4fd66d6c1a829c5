/*
 * test_belief.c - the statistics behind the verdicts (belief.c) and the
 * per-target memory they keep (baseline.c): Trinocular's belief update
 * against hand-computed values, a block's belief through a round and when
 * it resolves, the binomial tail against exact sums, E(b) bitmaps, sparse
 * blocks, the history ring, the events a sequence of verdicts makes, and
 * instability (durations: test_vocab.c).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"

#include <math.h>

#include "testhelp.h"
#include "testplan.h"

#define NEAR(x, want, tol) (fabs((x) - (want)) <= (tol))
#define NS(s) ((int64_t)(s)*1000000000LL)

/*
 * eps = 0.99 / 256 = 0.003867187500. Each value below is worked out from
 * the update rule in belief.h, with the products written out.
 */
static void
test_belief_update(void)
{
	const double eps = 0.99 / 256;

	TEST("belief_update");
	CHECK(NEAR(BELIEF_EPSILON, 0.0038671875, 1e-15));
	/* Reply, B = 0.1, A = 0.5: 0.05 / (0.05 + eps * 0.9). */
	CHECK(NEAR(belief_update(0.1, 0.5, true), 0.934920750858228, 1e-12));
	CHECK(NEAR(belief_update(0.1, 0.5, true), 0.05 / (0.05 + eps * 0.9),
		   1e-15));
	/* Reply, B = 0.3, A = 0.3: 0.09 / (0.09 + eps * 0.7). */
	CHECK(NEAR(belief_update(0.3, 0.3, true), 0.970800151687524, 1e-12));
	/* Silence, B = 0.5, A = 0.5: 0.25 / (0.25 + (1 - eps) * 0.5). */
	CHECK(NEAR(belief_update(0.5, 0.5, false), 0.334194929636302, 1e-12));
	/* Silence, B = 0.7, A = 0.3: 0.49 / (0.49 + (1 - eps) * 0.3). */
	CHECK(NEAR(belief_update(0.7, 0.3, false), 0.621165378349336, 1e-12));
	/* Silence, B = 0.9, A = 0.6: 0.36 / (0.36 + (1 - eps) * 0.1). */
	CHECK(NEAR(belief_update(0.9, 0.6, false), 0.783267182838834, 1e-12));
	/* Silence, B = 0.99, A = 0.8: 0.198 / (0.198 + (1 - eps) * 0.01). */
	CHECK(NEAR(belief_update(0.99, 0.8, false), 0.952100093729866, 1e-12));
	/* Silence, B = 0.5, A = 0.1: 0.45 / (0.45 + (1 - eps) * 0.5). */
	CHECK(NEAR(belief_update(0.5, 0.1, false), 0.474650295626378, 1e-12));

	/* A is capped at AVAIL_MAX: A = 1 would make one loss final. */
	CHECK(AVAIL_MAX == 0.8);
	CHECK(belief_update(0.99, 1.0, false) ==
	      belief_update(0.99, 0.8, false));
	CHECK(belief_update(0.99, 0.95, false) ==
	      belief_update(0.99, 0.8, false));
	CHECK(belief_update(0.99, 1.0, false) > 0.9); /* not down at once */
	CHECK(belief_update(0.5, 1.0, false) > 0.1);
	CHECK(belief_update(0.5, 0.9, true) == belief_update(0.5, 0.8, true));
	CHECK(belief_update(0.5, 0.79, false) !=
	      belief_update(0.5, 0.8, false));
	/* ... and floored at AVAIL_SPARSE, including an unknown A (< 0). */
	CHECK(AVAIL_SPARSE == 0.1);
	CHECK(belief_update(0.5, 0.0, false) == belief_update(0.5, 0.1, false));
	CHECK(belief_update(0.5, -1.0, false) ==
	      belief_update(0.5, 0.1, false));
	CHECK(belief_update(0.5, 0.05, true) == belief_update(0.5, 0.1, true));
	CHECK(belief_update(0.5, 0.11, false) !=
	      belief_update(0.5, 0.1, false));
	CHECK(NEAR(belief_update(0.5, -1.0, false), 0.474650295626378, 1e-12));

	/* Clamped to [0.01, 0.999]: no observation is final. */
	/* Reply, B = 0.5, A = 0.5: 0.5 / (0.5 + eps), under the cap. */
	CHECK(NEAR(belief_update(0.5, 0.5, true), 0.5 / (0.5 + BELIEF_EPSILON),
		   1e-12));
	CHECK(belief_update(0.99, 0.8, true) == BELIEF_MAX);
	/* Silence, B = 0.02, A = 0.8 would be 0.00408... */
	CHECK(belief_update(0.02, 0.8, false) == BELIEF_MIN);
	CHECK(belief_update(0.01, 0.8, false) == BELIEF_MIN);
	CHECK(belief_update(0.01, 0.1, false) == BELIEF_MIN);
	CHECK(belief_update(0.99, 0.1, true) == BELIEF_MAX);
	/* Reply, B = 0.01, A = 0.8: 0.008 / (0.008 + eps * 0.99). */
	CHECK(NEAR(belief_update(0.01, 0.8, true), 0.676331693140914, 1e-12));
	/* One reply from the floor is not enough to call a block up... */
	CHECK(belief_update(0.01, 0.8, true) < BELIEF_UP);
	CHECK(belief_update(0.01, 0.8, true) > BELIEF_DOWN);
	/* ... two are. */
	CHECK(belief_update(belief_update(0.01, 0.8, true), 0.8, true) >
	      BELIEF_UP);
}

/* Consecutive silences that take a block believed up below 0.1. */
static unsigned
silences_to_down(double a)
{
	double b = BELIEF_MAX;
	unsigned n = 0;

	while (b >= BELIEF_DOWN && n < 1000) {
		b = belief_update(b, a, false);
		n++;
	}
	return n;
}

static void
test_belief_runs(void)
{
	double b;
	unsigned i;

	TEST("belief_runs");
	/* From 0.999: six silent probes in a row at the cap of A; at low
	 * A more than the budget of 15, within BELIEF_DOWN_BUDGET. */
	CHECK_EQ(silences_to_down(0.8), 6);
	CHECK_EQ(silences_to_down(1.0), 6);
	CHECK_EQ(silences_to_down(0.5), 14);
	CHECK_EQ(silences_to_down(0.3), 26);
	CHECK(silences_to_down(0.2) <= BELIEF_DOWN_BUDGET);
	/* ... at the lowest A judged too: a silent round ends in a verdict */
	CHECK_EQ(silences_to_down(AVAIL_SPARSE), 90);
	CHECK(silences_to_down(AVAIL_SPARSE) <= BELIEF_DOWN_BUDGET);
	/* Five are not enough at A = 0.8 ... */
	b = BELIEF_MAX;
	for (i = 0; i < 5; i++)
		b = belief_update(b, 0.8, false);
	CHECK(b >= BELIEF_DOWN && b < BELIEF_UP);
	/* ... and a reply after them brings it straight back up. */
	CHECK(belief_update(b, 0.8, true) > BELIEF_UP);
	/* Silence always lowers, a reply always raises (inside the clamp). */
	for (b = 0.02; b < 0.98; b += 0.01) {
		CHECK(belief_update(b, 0.5, false) < b);
		CHECK(belief_update(b, 0.5, true) > b);
	}
}

/* One block through a round: counts, the first outcome, resolution. */
static void
test_block_belief(void)
{
	struct block_belief bb;
	double b;
	unsigned i;

	TEST("block_belief");
	belief_start(&bb, 0.5, 0.5);
	/* The belief is updated with a margin below A(b) (belief.h). */
	CHECK(bb.belief == 0.5 && bb.avail == 0.5 * AVAIL_MARGIN);
	CHECK(!bb.resolved && bb.first_outcome == -1);
	CHECK(bb.observed == 0 && bb.positives == 0);
	CHECK_EQ(belief_judge(&bb), BELIEF_UNSURE);
	/* Silence, then a reply: Trinocular's update, each counted. */
	belief_observe(&bb, false);
	CHECK(bb.belief == belief_update(0.5, bb.avail, false));
	CHECK(bb.observed == 1 && bb.positives == 0 && bb.first_outcome == 0);
	CHECK(!bb.resolved); /* 0.334: between the thresholds */
	b = bb.belief;
	belief_observe(&bb, true);
	CHECK(bb.belief == belief_update(b, bb.avail, true));
	CHECK(bb.belief > BELIEF_UP);
	CHECK(bb.observed == 2 && bb.positives == 1 && bb.first_outcome == 0);
	CHECK(bb.resolved);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_UP);

	/* Resolved only past a threshold in the direction of the answer: a
	 * silence that leaves a confident block above 0.9 asks for more. */
	belief_start(&bb, BELIEF_MAX, 0.8);
	belief_observe(&bb, false);
	CHECK(bb.belief > BELIEF_UP && !bb.resolved);
	CHECK_EQ(bb.first_outcome, 0);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_UP);
	belief_observe(&bb, true);
	CHECK(bb.resolved && bb.first_outcome == 0);
	/* At A = 0.8 (0.6 with the margin), ten silences in a row take it
	 * down, the tenth resolves it. */
	CHECK_EQ(silences_to_down(0.8 * AVAIL_MARGIN), 10);
	belief_start(&bb, BELIEF_MAX, 0.8);
	for (i = 0; i < 9; i++) {
		belief_observe(&bb, false);
		CHECK(!bb.resolved);
	}
	CHECK_EQ(belief_judge(&bb), BELIEF_UNSURE);
	belief_observe(&bb, false);
	CHECK(bb.resolved && bb.belief < BELIEF_DOWN);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_DOWN);
	CHECK(bb.observed == 10 && bb.positives == 0);
	/* Once resolved it stays so, whatever comes after. */
	belief_observe(&bb, true);
	CHECK(bb.resolved && bb.belief > BELIEF_DOWN);
	CHECK(bb.observed == 11 && bb.positives == 1);

	/* A block that ended the last round down starts at BELIEF_RECHECK:
	 * one reply proves it up ... */
	belief_start(&bb, BELIEF_MIN, 0.8);
	CHECK(bb.belief == BELIEF_RECHECK);
	CHECK(bb.avail == 0.8); /* no margin while re-checking */
	CHECK_EQ(belief_judge(&bb), BELIEF_UNSURE);
	belief_observe(&bb, true);
	CHECK(bb.resolved && bb.first_outcome == 1);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_UP);
	/* ... and three silences (A = 0.8) settle it down again: an up
	 * block answers one of three with chance 0.992. */
	belief_start(&bb, 0.05, 0.8);
	belief_observe(&bb, false);
	belief_observe(&bb, false);
	CHECK(!bb.resolved);
	belief_observe(&bb, false);
	CHECK(bb.resolved);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_DOWN);

	/* The budget: unresolved blocks probe within it; one with no reply
	 * yet may go on to BELIEF_DOWN_BUDGET, one with a reply may not. */
	belief_start(&bb, BELIEF_MAX, 0.3);
	CHECK(belief_wants_probe(&bb, 0, 15));
	for (i = 0; i < 15; i++)
		belief_observe(&bb, false);
	CHECK(!bb.resolved);
	CHECK(belief_wants_probe(&bb, 15, 15));
	CHECK(belief_wants_probe(&bb, BELIEF_DOWN_BUDGET - 1, 15));
	CHECK(!belief_wants_probe(&bb, BELIEF_DOWN_BUDGET, 15));
	bb.positives = 1; /* a reply among the silences */
	CHECK(!bb.resolved && belief_wants_probe(&bb, 14, 15));
	CHECK(!belief_wants_probe(&bb, 15, 15));
	/* An unknown A(b) is floored like belief_update's. */
	belief_start(&bb, 0.5, -1);
	belief_observe(&bb, false);
	CHECK(bb.belief == belief_update(0.5, -1, false));
	CHECK(NEAR(bb.belief, 0.474650295626378, 1e-12));
	/* The thresholds are strict. */
	bb.belief = BELIEF_UP;
	CHECK_EQ(belief_judge(&bb), BELIEF_UNSURE);
	bb.belief = BELIEF_DOWN;
	CHECK_EQ(belief_judge(&bb), BELIEF_UNSURE);
}

/*
 * A target's blocks believed down, re-checked together (belief.h): all n
 * stay silent by chance as rarely as one re-checked alone does, each for
 * fewer silences, and one reply still proves a block up.
 */
static void
test_recheck_pooled(void)
{
	struct block_belief bb;
	double lone = 0.1 / 0.9 / (BELIEF_RECHECK / (1 - BELIEF_RECHECK));
	double b4 = belief_recheck_start(4), floor;
	unsigned n, silences;

	CHECK(belief_recheck_start(0) == BELIEF_RECHECK);
	CHECK(belief_recheck_start(1) == BELIEF_RECHECK);
	/* Four: odds of 0.111 / lone^(1/4) each, B = 0.25. */
	CHECK(NEAR(b4, 0.25, 0.001));
	CHECK(NEAR(pow(0.1 / 0.9 / (b4 / (1 - b4)), 4), lone, 1e-9));
	/* It falls with n, to the floor: a lone one back missed at most
	 * BELIEF_POOL_MISS of the time. */
	floor = 0.1 / 0.9 / BELIEF_POOL_MISS;
	floor /= 1 + floor;
	for (n = 2; n < 1000; n++) {
		CHECK(belief_recheck_start(n) <= belief_recheck_start(n - 1));
		CHECK(belief_recheck_start(n) >= floor - 1e-12);
	}
	CHECK(NEAR(belief_recheck_start(999), floor, 1e-12));
	/* From the floor, one reply proves a block up at A = 0.2 ... */
	belief_start_at(&bb, BELIEF_MIN, 0.2, belief_recheck_start(999));
	belief_observe(&bb, true);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_UP);
	/* ... and, four together at A = 0.5, two silences settle each where
	 * a lone one needs seven. */
	for (n = 1; n <= 4; n += 3) {
		belief_start_at(&bb, BELIEF_MIN, 0.5, belief_recheck_start(n));
		for (silences = 0; !bb.resolved; silences++)
			belief_observe(&bb, false);
		CHECK_EQ(silences, n == 1 ? 7u : 2u);
	}
	/* A block re-checked with others that stays down while one came
	 * back starts over alone, as an up block would, its observations
	 * kept: at A = 0.5, 14 silences settle it where a re-check from
	 * BELIEF_RECHECK needs 7, and an up block draws them by chance about
	 * once in 9,000 (more than 1% from BELIEF_RECHECK). */
	belief_reopen(&bb, BELIEF_REOPEN);
	CHECK(!bb.resolved && bb.belief == BELIEF_REOPEN && bb.observed == 2);
	CHECK(BELIEF_REOPEN > BELIEF_RECHECK);
	for (silences = 0; !bb.resolved; silences++)
		belief_observe(&bb, false);
	CHECK_EQ(silences, 14u);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_DOWN);
	CHECK(pow(0.5, silences) < 1.0 / 9000 && pow(0.5, 7) > 0.005);
	/* One reply still proves it up. */
	belief_reopen(&bb, BELIEF_REOPEN);
	belief_observe(&bb, true);
	CHECK_EQ(belief_judge(&bb), BELIEF_SAYS_UP);
}

/* P(X <= x), X ~ Bin(n, p), by summing the terms one after another. */
static long double
cdf_by_sum(unsigned x, unsigned n, long double p)
{
	long double term = powl(1 - p, n), sum = 0;
	unsigned k;

	for (k = 0; k <= x && k <= n; k++) {
		sum += term;
		term = term * (n - k) / (k + 1) * p / (1 - p);
	}
	return sum;
}

static void
test_binomial(void)
{
	static const double ps[] = { 0.01, 0.1, 0.3, 0.5, 0.77, 0.9, 0.99 };
	const double exact_1000 = 4.4894428594500086e-07;
	double prev, v, z, normal, chernoff, k;
	unsigned n, x, i;

	TEST("binomial");
	CHECK(binomial_cdf(0, 0, 0.5) == 1.0);
	CHECK(binomial_cdf(5, 0, 0.5) == 1.0);
	CHECK(binomial_cdf(10, 10, 0.5) == 1.0);
	CHECK(binomial_cdf(20, 10, 0.99) == 1.0);
	CHECK(binomial_cdf(0, 10, 0.0) == 1.0); /* never a success */
	CHECK(binomial_cdf(9, 10, 1.0) == 0.0); /* always ten */
	CHECK(binomial_cdf(0, 1, 1.0) == 0.0);
	/* 10 coin flips, at most 2 heads: (1 + 10 + 45) / 1024. */
	CHECK(NEAR(binomial_cdf(2, 10, 0.5), 56.0 / 1024, 1e-15));
	CHECK(NEAR(binomial_cdf(0, 10, 0.5), 1.0 / 1024, 1e-16));
	CHECK(NEAR(binomial_cdf(5, 10, 0.5), 638.0 / 1024, 1e-14));
	CHECK(NEAR(binomial_cdf(9, 10, 0.5), 1023.0 / 1024, 1e-14));
	/* 3 trials, p = 0.2: P(X <= 1) = 0.8^3 + 3 * 0.2 * 0.8^2. */
	CHECK(NEAR(binomial_cdf(1, 3, 0.2), 0.512 + 0.384, 1e-14));
	/* 40 of 40 expected at 0.99, 39 seen: 1 - 0.99^40. */
	CHECK(NEAR(binomial_cdf(39, 40, 0.99), 1 - pow(0.99, 40), 1e-12));
	/* Against a sum of the terms, for every x of small n. */
	for (n = 1; n <= 60; n += 7)
		for (i = 0; i < sizeof(ps) / sizeof(*ps); i++)
			for (x = 0; x < n; x++) {
				long double want = cdf_by_sum(x, n, ps[i]);

				v = binomial_cdf(x, n, ps[i]);
				CHECK(fabsl(v - want) <=
				      1e-10L * want + 1e-300L);
			}
	/* Large n: 850 or fewer of 1000 at p = 0.9 (mean 900, sd 9.49).
	 * Exact (rational arithmetic): 4.4894428594500086e-07. */
	v = binomial_cdf(850, 1000, 0.9);
	CHECK(NEAR(v, exact_1000, 1e-6 * exact_1000));
	/* Below the Chernoff bound exp(-n D(0.85 || 0.9)) ... */
	k = 0.85;
	chernoff = exp(-1000 *
		       (k * log(k / 0.9) + (1 - k) * log((1 - k) / 0.1)));
	CHECK(v > 0 && v < chernoff);
	/* ... and within a factor of ten of the normal approximation
	 * with continuity correction (the tail is skewed, not wrong). */
	z = (850.5 - 900) / sqrt(1000 * 0.9 * 0.1);
	normal = 0.5 * erfc(-z / sqrt(2));
	CHECK(v > normal && v < 10 * normal);
	CHECK(binomial_cdf(900, 1000, 0.9) > 0.5);
	CHECK(binomial_cdf(900, 1000, 0.9) < 0.56);
	/* Tiny tails stay positive and finite. */
	v = binomial_cdf(20, 40, 0.99);
	CHECK(v > 0 && v < 1e-25 && isfinite(v));
	v = binomial_cdf(0, 100000, 0.5);
	CHECK(v >= 0 && v < 1e-300);
	/* Monotonic in x, reaching 1. */
	for (i = 0; i < sizeof(ps) / sizeof(*ps); i++) {
		prev = 0;
		for (x = 0; x <= 50; x++) {
			v = binomial_cdf(x, 50, ps[i]);
			CHECK(v >= prev && v <= 1.0);
			prev = v;
		}
		CHECK(prev == 1.0);
	}
	/* And decreasing in p. */
	CHECK(binomial_cdf(5, 20, 0.2) > binomial_cdf(5, 20, 0.3));
}

static void
test_ever(void)
{
	struct block_memory bm;
	unsigned h, n;

	TEST("ever");
	memset(&bm, 0, sizeof(bm));
	for (h = 0; h < 256; h++)
		CHECK(!block_is_ever(&bm, h));
	block_mark_ever(&bm, 0, 1);
	block_mark_ever(&bm, 7, 2);
	block_mark_ever(&bm, 8, 1);
	block_mark_ever(&bm, 255, 3);
	CHECK_EQ(bm.n_ever, 4);
	/* Bit h & 7 of byte h >> 3: the state file's hex depends on it. */
	CHECK_EQ(bm.ever[0], 0x81);
	CHECK_EQ(bm.ever[1], 0x01);
	CHECK_EQ(bm.ever[31], 0x80);
	for (h = 0, n = 0; h < 256; h++)
		n += block_is_ever(&bm, h);
	CHECK_EQ(n, 4);
	CHECK(block_is_ever(&bm, 7) && !block_is_ever(&bm, 6) &&
	      !block_is_ever(&bm, 9) && !block_is_ever(&bm, 254));
	CHECK_EQ(block_hint(&bm, 7), 2);
	CHECK_EQ(block_hint(&bm, 255), 3);
	CHECK_EQ(block_hint(&bm, 1), 0);
	/* Again: not counted twice, the hint follows the newest answer. */
	block_mark_ever(&bm, 7, 1);
	CHECK_EQ(bm.n_ever, 4);
	CHECK_EQ(block_hint(&bm, 7), 1);
	CHECK_EQ(bm.ever[0], 0x81);
	for (h = 0; h < 256; h++)
		block_mark_ever(&bm, h, 1);
	CHECK_EQ(bm.n_ever, 256);
	for (h = 0; h < 32; h++)
		CHECK_EQ(bm.ever[h], 0xff);

	/* Hints are 4 bits, two hosts to a byte: neighbours stay apart,
	 * every value 0..15 round-trips, a 16th method's hint is none. */
	memset(&bm, 0, sizeof(bm));
	for (h = 0; h < 256; h++)
		block_set_hint(&bm, h, (uint8_t)(h % 16));
	for (h = 0, n = 0; h < 256; h++)
		n += block_hint(&bm, h) == h % 16;
	CHECK_EQ(n, 256);
	block_set_hint(&bm, 4, 15);
	block_set_hint(&bm, 5, 0);
	CHECK_EQ(block_hint(&bm, 3), 3);
	CHECK_EQ(block_hint(&bm, 4), 15);
	CHECK_EQ(block_hint(&bm, 5), 0);
	CHECK_EQ(block_hint(&bm, 6), 6);
	block_set_hint(&bm, 4, BLOCK_HINT_MAX + 1);
	CHECK_EQ(block_hint(&bm, 4), 0);
	CHECK_EQ(block_hint(&bm, 5), 0);
	CHECK(sizeof(bm) <= BLOCK_MEMORY_BUDGET);

	/* Sparse: a learned A below 0.1; a small E(b) alone is not. */
	memset(&bm, 0, sizeof(bm));
	bm.avail = -1;
	CHECK(!block_is_sparse(&bm));
	block_mark_ever(&bm, 100, 1);
	CHECK(!block_is_sparse(&bm)); /* one host, A not learned yet */
	bm.avail = 0.5;
	CHECK(!block_is_sparse(&bm));
	bm.avail = 0.1;
	CHECK(!block_is_sparse(&bm));
	bm.avail = 0.0999;
	CHECK(block_is_sparse(&bm));
	bm.avail = 0;
	CHECK(block_is_sparse(&bm));
	for (h = 0; h < 256; h++)
		block_mark_ever(&bm, h, 1);
	CHECK(block_is_sparse(&bm)); /* many, but almost never answering */
	bm.avail = 1;
	CHECK(!block_is_sparse(&bm));
}

static void
test_memory(void)
{
	struct target_set set;
	struct baseline bl;
	struct target_memory *tm;

	TEST("memory");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", SAMPLE_AUTO, NULL) ==
	      0);
	CHECK(th_add_target(&set, "one", "198.51.100.128/25", SAMPLE_AUTO,
			    NULL) == 0);
	CHECK(th_add_target(&set, "wide", "10.0.0.0/16", SAMPLE_AUTO, NULL) ==
	      0);
	baseline_init(&bl, &set);
	CHECK_EQ(bl.n, 3);
	CHECK_EQ(bl.last_round, 0);
	CHECK_STREQ(bl.t[0].name, "kp");
	CHECK(bl.t[0].name != set.t[0].name); /* its own copy */
	CHECK_EQ(bl.t[0].n_blocks, 4);
	CHECK_EQ(bl.t[1].n_blocks, 1);
	CHECK_EQ(bl.t[2].n_blocks, 256);
	tm = &bl.t[2];
	CHECK(!tm->has_state && tm->state == STATE_UNKNOWN);
	CHECK(!tm->in_outage && tm->n_hist == 0 && tm->census_avail < 0);
	CHECK(tm->blocks[255].avail < 0 && tm->blocks[255].belief == 0.5 &&
	      tm->blocks[255].n_ever == 0 && !tm->blocks[255].censused &&
	      tm->blocks[255].state == STATE_UNKNOWN);
	block_mark_ever(&tm->blocks[3], 9, 1);
	tm->blocks[3].censused = true;
	tm->blocks[3].avail = 0.7;
	tm->has_state = true;
	tm->in_outage = true;
	tm->n_hist = 5;
	target_memory_reset(tm);
	CHECK(tm->blocks[3].n_ever == 0 && !block_is_ever(&tm->blocks[3], 9) &&
	      block_hint(&tm->blocks[3], 9) == 0 && !tm->blocks[3].censused &&
	      tm->blocks[3].avail < 0);
	CHECK(!tm->has_state && !tm->in_outage && tm->n_hist == 0);
	CHECK_EQ(tm->n_blocks, 256); /* the shape stays */
	baseline_free(&bl);
	CHECK(bl.t == NULL && bl.n == 0);
	target_set_free(&set);
}

static void
test_history(void)
{
	struct target_memory tm;
	struct history_entry e;
	unsigned i;
	bool ok;

	TEST("history");
	memset(&tm, 0, sizeof(tm));
	memset(&e, 0, sizeof(e));
	for (i = 0; i < 10; i++) {
		e.time_ns = i;
		e.state = (uint8_t)(i % 4);
		target_history_push(&tm, &e);
	}
	CHECK_EQ(tm.n_hist, 10);
	for (i = 0, ok = true; i < 10; i++)
		ok &= target_history_at(&tm, i)->time_ns == i &&
		      target_history_at(&tm, i)->state == i % 4;
	CHECK(ok);
	for (; i < HISTORY_LEN; i++) {
		e.time_ns = i;
		target_history_push(&tm, &e);
	}
	CHECK_EQ(tm.n_hist, HISTORY_LEN);
	CHECK_EQ(target_history_at(&tm, 0)->time_ns, 0);
	CHECK_EQ(target_history_at(&tm, HISTORY_LEN - 1)->time_ns,
		 HISTORY_LEN - 1);
	/* Past HISTORY_LEN the oldest go first; order is kept. */
	for (; i < 3 * HISTORY_LEN + 5; i++) {
		e.time_ns = i;
		target_history_push(&tm, &e);
		CHECK_EQ(tm.n_hist, HISTORY_LEN);
		CHECK_EQ(target_history_at(&tm, 0)->time_ns,
			 i + 1 - HISTORY_LEN);
		CHECK_EQ(target_history_at(&tm, HISTORY_LEN - 1)->time_ns, i);
	}
	for (i = 0, ok = true; i < HISTORY_LEN; i++)
		ok &= target_history_at(&tm, i)->time_ns ==
		      3 * HISTORY_LEN + 5 - HISTORY_LEN + i;
	CHECK(ok);
	CHECK(tm.hist_first < HISTORY_LEN);
}

/* Feeds one verdict; returns the event it made. */
static enum event_kind
see(struct target_memory *tm, enum target_state s, int64_t now,
    struct event_info *ev, struct instability *ins)
{
	target_memory_observe(tm, s, now, 0, -1, ev, ins);
	return ev->kind;
}

/* A round at now in which nothing of the target answered, unknown. */
static void
see_silent(struct target_memory *tm, int64_t now, struct event_info *ev,
	   struct instability *ins)
{
	tm->silent = true;
	target_memory_observe(tm, STATE_UNKNOWN, now, 0, 0, ev, ins);
}

static void
test_events(void)
{
	struct target_set set;
	struct baseline bl;
	struct target_memory *tm;
	struct event_info ev;
	struct instability ins;
	unsigned ends = 0, starts = 0;

	TEST("events");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", SAMPLE_AUTO, NULL) ==
	      0);
	baseline_init(&bl, &set);
	tm = &bl.t[0];

	/* The first verdict, up: nothing to report. */
	CHECK_EQ(see(tm, STATE_UP, NS(100), &ev, &ins), EVENT_NONE);
	CHECK(tm->has_state && tm->state == STATE_UP &&
	      tm->since_ns == NS(100));
	CHECK_EQ(see(tm, STATE_UP, NS(200), &ev, &ins), EVENT_NONE);
	CHECK(tm->since_ns == NS(100));
	/* up -> partial: an outage starts, partial. */
	CHECK_EQ(see(tm, STATE_PARTIAL, NS(300), &ev, &ins),
		 EVENT_OUTAGE_START);
	CHECK(ev.from == STATE_UP && ev.to == STATE_PARTIAL);
	CHECK_EQ(ev.scope, STATE_PARTIAL);
	/* Its start is estimated half way from the last up round, and
	 * says which two rounds it lies between. */
	CHECK(ev.start_ns == NS(250));
	CHECK(ev.start_after_ns == NS(200) && ev.start_by_ns == NS(300));
	CHECK(tm->in_outage && tm->since_ns == NS(300));
	/* partial -> down: the same outage, now total. */
	CHECK_EQ(see(tm, STATE_DOWN, NS(400), &ev, &ins), EVENT_STATE_CHANGE);
	CHECK(ev.from == STATE_PARTIAL && ev.to == STATE_DOWN);
	CHECK_EQ(ev.scope, STATE_DOWN);
	CHECK(ev.start_ns == NS(250));
	CHECK(tm->outage_start_ns == NS(250));
	/* down -> partial: still the same outage, and still total: its
	 * scope is the worst it reached. */
	CHECK_EQ(see(tm, STATE_PARTIAL, NS(450), &ev, &ins),
		 EVENT_STATE_CHANGE);
	CHECK_EQ(ev.scope, STATE_DOWN);
	CHECK(ev.start_ns == NS(250));
	/* -> up at 34560 s, the last outage round at 450 s: the end is
	 * estimated at 17505 s, 17255 s after the start. */
	CHECK_EQ(see(tm, STATE_UP, NS(34560), &ev, &ins), EVENT_OUTAGE_END);
	CHECK(ev.end_ns == NS(17505));
	CHECK(ev.end_after_ns == NS(450) && ev.end_by_ns == NS(34560));
	CHECK(ev.start_after_ns == NS(200) && ev.start_by_ns == NS(300));
	CHECK(ev.duration_s == 17255);
	CHECK(ev.from == STATE_PARTIAL && ev.to == STATE_UP);
	CHECK_EQ(ev.scope, STATE_DOWN);
	CHECK(ev.start_ns == NS(250));
	CHECK(!tm->in_outage);
	CHECK_EQ(ins.window, 6);
	CHECK_EQ(ins.state_changes, 4);
	CHECK(!ins.has_rate);
	target_memory_reset(tm);

	/* down -> unknown -> unknown -> up: one outage, spanning the
	 * unknown rounds. */
	CHECK_EQ(see(tm, STATE_UP, NS(0), &ev, &ins), EVENT_NONE);
	starts += see(tm, STATE_DOWN, NS(1000), &ev, &ins) ==
		  EVENT_OUTAGE_START;
	CHECK_EQ(ev.scope, STATE_DOWN);
	CHECK_EQ(see(tm, STATE_UNKNOWN, NS(2000), &ev, &ins),
		 EVENT_STATE_CHANGE);
	CHECK(ev.from == STATE_DOWN && ev.to == STATE_UNKNOWN);
	CHECK(tm->in_outage);
	CHECK_EQ(see(tm, STATE_UNKNOWN, NS(3000), &ev, &ins), EVENT_NONE);
	CHECK(tm->since_ns == NS(2000));
	ends += see(tm, STATE_UP, NS(4500), &ev, &ins) == EVENT_OUTAGE_END;
	/* Estimates: start 500 (0..1000), end 2750 (1000..4500: the unknown
	 * rounds, with no rate, the vantage down, saw nothing). */
	CHECK(ev.duration_s == 2250);
	CHECK(ev.end_after_ns == NS(1000) && ev.end_by_ns == NS(4500));
	CHECK(ev.from == STATE_UNKNOWN);
	CHECK_EQ(starts, 1);
	CHECK_EQ(ends, 1);
	CHECK(!tm->in_outage);
	/* Unknown -> down again in the middle: not a second outage start
	 * while one is open. */
	target_memory_reset(tm);
	starts = 0;
	starts += see(tm, STATE_UP, NS(0), &ev, &ins) == EVENT_OUTAGE_START;
	starts += see(tm, STATE_DOWN, NS(10), &ev, &ins) == EVENT_OUTAGE_START;
	starts += see(tm, STATE_UNKNOWN, NS(20), &ev, &ins) ==
		  EVENT_OUTAGE_START;
	starts += see(tm, STATE_DOWN, NS(30), &ev, &ins) == EVENT_OUTAGE_START;
	CHECK_EQ(ev.kind, EVENT_STATE_CHANGE);
	CHECK_EQ(starts, 1);
	CHECK(ev.start_ns == NS(5));
	CHECK_EQ(see(tm, STATE_UP, NS(40), &ev, &ins), EVENT_OUTAGE_END);
	CHECK(ev.duration_s == 30);

	/* up -> unknown, silent (nothing answered, the vantage not down)
	 * -> down: the silent round was the outage's first silence, so the
	 * start is between the last up round and it (500), not the down
	 * round (1500). A round in which something answered, if none of
	 * E(b)'s probes (an explorer's new address: rate 0 but not silent),
	 * says nothing of the start; one with the vantage down (no rate)
	 * saw nothing either way: between the rounds either side (1000). */
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UP, NS(0), &ev, &ins), EVENT_NONE);
	see_silent(tm, NS(1000), &ev, &ins);
	CHECK(!tm->silent && target_history_at(tm, 1)->silent);
	CHECK_EQ(see(tm, STATE_DOWN, NS(2000), &ev, &ins), EVENT_OUTAGE_START);
	CHECK(ev.start_ns == NS(500));
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UP, NS(0), &ev, &ins), EVENT_NONE);
	target_memory_observe(tm, STATE_UNKNOWN, NS(1000), 0, 0, &ev, &ins);
	CHECK_EQ(see(tm, STATE_DOWN, NS(2000), &ev, &ins), EVENT_OUTAGE_START);
	CHECK(ev.start_ns == NS(1500));
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UP, NS(0), &ev, &ins), EVENT_NONE);
	CHECK_EQ(see(tm, STATE_UNKNOWN, NS(1000), &ev, &ins),
		 EVENT_STATE_CHANGE);
	CHECK_EQ(see(tm, STATE_DOWN, NS(2000), &ev, &ins), EVENT_OUTAGE_START);
	CHECK(ev.start_ns == NS(1000));
	/* ... and an end is never dated into the silence before it: down
	 * -> unknown, silent -> up ends between those two (3500). */
	see_silent(tm, NS(3000), &ev, &ins);
	CHECK_EQ(see(tm, STATE_UP, NS(4000), &ev, &ins), EVENT_OUTAGE_END);
	CHECK(ev.end_ns == NS(3500));
	/* Several silent rounds: from the first of them (up 100, silent
	 * 1000 and 2000, down 3000: 550). */
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UP, NS(100), &ev, &ins), EVENT_NONE);
	see_silent(tm, NS(1000), &ev, &ins);
	see_silent(tm, NS(2000), &ev, &ins);
	CHECK_EQ(see(tm, STATE_DOWN, NS(3000), &ev, &ins), EVENT_OUTAGE_START);
	CHECK(ev.start_ns == NS(550));
	/* by: the first silent round was over by the next one's start */
	CHECK(ev.start_after_ns == NS(100) && ev.start_by_ns == NS(2000));

	/* up -> unknown -> up: two state changes, no outage. */
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UP, NS(0), &ev, &ins), EVENT_NONE);
	CHECK_EQ(see(tm, STATE_UNKNOWN, NS(10), &ev, &ins), EVENT_STATE_CHANGE);
	CHECK(!tm->in_outage);
	CHECK_EQ(see(tm, STATE_UP, NS(20), &ev, &ins), EVENT_STATE_CHANGE);
	CHECK(ev.from == STATE_UNKNOWN && ev.to == STATE_UP);
	CHECK(!tm->in_outage);
	CHECK_EQ(ins.state_changes, 2);

	/* The first verdict ever is an outage: it starts now. */
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_DOWN, NS(50), &ev, &ins), EVENT_OUTAGE_START);
	CHECK(ev.from == STATE_UNKNOWN && ev.to == STATE_DOWN);
	CHECK(ev.scope == STATE_DOWN && ev.start_ns == NS(50));
	/* ... after no round: 0 (null on the event line), by its own */
	CHECK(ev.start_after_ns == 0 && ev.start_by_ns == NS(50));
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_PARTIAL, NS(50), &ev, &ins), EVENT_OUTAGE_START);
	CHECK_EQ(ev.scope, STATE_PARTIAL);
	/* The first verdict unknown: nothing. */
	target_memory_reset(tm);
	CHECK_EQ(see(tm, STATE_UNKNOWN, NS(50), &ev, &ins), EVENT_NONE);
	CHECK(tm->has_state && tm->since_ns == NS(50));
	baseline_free(&bl);
	target_set_free(&set);
}

static void
test_instability(void)
{
	static const float rates[] = { 0.2f, 0.4f, -1, 0.6f, 0.2f };
	struct target_memory tm;
	struct event_info ev;
	struct instability ins;
	double mean, sd;
	unsigned i;

	TEST("instability");
	memset(&tm, 0, sizeof(tm));
	tm.state = STATE_UNKNOWN;
	/* up, up, down, down, up: two changes; /24 changes 0+1+2+0+3. */
	target_memory_observe(&tm, STATE_UP, NS(1), 0, rates[0], &ev, &ins);
	CHECK_EQ(ins.window, 1);
	CHECK(ins.has_rate && NEAR(ins.rate_mean, 0.2, 1e-6) &&
	      NEAR(ins.rate_sd, 0, 1e-6));
	target_memory_observe(&tm, STATE_UP, NS(2), 1, rates[1], &ev, &ins);
	target_memory_observe(&tm, STATE_DOWN, NS(3), 2, rates[2], &ev, &ins);
	target_memory_observe(&tm, STATE_DOWN, NS(4), 0, rates[3], &ev, &ins);
	target_memory_observe(&tm, STATE_UP, NS(5), 3, rates[4], &ev, &ins);
	CHECK_EQ(ins.window, 5);
	CHECK_EQ(ins.state_changes, 2);
	CHECK_EQ(ins.block_changes, 6);
	/* Rates 0.2, 0.4, 0.6, 0.2 (the -1 is no rate): mean 0.35,
	 * population sd sqrt(((.15)^2 + (.05)^2 + (.25)^2 + (.15)^2) / 4). */
	mean = 0.35;
	sd = sqrt((0.0225 + 0.0025 + 0.0625 + 0.0225) / 4);
	CHECK(ins.has_rate);
	CHECK(NEAR(ins.rate_mean, mean, 1e-6));
	CHECK(NEAR(ins.rate_sd, sd, 1e-6));
	/* block_changes beyond 255 are stored as 255. */
	target_memory_observe(&tm, STATE_UP, NS(6), 1000, -1, &ev, &ins);
	CHECK_EQ(ins.block_changes, 6 + 255);
	/* The window is the last HISTORY_LEN rounds. */
	for (i = 0; i < HISTORY_LEN; i++)
		target_memory_observe(&tm, i % 2 ? STATE_UP : STATE_PARTIAL,
				      NS(10 + i), 1, 1.0, &ev, &ins);
	CHECK_EQ(ins.window, HISTORY_LEN);
	CHECK_EQ(ins.state_changes, HISTORY_LEN - 1);
	CHECK_EQ(ins.block_changes, HISTORY_LEN);
	CHECK(NEAR(ins.rate_mean, 1.0, 1e-9) && NEAR(ins.rate_sd, 0, 1e-6));
	/* No rate in the window at all: none. */
	memset(&tm, 0, sizeof(tm));
	target_memory_observe(&tm, STATE_UP, NS(1), 0, -1, &ev, &ins);
	CHECK(!ins.has_rate);
}

int
main(void)
{
	test_belief_update();
	test_belief_runs();
	test_block_belief();
	test_recheck_pooled();
	test_binomial();
	test_ever();
	test_memory();
	test_history();
	test_events();
	test_instability();
	return test_report("test_belief");
}

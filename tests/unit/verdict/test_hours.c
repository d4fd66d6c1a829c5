/*
 * test_hours.c - A(b) by hour of the day (baseline.c): what a round at an
 * hour is judged against, from the 24 learned hours or from fewer.
 */
#include "blackout/verdict/baseline.h"

#include <math.h>
#include <string.h>

#include "testhelp.h"

/* A /24 with A(b) avail whose hours learned a(k) = mean + amp cos(15
 * degrees (k - peak)), each kept as its nearest level. */
static void
learned(struct block_memory *bm, double avail, double mean, double amp,
	int peak)
{
	int k;

	memset(bm, 0, sizeof(*bm));
	bm->avail = avail;
	for (k = 0; k < 24; k++)
		bm->avail_hour[k] = avail_level_of(
			mean + amp * cos(M_PI * (k - peak) / 12));
}

/* The fit less the margin a round takes off it, 0.3 in logit(A). */
static double
less(double a)
{
	return a / (a + (1 - a) * exp(0.3));
}

/* What an hour that learned a keeps: its nearest level. */
static double
kept(double a)
{
	return avail_level_value(avail_level_of(a));
}

static void
test_fit(void)
{
	struct block_memory bm;
	int k;

	TEST("a diurnal /24: each hour its swing less the margin, rounded");
	learned(&bm, 0.95, 0.75, 0.15, 3);
	for (k = 0; k < 24; k++) {
		double truth = 0.75 + 0.15 * cos(M_PI * (k - 3) / 12);

		CHECK(fabs(block_avail_at(&bm, k) - less(truth)) < 0.02);
	}
	CHECK(block_avail_at(&bm, 15) < 0.55); /* the trough, 0.6 */
	CHECK(block_avail_at(&bm, 3) > 0.85);  /* the peak, 0.9 */

	TEST("the fit itself, without the margin, for a partial target's "
	     "checks");
	for (k = 0; k < 24; k++) {
		double truth = 0.75 + 0.15 * cos(M_PI * (k - 3) / 12);

		CHECK(fabs(block_avail_fit(&bm, k) - truth) < 0.02);
		CHECK(fabs(less(block_avail_fit(&bm, k)) -
			   block_avail_at(&bm, k)) < 1e-12);
	}

	TEST("one unlucky hour moves its value by an eighth, not a third");
	learned(&bm, 0.8, 0.8, 0, 0);
	bm.avail_hour[10] = avail_level_of(0.2);
	/* Its neighbours' mean would say 0.6; the fit 0.8 - 0.6 / 8, and
	 * at the opposite hour 0.8 + 0.6 / 24. */
	CHECK(fabs(block_avail_at(&bm, 10) -
		   less(kept(0.8) - (kept(0.8) - kept(0.2)) / 8)) < 1e-9);
	bm.avail = 0.9; /* not to cap the opposite hour */
	CHECK(fabs(block_avail_at(&bm, 22) -
		   less(kept(0.8) + (kept(0.8) - kept(0.2)) / 24)) < 1e-9);

	TEST("never above A(b), never below half of it");
	learned(&bm, 0.5, 0.6, 0.35, 0);
	CHECK(block_avail_at(&bm, 0) == 0.5);
	CHECK(block_avail_at(&bm, 12) == 0.25);
	TEST("a /24 whose A(b) is not learned has none by hour either");
	bm.avail = -1;
	CHECK(block_avail_at(&bm, 12) < 0);
}

static void
test_partly(void)
{
	struct block_memory bm;

	TEST("until all 24 are learned: the hour and its neighbours' mean");
	memset(&bm, 0, sizeof(bm));
	bm.avail = 0.9;
	bm.avail_hour[9] = avail_level_of(0.4);
	bm.avail_hour[10] = avail_level_of(0.6);
	bm.avail_hour[11] = avail_level_of(0.8);
	CHECK(fabs(block_avail_at(&bm, 10) -
		   (kept(0.4) + kept(0.6) + kept(0.8)) / 3) < 1e-9);
	CHECK(fabs(block_avail_at(&bm, 12) - kept(0.8)) < 1e-9);
	TEST("an hour with no learned neighbour: A(b)");
	CHECK(block_avail_at(&bm, 20) == 0.9);
	TEST("no hour given (-1): A(b)");
	CHECK(block_avail_at(&bm, -1) == 0.9);
}

static void
test_learn(void)
{
	struct block_memory bm;
	int i;

	TEST("an hour's first round starts from A(b) and moves by 0.2");
	memset(&bm, 0, sizeof(bm));
	bm.avail = 0.5;
	block_learn_hour(&bm, 7, true);
	CHECK_EQ(bm.avail_hour[7], avail_level_of(0.6));
	TEST("rounds that always answer take the hour to the top levels");
	for (i = 0; i < 40; i++)
		block_learn_hour(&bm, 7, true);
	CHECK(bm.avail_hour[7] >= AVAIL_LEVELS - 1);
	TEST("an hour out of range is ignored");
	block_learn_hour(&bm, 24, false);
	block_learn_hour(&bm, -1, false);
	CHECK(bm.avail_hour[7] >= AVAIL_LEVELS - 1);
}

/* The levels' values as baseline.c defined them before its table: 0.3 in
 * logit(A) a level, 0.5 at level 16, through libm's exp() at run time
 * (volatile, so the compiler cannot fold it to its own rounding). */
static double
formula(unsigned q)
{
	volatile double step = 0.3, mid = 16;

	return 1 / (1 + exp(-step * ((double)q - mid)));
}

static void
test_levels(void)
{
	unsigned q, same = 0;

	TEST("every level read from the table is the formula's, exactly");
	for (q = 0; q <= UINT8_MAX; q++) {
		double t = avail_level_value((uint8_t)q), f = formula(q);

		if (t == f)
			same++;
		else
			fprintf(stderr, "level %u: %.17g, formula %.17g\n", q,
				t, f);
	}
	CHECK_EQ(same, UINT8_MAX + 1);
}

int
main(void)
{
	test_levels();
	test_fit();
	test_partly();
	test_learn();
	return test_report("test_hours");
}

/*
 * test_accum.c - a target's counters and RTTs summed over windows
 * (accum.h): the binned median against the exact one, the bounds, and the
 * counters and unreachable reports merged.
 */
#include "blackout/verdict/accum.h"

#include <math.h>

#include "testhelp.h"

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Spread samples: the median within 0.6% of the exact one. */
static void
test_median(void)
{
	static double ms[10001], sorted[10001];
	struct rtt_hist h = { 0 };
	uint64_t x = 88172645463325252ull;
	size_t i, n;

	TEST("rtt_hist_median");
	for (n = 1; n <= 10001; n += 2500) {
		for (i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			ms[i] = 0.05 + (double)(x % 1000000) / 1000.0;
		}
		rtt_hist_add(&h, ms, n / 2);
		rtt_hist_add(&h, ms + n / 2, n - n / 2); /* two windows */
		memcpy(sorted, ms, n * sizeof(*ms));
		qsort(sorted, n, sizeof(*sorted), dcmp);
		CHECK_EQ(h.n, n);
		CHECK(h.min == sorted[0] && h.max == sorted[n - 1]);
		CHECK(fabs(rtt_hist_median(&h) / sorted[n / 2] - 1) < 0.006);
		rtt_hist_free(&h);
	}
}

/* One value, or samples past the bins: kept within min and max. */
static void
test_bounds(void)
{
	struct rtt_hist h = { 0 };
	double same[3] = { 25, 25, 25 }, wide[4] = { 0, 1e-9, 9e6, 9e6 };

	TEST("rtt_hist bounds");
	rtt_hist_add(&h, same, 3);
	CHECK(rtt_hist_median(&h) == 25);
	rtt_hist_free(&h);
	rtt_hist_add(&h, wide, 4);
	CHECK(h.min == 0 && h.max == 9e6);
	CHECK(rtt_hist_median(&h) >= 0 && rtt_hist_median(&h) <= 9e6);
	rtt_hist_free(&h);
	rtt_hist_add(&h, NULL, 0);
	CHECK(h.bin == NULL && h.n == 0);
}

static void
test_merge(void)
{
	struct target_stats a = { 0 }, b = { 0 }, sum = { 0 };

	TEST("target_stats_merge");
	a.sent = 10, a.replies = 4, a.method_sent[1] = 10;
	a.method_count[1][1] = 3, a.late = 1;
	target_stats_add_unreach(&a, 0x01020304, 3, 1);
	target_stats_add_unreach(&a, 0x01020304, 3, 1);
	b.sent = 5, b.send_errors = 2, b.method_sent[1] = 5, b.duplicate = 7;
	target_stats_add_unreach(&b, 0x01020304, 3, 1);
	target_stats_add_unreach(&b, 0x05060708, 3, 0);
	target_stats_merge(&sum, &a);
	target_stats_merge(&sum, &b);
	CHECK_EQ(sum.sent, 15);
	CHECK_EQ(sum.send_errors, 2);
	CHECK_EQ(sum.replies, 4);
	CHECK_EQ(sum.late, 1);
	CHECK_EQ(sum.duplicate, 7);
	CHECK_EQ(sum.method_sent[1], 15);
	CHECK_EQ(sum.method_count[1][1], 3);
	CHECK_EQ(sum.n_unreach, 2);
	CHECK_EQ(sum.unreach[0].router, 0x01020304);
	CHECK_EQ(sum.unreach[0].count, 3);
	CHECK_EQ(sum.unreach[1].router, 0x05060708);
	CHECK_EQ(sum.unreach[1].count, 1);
	free(a.unreach);
	free(b.unreach);
	free(sum.unreach);
}

int
main(void)
{
	test_median();
	test_bounds();
	test_merge();
	return test_report("test_accum");
}

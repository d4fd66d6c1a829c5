/*
 * test_ratelimit.c - the token bucket holds the rate it was given.
 *
 * Measured as tokens against time, so a loaded machine cannot make it
 * flaky in the direction that matters: the bucket may never hand out more
 * than rate x elapsed plus its burst allowance (checked tightly, load or
 * not, on every try), and it should not fall far behind (checked
 * generously). A process stalled longer than the burst allowance loses
 * those tokens by design (no flood after a stall), and a busy two-core box
 * may stall a sleeper a tenth of a second: the floor holds if one of
 * TRIES tries reaches it. A bucket that falls behind by itself misses it
 * every time.
 */
#include "blackout/probe/ratelimit.h"
#include "blackout/util.h"

#include "testhelp.h"

/* Waits batches of n at rate for about seconds; returns tokens granted. */
static double
run(double rate, unsigned n, double seconds, double *elapsed)
{
	struct ratelimit rl;
	int64_t t0, end;
	double tokens = 0;

	ratelimit_init(&rl, rate, &clock_system);
	t0 = clock_mono_ns();
	end = t0 + (int64_t)(seconds * 1e9);
	while (clock_mono_ns() < end) {
		ratelimit_wait(&rl, n);
		tokens += n;
	}
	*elapsed = (double)(clock_mono_ns() - t0) / 1e9;
	return tokens;
}

#define TRIES 3

static void
check_rate(const char *name, double rate, unsigned n, double seconds,
	   double low)
{
	/* The first batch goes at once; the burst may be caught up. */
	double burst = rate * 0.002 > 16 ? rate * 0.002 : 16;
	double elapsed, tokens, best = 0;
	int try;

	TEST(name);
	for (try = 1; try <= TRIES && best < rate * seconds * low; try++) {
		tokens = run(rate, n, seconds, &elapsed);
		printf("%s, try %d: %.0f tokens in %.3f s = %.1f/s (asked "
		       "%.0f/s)\n",
		       name, try, tokens, elapsed, tokens / elapsed, rate);
		CHECK(tokens <= rate * elapsed + n + burst);
		CHECK(tokens <= rate * seconds * 1.03 + n + burst);
		if (tokens > best)
			best = tokens;
	}
	CHECK(best >= rate * seconds * low);
}

static void
test_unlimited(void)
{
	struct ratelimit rl;
	int64_t t0 = clock_mono_ns();
	unsigned i;

	TEST("unlimited");
	ratelimit_init(&rl, 0, &clock_system);
	for (i = 0; i < 1000000; i++)
		ratelimit_wait(&rl, 256);
	CHECK(clock_mono_ns() - t0 < 1000000000); /* never waits */
}

static void
test_batch(void)
{
	TEST("batch");
	CHECK_EQ(ratelimit_batch(1, 256), 1);
	CHECK_EQ(ratelimit_batch(1000, 256), 1);
	CHECK_EQ(ratelimit_batch(100000, 256), 50);
	CHECK_EQ(ratelimit_batch(10000000, 256), 256);
	CHECK_EQ(ratelimit_batch(0, 256), 256);
}

int
main(void)
{
	test_batch();
	test_unlimited();
	check_rate("1000pps", 1000, 1, 1.0, 0.90);
	check_rate("100pps", 100, 1, 1.0, 0.90);
	check_rate("5pps", 5, 1, 1.0, 0.80);
	check_rate("200kpps-batch64", 200000, 64, 0.5, 0.50);
	return test_report("test_ratelimit");
}

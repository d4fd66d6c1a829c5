/*
 * ratelimit.c - token bucket pacing (see ratelimit.h).
 *
 * Invariant: at any time t, granted <= rate * (t - start_ns) + n of the
 * batch just granted; start_ns only moves forward, when we fell behind.
 */
#include "blackout/probe/ratelimit.h"

#include "blackout/util.h"

#define SLACK_INIT_NS 60000 /* a first guess at nanosleep's lateness */
#define SLACK_MIN_NS 5000
#define SLACK_MAX_NS 250000  /* rarer, later wake-ups are let through */
#define BURST_MIN_NS 2000000 /* catch up at most 2 ms of probes ... */
#define BURST_PROBES 16	     /* ... or 16 probes, whichever is more */
#define BATCH_SECONDS 0.0005

void
ratelimit_init(struct ratelimit *rl, double rate, const struct clock *clock)
{
	rl->clock = clock;
	rl->rate = rate > 0 ? rate : 0;
	rl->start_ns = clock_mono(clock);
	rl->granted = 0;
	rl->burst_ns = BURST_MIN_NS;
	if (rate > 0 && BURST_PROBES * 1e9 / rate > BURST_MIN_NS)
		rl->burst_ns = (int64_t)(BURST_PROBES * 1e9 / rate);
	rl->slack_ns = SLACK_INIT_NS;
	rl->late_ns = SLACK_INIT_NS / 2;
}

size_t
ratelimit_batch(double rate, size_t max)
{
	double n = rate * BATCH_SECONDS;

	if (rate <= 0 || n >= (double)max)
		return max;
	return n < 1 ? 1 : (size_t)n;
}

/*
 * Sleeps toward due, leaving the slack to spin, and learns the slack: twice
 * the running mean of how late nanosleep wakes. A rare wake-up later than
 * that delays one batch, not the rate: deadlines are absolute, so the next
 * batches catch up.
 */
static void
sleep_toward(struct ratelimit *rl, int64_t due)
{
	int64_t target = due - rl->slack_ns, late;

	clock_sleep_until(rl->clock, target);
	late = clock_mono(rl->clock) - target;
	if (late > SLACK_MAX_NS)
		late = SLACK_MAX_NS;
	rl->late_ns += (late - rl->late_ns) / 16;
	rl->slack_ns = 2 * rl->late_ns;
	if (rl->slack_ns < SLACK_MIN_NS)
		rl->slack_ns = SLACK_MIN_NS;
	if (rl->slack_ns > SLACK_MAX_NS)
		rl->slack_ns = SLACK_MAX_NS;
}

void
ratelimit_wait(struct ratelimit *rl, unsigned n)
{
	int64_t now, due;

	if (rl->rate <= 0)
		return;
	now = clock_mono(rl->clock);
	due = rl->start_ns + (int64_t)((double)rl->granted * 1e9 / rl->rate);
	if (now - due > rl->burst_ns) { /* no flood after a stall */
		rl->start_ns = now - rl->burst_ns;
		rl->granted = 0;
		due = rl->start_ns;
	}
	if (due - now > rl->slack_ns)
		sleep_toward(rl, due);
	/* The last few microseconds: spin, nanosleep is not that precise. A
	 * clock whose sleeps are exact (a simulated one) just sleeps. */
	while (clock_mono(rl->clock) < due)
		if (rl->clock->ops->exact)
			clock_sleep_until(rl->clock, due);
	rl->granted += n;
}

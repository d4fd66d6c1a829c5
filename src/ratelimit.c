/*
 * ratelimit.c - token bucket pacing (see ratelimit.h).
 */
#include "blackout/ratelimit.h"

#include "blackout/util.h"

#define SPIN_NS 50000 /* below this, sleeping overshoots: spin instead */
#define BURST_PROBES 16

void
ratelimit_init(struct ratelimit *rl, double rate)
{
	rl->rate = rate;
	rl->gap_ns = rate > 0 ? (int64_t)(1e9 / rate) : 0;
	if (rl->gap_ns == 0 && rate > 0)
		rl->gap_ns = 1;
	rl->burst_ns = rl->gap_ns * BURST_PROBES;
	rl->next_ns = clock_mono_ns();
}

void
ratelimit_wait(struct ratelimit *rl, unsigned n)
{
	int64_t now;

	if (rl->rate <= 0)
		return;
	now = clock_mono_ns();
	if (rl->next_ns < now - rl->burst_ns)
		rl->next_ns = now - rl->burst_ns; /* no flood after a stall */
	while (now < rl->next_ns) {
		if (rl->next_ns - now > SPIN_NS)
			sleep_ns(rl->next_ns - now - SPIN_NS / 2);
		now = clock_mono_ns();
	}
	rl->next_ns += rl->gap_ns * (int64_t)n;
}

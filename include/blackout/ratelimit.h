/*
 * ratelimit.h - pacing probes at a steady rate.
 *
 * A token bucket with a small burst allowance: each probe is due 1/rate
 * seconds after the previous one; a sender that falls behind may catch up by
 * at most `burst` probes, so a stall never turns into a flood. Waits sleep
 * when the gap is long and spin for the last few microseconds, which holds
 * rates from 1 pps to hundreds of thousands.
 */
#ifndef BLACKOUT_RATELIMIT_H
#define BLACKOUT_RATELIMIT_H

#include <stdint.h>

struct ratelimit {
	double rate;	 /* probes per second; 0 = unlimited */
	int64_t gap_ns;	 /* 1e9 / rate */
	int64_t next_ns; /* when the next probe is due (monotonic) */
	int64_t burst_ns;
};

void ratelimit_init(struct ratelimit *rl, double rate);

/*
 * Blocks until the next n probes may go out and accounts for them. Returns
 * at once when the rate is unlimited.
 */
void ratelimit_wait(struct ratelimit *rl, unsigned n);

#endif /* BLACKOUT_RATELIMIT_H */

/*
 * ratelimit.h - pacing probes at a steady rate, whole batches at a time.
 *
 * A token bucket with a small burst allowance: the k-th probe since the
 * bucket was last reset is due k/rate seconds after that reset, so the
 * average holds exactly however the probes are grouped; a sender that falls
 * behind by more than the burst allowance loses the excess, so a stall
 * never turns into a flood. A batch of n probes goes when its first probe
 * is due and takes n tokens.
 *
 * Waiting sleeps while the deadline is far and spins for the last stretch;
 * that stretch (the slack) is calibrated as it goes, from how late
 * nanosleep actually wakes on this machine, so low rates cost little CPU
 * and high rates still leave on time. A rate of 0 never waits.
 */
#ifndef BLACKOUT_RATELIMIT_H
#define BLACKOUT_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/clock.h"

struct ratelimit {
	const struct clock *clock;
	double rate;	  /* probes per second; 0 = unlimited */
	int64_t start_ns; /* monotonic time of the last reset */
	uint64_t granted; /* tokens handed out since start_ns */
	int64_t burst_ns; /* how far behind the schedule we may fall */
	int64_t slack_ns; /* spin, not sleep, this close to a deadline */
	int64_t late_ns;  /* running mean of nanosleep's lateness */
};

/*
 * Starts the bucket at rate probes per second (0 = unlimited), timed and
 * waiting by clock (which must outlive it).
 */
void ratelimit_init(struct ratelimit *rl, double rate,
		    const struct clock *clock);

/*
 * Blocks until the next n probes may go out and accounts for them. Returns
 * at once when the rate is unlimited.
 */
void ratelimit_wait(struct ratelimit *rl, unsigned n);

/*
 * The batch size that suits the rate: about half a millisecond of probes,
 * from 1 at low rates up to max (also for an unlimited rate).
 */
size_t ratelimit_batch(double rate, size_t max);

#endif /* BLACKOUT_RATELIMIT_H */

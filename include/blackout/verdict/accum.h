/*
 * accum.h - a target's round summed over the windows it was planned in:
 * its probe counters, and its RTTs in a fixed number of bins instead of
 * every sample (a census of a /8 draws millions).
 *
 * The bins are 1/64 of a doubling wide (about 1.1%), from 2^-10 ms to
 * 2^18 ms; a sample outside falls in the first or last. The median is the
 * middle of the bin that holds it (the mean of two for an even count),
 * kept within the exact minimum and maximum, so it is within about 0.55%
 * of the exact one.
 */
#ifndef BLACKOUT_ACCUM_H
#define BLACKOUT_ACCUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/plan.h"

#define RTT_BINS_PER_DOUBLING 64
#define RTT_LOG2_MIN (-10)
#define RTT_LOG2_MAX 18
#define RTT_BINS (RTT_BINS_PER_DOUBLING * (RTT_LOG2_MAX - RTT_LOG2_MIN))

struct rtt_hist {
	uint64_t n;
	double min, max; /* exact */
	uint32_t *bin;	 /* RTT_BINS, allocated by the first sample */
};

/* Adds n samples, in milliseconds, to h. */
void rtt_hist_add(struct rtt_hist *h, const double *ms, size_t n);

/* The median of h's samples (h->n > 0), from the bins. */
double rtt_hist_median(const struct rtt_hist *h);

void rtt_hist_free(struct rtt_hist *h);

/*
 * The exact minimum, median and maximum of st's RTT samples, which it
 * sorts: false when it has none.
 */
bool rtt_exact(struct target_stats *st, double *min, double *median,
	       double *max);

/*
 * Adds src's counters to dst: sends, answers, the per-method counters and
 * the unreachable reports (the same router, type and code summed). Not
 * the RTT samples (rtt_hist_add). dst owns its unreach array.
 */
void target_stats_merge(struct target_stats *dst,
			const struct target_stats *src);

#endif /* BLACKOUT_ACCUM_H */

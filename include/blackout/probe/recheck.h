/*
 * recheck.h - telling a router's cap on ICMP answers from a partial
 * outage: the recheck wave of a census that fell short.
 *
 * A router that answers at most R ICMP echoes a second for a prefix makes
 * a census at full speed look partial: the first answers come, then the
 * rest of E(b) goes silent at the cap, while the hosts are all up. So
 * when a census falls significantly short of the baseline (the test of
 * classify_census_short), the round adds one wave: at most RECHECK_MAX of
 * the silent E(b) addresses of each such target, chosen at random and
 * re-probed at RECHECK_PPS a target (targets interleaved, the global rate
 * still the ceiling), then waited for like any wave, and the still silent
 * ones again, as often as --retries re-probes a census. If they answer as
 * an all-up target's would (classify_recheck_pvalue), the silence was the
 * cap: the target stays up, "ICMP answers rate-limited (~R/s)", R being
 * the answers a second in the second half of wave 0, when a cap's bucket
 * is empty and answers come at its flat rate. If they stay silent, the
 * silence is real and the target is partial as before.
 *
 * It costs nothing unless the census test fires, and then at most
 * RECHECK_MAX probes a target and a timeout, and a few more per retry.
 */
#ifndef BLACKOUT_RECHECK_H
#define BLACKOUT_RECHECK_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/plan.h"
#include "blackout/probe/sampler.h"

#define RECHECK_MAX 16 /* silent E(b) addresses re-probed per target */
#define RECHECK_PPS 10 /* ... at most this many a second per target */

struct target_memory;

/*
 * After wave 0 (pairs[0..n), sent over `seconds`): each plan target's
 * live E(b) answers to the second half of the wave, a second, into its
 * recheck.rate.
 */
void recheck_tail(struct plan *plan, const struct pair *pairs, size_t n,
		  double seconds);

/*
 * The recheck wave: for every plan target whose census fell short
 * (tms[i] is plan target i's memory), at most RECHECK_MAX of its silent
 * E(b) records, at random, each with its first wanted method, the
 * targets interleaved. Fills each such target's recheck.n, .x and
 * .probed, *n with the pairs and *targets with the targets. The caller
 * frees the array (NULL when *n is 0).
 */
struct pair *recheck_pick(struct plan *plan, const struct target_memory *tms,
			  struct rng *rng, size_t *n, size_t *targets);

/* After the recheck wave: which of pairs[0..n) answered, per target. */
void recheck_count(struct plan *plan, const struct pair *pairs, size_t n);

/*
 * Keeps, in order, the pairs of pairs[0..n) with neither an answer nor an
 * error yet (the next recheck wave's); returns how many.
 */
size_t recheck_silent(const struct plan *plan, struct pair *pairs, size_t n);

/* The recheck wave's rate: RECHECK_PPS per target, at most rate (0 =
 * unlimited). */
double recheck_rate(double rate, size_t targets);

#endif /* BLACKOUT_RECHECK_H */

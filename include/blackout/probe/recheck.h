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
 * the ICMP answers a second in the second half of wave 0 (of each part of
 * it, when it was paced), when a cap's bucket is empty and answers come
 * at its flat rate. If they stay silent, the
 * silence is real and the target is partial as before.
 *
 * It costs nothing unless the census test fires, and then at most
 * RECHECK_MAX probes a target and a timeout, and a few more per retry.
 *
 * The cap once known (target_memory.cap_pps, R), later rounds pace the
 * target: every wave's ICMP probes to its E(b) go at PACE_SHARE of R
 * (recheck_split), after the wave's other probes, so a census of it is
 * answered as if there were no cap and needs neither the recheck nor the
 * retries the cap would have silenced. A wave's paced probes of one
 * target are spread over PACE_SPAN_S at most: a wider target goes faster
 * than its cap, and the recheck tells the cap again. Every PACE_RETEST
 * paced rounds, one goes at full speed to measure the cap anew: one all
 * up forgets it (an adaptive round, which cannot measure it, too).
 */
#ifndef BLACKOUT_RECHECK_H
#define BLACKOUT_RECHECK_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/plan.h"
#include "blackout/probe/sampler.h"

#define RECHECK_MAX 16 /* silent E(b) addresses re-probed per target */
#define RECHECK_PPS 10 /* ... at most this many a second per target */
#define PACE_SHARE 0.8 /* a known cap's targets: E(b) paced at 0.8 R */
#define PACE_SPAN_S 60 /* ... over a minute at most a wave */
#define PACE_RETEST 6  /* paced rounds before one at full speed */

struct target_memory;

/*
 * After wave 0, or a part of it sent at one pace (pairs[0..n), sent over
 * `seconds`): each plan target's live E(b) answers to the ICMP probes of
 * the second half of the part, a second, added to its recheck.rate (0 in
 * a new plan).
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

/* A signal stopped the recheck wave of pairs[0..n): their targets are
 * cut (recheck.cut). */
void recheck_cut(struct plan *plan, const struct pair *pairs, size_t n);

/*
 * Keeps, in order, the pairs of pairs[0..n) with neither an answer nor an
 * error yet (the next recheck wave's); returns how many.
 */
size_t recheck_silent(const struct plan *plan, struct pair *pairs, size_t n);

/* The recheck wave's rate: RECHECK_PPS per target, at most rate (0 =
 * unlimited). */
double recheck_rate(double rate, size_t targets);

/*
 * Sets the cap each target of plan (tms[i] is plan target i's memory, or
 * tms is NULL) is paced under this round (plan_target.cap): its known
 * one, or 0 (none known, or the round after PACE_RETEST paced rounds,
 * which measures it again at full speed).
 */
void recheck_caps(struct plan *plan, const struct target_memory *tms);

/*
 * Orders the n pairs of a wave for sending: those at the run's rate
 * first, as they came, then the paced ones, the ICMP probes of E(b)
 * records of targets with a cap (plan_target.cap), each target's at its
 * pace this wave (PACE_SHARE of its cap, or its pairs of the wave over
 * PACE_SPAN_S if faster), interleaved by when that pace lets each go.
 * Keeps the fastest pace of the round in each paced target's .pace;
 * returns how many go first, and in *rate the rate to send the paced ones
 * at, all of them over the time the slowest target's take (0 when none
 * is paced).
 */
size_t recheck_split(struct plan *plan, struct pair *pairs, size_t n,
		     double *rate);

#endif /* BLACKOUT_RECHECK_H */

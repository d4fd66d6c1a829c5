/*
 * spot.h - partial outages inside the /24s, found in adaptive rounds.
 *
 * An adaptive round stops at a /24's first answer, so half the hosts of
 * every /24 going dark leaves every /24 up. Two steps find it at a cost
 * only when there is a reason to look:
 *
 * Suspicion. Each adaptive round, every up block's first outcome (the one
 * free of the stopping bias) adds its log-likelihood ratio to a CUSUM of
 * the target: "a share of E(b) dark" (an answer with chance A/2) against
 * "all of E(b) live" (chance A), A the hour's A(b). A reply adds log 1/2,
 * a silence log((1 - A/2) / (1 - A)). It only decides whether to look
 * closer, never the verdict: past SPOT_TRIP the next round is a spot
 * check.
 *
 * Spot check. Each adaptive block of the target probes k addresses of
 * E(b) at once (the first k of the round's random order of E(b); k from
 * SPOT_POOL or SPOT_POOL_HIGH, SPOT_MIN and SPOT_MAX), and each silent one once more: a
 * live host answers one of the two with chance 1 - (1 - A)^2, a dark one
 * never. Pooled over the target, the answers are tested against that
 * expectation with the one-sided binomial test: partial when p <
 * SPOT_ALPHA and fewer than SPOT_RATIO of the answers expected came (a
 * loss step moves the rate by 15% at most with the retry; half the hosts
 * dark halves it). The check's outcomes are the belief's observations for
 * the round, within the 15-probe budget (2k <= 14).
 *
 * A check that finds nothing teaches A(b) its wave-0 outcomes (first
 * probes of random E(b) addresses, what A(b) measures) and clears the
 * suspicion: a loss step is learned at once instead of over 20 rounds.
 * While partial, A(b) learns nothing, the target stays partial between
 * checks, and a check runs every SPOT_EVERY rounds until one finds the
 * share back.
 */
#ifndef BLACKOUT_SPOT_H
#define BLACKOUT_SPOT_H

#include <stddef.h>

#include "blackout/probe/plan.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

#define SPOT_TRIP 3.0	 /* CUSUM (log-likelihood ratio) that calls a check */
#define SPOT_POOL 20	 /* addresses a check aims at, over the target */
/* ... or, when the target's mean A(b) is at least SPOT_HIGH_AVAIL, this
 * many: a live address then answers one of two probes 94% of the time or
 * more, and 16 tell half the hosts dark (p < 1e-6) as well as 24 would. */
#define SPOT_POOL_HIGH 16
#define SPOT_HIGH_AVAIL 0.75
#define SPOT_MIN 3	 /* addresses per /24, at least */
#define SPOT_MAX 7	 /* ... at most: 2 x 7 probes within the budget */
#define SPOT_ALPHA 0.001 /* significance of "far below A(b)" */
#define SPOT_RATIO 0.75	 /* answers at most this share of the expected */
#define SPOT_ALPHA_SURE 1e-6 /* significance that asks no second check */
#define SPOT_EVERY 2	 /* rounds between checks while partial */

/*
 * Addresses per adaptive /24 that a round spot-checks in a target of
 * n_blocks planned /24s: 0 when no check is due.
 */
unsigned spot_size(const struct target_memory *tm, size_t n_blocks);

/*
 * After the round's verdict on plan target ti (learn: the vantage was
 * up): judges a spot check if the round was one, else feeds the
 * suspicion; a target found partial by a check stays so while out says
 * up. Updates out's state and reason, and tm->spot.
 */
void spot_classify(const struct plan *plan, size_t ti,
		   struct target_memory *tm, int hour,
		   struct target_summary *out);

#endif /* BLACKOUT_SPOT_H */

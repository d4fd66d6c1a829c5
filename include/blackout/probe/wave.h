/*
 * wave.h - what each wave of a round probes.
 *
 * A round is a sequence of waves (prober.c): each sends its pairs, waits
 * out the timeout, and lets the next be planned from what answered.
 */
#ifndef BLACKOUT_WAVE_H
#define BLACKOUT_WAVE_H

#include <stddef.h>

#include "blackout/probe/plan.h"
#include "blackout/probe/sampler.h"

/* A cursor per plan block (n_blk of them), none probing yet; the caller
 * frees the array. */
struct block_cursor *wave_cursors_new(size_t n_blk);

/*
 * The (record, method) pairs wave w probes, in random order (rng): every
 * wanted pair of census, sparse, exploration and control records in wave
 * 0, the still-silent ones in waves 1..retries (the controls, while all
 * silent, to CONTROL_RETRIES at least); the next address of every
 * adaptive block whose belief is unresolved and whose budget allows (its
 * cursor moves on), past the budget only while the round does not say
 * the vantage is down; and the spot checks' pairs of the wave. *np receives
 * how many; the caller frees the array.
 */
struct pair *wave_pairs(const struct plan *plan, struct block_cursor *cur,
			unsigned w, unsigned retries, struct rng *rng,
			size_t *np);

/*
 * Trinocular's update (belief_observe) for each adaptive block probed in
 * wave w, and the spot checks' observation of it. A probe that never left
 * (a send error, an interrupt) is no observation at all: silence means
 * only what we asked and did not hear.
 */
void wave_observe(struct plan *plan, const struct block_cursor *cur,
		  unsigned w);

#endif /* BLACKOUT_WAVE_H */

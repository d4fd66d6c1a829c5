/*
 * spotcheck.h - the probe side of a spot check (the test is
 * verdict/spot.h's): where it starts in a block's queue, which pairs its
 * two waves probe, and what they found.
 *
 * A block's check takes pb->spot addresses of its adaptive queue from
 * pb->spot_first on, all at once in wave pb->spot_wave, and again in the
 * next wave those still silent whose first probe left; after a check of
 * its target in doubt, or while it is partial, the first pb->spot_again
 * of them are the hosts that check left silent (spotcheck_again).
 */
#ifndef BLACKOUT_SPOTCHECK_H
#define BLACKOUT_SPOTCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/plan.h"

/*
 * Starts a check of k addresses of pb in wave w, once its adaptive probes
 * are done: from position next of its queue, no more than the queue holds
 * from there (a confirmation, pb->spot_confirm, goes round the queue
 * again, as the adaptive probes of a block with no reply do: a block
 * whose silences went through all of it is still confirmed; one with
 * more of E(b) than its budget first takes the PLAN_QUEUE_SPARE fresh
 * addresses queued past it), nor than
 * half of what is left of `budget` after `probes` (a check costs two
 * probes an address at most). Returns the addresses it takes (0: no
 * check).
 */
unsigned spotcheck_start(struct plan_block *pb, unsigned k, size_t next,
			 unsigned probes, unsigned budget, unsigned w);

struct block_memory;

/*
 * Once pb's check is started, of a target whose last check was in doubt
 * or found it partial: moves the hosts that check left silent
 * (bm->silent) to the head of this one, those the queue holds past the
 * adaptive probes of the round, so that the pool, or the stay, can tell
 * silences that stay, as dark hosts', from lost probes or hosts back
 * (verdict/spot.h). Returns how many, also pb->spot_again.
 */
unsigned spotcheck_again(const struct plan *plan, struct plan_block *pb,
			 const struct block_memory *bm);

/* Whether wave w is one of pb's check (its first or its retry). */
bool spotcheck_in_wave(const struct plan_block *pb, unsigned w);

/*
 * The records and run methods that wave w of pb's check probes, into recs
 * and methods (room for pb->spot each). Returns how many.
 */
size_t spotcheck_pairs(const struct plan *plan, const struct plan_block *pb,
		       unsigned w, uint32_t *recs, uint8_t *methods);

/* Tallies wave w of pb's check: spot_sent and spot_first_ok from its
 * first wave, spot_ok from both. The belief is left alone. */
void spotcheck_observe(const struct plan *plan, struct plan_block *pb,
		       unsigned w);

struct target_memory;

/*
 * Whether pb's adaptive probes just turned it down: not down at the
 * round's start (in tm: up, or unknown after a round that could not
 * judge it), its belief now says down; or, when its target is
 * recovering, down and still so. The first gets a check of its own, a
 * confirmation (pb->spot_confirm): one answer makes it up. The second,
 * re-checked with the target's others down (belief_recheck_start), is
 * re-checked again alone (belief_reopen): from BELIEF_REOPEN when a
 * quarter of them or more came back (RECOVERY_MANY), else from
 * BELIEF_RECHECK.
 */
bool spotcheck_turned_down(const struct plan_block *pb,
			   const struct target_memory *tm, bool recovering);

/* How much of tg's outage is ending this round (spotcheck_recovering). */
enum recovery {
	RECOVERY_NONE, /* no block down at the round's start says up */
	RECOVERY_FEW,  /* some do, fewer than a quarter of them */
	RECOVERY_MANY, /* at least a quarter of them do */
};

/*
 * Whether adaptive blocks of tg that were down at the round's start now
 * say up: the end of an outage, when the blocks still believed down may
 * only have drawn a run of silences. When a quarter or more came back
 * (RECOVERY_MANY), those left are likely back too, and are re-checked as
 * strictly as an up block (BELIEF_REOPEN), at most three for each one
 * back; when fewer did, as when one of a hundred /24s each down for its
 * own reasons comes back, the others are likely still down, and the
 * strict re-check would cost each of them some 14 probes.
 */
enum recovery spotcheck_recovering(const struct plan *plan,
				   const struct plan_target *tg,
				   const struct target_memory *tm);

/* What a confirmation of pb may take its probes up to: the probes a
 * block with no reply may spend (belief_wants_probe), BELIEF_DOWN_BUDGET
 * or pb's budget when --sample sets more. */
unsigned spotcheck_confirm_budget(const struct plan_block *pb);

struct baseline;

/*
 * Once the adaptive waves of plan are done, at wave w (cur: where they
 * left each block's queue), starts the spot checks: in a target that
 * wants one (spot_wanted) every adaptive block, within its budget; else
 * the confirmations of blocks turned down (spotcheck_turned_down), within
 * spotcheck_confirm_budget(). None when the round's vantage is down. Returns how
 * many blocks it started.
 */
size_t spotcheck_schedule(struct plan *plan, const struct baseline *bl,
			  const struct block_cursor *cur, unsigned w);

#endif /* BLACKOUT_SPOTCHECK_H */

/*
 * watch.h - what watch rounds watch (prober.h runs them, half way between
 * regular rounds; man/blackout.8, "Watch rounds").
 *
 * A target is watched while an outage it is in took /24s down, to time
 * its end; and, up again, while a /24 that came back from down is still
 * watched, to time its start should it go again: /24s that go once often
 * go again (a flapping route, a failing link). Such a watch round of an
 * up target probes those /24s alone; the others keep their state and
 * belief through it (plan_block.carry), and the round says it looked at
 * some /24s only (LOOK_SOME), which the outage edges take into account
 * (baseline.c, change_estimate).
 */
#ifndef BLACKOUT_WATCH_H
#define BLACKOUT_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "blackout/verdict/baseline.h"

/*
 * Whether a watch round probes the /24: one not up, or back
 * up from down within the last WATCH_AFTER_ROUNDS regular rounds (of
 * the /24s of a target back in the same round, the one watch_one kept).
 * The others keep their state and belief through it (plan_block.carry).
 */
static inline bool
block_is_watched(const struct block_memory *bm)
{
	return bm->state != STATE_UP || bm->watch_left > 0;
}

/*
 * How long a /24 back from down is still watched: WATCH_AFTER_ROUNDS
 * regular rounds from the round that saw it back (a watch round takes
 * none off). A /24 not up is watched anyway, and has none left.
 * `watch`: the round is a watch round. now: the /24's state this round.
 */
void watch_learn(struct block_memory *bm, enum target_state now, bool watch);

/*
 * Of the /24s of a target back from down in the same round, one is
 * watched after: they went and came back together, and would go again
 * together; the one whose A(b) is highest tells soonest. Call it with
 * each in turn (kept NULL at first); it takes the others' rounds left
 * away and returns the one kept.
 */
struct block_memory *watch_one(struct block_memory *kept,
			       struct block_memory *bm);

/*
 * How a round looked at a target: at some /24s when it carried any
 * through (carried > 0); past such a round when it saw a /24 change that
 * such a round would not have probed; else at all. The caller leaves
 * that change out when a watched /24 went down in the same round: /24s
 * that came back together are taken to go together (watch_one), after
 * the watch round saw the watched one up. Were an unwatched one to go
 * before that watch round, the start would be late by up to three
 * quarters of a round, not half.
 */
enum round_look watch_look(uint32_t carried, bool unwatched_change);

/*
 * After the round's verdict: whether the target is watched half way to
 * the next round (tm->watch), and whether its outage, if any, has shown
 * a sign of one inside the /24s (tm->outage_inside, spot_quiet): a watch
 * round sees /24s come back, not their share of hosts, and would end
 * what a spot check found. state: the round's verdict; blocks_down its
 * /24s down; census: the round was a census (none is watched); after:
 * /24s back from down still watched.
 */
void watch_decide(struct target_memory *tm, enum target_state state,
		  uint32_t blocks_down, bool census, uint32_t after);

#endif /* BLACKOUT_WATCH_H */

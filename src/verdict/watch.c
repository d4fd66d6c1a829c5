/*
 * watch.c - what watch rounds watch (rules in watch.h).
 */
#include "blackout/verdict/watch.h"

#include <stddef.h>

#include "blackout/verdict/spot.h"

void
watch_learn(struct block_memory *bm, enum target_state now, bool watch)
{
	if (bm->state == STATE_DOWN && now == STATE_UP)
		bm->watch_left = WATCH_AFTER_ROUNDS;
	else if (now != STATE_UP)
		bm->watch_left = 0;
	else if (!watch && bm->watch_left > 0)
		bm->watch_left--;
}

struct block_memory *
watch_one(struct block_memory *kept, struct block_memory *bm)
{
	if (kept == NULL)
		return bm;
	if (bm->avail > kept->avail) {
		kept->watch_left = 0;
		return bm;
	}
	bm->watch_left = 0;
	return kept;
}

enum round_look
watch_look(uint32_t carried, bool unwatched_change)
{
	return carried > 0	  ? LOOK_SOME
	       : unwatched_change ? LOOK_PAST_SOME
				  : LOOK_ALL;
}

void
watch_decide(struct target_memory *tm, enum target_state state,
	     uint32_t blocks_down, bool census, uint32_t after)
{
	bool outage;

	tm->outage_inside = tm->in_outage &&
			    (tm->outage_inside || !spot_quiet(&tm->spot));
	outage = state == STATE_DOWN ||
		 (state == STATE_PARTIAL && !tm->outage_inside);
	tm->watch = !census && ((outage && blocks_down > 0) ||
				(state == STATE_UP && after > 0));
}

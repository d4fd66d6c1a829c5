/*
 * spotlook.h - what the spot check's rules read of a whole target at one
 * time (spot.h), apart so that a round's accumulator (classify.h) can
 * keep one.
 */
#ifndef BLACKOUT_SPOTLOOK_H
#define BLACKOUT_SPOTLOOK_H

#include <stdbool.h>

struct target_memory;

/*
 * Taken once per target and round (spot_look) so that what the rules ask
 * of each /24 costs the same whatever the target's size: a mean over a
 * /8's 65,536 /24s, asked for each of them, would be quadratic.
 */
struct spot_look {
	const struct target_memory *tm;
	int hour;   /* of the day (baseline_hour) */
	bool hours; /* tm's hours are learned (target_knows_hours) */
	bool well;  /* it answers well: mean A(b) SPOT_HIGH_AVAIL or more */
	bool dwell; /* its hosts may stay away (spot.h, SPOT_LEARN_AWAY) */
};

#endif

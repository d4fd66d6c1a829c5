/*
 * verdicts.h - a finished window's verdicts and lines: each target of the
 * window's plan classified (classify.h), its round line and, when its
 * state changed, its event line written, the metrics and the run totals
 * told.
 *
 * A target wider than one window is planned in parts (struct plan_range):
 * each part's /24s are judged and learn as their window ends, their sums
 * kept in a struct target_acc, and the target's verdict and lines come
 * once, after its last part, with its counters summed over the parts, the
 * most waves a part sent, the stray replies of its windows, and the
 * vantage up when any part's was.
 */
#ifndef BLACKOUT_VERDICTS_H
#define BLACKOUT_VERDICTS_H

#include <stdbool.h>

#include "blackout/metrics.h"
#include "blackout/output.h"
#include "blackout/probe/plan.h"
#include "blackout/verdict/classify.h"

struct baseline;

struct verdicts {
	struct output *out;
	struct baseline *baseline;
	struct metrics *metrics;   /* or NULL */
	enum target_state *states; /* the round's, in the set's order */
	struct target_acc acc;	   /* the target being summed over parts */
	uint64_t stray;		   /* ... its windows' stray replies */
	unsigned waves;		   /* ... the most waves a part sent */
};

/*
 * Judges the window plan (ri: the round, with this window's waves and
 * capture counters) and writes its lines. last: the window ends its
 * target (always, but for a part before the last). Returns 0, or -1 with
 * err when a line could not be written; every target is still judged.
 */
int verdicts_window(struct verdicts *v, struct plan *plan,
		    struct round_info *ri, bool last, struct bo_error *err);

#endif /* BLACKOUT_VERDICTS_H */

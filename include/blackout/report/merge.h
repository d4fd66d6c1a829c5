/*
 * merge.h - one target seen from several vantage points, for `blackout
 * report`: its outages on one timeline, who saw each, and whether it was
 * global or local; and the share of time at least one vantage saw it up.
 *
 * The rules (blackout-report(8), VANTAGES):
 *
 *   - Outages of the vantages that overlap in time are one outage: from
 *     the earliest start to the latest end, total when any vantage saw it
 *     total, with the /24s any of them found down.
 *   - A vantage "watched" an outage when one of its rounds with its own
 *     vantage not down fell between half its median gap before the start
 *     and the end (vantages' rounds are not in step). Vantages whose
 *     controls were down the whole time are counted neither way.
 *   - The outage is global when every vantage that watched it saw it, and
 *     local when one that watched it did not.
 *   - Merged availability: of the time some vantage had a verdict (up,
 *     partial or down, with its vantage not down), the share during which
 *     at least one of them saw the target up.
 */
#ifndef BLACKOUT_MERGE_H
#define BLACKOUT_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/report/summary.h"

struct merged_outage {
	struct summary_outage o; /* start, end, scope, blocks: the union */
	const char **vantages;	 /* the vantages that saw it, sorted */
	size_t n_vantages;
	bool global;
};

struct merge {
	const struct summary *per; /* one summary per vantage */
	size_t n;
	double avail_time;   /* -1 when no vantage had a verdict */
	size_t n_rounds;     /* all vantages' rounds in the window */
	int64_t first, last; /* the first and last of them */
	struct merged_outage *outages;
	size_t n_outages;
};

/*
 * Merges the n summaries of one target (one per vantage, each from its
 * own logfile_target, all over one window that ends at until). The
 * summaries must outlive the merge; free it with merge_free().
 */
void merge_compute(const struct summary *per, size_t n, int64_t until,
		   struct merge *out);

void merge_free(struct merge *m);

/*
 * The targets of lf in report order: by first appearance of the target's
 * name, the vantages of one name together, sorted by vantage name. The
 * caller frees the array (not what it points to).
 */
const struct logfile_target **merge_order(const struct logfile *lf);

#endif /* BLACKOUT_MERGE_H */

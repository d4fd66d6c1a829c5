/*
 * output_blocks.h - which /24s a round line lists, so that the line stays
 * usable at scale (a country is tens of thousands of /24s, which jq and log
 * shippers choke on as one line).
 *
 * --blocks chooses:
 *   auto     (the default) every /24 of a target of up to BLOCKS_AUTO_MAX
 *            of them, as always; for a larger one, the /24s that are not
 *            up (down first, then unknown);
 *   all      every /24, whatever the size of the line;
 *   changed  the /24s whose state this round's evidence changed: a /24
 *            the round reached (the vantage up, a probe sent to it) whose
 *            state differs from the one the baseline held for it, that is,
 *            from its state in the last round that reached it, in this run
 *            or, through the state file, an earlier one;
 *   none     no /24 at all.
 * Whatever is listed, the line also carries the counts of /24s per state
 * and per mode. In every mode but all, the line stays under ROUND_LINE_MAX
 * bytes: the /24s that do not fit are counted as omitted, and at most
 * UNREACH_LISTED_MAX unreachable reports (the most counted) are kept.
 * An event line's down /24s are bounded by count (output_blocks_down).
 */
#ifndef BLACKOUT_OUTPUT_BLOCKS_H
#define BLACKOUT_OUTPUT_BLOCKS_H

#include <jansson.h>
#include <stdbool.h>

#include "blackout/probe/plan.h"
#include "blackout/util.h"
#include "blackout/verdict/classify.h"

#define BLOCKS_AUTO_MAX 64    /* /24s a target may have to list them all */
#define ROUND_LINE_MAX 65536  /* bytes, the newline included, a bound */
#define UNREACH_LISTED_MAX 64 /* unreachable reports of a bounded line */
#define EVENT_BLOCKS_MAX 256  /* down /24s an event line lists: a /16's */

enum blocks_listing {
	BLOCKS_AUTO = 0,
	BLOCKS_ALL,
	BLOCKS_CHANGED,
	BLOCKS_NONE,
};

/*
 * Parses --blocks: "auto", "all", "changed" or "none". Returns 0, or -1
 * with err (status 64).
 */
int blocks_listing_parse(const char *text, enum blocks_listing *out,
			 struct bo_error *err);

/* Whether a line of a target with n_blocks /24s is kept under the bound. */
bool blocks_bounded(enum blocks_listing how, size_t n_blocks);

/*
 * Puts into the round line o, at the current end, "blocks" (an empty
 * array, returned: the caller holds no reference of its own), then
 * "blocks_listed", "blocks_omitted" and "block_counts".
 */
json_t *output_blocks_begin(json_t *o, const struct target_summary *sum,
			    enum blocks_listing how);

/*
 * Once the rest of the line o is written: fills the blocks array with the
 * /24s `how` lists, as many as keep the line under ROUND_LINE_MAX when it
 * is bounded, and sets blocks_omitted.
 */
void output_blocks_fill(json_t *o, json_t *blocks, const struct plan *plan,
			const struct plan_target *tg,
			const struct target_summary *sum,
			enum blocks_listing how);

/*
 * The "blocks_down" of an event line: the /24s judged down, in address
 * order, the first EVENT_BLOCKS_MAX of them (all of them with --blocks
 * all, none with none; a line of at most about 5 KiB of /24s), the rest
 * counted in *omitted.
 */
json_t *output_blocks_down(const struct target_summary *sum,
			   enum blocks_listing how, size_t *omitted);

#endif /* BLACKOUT_OUTPUT_BLOCKS_H */

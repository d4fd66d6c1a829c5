/*
 * instability.h - the report's rows about instability: how unsettled a
 * target was in the window, day by day, and in the day before each of its
 * total outages, so that a build-up like the one Dyn saw before North
 * Korea's outage of 22 December 2014 stands out against quiet days.
 * The print functions write their lines to stdout, in the layout of
 * report.c's text form; the json ones build the same figures for --json.
 */
#ifndef BLACKOUT_REPORT_INSTABILITY_H
#define BLACKOUT_REPORT_INSTABILITY_H

#include <jansson.h>

#include "blackout/report/summary.h"

/* The window's state changes and /24 flips, and the last round's figure. */
void instability_print_window(const struct summary *s);

/* By UTC day, when the window has more than one. */
void instability_print_days(const struct summary *s);

/* Under total outage o, the 24 hours before it, when there are rounds. */
void instability_print_before(const struct summary *s,
			      const struct summary_outage *o);

/*
 * The window's UTC days, oldest first, each an object: day (YYYY-MM-DD),
 * rounds, state_changes, block_changes and answer_rate (null when none of
 * its rounds has one). Every day, also when the window has only one.
 */
json_t *instability_days_json(const struct summary *s);

/*
 * The same figures, without day, over the 24 hours before total outage o;
 * JSON null for a partial outage or fewer than 2 rounds then, as the text
 * form leaves the row out.
 */
json_t *instability_before_json(const struct summary *s,
				const struct summary_outage *o);

#endif /* BLACKOUT_REPORT_INSTABILITY_H */

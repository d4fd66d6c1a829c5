/*
 * instability.h - the text report's rows about instability: how unsettled
 * a target was in the window, day by day, and in the day before each of
 * its total outages, so that a build-up like the one Dyn saw before North
 * Korea's outage of 22 December 2014 stands out against quiet days.
 * Each writes its lines to stdout, in the layout of report.c's text form.
 */
#ifndef BLACKOUT_REPORT_INSTABILITY_H
#define BLACKOUT_REPORT_INSTABILITY_H

#include "blackout/report/summary.h"

/* The window's state changes and /24 flips, and the last round's figure. */
void instability_print_window(const struct summary *s);

/* By UTC day, when the window has more than one. */
void instability_print_days(const struct summary *s);

/* Under total outage o, the 24 hours before it, when there are rounds. */
void instability_print_before(const struct summary *s,
			      const struct summary_outage *o);

#endif /* BLACKOUT_REPORT_INSTABILITY_H */

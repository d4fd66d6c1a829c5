/*
 * svg.h - the drawing of `blackout report --svg`: for each target, the
 * responsive addresses of each of its /24s over time, one line per /24,
 * with its outages shaded and labelled with their scope and duration.
 *
 * Hand-written SVG text: the drawing is lines, rectangles and labels, which
 * SVG states directly, so no graphics library is linked into a binary that
 * runs with CAP_NET_RAW, and the same log always gives the same bytes.
 *
 * What a /24's line shows in each round (blackout-report(8), "SVG"):
 * census, sparse and empty rounds probe every address of E(b) or more, so
 * blocks[].responsive is a count, drawn as a filled dot; an adaptive round
 * probes a handful, so the line shows blocks[].ever (|E(b)|, the addresses
 * believed to answer) when the /24 was up and 0 when it was down, drawn as
 * a hollow dot; a /24 whose state was unknown leaves a gap, and so does
 * time between two rounds longer than twice the median (nobody watched).
 */
#ifndef BLACKOUT_SVG_H
#define BLACKOUT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "blackout/report/summary.h"

/*
 * Writes one SVG document to f with a panel for each of the n summaries
 * that has rounds. Returns 0, or -1 when writing failed (errno set).
 */
int svg_write(FILE *f, const struct summary *s, size_t n);

#endif /* BLACKOUT_SVG_H */

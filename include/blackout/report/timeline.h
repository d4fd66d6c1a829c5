/*
 * timeline.h - the text report's timeline of a target: a cell per round,
 * or, for more rounds than the row's width, a cell per run of consecutive
 * rounds drawn as the worst state among them, so that a log of months
 * still fits a terminal and an outage of one round still shows.
 */
#ifndef BLACKOUT_TIMELINE_H
#define BLACKOUT_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "blackout/report/summary.h"
#include "blackout/verdict/vocab.h"

/* How the text report is drawn. */
struct text_style {
	bool utf8, color;
	size_t width; /* the most cells a timeline has; 0: a cell per round */
};

#define TIMELINE_WIDTH 100 /* --width's default */

/* Prints s's cells on stdout, coloured in runs of one state when
 * sty->color, each the worst state of its rounds (down, else partial, else
 * up, else unknown) when there are more rounds than sty->width; then,
 * when legend, the legend and a newline. The legend says how many rounds
 * a cell holds when a row of `most` rounds (the most of the rows it stands
 * for: s's, or each vantage's) has several a cell. */
void timeline_print(const struct summary *s, const struct text_style *sty,
		    bool legend, size_t most);

/* The letter of state st: U, P, D or ? (the JSON timeline's, and the
 * text's without a UTF-8 locale). */
char timeline_letter(enum target_state st);

#endif /* BLACKOUT_TIMELINE_H */

/*
 * timeline.c - the text report's timeline (see timeline.h).
 */
#include "blackout/report/timeline.h"

#include <stdio.h>

static const char *const cell_utf8[4] = { "\u2588", "\u2584", "\u2581", "?" };
static const char cell_letter[4] = { 'U', 'P', 'D', '?' };
static const char *const cell_color[4] = { "\033[32m", "\033[33m", "\033[31m",
					   "\033[90m" };

char
timeline_letter(enum target_state st)
{
	return cell_letter[st];
}

/* One cell of state st, without colour. */
static void
put_cell(enum target_state st, const struct text_style *sty)
{
	if (sty->utf8)
		fputs(cell_utf8[st], stdout);
	else
		putchar(timeline_letter(st));
}

/* How bad a state is, for a cell of several rounds: an outage of one
 * round must show. */
static int
rank(enum target_state st)
{
	switch (st) {
	case STATE_DOWN:
		return 3;
	case STATE_PARTIAL:
		return 2;
	case STATE_UP:
		return 1;
	default:
		return 0;
	}
}

/* The state a cell of rounds [from, to) of s shows (timeline.h). */
static enum target_state
worst(const struct summary *s, size_t from, size_t to)
{
	enum target_state w = STATE_UNKNOWN;
	size_t i;

	for (i = from; i < to && i < s->n_rounds; i++)
		if (rank(s->rounds[i].state) > rank(w))
			w = s->rounds[i].state;
	return w;
}

static void
print_legend(const struct text_style *sty, size_t rounds, size_t cells)
{
	int i;

	fputs("   ", stdout);
	for (i = 0; i < 4; i++) {
		if (sty->color)
			fputs(cell_color[i], stdout);
		put_cell((enum target_state)i, sty);
		if (sty->color)
			fputs("\033[0m", stdout);
		printf(" %s%s", state_name((enum target_state)i),
		       i < 3 ? "  " : "");
	}
	if (cells < rounds)
		printf("; a cell: ~%zu rounds, their worst state",
		       (rounds + cells / 2) / cells);
	putchar('\n');
}

/* The cells of a row of n rounds. */
static size_t
cells_of(const struct text_style *sty, size_t n)
{
	return sty->width > 0 && n > sty->width ? sty->width : n;
}

void
timeline_print(const struct summary *s, const struct text_style *sty,
	       bool legend, size_t most)
{
	size_t n = s->n_rounds, j, cells = cells_of(sty, n);
	int cur = -1;

	for (j = 0; j < cells; j++) {
		enum target_state st = cells == n ? s->rounds[j].state
						  : worst(s, j * n / cells,
							  (j + 1) * n / cells);

		if (sty->color && (int)st != cur)
			fputs(cell_color[st], stdout);
		cur = (int)st;
		put_cell(st, sty);
	}
	if (sty->color && cur >= 0)
		fputs("\033[0m", stdout);
	if (legend)
		print_legend(sty, most, cells_of(sty, most));
	else
		putchar('\n');
}

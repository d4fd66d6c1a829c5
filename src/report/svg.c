/*
 * svg.c - responsive addresses per /24 over time, as SVG text (see svg.h
 * for what each line shows and why the SVG is written by hand).
 *
 * Invariants: every string that comes from the log (target names and
 * prefixes) goes out through put_escaped(), so the document is well-formed
 * XML whatever the log holds; numbers are printed with one decimal, so the
 * same log always gives the same bytes.
 */
#include "blackout/report/svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/prefix.h"

#define WIDTH 1000
#define PANEL_H 300
#define PLOT_X 64 /* left edge of the plot area in a panel */
#define PLOT_Y 56 /* top edge */
#define PLOT_W 680
#define PLOT_H 200
#define LEGEND_X (PLOT_X + PLOT_W + 24)
#define MAX_LEGEND 14 /* /24s named in the legend; the rest are counted */
#define MAX_DOTS 240  /* rounds beyond which the dots are left out */
#define LABEL_EM 7.5  /* width of a character of a bold label, roughly */

static const char *const palette[] = {
	"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
	"#17becf", "#bcbd22", "#7f7f7f", "#ff7f0e", "#d62728",
};

/* The shading of rounds by target state (up is not shaded). */
static const char *const state_fill[4] = { "#ffffff", "#ff7f0e", "#d62728",
					   "#999999" };

/* One /24 of the drawing: its prefix, for sorting, and its colour. */
struct series {
	const char *prefix;
	struct prefix pfx;
	bool ever_answered;
};

/* A panel's coordinate system. */
struct frame {
	double y0; /* top of the panel in the document */
	int64_t t0, t1;
	double vmax;
};

static void
put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			/* XML 1.0 allows no other control characters. */
			if ((unsigned char)*s < 0x20 && *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

static double
x_of(const struct frame *fr, int64_t t)
{
	if (t < fr->t0)
		t = fr->t0;
	if (t > fr->t1)
		t = fr->t1;
	return PLOT_X +
	       (double)(t - fr->t0) * PLOT_W / (double)(fr->t1 - fr->t0);
}

static double
y_of(const struct frame *fr, double v)
{
	return fr->y0 + PLOT_Y + PLOT_H - v * PLOT_H / fr->vmax;
}

/* The value a /24 shows in round r, or -1 for a gap (see svg.h). */
static double
block_value(const struct logfile_round *r, const char *prefix, bool *counted)
{
	size_t i;

	for (i = 0; i < r->n_blocks; i++) {
		const struct logfile_block *b = &r->blocks[i];

		if (strcmp(b->prefix, prefix) != 0)
			continue;
		*counted = b->counted;
		if (b->state == STATE_UNKNOWN)
			return -1;
		if (b->counted)
			return b->responsive;
		return b->state == STATE_UP ? b->ever : 0;
	}
	return -1;
}

static int
series_cmp(const void *a, const void *b)
{
	const struct series *x = a, *y = b;

	return x->pfx.base < y->pfx.base ? -1 : x->pfx.base > y->pfx.base;
}

/* The /24s of the window's rounds, in address order. */
static struct series *
collect_series(const struct summary *s, size_t *n)
{
	struct series *ser = NULL;
	size_t i, j, k;

	*n = 0;
	for (i = 0; i < s->n_rounds; i++) {
		for (j = 0; j < s->rounds[i].n_blocks; j++) {
			const struct logfile_block *b = &s->rounds[i].blocks[j];

			for (k = 0; k < *n; k++)
				if (strcmp(ser[k].prefix, b->prefix) == 0)
					break;
			if (k == *n) {
				ser = xrealloc(ser, *n + 1, sizeof(*ser));
				memset(&ser[k], 0, sizeof(ser[k]));
				ser[k].prefix = b->prefix;
				prefix_parse(b->prefix, "blocks", &ser[k].pfx,
					     NULL);
				(*n)++;
			}
			if (b->ever > 0 || b->responsive > 0)
				ser[k].ever_answered = true;
		}
	}
	if (*n > 1)
		qsort(ser, *n, sizeof(*ser), series_cmp);
	return ser;
}

/* A round number above v: 1, 2 or 5 times a power of ten. */
static double
nice_ceiling(double v)
{
	double p = 1;

	while (p * 10 <= v)
		p *= 10;
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static struct frame
make_frame(const struct summary *s, const struct series *ser, size_t n,
	   double y0)
{
	struct frame fr = { y0, s->rounds[0].time,
			    s->rounds[s->n_rounds - 1].time, 0 };
	bool counted;
	size_t i, k;

	if (fr.t1 <= fr.t0)
		fr.t1 = fr.t0 + 60;
	for (i = 0; i < s->n_rounds; i++)
		for (k = 0; k < n; k++) {
			double v = block_value(&s->rounds[i], ser[k].prefix,
					       &counted);

			if (v > fr.vmax)
				fr.vmax = v;
		}
	fr.vmax = nice_ceiling(fr.vmax < 1 ? 1 : fr.vmax);
	return fr;
}

/* A tick step of at most 8 ticks across the frame. */
static int64_t
time_step(const struct frame *fr)
{
	static const int64_t steps[] = {
		1,     2,     5,     10,    15,	    30,	    60,
		120,   300,   600,   900,   1800,   3600,   7200,
		10800, 21600, 43200, 86400, 172800, 604800, 2592000,
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((fr->t1 - fr->t0) / steps[i] <= 8)
			return steps[i];
	return 31536000;
}

static void
draw_axes(FILE *f, const struct frame *fr)
{
	int64_t step = time_step(fr), t;
	char buf[32];
	int i;

	fprintf(f, "<g class=\"axes\" stroke=\"#ddd\">\n");
	int ticks = fr->vmax >= 5 ? 5 : (int)fr->vmax;

	for (i = 0; i <= ticks; i++) {
		double y = y_of(fr, fr->vmax * i / ticks);

		fprintf(f,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
			"y2=\"%.1f\"/><text x=\"%d\" y=\"%.1f\" "
			"text-anchor=\"end\" stroke=\"none\" "
			"fill=\"#444\">%g</text>\n",
			PLOT_X, y, PLOT_X + PLOT_W, y, PLOT_X - 6, y + 4,
			fr->vmax * i / ticks);
	}
	for (t = (fr->t0 + step - 1) / step * step; t <= fr->t1; t += step) {
		double x = x_of(fr, t);

		/* 16:15:05 under a minute, 16:15 under a day, else 2014-12-22 */
		format_rfc3339(t * 1000000000LL, buf, sizeof(buf));
		buf[step < 60 ? 19 : step < 86400 ? 16 : 10] = '\0';
		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\" stroke=\"none\" "
			"fill=\"#444\">%s</text>\n",
			x, fr->y0 + PLOT_Y, x, fr->y0 + PLOT_Y + PLOT_H, x,
			fr->y0 + PLOT_Y + PLOT_H + 16,
			step < 86400 ? buf + 11 : buf);
	}
	fprintf(f,
		"</g>\n"
		"<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%d\" "
		"fill=\"none\" stroke=\"#888\"/>\n",
		PLOT_X, fr->y0 + PLOT_Y, PLOT_W, PLOT_H);
}

/* Rounds that were not up shade the plot until the next round. */
static void
draw_states(FILE *f, const struct summary *s, const struct frame *fr)
{
	size_t i, j;

	for (i = 0; i < s->n_rounds; i = j) {
		enum target_state st = s->rounds[i].state;
		double x0 = x_of(fr, s->rounds[i].time), x1;

		for (j = i + 1; j < s->n_rounds && s->rounds[j].state == st;
		     j++)
			;
		if (st == STATE_UP)
			continue;
		x1 = j < s->n_rounds ? x_of(fr, s->rounds[j].time) : x0 + 4;
		fprintf(f,
			"<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" "
			"width=\"%.1f\" height=\"%d\" fill=\"%s\" "
			"fill-opacity=\"0.2\"/>\n",
			state_name(st), x0, fr->y0 + PLOT_Y, x1 - x0, PLOT_H,
			state_fill[st]);
	}
}

/* Each outage: a bar along the top of the plot, with scope and duration. */
static void
draw_outages(FILE *f, const struct summary *s, const struct frame *fr)
{
	char d[32], label[64];
	bool right;
	size_t i;

	for (i = 0; i < s->n_outages; i++) {
		const struct summary_outage *o = &s->outages[i];
		bool total = o->scope == STATE_DOWN;
		const char *color = total ? "#a01010" : "#b05000";
		double x0 = x_of(fr, o->start), x1 = x_of(fr, o->end);
		double y = fr->y0 + PLOT_Y + 3 + 18.0 * (double)(i % 2);

		int len;

		if (x1 - x0 < 2)
			x1 = x0 + 2;
		len = snprintf(label, sizeof(label), "outage: %s, %s%s",
			       scope_name(o->scope),
			       format_duration(o->duration_s, DURATION_EXACT, d,
					       sizeof(d)),
			       o->ongoing ? " so far" : "");
		/* Near the right edge the label ends at the bar's end. */
		right = x0 + 3 + LABEL_EM * len > PLOT_X + PLOT_W;
		fprintf(f,
			"<line class=\"outage\" x1=\"%.1f\" y1=\"%.1f\" "
			"x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			"stroke-width=\"4\"/>\n"
			"<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" "
			"font-weight=\"bold\"%s>%s</text>\n",
			x0, y, x1, y, color, right ? x1 - 3 : x0 + 3, y + 14,
			color, right ? " text-anchor=\"end\"" : "", label);
	}
}

/*
 * The points of a /24's line not yet drawn in one column of the plot (half
 * a pixel wide), when a log has more rounds than the plot has columns:
 * the first, the highest, the lowest and the last of its rounds (M4), in
 * time order, so that months draw a few points a pixel and keep every dip.
 */
struct column {
	long at;     /* the column, in half pixels */
	size_t n;    /* points in it; 0 when empty */
	size_t i[4]; /* first, highest, lowest, last: their rounds */
	double x[4], y[4];
};

#define DECIMATE_ROUNDS (2 * PLOT_W) /* more rounds than columns */

static void
column_flush(FILE *f, struct column *c, bool *pen_down)
{
	size_t k, j, order[4], n = 0;

	for (k = 0; k < 4 && c->n > 0; k++) {
		for (j = 0; j < n && c->i[order[j]] != c->i[k]; j++)
			;
		if (j < n)
			continue; /* one round in two slots */
		for (j = n++; j > 0 && c->i[order[j - 1]] > c->i[k]; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	for (j = 0; j < n; j++) {
		fprintf(f, "%s%.1f %.1f ", *pen_down ? "L" : "M",
			c->x[order[j]], c->y[order[j]]);
		*pen_down = true;
	}
	c->n = 0;
}

static void
column_add(FILE *f, struct column *c, bool *pen_down, size_t i, double x,
	   double y)
{
	long at = lround(x * 2);
	size_t k;

	if (c->n > 0 && at != c->at)
		column_flush(f, c, pen_down);
	if (c->n == 0) {
		for (k = 0; k < 4; k++) {
			c->i[k] = i;
			c->x[k] = x;
			c->y[k] = y;
		}
		c->at = at;
		c->n = 1;
		return;
	}
	k = y < c->y[1] ? 1 : y > c->y[2] ? 2 : 3;
	if (k < 3) { /* a new highest or lowest: kept, and the last */
		c->i[k] = i;
		c->x[k] = x;
		c->y[k] = y;
	}
	c->i[3] = i;
	c->x[3] = x;
	c->y[3] = y;
	c->n++;
}

/* One /24's line, broken where its state was unknown, and its dots. */
static void
draw_series(FILE *f, const struct summary *s, const struct frame *fr,
	    const char *prefix, const char *color)
{
	struct column col = { 0, 0, { 0 }, { 0 }, { 0 } };
	bool counted, pen_down = false;
	bool decimate = s->n_rounds > DECIMATE_ROUNDS;
	size_t i;

	fprintf(f,
		"<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" d=\"",
		color);
	for (i = 0; i < s->n_rounds; i++) {
		double v = block_value(&s->rounds[i], prefix, &counted);
		double x = x_of(fr, s->rounds[i].time);

		/* A gap of over twice the usual: nobody was watching. */
		if ((i > 0 && s->rounds[i].time - s->rounds[i - 1].time >
				      2 * s->median_gap) ||
		    v < 0) {
			column_flush(f, &col, &pen_down);
			pen_down = false;
		}
		if (v < 0)
			continue;
		if (decimate) {
			column_add(f, &col, &pen_down, i, x, y_of(fr, v));
			continue;
		}
		fprintf(f, "%s%.1f %.1f ", pen_down ? "L" : "M", x,
			y_of(fr, v));
		pen_down = true;
	}
	column_flush(f, &col, &pen_down);
	fprintf(f, "\"/>\n");
	if (s->n_rounds > MAX_DOTS)
		return;
	for (i = 0; i < s->n_rounds; i++) {
		double v = block_value(&s->rounds[i], prefix, &counted);

		if (v >= 0)
			fprintf(f,
				"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
				"stroke=\"%s\" fill=\"%s\"/>\n",
				x_of(fr, s->rounds[i].time), y_of(fr, v), color,
				counted ? color : "#fff");
	}
}

static void
draw_legend(FILE *f, const struct frame *fr, const struct series *ser, size_t n)
{
	double y = fr->y0 + PLOT_Y + 4;
	size_t k, shown = 0;

	for (k = 0; k < n; k++) {
		const char *color = ser[k].ever_answered ? palette[k % 10]
							 : "#bbb";

		if (shown == MAX_LEGEND) {
			fprintf(f,
				"<text x=\"%d\" y=\"%.1f\">and %zu more</text>\n",
				LEGEND_X, y + 10, n - k);
			break;
		}
		fprintf(f,
			"<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"4\" "
			"fill=\"%s\"/><text x=\"%d\" y=\"%.1f\">",
			LEGEND_X, y + 4, color, LEGEND_X + 20, y + 10);
		put_escaped(f, ser[k].prefix);
		fprintf(f, "%s</text>\n",
			ser[k].ever_answered ? "" : " (never answered)");
		y += 16;
		shown++;
	}
	fprintf(f,
		"<g fill=\"#444\"><text x=\"%d\" y=\"%.1f\">\xe2\x97\x8f "
		"counted (census)</text>\n<text x=\"%d\" y=\"%.1f\">"
		"\xe2\x97\x8b |E(b)| if up (adaptive)</text>\n",
		LEGEND_X, y + 14, LEGEND_X, y + 30);
	y += 40;
	for (k = 1; k < 4; k++, y += 16)
		fprintf(f,
			"<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"10\" "
			"fill=\"%s\" fill-opacity=\"0.3\"/><text x=\"%d\" "
			"y=\"%.1f\">target %s</text>\n",
			LEGEND_X, y, state_fill[k], LEGEND_X + 20, y + 9,
			state_name((enum target_state)k));
	fprintf(f, "</g>\n");
}

static void
draw_title(FILE *f, const struct summary *s, const struct frame *fr)
{
	char a[32], b[32];

	fprintf(f,
		"<text x=\"%d\" y=\"%.1f\" font-size=\"15\" "
		"font-weight=\"bold\">",
		PLOT_X, fr->y0 + 22);
	put_escaped(f, s->t->name);
	if (s->t->prefix != NULL) {
		fputc(' ', f);
		put_escaped(f, s->t->prefix);
	}
	if (s->t->vantage[0] != '\0') {
		fputs(" from vantage ", f);
		put_escaped(f, s->t->vantage);
	}
	fprintf(f,
		"</text>\n"
		"<text x=\"%d\" y=\"%.1f\" fill=\"#444\">responsive addresses "
		"per /24, %zu rounds, %s to %s (UTC)</text>\n",
		PLOT_X, fr->y0 + 40, s->n_rounds,
		format_rfc3339(s->rounds[0].time * 1000000000LL, a, sizeof(a)),
		format_rfc3339(s->rounds[s->n_rounds - 1].time * 1000000000LL,
			       b, sizeof(b)));
}

static void
draw_panel(FILE *f, const struct summary *s, double y0)
{
	size_t n, k;
	struct series *ser = collect_series(s, &n);
	struct frame fr = make_frame(s, ser, n, y0);

	/* Several vantages of one target: a band each, one under the other. */
	fprintf(f, "<g class=\"target\"");
	if (s->t->vantage[0] != '\0') {
		fputs(" data-vantage=\"", f);
		put_escaped(f, s->t->vantage);
		fputc('"', f);
	}
	fprintf(f, ">\n");
	draw_title(f, s, &fr);
	draw_states(f, s, &fr);
	draw_axes(f, &fr);
	for (k = 0; k < n; k++)
		if (ser[k].ever_answered)
			draw_series(f, s, &fr, ser[k].prefix, palette[k % 10]);
	draw_outages(f, s, &fr);
	draw_legend(f, &fr, ser, n);
	fprintf(f, "</g>\n");
	free(ser);
}

int
svg_write(FILE *f, const struct summary *s, size_t n)
{
	size_t i, panels = 0, height;

	for (i = 0; i < n; i++)
		panels += s[i].n_rounds > 0;
	height = panels ? panels * PANEL_H : PLOT_Y * 2;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%zu\" viewBox=\"0 0 %d %zu\" "
		"font-family=\"sans-serif\" font-size=\"12\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		WIDTH, height, WIDTH, height);
	if (panels == 0)
		fprintf(f,
			"<text x=\"%d\" y=\"%d\">no round in the "
			"window</text>\n",
			PLOT_X, PLOT_Y);
	for (i = 0, panels = 0; i < n; i++)
		if (s[i].n_rounds > 0)
			draw_panel(f, &s[i], (double)(panels++ * PANEL_H));
	fprintf(f, "</svg>\n");
	return ferror(f) ? -1 : 0;
}

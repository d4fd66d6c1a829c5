/*
 * report.c - `blackout report`: options, reading the logs, and the text and
 * JSON forms of each target's summary (the drawing is svg.c's).
 *
 * Invariant: nothing reaches stdout before every LOG has been read, so an
 * unreadable file leaves stdout empty, as every error of blackout does.
 */
#define _GNU_SOURCE
#include "blackout/report/report.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blackout/report/instability.h"
#include "blackout/report/logfile.h"
#include "blackout/report/merge.h"
#include "blackout/report/summary.h"
#include "blackout/report/svg.h"
#include "blackout/report/timeline.h"
#include "blackout/util.h"
#include "blackout/verdict/vocab.h"

struct report_opts {
	int64_t since, until;
	bool json;
	const char *svg;
	size_t width; /* --width: the most cells of a timeline */
	char **logs;
	int n_logs;
};

enum {
	OPT_SINCE = 256,
	OPT_UNTIL,
	OPT_JSON,
	OPT_SVG,
	OPT_WIDTH,
};

static const struct option long_options[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void
report_usage(FILE *f)
{
	fputs("usage: blackout report [options] [LOG ...]\n"
	      "\n"
	      "      --since TIME  only rounds at or after TIME (RFC 3339 "
	      "UTC)\n"
	      "      --until TIME  only rounds before TIME\n"
	      "      --json        one JSON object per target instead of text\n"
	      "      --svg FILE    draw responsive addresses per /24 over time "
	      "into FILE\n"
	      "      --width N     at most N cells a timeline (default 100; 0: "
	      "a cell per round)\n"
	      "  -h, --help        this text\n"
	      "\n"
	      "Reads standard input when no LOG is given. See "
	      "blackout-report(8).\n",
	      f);
}

static int
parse_time_opt(const char *arg, const char *what, int64_t *out,
	       struct bo_error *err)
{
	if (parse_rfc3339(arg, out) == 0)
		return 0;
	error_set(err, BO_EXIT_USAGE,
		  "%s: '%s' is not an RFC 3339 UTC time (e.g. "
		  "2014-12-22T16:15:00Z)",
		  what, arg);
	return -1;
}

/* --width: a number of cells, 0 to 100000. */
static int
parse_width(const char *arg, size_t *out, struct bo_error *err)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg >= '0' && *arg <= '9' && *end == '\0' && errno == 0 &&
	    v <= 100000) {
		*out = v;
		return 0;
	}
	error_set(err, BO_EXIT_USAGE,
		  "--width: '%s' is not a number of cells from 0 to 100000",
		  arg);
	return -1;
}

/* Returns 0 to go on, 1 after --help, -1 with err. */
static int
parse_opts(int argc, char **argv, struct report_opts *o, struct bo_error *err)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->width = TIMELINE_WIDTH;
	o->since = INT64_MIN;
	o->until = INT64_MAX;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			return 1;
		case OPT_SINCE:
			if (parse_time_opt(optarg, "--since", &o->since, err) <
			    0)
				return -1;
			break;
		case OPT_UNTIL:
			if (parse_time_opt(optarg, "--until", &o->until, err) <
			    0)
				return -1;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_SVG:
			o->svg = optarg;
			break;
		case OPT_WIDTH:
			if (parse_width(optarg, &o->width, err) < 0)
				return -1;
			break;
		case ':':
			error_set(err, BO_EXIT_USAGE,
				  "option '%s' needs a value",
				  argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0)
				error_set(err, BO_EXIT_USAGE,
					  "unknown option '-%c' (see blackout "
					  "report --help)",
					  optopt);
			else
				error_set(err, BO_EXIT_USAGE,
					  "unknown option '%s' (see blackout "
					  "report --help)",
					  argv[optind - 1]);
			return -1;
		}
	}
	if (o->since >= o->until) {
		error_set(err, BO_EXIT_USAGE, "--since must be before --until");
		return -1;
	}
	o->logs = argv + optind;
	o->n_logs = argc - optind;
	return 0;
}

static int
read_logs(const struct report_opts *o, struct logfile *lf, struct bo_error *err)
{
	int i, rc = 0;

	if (o->n_logs == 0)
		return logfile_read(lf, stdin, "(stdin)", err);
	for (i = 0; i < o->n_logs && rc == 0; i++) {
		const char *path = o->logs[i];
		FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

		if (f == NULL) {
			error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
				  strerror(errno));
			return -1;
		}
		rc = logfile_read(lf, f,
				  strcmp(path, "-") == 0 ? "(stdin)" : path,
				  err);
		if (f != stdin)
			fclose(f);
	}
	return rc;
}

/* --- Text ---------------------------------------------------------------- */

static void
print_percent(double share)
{
	if (share < 0)
		fputs("n/a", stdout);
	else
		printf("%.1f%%", share * 100);
}

static void
print_availability(const struct summary *s)
{
	fputs("  availability  ", stdout);
	print_percent(s->avail_rounds);
	printf(" of rounds up (%u up, %u partial, %u down, %u unknown); ",
	       s->count[STATE_UP], s->count[STATE_PARTIAL],
	       s->count[STATE_DOWN], s->count[STATE_UNKNOWN]);
	print_percent(s->avail_time);
	fputs(" of the time\n", stdout);
}

/* An outage's row up to its /24s: start, end, scope and duration. */
static void
print_outage_head(const struct summary_outage *o, const struct text_style *sty)
{
	char a[32], b[32], d[32], e[32];
	int64_t err = summary_outage_error(o);

	printf("    %s  %-20s  %-7s  %s%s",
	       format_rfc3339(o->start * 1000000000LL, a, sizeof(a)),
	       o->ongoing ? "ongoing"
			  : format_rfc3339(o->end * 1000000000LL, b, sizeof(b)),
	       scope_name(o->scope),
	       format_duration(o->duration_s, DURATION_EXACT, d, sizeof(d)),
	       o->ongoing ? " so far" : "");
	if (err >= 0)
		printf(" %s%s", sty->utf8 ? "\u00b1" : "+-",
		       format_duration(err, DURATION_SHORT, e, sizeof(e)));
}

static void
print_outage(const struct summary_outage *o, const struct text_style *sty)
{
	size_t i;

	print_outage_head(o, sty);
	for (i = 0; i < o->n_blocks; i++)
		printf("%s%s", i == 0 ? "  " : " ", o->blocks[i]);
	putchar('\n');
}

/* A target's address space in a heading: its prefix, "(N prefixes)". */
static const char *
target_space(const struct logfile_target *t, char *buf, size_t size)
{
	if (t->prefix != NULL)
		return t->prefix;
	if (t->n_prefixes <= 1)
		return "";
	snprintf(buf, size, "(%u prefixes)", t->n_prefixes);
	return buf;
}

static void
print_text(const struct summary *s, const struct text_style *sty)
{
	const struct logfile_round *last = summary_last(s);
	char a[32], b[32];
	size_t i;

	printf("%s %s: %zu round%s", s->t->name,
	       target_space(s->t, a, sizeof(a)), s->n_rounds,
	       s->n_rounds == 1 ? "" : "s");
	if (last != NULL)
		printf(", %s to %s",
		       format_rfc3339(s->rounds[0].time * 1000000000LL, a,
				      sizeof(a)),
		       format_rfc3339(last->time * 1000000000LL, b, sizeof(b)));
	fputs("\n  timeline      ", stdout);
	timeline_print(s, sty, true, s->n_rounds);
	if (last != NULL)
		printf("  last state    %s since %s\n", state_name(last->state),
		       format_rfc3339((last->since ? last->since : last->time) *
					      1000000000LL,
				      a, sizeof(a)));
	print_availability(s);
	instability_print_window(s);
	instability_print_days(s);
	printf("  outages       %zu, from %s\n", s->n_outages,
	       s->from_events ? "event lines"
	       : s->estimated ? "round states, times from the shards' events "
				"where they have them"
			      : "round states");
	for (i = 0; i < s->n_outages; i++) {
		print_outage(&s->outages[i], sty);
		instability_print_before(s, &s->outages[i]);
	}
}

/* --- JSON ---------------------------------------------------------------- */

static json_t *
json_time_s(int64_t t)
{
	char buf[32];

	return json_string(format_rfc3339(t * 1000000000LL, buf, sizeof(buf)));
}

static json_t *
json_share(double v)
{
	return v < 0 ? json_null() : json_rounded(v, 4);
}

static json_t *
outage_object(const struct summary_outage *o)
{
	json_t *j = json_object(), *blocks = json_array();
	int64_t err = summary_outage_error(o);
	char d[32];
	size_t i;

	for (i = 0; i < o->n_blocks; i++)
		json_array_append_new(blocks, json_string(o->blocks[i]));
	json_object_set_new(j, "start", json_time_s(o->start));
	json_object_set_new(j, "end",
			    o->ongoing ? json_null() : json_time_s(o->end));
	json_object_set_new(j, "ongoing", json_boolean(o->ongoing));
	json_object_set_new(j, "scope", json_string(scope_name(o->scope)));
	json_object_set_new(j, "duration_s", json_integer(o->duration_s));
	json_object_set_new(j, "duration",
			    json_string(format_duration(o->duration_s,
							DURATION_EXACT, d,
							sizeof(d))));
	json_object_set_new(j, "duration_error_s",
			    err >= 0 ? json_integer(err) : json_null());
	json_object_set_new(j, "blocks_down", blocks);
	return j;
}

static json_t *
instability_object(const struct logfile_round *last)
{
	if (last == NULL || !last->has_instab)
		return json_null();
	return instability_json(&last->instab);
}

/* The parts of a target's object that count rounds. */
static void
json_rounds(json_t *j, const struct summary *s)
{
	json_t *states = json_object(), *avail = json_object();
	char *cells = xcalloc(s->n_rounds + 1, 1);
	size_t i;

	for (i = 0; i < s->n_rounds; i++)
		cells[i] = timeline_letter(s->rounds[i].state);
	for (i = 0; i < 4; i++)
		json_object_set_new(states, state_name((enum target_state)i),
				    json_integer(s->count[i]));
	json_object_set_new(j, "rounds", json_integer((json_int_t)s->n_rounds));
	json_object_set_new(j, "states", states);
	json_object_set_new(j, "timeline", json_string(cells));
	json_object_set_new(avail, "rounds", json_share(s->avail_rounds));
	json_object_set_new(avail, "time", json_share(s->avail_time));
	json_object_set_new(j, "availability", avail);
	free(cells);
}

/* The last state, since when, and where the outages were read from. */
static void
json_state(json_t *j, const struct summary *s, const struct logfile_round *last)
{
	json_object_set_new(j, "state",
			    last ? json_string(state_name(last->state))
				 : json_null());
	json_object_set_new(j, "since",
			    last ? json_time_s(last->since ? last->since
							   : last->time)
				 : json_null());
	json_object_set_new(j, "outages_from",
			    json_string(s->from_events ? "events" : "rounds"));
}

static json_t *
report_object(const struct summary *s, const struct logfile *lf)
{
	const struct logfile_round *last = summary_last(s);
	json_t *j = json_object(), *outages = json_array(), *ch = json_object();
	json_t *lines = json_object();
	size_t i;

	for (i = 0; i < s->n_outages; i++) {
		json_t *o = outage_object(&s->outages[i]);

		json_object_set_new(o, "before",
				    instability_before_json(s, &s->outages[i]));
		json_array_append_new(outages, o);
	}
	json_object_set_new(j, "type", json_string("report"));
	json_object_set_new(j, "target", json_string(s->t->name));
	json_object_set_new(j, "prefix",
			    s->t->prefix ? json_string(s->t->prefix)
					 : json_null());
	json_object_set_new(j, "first",
			    last ? json_time_s(s->rounds[0].time)
				 : json_null());
	json_object_set_new(j, "last",
			    last ? json_time_s(last->time) : json_null());
	json_rounds(j, s);
	json_state(j, s, last);
	json_object_set_new(j, "outages", outages);
	json_object_set_new(ch, "state_changes",
			    json_integer(s->state_changes));
	json_object_set_new(ch, "block_changes",
			    json_integer(s->block_changes));
	json_object_set_new(j, "changes", ch);
	json_object_set_new(j, "instability", instability_object(last));
	json_object_set_new(j, "days", instability_days_json(s));
	json_object_set_new(lines, "read",
			    json_integer((json_int_t)logfile_lines(lf)));
	json_object_set_new(lines, "used",
			    json_integer((json_int_t)logfile_used(lf)));
	json_object_set_new(lines, "skipped",
			    json_integer((json_int_t)logfile_skipped(lf)));
	json_object_set_new(j, "lines", lines);
	return j;
}

static void
print_json(const struct summary *s, const struct logfile *lf)
{
	json_t *j = report_object(s, lf);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	if (text != NULL)
		puts(text);
	free(text);
	json_decref(j);
}

/* --- Several vantages ---------------------------------------------------- */

/* The group of summaries g[0..n) of one target, one per vantage. */
struct group {
	const struct summary *s;
	size_t n;
	const struct logfile *lf;
};

static void
print_merged_outage(const struct merged_outage *m, const struct text_style *sty)
{
	const struct summary_outage *o = &m->o;
	size_t i;

	print_outage_head(o, sty);
	printf("  %s  ", m->global ? "global" : "local");
	for (i = 0; i < m->n_vantages; i++)
		printf("%s%s", i ? "," : "", m->vantages[i]);
	for (i = 0; i < o->n_blocks; i++)
		printf("%s%s", i == 0 ? "  " : " ", o->blocks[i]);
	putchar('\n');
}

static void
print_text_merged(const struct group *g, const struct merge *m,
		  const struct text_style *sty)
{
	int64_t first = m->first, last = m->last;
	size_t n = m->n_rounds, i, w = 0, most = 0;
	char a[32], b[32];

	for (i = 0; i < g->n; i++) {
		if (strlen(g->s[i].t->vantage) > w)
			w = strlen(g->s[i].t->vantage);
		if (g->s[i].n_rounds > most)
			most = g->s[i].n_rounds;
	}
	printf("%s %s: %zu vantages, %zu rounds", g->s[0].t->name,
	       target_space(g->s[0].t, a, sizeof(a)), g->n, n);
	if (n > 0)
		printf(", %s to %s",
		       format_rfc3339(first * 1000000000LL, a, sizeof(a)),
		       format_rfc3339(last * 1000000000LL, b, sizeof(b)));
	putchar('\n');
	for (i = 0; i < g->n; i++) {
		printf("  %-*s  %-*s  ", 12, i == 0 ? "timeline" : "", (int)w,
		       g->s[i].t->vantage);
		timeline_print(&g->s[i], sty, i == 0, most);
	}
	fputs("  availability  ", stdout);
	print_percent(m->avail_time);
	fputs(" of the time up from at least one vantage;", stdout);
	for (i = 0; i < g->n; i++) {
		printf(" %s ", g->s[i].t->vantage);
		print_percent(g->s[i].avail_time);
		putchar(i + 1 < g->n ? ',' : '\n');
	}
	for (i = 0; i < g->n; i++) {
		const struct logfile_round *l = summary_last(&g->s[i]);

		if (l == NULL)
			continue;
		printf("  %-12s  %-*s  %s since %s\n",
		       i == 0 ? "last state" : "", (int)w, g->s[i].t->vantage,
		       state_name(l->state),
		       format_rfc3339((l->since ? l->since : l->time) *
					      1000000000LL,
				      a, sizeof(a)));
	}
	printf("  outages       %zu, merged across vantages\n", m->n_outages);
	for (i = 0; i < m->n_outages; i++)
		print_merged_outage(&m->outages[i], sty);
}

static json_t *
vantage_object(const struct summary *s)
{
	const struct logfile_round *last = summary_last(s);
	json_t *j = json_object();

	json_object_set_new(j, "vantage", json_string(s->t->vantage));
	json_rounds(j, s);
	json_state(j, s, last);
	return j;
}

static json_t *
merged_outage_object(const struct merged_outage *m)
{
	json_t *j = outage_object(&m->o), *v = json_array();
	size_t i;

	for (i = 0; i < m->n_vantages; i++)
		json_array_append_new(v, json_string(m->vantages[i]));
	json_object_set_new(j, "vantages", v);
	json_object_set_new(j, "global", json_boolean(m->global));
	return j;
}

static void
print_json_merged(const struct group *g, const struct merge *m)
{
	json_t *j = json_object(), *names = json_array(), *per = json_array();
	json_t *outages = json_array(), *avail = json_object();
	json_t *lines = json_object();
	int64_t first = m->first, last = m->last;
	size_t n = m->n_rounds, i;
	char *text;

	for (i = 0; i < g->n; i++) {
		json_array_append_new(names, json_string(g->s[i].t->vantage));
		json_array_append_new(per, vantage_object(&g->s[i]));
	}
	for (i = 0; i < m->n_outages; i++)
		json_array_append_new(outages,
				      merged_outage_object(&m->outages[i]));
	json_object_set_new(j, "type", json_string("report"));
	json_object_set_new(j, "target", json_string(g->s[0].t->name));
	json_object_set_new(j, "prefix",
			    g->s[0].t->prefix ? json_string(g->s[0].t->prefix)
					      : json_null());
	json_object_set_new(j, "vantages", names);
	json_object_set_new(j, "first", n ? json_time_s(first) : json_null());
	json_object_set_new(j, "last", n ? json_time_s(last) : json_null());
	json_object_set_new(j, "rounds", json_integer((json_int_t)n));
	json_object_set_new(avail, "time", json_share(m->avail_time));
	json_object_set_new(j, "availability", avail);
	json_object_set_new(j, "by_vantage", per);
	json_object_set_new(j, "outages", outages);
	json_object_set_new(lines, "read",
			    json_integer((json_int_t)logfile_lines(g->lf)));
	json_object_set_new(lines, "used",
			    json_integer((json_int_t)logfile_used(g->lf)));
	json_object_set_new(lines, "skipped",
			    json_integer((json_int_t)logfile_skipped(g->lf)));
	json_object_set_new(j, "lines", lines);
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(j);
}

/* --- The command --------------------------------------------------------- */

static struct text_style
terminal_style(size_t width)
{
	const char *no_color = getenv("NO_COLOR");
	struct text_style sty;

	setlocale(LC_CTYPE, "");
	sty.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	sty.color = isatty(STDOUT_FILENO) &&
		    (no_color == NULL || *no_color == '\0');
	sty.width = width;
	return sty;
}

/* Opens the --svg file, or stdout for "-"; NULL with err. */
static FILE *
open_svg(const char *path, struct bo_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");

	if (f == NULL)
		error_set(err, BO_EXIT_CANTCREAT, "--svg: %s: %s", path,
			  strerror(errno));
	return f;
}

static int
write_svg(FILE *f, const char *path, const struct summary *s, size_t n,
	  struct bo_error *err)
{
	int rc = svg_write(f, s, n);

	if (f != stdout ? fclose(f) != 0 : fflush(f) != 0)
		rc = -1;
	if (rc < 0)
		error_set(err, BO_EXIT_OSERR, "--svg: %s: %s", path,
			  strerror(errno));
	return rc;
}

/* Prints one target's group of n summaries; false when it had nothing. */
static bool
print_group(const struct report_opts *o, const struct group *g, size_t shown,
	    const struct text_style *sty)
{
	struct merge m;
	size_t i, any = 0;

	for (i = 0; i < g->n; i++)
		any += g->s[i].n_rounds + g->s[i].n_outages;
	if (any == 0)
		return false;
	if (!o->json && shown > 0)
		putchar('\n');
	if (g->n == 1) {
		if (o->json)
			print_json(&g->s[0], g->lf);
		else
			print_text(&g->s[0], sty);
		return true;
	}
	merge_compute(g->s, g->n, o->until, &m);
	if (o->json)
		print_json_merged(g, &m);
	else
		print_text_merged(g, &m, sty);
	merge_free(&m);
	return true;
}

/*
 * Prints every target with rounds or outages in the window, as text or
 * JSON, unless the drawing goes to stdout. The --svg file is created
 * first, so that failing to create it leaves stdout empty.
 */
static int
print_report(const struct report_opts *o, const struct logfile *lf,
	     struct bo_error *err)
{
	size_t n = logfile_n_targets(lf), i, j, shown = 0;
	const struct logfile_target **order = merge_order(lf);
	struct text_style sty = terminal_style(o->width);
	struct summary *s;
	FILE *svg = NULL;
	int rc = 0;

	if (o->svg != NULL && (svg = open_svg(o->svg, err)) == NULL) {
		free(order);
		return -1;
	}
	s = xcalloc(n ? n : 1, sizeof(*s));
	for (i = 0; i < n; i++)
		summary_compute(order[i], o->since, o->until, &s[i]);
	for (i = 0; i < n && svg != stdout; i = j) {
		struct group g = { &s[i], 0, lf };

		for (j = i;
		     j < n && strcmp(order[j]->name, order[i]->name) == 0; j++)
			g.n++;
		shown += print_group(o, &g, shown, &sty);
	}
	if (shown == 0 && svg != stdout)
		fprintf(stderr, "blackout report: no round or outage in the "
				"window\n");
	if (svg != NULL)
		rc = write_svg(svg, o->svg, s, n, err);
	for (i = 0; i < n; i++)
		summary_free(&s[i]);
	free(s);
	free(order);
	return rc;
}

/* Reads the logs and prints the report; returns -1 with err otherwise. */
static int
run_report(const struct report_opts *o, struct logfile *lf,
	   struct bo_error *err)
{
	if (read_logs(o, lf, err) < 0)
		return -1;
	logfile_finish(lf);
	if (logfile_skipped(lf) > 0)
		fprintf(stderr,
			"blackout report: skipped %zu of %zu lines that are "
			"not blackout's run, round or event lines (the first: "
			"%s)\n",
			logfile_skipped(lf), logfile_lines(lf),
			logfile_first_skipped(lf));
	if (logfile_used(lf) == 0) {
		error_set(err, BO_EXIT_DATAERR,
			  "no blackout line in the input");
		return -1;
	}
	return print_report(o, lf, err);
}

int
report_main(int argc, char **argv)
{
	struct report_opts o;
	struct bo_error err = { 0, "" };
	struct logfile *lf = logfile_new();
	int rc = parse_opts(argc, argv, &o, &err);

	if (rc == 1)
		report_usage(stdout);
	else if (rc < 0 || run_report(&o, lf, &err) < 0)
		fprintf(stderr, "blackout report: %s\n", err.msg);
	logfile_free(lf);
	return err.status;
}

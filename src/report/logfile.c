/*
 * logfile.c - JSON lines back into rounds and events, per target.
 *
 * Invariant: a line is either used whole or skipped whole; nothing of a
 * skipped line reaches a target. Optional keys of a used line that are
 * missing or of the wrong type read as absent.
 */
#define _GNU_SOURCE
#include "blackout/report/logfile.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct logfile {
	struct logfile_target *t;
	size_t n, cap;
	size_t lines, used, skipped, seq;
	char *first_skipped;
};

struct logfile *
logfile_new(void)
{
	return xcalloc(1, sizeof(struct logfile));
}

/*
 * The vantage name of a round or event line ("vantage_name"): "" when it
 * has none, as in logs older than vantage names: the unnamed vantage.
 */
static const char *
line_vantage(const json_t *o)
{
	const char *v = json_string_value(json_object_get(o, "vantage_name"));

	return v != NULL ? v : "";
}

/* The target `name` seen from `vantage`, added at the end when new. */
static struct logfile_target *
target_get(struct logfile *lf, const char *name, const char *vantage)
{
	size_t i;

	for (i = 0; i < lf->n; i++)
		if (strcmp(lf->t[i].name, name) == 0 &&
		    strcmp(lf->t[i].vantage, vantage) == 0)
			return &lf->t[i];
	if (lf->n == lf->cap) {
		lf->cap = lf->cap ? 2 * lf->cap : 4;
		lf->t = xrealloc(lf->t, lf->cap, sizeof(*lf->t));
	}
	memset(&lf->t[lf->n], 0, sizeof(lf->t[0]));
	lf->t[lf->n].name = xstrdup(name);
	lf->t[lf->n].vantage = xstrdup(vantage);
	return &lf->t[lf->n++];
}

/* The time at key, or -1 when it is missing or not RFC 3339. */
static int64_t
get_time(const json_t *o, const char *key)
{
	int64_t t;

	if (parse_rfc3339(json_string_value(json_object_get(o, key)), &t) < 0)
		return -1;
	return t;
}

static int
get_state(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? state_from_name(s) : -1;
}

static uint32_t
get_count(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void
read_instability(const json_t *o, struct logfile_round *r)
{
	const json_t *mean, *sd;

	if (!json_is_object(o))
		return;
	r->has_instab = true;
	r->instab.window = get_count(o, "window");
	r->instab.state_changes = get_count(o, "state_changes");
	r->instab.block_changes = get_count(o, "block_changes");
	mean = json_object_get(o, "rate_mean");
	sd = json_object_get(o, "rate_sd");
	r->instab.has_rate = json_is_number(mean) && json_is_number(sd);
	r->instab.rate_mean = json_number_value(mean);
	r->instab.rate_sd = json_number_value(sd);
}

/* The blocks[] entries that have a prefix and a state; others are left out. */
static void
read_blocks(const json_t *a, struct logfile_round *r)
{
	const json_t *b;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return;
	r->blocks = xcalloc(json_array_size(a), sizeof(*r->blocks));
	json_array_foreach(a, i, b) {
		struct logfile_block *lb = &r->blocks[r->n_blocks];
		const char *pfx = json_string_value(
			json_object_get(b, "prefix"));
		const char *mode = json_string_value(
			json_object_get(b, "mode"));
		int st = get_state(b, "state");

		if (pfx == NULL || strlen(pfx) >= sizeof(lb->prefix) || st < 0)
			continue;
		snprintf(lb->prefix, sizeof(lb->prefix), "%s", pfx);
		lb->state = (enum target_state)st;
		lb->counted = mode == NULL ||
			      block_mode_from_name(mode) != MODE_ADAPTIVE;
		lb->looked = json_object_get(b, "probes") == NULL ||
			     get_count(b, "probes") > 0;
		lb->responsive = get_count(b, "responsive");
		lb->ever = get_count(b, "ever");
		r->n_blocks++;
	}
}

/* What a round line's blocks hold (logfile.h): "blocks_listed" and
 * "blocks_omitted", which compact lines of large targets carry, and the
 * /24s per state ("block_counts", else counted in blocks). */
static void
read_listing(const json_t *o, struct logfile_round *r)
{
	const char *listed = json_string_value(
		json_object_get(o, "blocks_listed"));
	const json_t *omitted = json_object_get(o, "blocks_omitted");
	const json_t *counts = json_object_get(o, "block_counts");
	bool whole = !json_is_integer(omitted) ||
		     json_integer_value(omitted) == 0;
	size_t i;

	r->blocks_all = listed == NULL || (strcmp(listed, "all") == 0 && whole);
	r->blocks_not_up = listed != NULL && strcmp(listed, "not-up") == 0 &&
			   whole;
	if (json_is_object(counts)) {
		r->n_up = get_count(counts, "up");
		r->n_down = get_count(counts, "down");
		r->n_unknown = get_count(counts, "unknown");
		return;
	}
	for (i = 0; i < r->n_blocks; i++) {
		r->n_up += r->blocks[i].state == STATE_UP;
		r->n_down += r->blocks[i].state == STATE_DOWN;
		r->n_unknown += r->blocks[i].state == STATE_UNKNOWN;
	}
}

static void
target_set_prefix(struct logfile_target *t, const json_t *o)
{
	const char *pfx = json_string_value(json_object_get(o, "prefix"));
	const json_t *n = json_object_get(o, "prefixes");

	if (json_is_integer(n) && json_integer_value(n) > 0 &&
	    json_integer_value(n) <= UINT32_MAX)
		t->n_prefixes = (unsigned)json_integer_value(n);
	if (pfx == NULL)
		return;
	free(t->prefix);
	t->prefix = xstrdup(pfx);
}

/* When a round that began at time stopped probing: time plus its
 * "duration_s" in whole seconds, as event lines write it; time when it
 * has none. */
static int64_t
round_ends(const json_t *o, int64_t time)
{
	const json_t *d = json_object_get(o, "duration_s");
	double s = json_is_number(d) ? json_number_value(d) : 0;

	if (!(s > 0) || s > 86400)
		return time;
	return time + (int64_t)s;
}

/* The vantage state ("vantage"), whether the round was silent, and the
 * shard, if any. */
static void
read_vantage_shard(const json_t *o, struct logfile_round *r)
{
	const json_t *sh = json_object_get(o, "shard");
	const char *vs = json_string_value(json_object_get(o, "vantage"));
	uint32_t i = get_count(sh, "index"), n = get_count(sh, "count");
	const json_t *ad = json_object_get(o, "addresses");

	r->vantage_down = vs != NULL && vantage_from_name(vs) == VANTAGE_DOWN;
	r->watch = json_is_true(json_object_get(o, "watch"));
	r->silent = !r->vantage_down && !r->watch &&
		    get_count(ad, "probed") > 0 &&
		    json_is_integer(json_object_get(ad, "responsive")) &&
		    get_count(ad, "responsive") == 0;
	if (json_is_object(sh) && n > 1 && i < n) {
		r->shard_index = i;
		r->shard_count = n;
	}
}

static int
use_round(struct logfile *lf, const json_t *o)
{
	const char *name = json_string_value(json_object_get(o, "target"));
	const json_t *round = json_object_get(o, "round");
	struct logfile_round r;
	struct logfile_target *t;
	int st = get_state(o, "state");

	memset(&r, 0, sizeof(r));
	r.time = get_time(o, "time");
	if (name == NULL || *name == '\0' || st < 0 || r.time < 0 ||
	    !json_is_integer(round) || json_integer_value(round) < 0 ||
	    json_integer_value(round) > UINT32_MAX)
		return -1;
	/* A round cut short by a signal is no round of the record
	 * (man/blackout.8, interrupted): read, and left out. */
	if (json_is_true(json_object_get(o, "interrupted")))
		return 0;
	r.round = (uint32_t)json_integer_value(round);
	r.state = (enum target_state)st;
	r.since = get_time(o, "since");
	if (r.since < 0)
		r.since = 0;
	r.ends = round_ends(o, r.time);
	r.seq = lf->seq++;
	read_blocks(json_object_get(o, "blocks"), &r);
	read_listing(o, &r);
	read_instability(json_object_get(o, "instability"), &r);
	read_vantage_shard(o, &r);
	t = target_get(lf, name, line_vantage(o));
	target_set_prefix(t, o);
	if (t->n_rounds == t->cap_rounds) {
		t->cap_rounds = t->cap_rounds ? 2 * t->cap_rounds : 64;
		t->rounds = xrealloc(t->rounds, t->cap_rounds,
				     sizeof(*t->rounds));
	}
	t->rounds[t->n_rounds++] = r;
	return 0;
}

/*
 * How far an outage line's start (start_after, start_by) and end
 * (end_after, end_by) may be off as its rounds tell: the farther of the
 * two times from the estimate; -1 when the line lacks them (older logs, a
 * target's first verdict) or an estimate is not between its two.
 */
static int64_t
edge_error(const json_t *o, const char *after, const char *by, int64_t est)
{
	return logfile_edge_error(get_time(o, after), get_time(o, by), est);
}

int64_t
logfile_edge_error(int64_t after, int64_t by, int64_t est)
{
	if (after < 0 || est < after || by < est)
		return -1;
	return est - after > by - est ? est - after : by - est;
}

static int
use_event(struct logfile *lf, const json_t *o)
{
	const char *name = json_string_value(json_object_get(o, "target"));
	const char *scope = json_string_value(json_object_get(o, "scope"));
	const json_t *dur = json_object_get(o, "duration_s");
	int kind = event_from_name(
		json_string_value(json_object_get(o, "event")));
	int from = get_state(o, "from"), to = get_state(o, "to");
	struct logfile_event e = { .time = get_time(o, "time"),
				   .start = -1,
				   .end = -1,
				   .duration_s = -1,
				   .start_err_s = -1,
				   .end_err_s = -1 };
	struct logfile_target *t;

	if (name == NULL || *name == '\0' || kind < 0 || kind == EVENT_NONE ||
	    from < 0 || to < 0 || e.time < 0)
		return -1;
	e.kind = (enum event_kind)kind;
	e.from = (enum target_state)from;
	e.to = (enum target_state)to;
	/* A scope that is not "total" reads as partial. */
	e.scope = scope == NULL				 ? STATE_UNKNOWN
		  : scope_from_name(scope) == STATE_DOWN ? STATE_DOWN
							 : STATE_PARTIAL;
	if (e.kind == EVENT_OUTAGE_START) {
		/* blackout's estimate of the start (issue 11); older logs
		 * have none and the line's time stands for it. */
		e.start = get_time(o, "start");
		if (e.start > e.time)
			e.start = -1;
		if (e.start >= 0)
			e.start_err_s = edge_error(o, "start_after", "start_by",
						   e.start);
	}
	if (e.kind == EVENT_OUTAGE_END) {
		e.start = get_time(o, "start");
		if (e.start < 0 || e.start > e.time)
			return -1;
		e.end = get_time(o, "end");
		if (e.end < e.start || e.end > e.time)
			e.end = e.time; /* none (older logs), or not sane */
		e.duration_s = json_is_integer(dur)
				       ? (int64_t)json_integer_value(dur)
				       : e.time - e.start;
		e.start_err_s = edge_error(o, "start_after", "start_by",
					   e.start);
		e.end_err_s = edge_error(o, "end_after", "end_by", e.end);
	}
	e.seq = lf->seq++;
	t = target_get(lf, name, line_vantage(o));
	target_set_prefix(t, o);
	if (t->n_events == t->cap_events) {
		t->cap_events = t->cap_events ? 2 * t->cap_events : 16;
		t->events = xrealloc(t->events, t->cap_events,
				     sizeof(*t->events));
	}
	t->events[t->n_events++] = e;
	return 0;
}

/* Uses one line; returns -1 when it is to be skipped. */
static int
use_line(struct logfile *lf, const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *type = json_string_value(json_object_get(o, "type"));
	int rc = -1;

	if (type == NULL)
		rc = -1;
	else if (strcmp(type, "round") == 0)
		rc = use_round(lf, o);
	else if (strcmp(type, "event") == 0)
		rc = use_event(lf, o);
	else if (strcmp(type, "run") == 0)
		rc = get_time(o, "time") < 0 ? -1 : 0;
	json_decref(o);
	return rc;
}

static bool
is_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

int
logfile_read(struct logfile *lf, FILE *f, const char *name,
	     struct bo_error *err)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int rc = 0;

	errno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		if (is_blank(line))
			continue;
		lf->lines++;
		if (use_line(lf, line) == 0) {
			lf->used++;
			continue;
		}
		if (lf->skipped++ == 0 &&
		    asprintf(&lf->first_skipped, "%s:%zu", name, lineno) < 0)
			lf->first_skipped = NULL;
	}
	if (ferror(f)) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", name,
			  strerror(errno ? errno : EIO));
		rc = -1;
	}
	free(line);
	return rc;
}

static int
round_cmp(const void *a, const void *b)
{
	const struct logfile_round *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
event_cmp(const void *a, const void *b)
{
	const struct logfile_event *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The state a merged round's /24s add up to (see logfile.h). */
static enum target_state
blocks_state(const struct logfile_round *r)
{
	if (r->vantage_down || r->n_up + r->n_down == 0)
		return STATE_UNKNOWN;
	return r->n_down == 0 ? STATE_UP
	       : r->n_up == 0 ? STATE_DOWN
			      : STATE_PARTIAL;
}

/* Adds shard round r to the merged round m (its blocks move to m): m lists
 * every /24 only when each shard did, every /24 not up when each shard
 * listed at least those. */
static void
merge_into(struct logfile_round *m, struct logfile_round *r)
{
	bool up_known = (m->blocks_all || m->blocks_not_up) &&
			(r->blocks_all || r->blocks_not_up);

	m->blocks = xrealloc(m->blocks, m->n_blocks + r->n_blocks + 1,
			     sizeof(*m->blocks));
	if (r->n_blocks > 0) /* a compact line of an all-up shard lists none */
		memcpy(m->blocks + m->n_blocks, r->blocks,
		       r->n_blocks * sizeof(*r->blocks));
	m->n_blocks += r->n_blocks;
	m->n_up += r->n_up;
	m->n_down += r->n_down;
	m->n_unknown += r->n_unknown;
	m->blocks_all = m->blocks_all && r->blocks_all;
	m->blocks_not_up = up_known && !m->blocks_all;
	m->vantage_down |= r->vantage_down;
	m->silent = m->silent && r->silent;
	if (r->ends > m->ends)
		m->ends = r->ends;
	free(r->blocks);
}

/* One whole round per turn of the shards (see logfile.h). */
static void
merge_shards(struct logfile_target *t)
{
	uint8_t *seen = NULL;
	size_t j, k = 0, count = 0;

	for (j = 0; j < t->n_rounds; j++)
		if (t->rounds[j].shard_count > count)
			count = t->rounds[j].shard_count;
	if (count == 0)
		return;
	seen = xcalloc(count, 1);
	for (j = 0; j < t->n_rounds; j++) {
		struct logfile_round r = t->rounds[j];

		if (k == 0 || seen[r.shard_index]) {
			if (k > 0)
				t->rounds[k - 1].state = blocks_state(
					&t->rounds[k - 1]);
			memset(seen, 0, count);
			r.since = 0;
			r.has_instab = false;
			r.shard_count = (uint32_t)count;
			t->rounds[k++] = r;
		} else {
			merge_into(&t->rounds[k - 1], &r);
		}
		seen[r.shard_index] = 1;
	}
	if (k > 0)
		t->rounds[k - 1].state = blocks_state(&t->rounds[k - 1]);
	t->n_rounds = k;
	t->sharded = true; /* each shard's events saw a part of the target */
	free(seen);
}

void
logfile_finish(struct logfile *lf)
{
	size_t i, j, k;

	for (i = 0; i < lf->n; i++) {
		struct logfile_target *t = &lf->t[i];

		if (t->n_rounds > 1)
			qsort(t->rounds, t->n_rounds, sizeof(*t->rounds),
			      round_cmp);
		if (t->n_events > 1)
			qsort(t->events, t->n_events, sizeof(*t->events),
			      event_cmp);
		for (j = k = 0; j < t->n_rounds; j++) {
			if (k > 0 &&
			    t->rounds[k - 1].time == t->rounds[j].time &&
			    t->rounds[k - 1].round == t->rounds[j].round &&
			    t->rounds[k - 1].shard_index ==
				    t->rounds[j].shard_index) {
				free(t->rounds[j].blocks);
				continue;
			}
			t->rounds[k++] = t->rounds[j];
		}
		t->n_rounds = k;
		for (j = k = 0; j < t->n_events; j++) {
			if (k > 0 &&
			    t->events[k - 1].time == t->events[j].time &&
			    t->events[k - 1].kind == t->events[j].kind &&
			    t->events[k - 1].to == t->events[j].to)
				continue;
			t->events[k++] = t->events[j];
		}
		t->n_events = k;
		merge_shards(t);
	}
}

size_t
logfile_n_targets(const struct logfile *lf)
{
	return lf->n;
}

const struct logfile_target *
logfile_target(const struct logfile *lf, size_t i)
{
	return i < lf->n ? &lf->t[i] : NULL;
}

size_t
logfile_lines(const struct logfile *lf)
{
	return lf->lines;
}

size_t
logfile_used(const struct logfile *lf)
{
	return lf->used;
}

size_t
logfile_skipped(const struct logfile *lf)
{
	return lf->skipped;
}

const char *
logfile_first_skipped(const struct logfile *lf)
{
	return lf->first_skipped;
}

void
logfile_free(struct logfile *lf)
{
	size_t i, j;

	if (lf == NULL)
		return;
	for (i = 0; i < lf->n; i++) {
		for (j = 0; j < lf->t[i].n_rounds; j++)
			free(lf->t[i].rounds[j].blocks);
		free(lf->t[i].rounds);
		free(lf->t[i].events);
		free(lf->t[i].name);
		free(lf->t[i].vantage);
		free(lf->t[i].prefix);
	}
	free(lf->t);
	free(lf->first_skipped);
	free(lf);
}

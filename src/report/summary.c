/*
 * summary.c - one target over a window: counts, outages, availability and
 * instability (see summary.h for the rules).
 *
 * Invariant: a summary points into its logfile_target (rounds) and owns
 * only its outages; the logfile must outlive it.
 */
#include "blackout/report/summary.h"

#include <stdlib.h>
#include <string.h>

#include "blackout/prefix.h"

static struct summary_outage *
outage_open(struct summary *s, int64_t start, enum target_state scope)
{
	struct summary_outage *o;

	s->outages = xrealloc(s->outages, s->n_outages + 1,
			      sizeof(*s->outages));
	o = &s->outages[s->n_outages++];
	memset(o, 0, sizeof(*o));
	o->start = start;
	o->start_err_s = o->end_err_s = -1;
	o->scope = scope == STATE_DOWN ? STATE_DOWN : STATE_PARTIAL;
	o->ongoing = true;
	return o;
}

static void
outage_close(struct summary_outage *o, int64_t end, int64_t duration_s)
{
	o->end = end;
	o->duration_s = duration_s;
	o->ongoing = false;
}

/* Outages from the event lines (all of them, not only the window's). */
static void
outages_from_events(const struct logfile_target *t, struct summary *s)
{
	struct summary_outage *open = NULL;
	size_t i;

	for (i = 0; i < t->n_events; i++) {
		const struct logfile_event *e = &t->events[i];

		switch (e->kind) {
		case EVENT_OUTAGE_START:
			if (open != NULL) /* its end line is missing */
				outage_close(open, e->time,
					     e->time - open->start);
			open = outage_open(s,
					   e->start >= 0 ? e->start : e->time,
					   e->scope);
			break;
		case EVENT_STATE_CHANGE:
			if (open == NULL &&
			    (e->to == STATE_PARTIAL || e->to == STATE_DOWN))
				open = outage_open(s, e->time, e->to);
			else if (open != NULL && e->to == STATE_DOWN)
				open->scope = STATE_DOWN;
			break;
		case EVENT_OUTAGE_END:
			if (open == NULL) /* began before the log */
				open = outage_open(s, e->start, e->scope);
			open->start = e->start;
			if (e->scope == STATE_DOWN)
				open->scope = STATE_DOWN;
			outage_close(open, e->end, e->duration_s);
			open->start_err_s = e->start_err_s;
			open->end_err_s = e->end_err_s;
			open = NULL;
			break;
		default:
			break;
		}
	}
}

/*
 * The shards' estimate of a change in merged round i of t: of its
 * outage-start lines (kind EVENT_OUTAGE_START), the one with the earliest
 * "start", or of its outage-end lines the one with the latest "end"; NULL
 * when none says.
 */
static const struct logfile_event *
turn_event(const struct logfile_target *t, size_t i, enum event_kind kind)
{
	int64_t from = t->rounds[i].time, best = -1;
	int64_t to = i + 1 < t->n_rounds ? t->rounds[i + 1].time : INT64_MAX;
	const struct logfile_event *found = NULL;
	size_t j;

	for (j = 0; j < t->n_events; j++) {
		const struct logfile_event *e = &t->events[j];
		int64_t v = kind == EVENT_OUTAGE_START ? e->start : e->end;

		if (e->kind != kind || e->time < from || e->time >= to || v < 0)
			continue;
		if (best < 0 ||
		    (kind == EVENT_OUTAGE_START ? v < best : v > best)) {
			best = v;
			found = e;
		}
	}
	return found;
}

/* A round that saw nothing of the target: unknown, its vantage down. */
static bool
saw_nothing(const struct logfile_round *r)
{
	return r->state == STATE_UNKNOWN && r->vantage_down;
}

/*
 * Whether watch round w looked at none of the /24s that round r found not
 * up (the round that saw an onset, or the last one of an outage before
 * its end): blackout does not take it for the round before such a change
 * (LOOK_PAST_SOME). A line that lists no /24 tells nothing: it is taken.
 */
static bool
watch_missed(const struct logfile_round *w, const struct logfile_round *r)
{
	size_t a, b;
	bool any = false;

	if (!w->watch || r->watch || w->n_blocks == 0)
		return false;
	for (a = 0; a < r->n_blocks; a++) {
		if (r->blocks[a].state == STATE_UP ||
		    r->blocks[a].state == STATE_UNKNOWN)
			continue;
		for (b = 0; b < w->n_blocks; b++)
			if (strcmp(w->blocks[b].prefix, r->blocks[a].prefix) ==
				    0 &&
			    w->blocks[b].looked)
				return false;
		any = true;
	}
	return any;
}

/*
 * An edge of an outage from round states, that round i of t saw (the
 * first in outage, or the first up after it), dated by blackout's rule
 * (change_estimate() in src/verdict/baseline.c): an onset moves back to
 * the first of the silent unknown rounds just before i; the round before
 * is the last that saw anything (not unknown with its vantage down, nor a
 * watch round that looked at none of the /24s that changed); the
 * edge is half way between the two rounds' starts, *err how far it may be
 * off: the farther of the round before's start and the end of the round
 * it rests on (for a silent round before i, the next round's start).
 * Without a round before, i's start and -1.
 */
static void
round_edge(const struct logfile_target *t, size_t i, bool onset, int64_t *est,
	   int64_t *err)
{
	/* The /24s of the change: down in i, or in the last round before
	 * the end. */
	const struct logfile_round *ch = onset || i == 0 ? &t->rounds[i]
							 : &t->rounds[i - 1];
	size_t j = i, k;
	int64_t after, by;

	while (onset && j > 0 && t->rounds[j - 1].state == STATE_UNKNOWN &&
	       t->rounds[j - 1].silent)
		j--;
	*est = t->rounds[j].time;
	*err = -1;
	for (k = j; k > 0 && (saw_nothing(&t->rounds[k - 1]) ||
			      watch_missed(&t->rounds[k - 1], ch));
	     k--)
		;
	if (k == 0)
		return;
	after = t->rounds[k - 1].time;
	/* an earlier round's end as blackout keeps it: the next one's start */
	by = j < i ? t->rounds[j + 1].time : t->rounds[j].ends;
	*est = after + (t->rounds[j].time - after) / 2;
	*err = logfile_edge_error(after, by, *est);
}

/* An edge from the shards' events when they date it, else from rounds. */
static void
turn_edge(const struct logfile_target *t, size_t i, enum event_kind kind,
	  int64_t *est, int64_t *err)
{
	const struct logfile_event *e = turn_event(t, i, kind);

	if (e == NULL) {
		round_edge(t, i, kind == EVENT_OUTAGE_START, est, err);
		return;
	}
	*est = kind == EVENT_OUTAGE_START ? e->start : e->end;
	*err = kind == EVENT_OUTAGE_START ? e->start_err_s : e->end_err_s;
}

/* Outages from round states, for a target without event lines, or of
 * merged shards (their events' estimates for the times, when any). */
static void
outages_from_rounds(const struct logfile_target *t, struct summary *s)
{
	struct summary_outage *open = NULL;
	size_t i;

	for (i = 0; i < t->n_rounds; i++) {
		const struct logfile_round *r = &t->rounds[i];
		int64_t est, err;

		if (r->state == STATE_UP && open != NULL) {
			turn_edge(t, i, EVENT_OUTAGE_END, &est, &err);
			if (est < open->start) {
				est = r->time;
				err = -1;
			}
			outage_close(open, est, est - open->start);
			open->end_err_s = err;
			open = NULL;
		} else if (r->state == STATE_PARTIAL ||
			   r->state == STATE_DOWN) {
			if (open != NULL) {
				if (r->state == STATE_DOWN)
					open->scope = STATE_DOWN;
				continue;
			}
			turn_edge(t, i, EVENT_OUTAGE_START, &est, &err);
			/* The first round may continue an older state. */
			if (i == 0 && r->since > 0 && r->since < r->time &&
			    turn_event(t, i, EVENT_OUTAGE_START) == NULL) {
				est = r->since;
				err = -1;
			}
			open = outage_open(s, est, r->state);
			open->start_err_s = err;
		}
	}
}

/* Ongoing outages end, for now, at the target's last line. */
static void
outages_finish_ongoing(const struct logfile_target *t, struct summary *s)
{
	int64_t last = 0;
	size_t i;

	if (t->n_rounds > 0)
		last = t->rounds[t->n_rounds - 1].time;
	if (t->n_events > 0 && t->events[t->n_events - 1].time > last)
		last = t->events[t->n_events - 1].time;
	for (i = 0; i < s->n_outages; i++) {
		struct summary_outage *o = &s->outages[i];

		if (!o->ongoing)
			continue;
		o->end = last > o->start ? last : o->start;
		o->duration_s = o->end - o->start;
	}
}

int64_t
summary_outage_error(const struct summary_outage *o)
{
	if (o->ongoing || o->start_err_s < 0 || o->end_err_s < 0)
		return -1;
	return o->start_err_s + o->end_err_s;
}

int
summary_prefix_cmp(const void *a, const void *b)
{
	struct prefix x = { 0, 0 }, y = { 0, 0 };

	prefix_parse(a, "blocks", &x, NULL);
	prefix_parse(b, "blocks", &y, NULL);
	if (x.base != y.base)
		return x.base < y.base ? -1 : 1;
	return strcmp(a, b);
}

/* The /24s that rounds from o's start to its end found down. */
static void
outage_blocks(const struct logfile_target *t, struct summary_outage *o)
{
	size_t i, j, k;

	for (i = 0; i < t->n_rounds; i++) {
		const struct logfile_round *r = &t->rounds[i];

		if (r->time < o->start || r->time > o->end ||
		    (!o->ongoing && r->time == o->end))
			continue;
		for (j = 0; j < r->n_blocks; j++) {
			if (r->blocks[j].state != STATE_DOWN)
				continue;
			for (k = 0; k < o->n_blocks; k++)
				if (strcmp(o->blocks[k], r->blocks[j].prefix) ==
				    0)
					break;
			if (k < o->n_blocks)
				continue;
			o->blocks = xrealloc(o->blocks, o->n_blocks + 1,
					     sizeof(*o->blocks));
			memcpy(o->blocks[o->n_blocks++], r->blocks[j].prefix,
			       sizeof(o->blocks[0]));
		}
	}
	if (o->n_blocks > 1)
		qsort(o->blocks, o->n_blocks, sizeof(*o->blocks),
		      summary_prefix_cmp);
}

/* Keeps the outages that overlap [since, until). */
static void
outages_in_window(struct summary *s, int64_t since, int64_t until)
{
	size_t i, k = 0;

	for (i = 0; i < s->n_outages; i++) {
		struct summary_outage *o = &s->outages[i];

		if (o->start < until && (o->ongoing || o->end > since))
			s->outages[k++] = *o;
		else
			free(o->blocks);
	}
	s->n_outages = k;
}

static int
int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The median time between the window's rounds (its target's, if < 2). */
static int64_t
median_gap(const struct logfile_target *t, const struct summary *s)
{
	const struct logfile_round *r = s->n_rounds >= 2 ? s->rounds
							 : t->rounds;
	size_t n = s->n_rounds >= 2 ? s->n_rounds : t->n_rounds, i;
	int64_t *gaps, m;

	if (n < 2)
		return 0;
	gaps = xcalloc(n - 1, sizeof(*gaps));
	for (i = 1; i < n; i++)
		gaps[i - 1] = r[i].time - r[i - 1].time;
	qsort(gaps, n - 1, sizeof(*gaps), int64_cmp);
	m = gaps[(n - 1) / 2];
	free(gaps);
	return m;
}

static void
availability(const struct logfile_target *t, struct summary *s, int64_t until)
{
	const struct logfile_round *end = t->rounds + t->n_rounds;
	int64_t median = s->median_gap, up_w = 0, known_w = 0;
	unsigned known;
	size_t i;

	known = s->count[STATE_UP] + s->count[STATE_PARTIAL] +
		s->count[STATE_DOWN];
	s->avail_rounds = known ? (double)s->count[STATE_UP] / known : -1;
	for (i = 0; i < s->n_rounds; i++) {
		const struct logfile_round *r = &s->rounds[i];
		int64_t w = r + 1 < end ? r[1].time - r->time : median;

		if (w > 2 * median)
			w = 2 * median;
		if (w > until - r->time)
			w = until - r->time;
		if (r->state == STATE_UNKNOWN)
			continue;
		known_w += w;
		if (r->state == STATE_UP)
			up_w += w;
	}
	s->avail_time = known_w > 0 ? (double)up_w / known_w : -1;
}

static bool
listed_in(const struct logfile_round *r, const char *prefix)
{
	size_t i;

	for (i = 0; i < r->n_blocks; i++)
		if (strcmp(r->blocks[i].prefix, prefix) == 0)
			return true;
	return false;
}

/*
 * The state of /24 prefix in round r: as listed, or up when r lists every
 * /24 that was not up and not this one; else unknown (not listed).
 */
static enum target_state
block_state_in(const struct logfile_round *r, const char *prefix)
{
	size_t i;

	for (i = 0; i < r->n_blocks; i++)
		if (strcmp(r->blocks[i].prefix, prefix) == 0)
			return r->blocks[i].state;
	return r->blocks_not_up ? STATE_UP : STATE_UNKNOWN;
}

/* Whether a and b are known states of a /24 that differ. */
static bool
flipped(enum target_state a, enum target_state b)
{
	return a != STATE_UNKNOWN && b != STATE_UNKNOWN && a != b;
}

/*
 * /24 flips between up and down from round a to round b. The /24s of
 * either round count: with compact lines (only the /24s not up), one that
 * came back is listed in a only.
 */
static unsigned
block_flips(const struct logfile_round *a, const struct logfile_round *b)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < b->n_blocks; i++)
		n += flipped(block_state_in(a, b->blocks[i].prefix),
			     b->blocks[i].state);
	for (i = 0; i < a->n_blocks; i++)
		if (b->blocks_not_up && flipped(a->blocks[i].state, STATE_UP) &&
		    !listed_in(b, a->blocks[i].prefix))
			n++; /* listed in a, absent (so up) from b's list */
	return n;
}

/*
 * The window's rounds by UTC day. A day's answer rate is the mean of its
 * rounds' own figure (the E(b) answer rate over their last rounds).
 */
static void
summarize_days(struct summary *s)
{
	double rate_sum = 0;
	unsigned rate_n = 0;
	size_t i;

	for (i = 0; i < s->n_rounds; i++) {
		const struct logfile_round *r = &s->rounds[i];
		int64_t day = r->time - ((r->time % 86400) + 86400) % 86400;
		struct summary_day *d;

		if (s->n_days == 0 || s->days[s->n_days - 1].day != day) {
			if (s->n_days > 0)
				s->days[s->n_days - 1]
					.rate = rate_n > 0 ? rate_sum / rate_n
							   : -1;
			s->days = xrealloc(s->days, s->n_days + 1,
					   sizeof(*s->days));
			d = &s->days[s->n_days++];
			memset(d, 0, sizeof(*d));
			d->day = day;
			rate_sum = 0;
			rate_n = 0;
		}
		d = &s->days[s->n_days - 1];
		d->rounds++;
		if (r->has_instab && r->instab.has_rate) {
			rate_sum += r->instab.rate_mean;
			rate_n++;
		}
		if (i == 0)
			continue;
		d->state_changes += r->state != s->rounds[i - 1].state;
		d->block_changes += block_flips(&s->rounds[i - 1], r);
	}
	if (s->n_days > 0)
		s->days[s->n_days - 1].rate = rate_n > 0 ? rate_sum / rate_n
							 : -1;
}

void
summary_compute(const struct logfile_target *t, int64_t since, int64_t until,
		struct summary *out)
{
	size_t i, first = 0;

	memset(out, 0, sizeof(*out));
	out->t = t;
	while (first < t->n_rounds && t->rounds[first].time < since)
		first++;
	out->rounds = t->rounds + first;
	while (first + out->n_rounds < t->n_rounds &&
	       out->rounds[out->n_rounds].time < until)
		out->n_rounds++;
	for (i = 0; i < out->n_rounds; i++) {
		out->count[out->rounds[i].state]++;
		if (i == 0)
			continue;
		out->state_changes += out->rounds[i].state !=
				      out->rounds[i - 1].state;
		out->block_changes += block_flips(&out->rounds[i - 1],
						  &out->rounds[i]);
	}
	summarize_days(out);
	out->median_gap = median_gap(t, out);
	availability(t, out, until);
	out->from_events = t->n_events > 0 && !t->sharded;
	out->estimated = t->n_events > 0 && t->sharded;
	if (out->from_events)
		outages_from_events(t, out);
	else
		outages_from_rounds(t, out);
	outages_finish_ongoing(t, out);
	outages_in_window(out, since, until);
	for (i = 0; i < out->n_outages; i++)
		outage_blocks(t, &out->outages[i]);
}

void
summary_span(const struct summary *s, int64_t from, int64_t to,
	     struct summary_day *out)
{
	double rate_sum = 0;
	unsigned rate_n = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->day = from;
	for (i = 0; i < s->n_rounds; i++) {
		const struct logfile_round *r = &s->rounds[i];

		if (r->time < from || r->time >= to)
			continue;
		out->rounds++;
		if (r->has_instab && r->instab.has_rate) {
			rate_sum += r->instab.rate_mean;
			rate_n++;
		}
		if (i == 0 || s->rounds[i - 1].time < from)
			continue;
		out->state_changes += r->state != s->rounds[i - 1].state;
		out->block_changes += block_flips(&s->rounds[i - 1], r);
	}
	out->rate = rate_n > 0 ? rate_sum / rate_n : -1;
}

const struct logfile_round *
summary_last(const struct summary *s)
{
	return s->n_rounds ? &s->rounds[s->n_rounds - 1] : NULL;
}

void
summary_free(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->n_outages; i++)
		free(s->outages[i].blocks);
	free(s->outages);
	s->outages = NULL;
	s->n_outages = 0;
	free(s->days);
	s->days = NULL;
	s->n_days = 0;
}

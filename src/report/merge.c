/*
 * merge.c - one target's outages and availability across vantages (see
 * merge.h for the rules).
 *
 * Invariant: a merge owns its outages' vantage lists and /24 lists; the
 * names in them point into the summaries' logfile targets.
 */
#include "blackout/report/merge.h"

#include <stdlib.h>
#include <string.h>

/* An outage of one vantage, while outages are gathered. */
struct member {
	const struct summary_outage *o;
	size_t v; /* index of its summary */
};

/* A stretch of time [a, b). */
struct span {
	int64_t a, b;
};

static int
member_cmp(const void *x, const void *y)
{
	const struct member *p = x, *q = y;

	if (p->o->start != q->o->start)
		return p->o->start < q->o->start ? -1 : 1;
	return p->v < q->v ? -1 : p->v > q->v;
}

static int
span_cmp(const void *x, const void *y)
{
	const struct span *p = x, *q = y;

	return p->a < q->a ? -1 : p->a > q->a;
}

/* How long round i of t stands for: until the next, within the median. */
static int64_t
round_weight(const struct logfile_target *t, size_t i, int64_t median)
{
	int64_t w = i + 1 < t->n_rounds
			    ? t->rounds[i + 1].time - t->rounds[i].time
			    : median;

	return median > 0 && w > 2 * median ? 2 * median : w;
}

/*
 * True when s's vantage watched [a, b): one of its rounds with its vantage
 * up fell in it, or at most half its median gap before it (rounds of two
 * vantages are not in step: this one's round just before the outage began
 * was the same turn of the clock).
 */
static bool
watched(const struct summary *s, int64_t a, int64_t b)
{
	const struct logfile_target *t = s->t;
	int64_t from = a - s->median_gap / 2;
	size_t i;

	if (b <= a)
		b = a + 1;
	for (i = 0; i < t->n_rounds; i++) {
		const struct logfile_round *r = &t->rounds[i];

		if (!r->vantage_down && r->time >= from && r->time < b)
			return true;
	}
	return false;
}

static void
add_block(struct summary_outage *o, const char *pfx)
{
	size_t k;

	for (k = 0; k < o->n_blocks; k++)
		if (strcmp(o->blocks[k], pfx) == 0)
			return;
	o->blocks = xrealloc(o->blocks, o->n_blocks + 1, sizeof(*o->blocks));
	memcpy(o->blocks[o->n_blocks++], pfx, sizeof(o->blocks[0]));
}

static void
add_vantage(struct merged_outage *m, const char *name)
{
	size_t k;

	for (k = 0; k < m->n_vantages; k++)
		if (strcmp(m->vantages[k], name) == 0)
			return;
	m->vantages = xrealloc(m->vantages, m->n_vantages + 1,
			       sizeof(*m->vantages));
	m->vantages[m->n_vantages++] = name;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One merged outage from members [first, last). */
static void
merge_members(const struct summary *per, size_t n, const struct member *mem,
	      size_t first, size_t last, struct merged_outage *m)
{
	size_t i, k;

	memset(m, 0, sizeof(*m));
	/* The union's edges are one vantage's start and another's end
	 * (merge.h), each with its own error. */
	m->o.start = mem[first].o->start;
	m->o.start_err_s = mem[first].o->start_err_s;
	m->o.scope = STATE_PARTIAL;
	for (i = first; i < last; i++) {
		const struct summary_outage *o = mem[i].o;

		if (o->end > m->o.end || (o->ongoing && o->end >= m->o.end)) {
			m->o.end = o->end;
			m->o.end_err_s = o->end_err_s;
			m->o.ongoing = o->ongoing;
		}
		if (o->scope == STATE_DOWN)
			m->o.scope = STATE_DOWN;
		for (k = 0; k < o->n_blocks; k++)
			add_block(&m->o, o->blocks[k]);
		add_vantage(m, per[mem[i].v].t->vantage);
	}
	m->o.duration_s = last - first == 1 ? mem[first].o->duration_s
					    : m->o.end - m->o.start;
	if (m->o.n_blocks > 1)
		qsort(m->o.blocks, m->o.n_blocks, sizeof(*m->o.blocks),
		      summary_prefix_cmp);
	qsort(m->vantages, m->n_vantages, sizeof(*m->vantages), name_cmp);
	m->global = true;
	for (i = 0; i < n; i++) {
		for (k = 0; k < m->n_vantages; k++)
			if (strcmp(m->vantages[k], per[i].t->vantage) == 0)
				break;
		if (k == m->n_vantages &&
		    watched(&per[i], m->o.start, m->o.end))
			m->global = false;
	}
}

static void
merge_outages(const struct summary *per, size_t n, struct merge *out)
{
	struct member *mem = NULL;
	size_t nm = 0, i, j, first;
	int64_t end;

	for (i = 0; i < n; i++)
		for (j = 0; j < per[i].n_outages; j++) {
			mem = xrealloc(mem, nm + 1, sizeof(*mem));
			mem[nm].o = &per[i].outages[j];
			mem[nm++].v = i;
		}
	if (nm > 1)
		qsort(mem, nm, sizeof(*mem), member_cmp);
	for (first = 0; first < nm; first = i) {
		end = mem[first].o->end;
		for (i = first + 1; i < nm && (mem[i].o->start < end ||
					       (mem[i].o->start == end &&
						mem[i - 1].o->ongoing));
		     i++)
			if (mem[i].o->end > end)
				end = mem[i].o->end;
		out->outages = xrealloc(out->outages, out->n_outages + 1,
					sizeof(*out->outages));
		merge_members(per, n, mem, first, i,
			      &out->outages[out->n_outages++]);
	}
	free(mem);
}

/* Total length of the union of n spans (sorted here). */
static int64_t
union_length(struct span *s, size_t n)
{
	int64_t total = 0, a = 0, b = 0;
	size_t i;

	if (n == 0)
		return 0;
	qsort(s, n, sizeof(*s), span_cmp);
	a = s[0].a;
	b = s[0].b;
	for (i = 1; i < n; i++) {
		if (s[i].a > b) {
			total += b - a;
			a = s[i].a;
			b = s[i].b;
		} else if (s[i].b > b) {
			b = s[i].b;
		}
	}
	return total + (b - a);
}

static void
merge_availability(const struct summary *per, size_t n, int64_t until,
		   struct merge *out)
{
	struct span *known = NULL, *up = NULL;
	size_t nk = 0, nu = 0, i, j;
	int64_t k;

	for (i = 0; i < n; i++) {
		const struct logfile_target *t = per[i].t;
		size_t first = (size_t)(per[i].rounds - t->rounds);

		for (j = first; j < first + per[i].n_rounds; j++) {
			const struct logfile_round *r = &t->rounds[j];
			struct span sp = {
				r->time,
				r->time + round_weight(t, j, per[i].median_gap)
			};

			if (sp.b > until)
				sp.b = until;
			if (r->state == STATE_UNKNOWN || r->vantage_down ||
			    sp.b <= sp.a)
				continue;
			known = xrealloc(known, nk + 1, sizeof(*known));
			known[nk++] = sp;
			if (r->state != STATE_UP)
				continue;
			up = xrealloc(up, nu + 1, sizeof(*up));
			up[nu++] = sp;
		}
	}
	k = union_length(known, nk);
	out->avail_time = k > 0 ? (double)union_length(up, nu) / k : -1;
	free(known);
	free(up);
}

void
merge_compute(const struct summary *per, size_t n, int64_t until,
	      struct merge *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->per = per;
	out->n = n;
	out->first = INT64_MAX;
	out->last = INT64_MIN;
	for (i = 0; i < n; i++) {
		const struct logfile_round *l = summary_last(&per[i]);

		if (l == NULL)
			continue;
		out->n_rounds += per[i].n_rounds;
		if (per[i].rounds[0].time < out->first)
			out->first = per[i].rounds[0].time;
		if (l->time > out->last)
			out->last = l->time;
	}
	merge_outages(per, n, out);
	merge_availability(per, n, until, out);
}

void
merge_free(struct merge *m)
{
	size_t i;

	for (i = 0; i < m->n_outages; i++) {
		free(m->outages[i].o.blocks);
		free(m->outages[i].vantages);
	}
	free(m->outages);
	memset(m, 0, sizeof(*m));
}

static int
by_vantage(const void *a, const void *b)
{
	return strcmp((*(const struct logfile_target *const *)a)->vantage,
		      (*(const struct logfile_target *const *)b)->vantage);
}

const struct logfile_target **
merge_order(const struct logfile *lf)
{
	size_t n = logfile_n_targets(lf), i, j, k = 0, from;
	const struct logfile_target **order = xcalloc(n ? n : 1,
						      sizeof(*order));
	bool *taken = xcalloc(n ? n : 1, sizeof(*taken));

	for (i = 0; i < n; i++) {
		if (taken[i])
			continue;
		from = k;
		for (j = i; j < n; j++) {
			if (taken[j] ||
			    strcmp(logfile_target(lf, j)->name,
				   logfile_target(lf, i)->name) != 0)
				continue;
			taken[j] = true;
			order[k++] = logfile_target(lf, j);
		}
		qsort(order + from, k - from, sizeof(*order), by_vantage);
	}
	free(taken);
	return order;
}

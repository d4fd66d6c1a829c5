/*
 * pfx2as.c - CAIDA's RouteViews prefix-to-AS files (sources.h):
 *
 *   1.0.0.0	24	13335
 *   1.0.4.0	22	38803_56203	(multi-origin: announced by both)
 *   1.0.16.0	24	2519,4713	(an AS set)
 *
 * Every prefix of the file is kept (12 bytes each; a day's file is about
 * a million lines), because an address belongs to the most specific
 * prefix that covers it: the sweep below walks the prefixes in address
 * order with a stack of the ones still open (at most 33 deep) and gives
 * each address to its innermost prefix, whose origins decide the group.
 */
#define _GNU_SOURCE
#include "blackout/sources/sources.h"

#include <stdlib.h>
#include <string.h>

#define NO_GROUP UINT32_MAX

struct announced {
	struct prefix p;
	uint32_t group; /* index into set->g, or NO_GROUP */
};

struct table {
	struct announced *a;
	size_t n, cap;
};

/* The first group (in the order asked for) among a line's origins. */
static int
origin_group(const struct source_set *set, char *origins, const char *where,
	     uint32_t *group, struct bo_error *err)
{
	char what[300], *s = origins, *next;
	size_t best = SIZE_MAX, i;
	uint64_t asn;

	snprintf(what, sizeof(what), "%s: origin AS", where);
	do {
		next = s + strcspn(s, "_,");
		if (*next != '\0')
			*next++ = '\0';
		else
			next = NULL;
		if (parse_uint(s, 0, UINT32_MAX, what, &asn, err) < 0) {
			err->status = BO_EXIT_DATAERR;
			return -1;
		}
		for (i = 0; i < set->n && i < best; i++)
			if (set->g[i].asn == asn)
				best = i;
		s = next;
	} while (s != NULL);
	*group = best == SIZE_MAX ? NO_GROUP : (uint32_t)best;
	return 0;
}

/* What pfx2as_line reads into. */
struct reading {
	const struct source_set *set;
	struct table tb;
};

/* One line, without its end of line (a source_line_fn on a reading). */
static int
pfx2as_line(void *ctx, char *line, const char *where, struct bo_error *err)
{
	struct reading *rd = ctx;
	const struct source_set *set = rd->set;
	struct table *tb = &rd->tb;
	char *f[4], text[64], *save = NULL;
	struct announced *e;
	size_t n = 0;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	for (f[n] = strtok_r(line, " \t", &save); f[n] != NULL && n < 3;
	     f[n] = strtok_r(NULL, " \t", &save))
		n++;
	if (n != 3 || f[3] != NULL) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: expected prefix<TAB>length<TAB>origin AS",
			  where);
		return -1;
	}
	if (tb->n == tb->cap) {
		tb->cap = tb->cap ? tb->cap * 2 : 1024;
		tb->a = xrealloc(tb->a, tb->cap, sizeof(*tb->a));
	}
	e = &tb->a[tb->n];
	snprintf(text, sizeof(text), "%.20s/%.10s", f[0], f[1]);
	if (prefix_parse(text, where, &e->p, err) < 0) {
		err->status = BO_EXIT_DATAERR;
		return -1;
	}
	if (origin_group(set, f[2], where, &e->group, err) < 0)
		return -1;
	tb->n++;
	return 0;
}

static int
announced_cmp(const void *a, const void *b)
{
	const struct announced *x = a, *y = b;

	if (x->p.base != y->p.base)
		return x->p.base < y->p.base ? -1 : 1;
	return x->p.len < y->p.len ? -1 : x->p.len > y->p.len;
}

/* An open prefix of the sweep: the next of its addresses not yet given. */
struct open {
	const struct announced *a;
	uint64_t next;
};

static void
give(struct source_set *set, const struct announced *a, uint64_t lo,
     uint64_t hi)
{
	if (a->group != NO_GROUP && lo <= hi)
		range_list_add(&set->g[a->group].ranges, (uint32_t)lo,
			       (uint32_t)hi);
}

/* Closes the innermost open prefix: the rest of it is its own. */
static void
close_top(struct source_set *set, struct open *st, size_t *depth)
{
	struct open *top = &st[--*depth];
	uint64_t last = prefix_last(&top->a->p);

	give(set, top->a, top->next, last);
	if (*depth > 0)
		st[*depth - 1].next = last + 1;
}

static void
sweep(struct source_set *set, struct table *tb)
{
	struct open st[34];
	size_t i, depth = 0;

	if (tb->n == 0)
		return;
	qsort(tb->a, tb->n, sizeof(*tb->a), announced_cmp);
	for (i = 0; i < tb->n; i++) {
		const struct announced *a = &tb->a[i];

		if (i > 0 && a->p.base == tb->a[i - 1].p.base &&
		    a->p.len == tb->a[i - 1].p.len)
			continue; /* a prefix twice: its first line counts */
		while (depth > 0 &&
		       !prefix_contains(&st[depth - 1].a->p, a->p.base))
			close_top(set, st, &depth);
		if (depth > 0) {
			/* The enclosing prefix keeps what comes before a (if
			 * anything: a may start where it does, at 0.0.0.0
			 * too, where base - 1 would wrap to everything). */
			if (a->p.base > st[depth - 1].next)
				give(set, st[depth - 1].a, st[depth - 1].next,
				     (uint64_t)a->p.base - 1);
			st[depth - 1].next = a->p.base;
		}
		st[depth].a = a;
		st[depth++].next = a->p.base;
	}
	while (depth > 0)
		close_top(set, st, &depth);
}

int
pfx2as_read(FILE *f, const char *path, struct source_set *set,
	    struct bo_error *err)
{
	struct reading rd = { set, { NULL, 0, 0 } };
	int rc = sources_each_line(f, path, pfx2as_line, &rd, err);

	if (rc == 0)
		sweep(set, &rd.tb);
	free(rd.tb.a);
	return rc;
}

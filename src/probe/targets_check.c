/*
 * targets_check.c - the invariants of a target set (targets.h): unique
 * names, prefixes /8 or longer, no special-use space unless allowed or
 * excluded, no overlap between any two prefixes (of one target or of two)
 * and no control inside a target.
 *
 * The checks run per target in file order, and the first failure is
 * reported, as a person reading the file would meet it. What needs a
 * comparison with other targets is found by sorting first, never by
 * comparing every pair: a country is thousands of prefixes, a file tens of
 * thousands of targets.
 */
#define _GNU_SOURCE
#include "blackout/probe/targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One prefix of one target, for the overlap search. */
struct span {
	struct prefix p;
	size_t t, k; /* target index, index among its (sorted) prefixes */
};

/* A prefix's place in file order: its target, then where it is written. */
static int
order_cmp(const struct target_set *set, const struct span *a,
	  const struct span *b)
{
	const struct target *t;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	t = &set->t[a->t];
	if (t->pos != NULL) {
		const struct target_pos *x = &t->pos[a->k], *y = &t->pos[b->k];

		if (x->line != y->line)
			return x->line < y->line ? -1 : 1;
		if (x->col != y->col)
			return x->col < y->col ? -1 : 1;
	}
	return a->k < b->k ? -1 : a->k > b->k;
}

static int
span_cmp(const void *a, const void *b, void *arg)
{
	const struct span *x = a, *y = b;

	if (x->p.base != y->p.base)
		return x->p.base < y->p.base ? -1 : 1;
	if (x->p.len != y->p.len)
		return x->p.len < y->p.len ? -1 : 1;
	return order_cmp(arg, x, y);
}

/* Every prefix of every target, sorted by (base, width, file order). */
static struct span *
sorted_spans(const struct target_set *set, size_t *n)
{
	struct span *s;
	size_t i, k, total = 0;

	for (i = 0; i < set->n; i++)
		total += set->t[i].n_prefixes;
	s = xcalloc(total ? total : 1, sizeof(*s));
	*n = 0;
	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->t[i].n_prefixes; k++) {
			s[*n].p = set->t[i].prefixes[k];
			s[*n].t = i;
			s[(*n)++].k = k;
		}
	qsort_r(s, *n, sizeof(*s), span_cmp, (void *)set);
	return s;
}

/*
 * The prefix (in file order) that is the first to overlap an earlier one,
 * into *first; false when none does. CIDR prefixes are nested or apart, so
 * in (base, width) order each one overlaps exactly the chain of wider ones
 * still open around it: a stack at most 33 deep, each entry the earliest
 * of its identical prefixes.
 */
static bool
first_overlap(const struct target_set *set, struct span *first)
{
	size_t n, i, k, depth = 0;
	struct span *s = sorted_spans(set, &n), *stack[33];
	bool found = false;

	for (i = 0; i < n; i++) {
		while (depth > 0 &&
		       !prefix_contains(&stack[depth - 1]->p, s[i].p.base))
			depth--;
		if (depth > 0 && stack[depth - 1]->p.len == s[i].p.len) {
			/* identical: the later one, s[i] */
			if (!found || order_cmp(set, &s[i], first) < 0)
				*first = s[i];
			found = true;
			continue;
		}
		for (k = 0; k < depth; k++) {
			const struct span *later = order_cmp(set, stack[k],
							     &s[i]) > 0
							   ? stack[k]
							   : &s[i];

			if (!found || order_cmp(set, later, first) < 0)
				*first = *later;
			found = true;
		}
		stack[depth++] = &s[i];
	}
	free(s);
	return found;
}

/* The earliest prefix (in file order) that overlaps *later, before it. */
static struct span
earliest_partner(const struct target_set *set, const struct span *later)
{
	struct span best = *later, cur;
	size_t i, k;

	for (i = 0; i <= later->t; i++)
		for (k = 0; k < set->t[i].n_prefixes; k++) {
			cur.p = set->t[i].prefixes[k];
			cur.t = i;
			cur.k = k;
			if (order_cmp(set, &cur, later) < 0 &&
			    prefix_overlaps(&cur.p, &later->p) &&
			    order_cmp(set, &cur, &best) < 0)
				best = cur;
		}
	return best;
}

static int
name_cmp(const void *a, const void *b, void *arg)
{
	const struct target *t = ((const struct target_set *)arg)->t;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(t[x].name, t[y].name);

	return c != 0 ? c : x < y ? -1 : x > y;
}

/* The first target (in file order) whose name an earlier one has. */
static size_t
first_duplicate_name(const struct target_set *set)
{
	size_t *idx = xcalloc(set->n ? set->n : 1, sizeof(*idx));
	size_t i, first = SIZE_MAX;

	for (i = 0; i < set->n; i++)
		idx[i] = i;
	qsort_r(idx, set->n, sizeof(*idx), name_cmp, (void *)set);
	for (i = 1; i < set->n; i++)
		if (strcmp(set->t[idx[i]].name, set->t[idx[i - 1]].name) == 0 &&
		    idx[i] < first)
			first = idx[i]; /* the second of its name, in order */
	free(idx);
	return first;
}

static int
target_status(const struct target *t)
{
	return t->from_cli ? BO_EXIT_USAGE : BO_EXIT_DATAERR;
}

/*
 * "file:line:col: " for prefix k of a file target: its own place when it
 * came in a list, else its target's name; "" for a command-line one.
 */
static const char *
prefix_origin(const struct target *t, size_t k, char *buf, size_t len)
{
	const char *colon;
	int file_len;

	if (t->where == NULL)
		return "";
	if (t->pos == NULL) {
		snprintf(buf, len, "%s: ", t->where);
		return buf;
	}
	/* t->where is "file:line:col": keep the file, put the prefix's
	 * line and column. */
	colon = strrchr(t->where, ':');
	while (colon > t->where && colon[-1] != ':')
		colon--;
	file_len = (int)(colon - t->where) - 1;
	snprintf(buf, len, "%.*s:%u:%u: ", file_len > 0 ? file_len : 0,
		 t->where, t->pos[k].line, t->pos[k].col);
	return buf;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The first control (in list order) inside p, or SIZE_MAX; ctl sorted. */
static size_t
control_inside(const struct target_set *set, const uint32_t *ctl,
	       const struct prefix *p)
{
	size_t lo = 0, hi = set->n_controls, j;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ctl[mid] < p->base)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == set->n_controls || !prefix_contains(p, ctl[lo]))
		return SIZE_MAX;
	for (j = 0; j < set->n_controls; j++) /* once, for the message */
		if (prefix_contains(p, set->controls[j]))
			return j;
	return SIZE_MAX;
}

/* What the whole set is checked against, once. */
struct check_ctx {
	const struct target_set *set;
	bool allow_reserved;
	const struct exclude *ex;
	const uint32_t *ctl; /* the controls, sorted */
	size_t dup;	     /* first target with an earlier one's name */
	bool has_ovl;
	struct span ovl; /* first prefix to overlap an earlier one */
};

/* Width, special-use space and controls, for prefix k of target i. */
static int
check_prefix(const struct check_ctx *c, size_t i, size_t k,
	     struct bo_error *err)
{
	const struct target *t = &c->set->t[i];
	const struct prefix *p = &t->prefixes[k];
	char a[32], b[32], o[300];
	const char *r;
	size_t j;

	prefix_format(p, a, sizeof(a));
	if (p->len < TARGET_MIN_LEN) {
		error_set(err, target_status(t),
			  "%starget \"%s\": %s is wider than a /%d; split it "
			  "into /%ds",
			  prefix_origin(t, k, o, sizeof(o)), t->name, a,
			  TARGET_MIN_LEN, TARGET_MIN_LEN);
		return -1;
	}
	r = c->allow_reserved ? NULL : prefix_reserved_except(p, c->ex);
	if (r != NULL) {
		error_set(err, target_status(t),
			  "%starget \"%s\": %s is special-use space (%s); pass "
			  "--allow-reserved to probe it%s",
			  prefix_origin(t, k, o, sizeof(o)), t->name, a, r,
			  p->len < 15 ? ", or --exclude that part" : "");
		return -1;
	}
	if ((j = control_inside(c->set, c->ctl, p)) != SIZE_MAX) {
		error_set(err, BO_EXIT_DATAERR,
			  "%scontrol %s lies inside target \"%s\"; a control "
			  "must be outside every target",
			  prefix_origin(t, k, o, sizeof(o)),
			  format_ipv4(c->set->controls[j], b, sizeof(b)),
			  t->name);
		return -1;
	}
	return 0;
}

/* The message for c->ovl, the first prefix to overlap an earlier one. */
static int
overlap_error(const struct check_ctx *c, struct bo_error *err)
{
	const struct target *t = &c->set->t[c->ovl.t];
	struct span e = earliest_partner(c->set, &c->ovl);
	char a[32], b[32], o[300];

	prefix_format(&c->ovl.p, a, sizeof(a));
	prefix_format(&e.p, b, sizeof(b));
	if (e.t == c->ovl.t)
		error_set(err, target_status(t),
			  "%starget \"%s\": %s overlaps %s, another of its "
			  "prefixes",
			  prefix_origin(t, c->ovl.k, o, sizeof(o)), t->name, a,
			  b);
	else
		error_set(err, target_status(t),
			  "%starget \"%s\" (%s) overlaps target \"%s\" (%s)",
			  prefix_origin(t, c->ovl.k, o, sizeof(o)), t->name, a,
			  c->set->t[e.t].name, b);
	return -1;
}

static int
check_target(const struct check_ctx *c, size_t i, struct bo_error *err)
{
	const struct target *t = &c->set->t[i];
	char o[300];
	size_t k;

	for (k = 0; k < t->n_prefixes; k++)
		if (check_prefix(c, i, k, err) < 0)
			return -1;
	if (i == c->dup) {
		if (t->where != NULL)
			snprintf(o, sizeof(o), "%s: ", t->where);
		error_set(err, target_status(t),
			  "%sduplicate target name \"%s\"",
			  t->where != NULL ? o : "", t->name);
		return -1;
	}
	if (c->has_ovl && c->ovl.t == i)
		return overlap_error(c, err);
	return 0;
}

static int
check_controls(const struct target_set *set, bool allow_reserved,
	       struct bo_error *err)
{
	size_t i;
	char b[32];

	for (i = 0; i < set->n_controls; i++) {
		struct prefix p = { set->controls[i], 32 };
		const char *r = prefix_reserved(&p);

		if (r != NULL && !allow_reserved) {
			error_set(err, BO_EXIT_DATAERR,
				  "control %s is special-use space (%s); pass "
				  "--allow-reserved to probe it",
				  format_ipv4(p.base, b, sizeof(b)), r);
			return -1;
		}
	}
	return 0;
}

int
targets_validate_excluding(const struct target_set *set, bool allow_reserved,
			   const struct exclude *ex, struct bo_error *err)
{
	struct check_ctx c = { set,   allow_reserved,	 ex, NULL, 0,
			       false, { { 0, 0 }, 0, 0 } };
	uint32_t *ctl;
	size_t i;
	int rc = 0;

	if (set->n == 0) {
		error_set(err, BO_EXIT_USAGE,
			  "no targets (give a PREFIX or -f FILE)");
		return -1;
	}
	c.dup = first_duplicate_name(set);
	c.has_ovl = first_overlap(set, &c.ovl);
	ctl = xcalloc(set->n_controls ? set->n_controls : 1, sizeof(*ctl));
	if (set->n_controls > 0) {
		memcpy(ctl, set->controls, set->n_controls * sizeof(*ctl));
		qsort(ctl, set->n_controls, sizeof(*ctl), u32_cmp);
	}
	c.ctl = ctl;
	for (i = 0; i < set->n && rc == 0; i++)
		rc = check_target(&c, i, err);
	free(ctl);
	if (rc == 0)
		rc = check_controls(set, allow_reserved, err);
	return rc;
}

int
targets_validate(const struct target_set *set, bool allow_reserved,
		 struct bo_error *err)
{
	return targets_validate_excluding(set, allow_reserved, NULL, err);
}

/*
 * targets.c - the targets file (JSON, read with jansson) and ad-hoc prefixes.
 *
 * jansson reports line:column for syntax errors only; for a well-formed file
 * with a bad value we locate the offending text in the buffer, so every
 * message still points at a line a person can open.
 *
 * Scale: a file may hold tens of thousands of targets. Locating text is a
 * scan of the buffer, so it is done only for an error, except for each
 * target's own position (kept for later messages), which is searched
 * onward from the previous target's, so the whole file is scanned once.
 * Validation sorts instead of comparing every pair.
 */
#define _GNU_SOURCE
#include "blackout/probe/targets.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/jsonpos.h"

#define NAME_MAX_LEN 64

/* Where the last located text was: line counting resumes from there. */
struct cursor {
	const char *pos;
	unsigned line, col;
};

struct load_ctx {
	const char *buf;
	size_t len;
	const char *origin;
	struct target_set *set;
	struct bo_error *err;
	struct cursor *cur; /* the last target name located */
};

void
target_set_init(struct target_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
target_set_free(struct target_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->t[i].name);
		free(set->t[i].where);
	}
	free(set->t);
	free(set->controls);
	free(set->vantage);
	target_set_init(set);
}

/* True when an array of n entries is full: capacities are powers of two. */
static bool
grow_at(size_t n)
{
	return (n & (n - 1)) == 0;
}

static struct target *
target_append(struct target_set *set)
{
	struct target *t;

	if (grow_at(set->n))
		set->t = xrealloc(set->t, set->n ? 2 * set->n : 1,
				  sizeof(*set->t));
	t = &set->t[set->n++];
	memset(t, 0, sizeof(*t));
	t->sample = SAMPLE_INHERIT;
	return t;
}

/* The nth (0-based) occurrence of needle in the buffer, or NULL. */
static const char *
find_nth(const struct load_ctx *c, const char *needle, unsigned nth)
{
	const char *p = c->buf, *end = c->buf + c->len;
	size_t nl = strlen(needle);

	while (p + nl <= end) {
		p = memmem(p, (size_t)(end - p), needle, nl);
		if (p == NULL || nth-- == 0)
			return p;
		p++;
	}
	return NULL;
}

/*
 * Writes "origin:line:col" of hit, or just "origin" when hit is NULL.
 * Counts lines from the cursor when hit lies after it, and moves it there.
 */
static void
where_at(const struct load_ctx *c, const char *hit, char *out, size_t outlen)
{
	struct cursor at = { c->buf, 1, 1 };

	if (hit == NULL) {
		snprintf(out, outlen, "%s", c->origin);
		return;
	}
	if (c->cur != NULL && c->cur->pos != NULL && c->cur->pos <= hit)
		at = *c->cur;
	jsonpos_count(at.pos, hit, &at.line, &at.col);
	at.pos = hit;
	if (c->cur != NULL)
		*c->cur = at;
	snprintf(out, outlen, "%s:%u:%u", c->origin, at.line, at.col);
}

static const char *
find_quoted(const struct load_ctx *c, const char *text, unsigned nth)
{
	char quoted[300];

	snprintf(quoted, sizeof(quoted), "\"%s\"", text);
	return find_nth(c, quoted, nth);
}

/*
 * Finds a target's name, quoted: onward from the previous target's first,
 * since names come in file order; from the top when that fails.
 */
static const char *
find_name(const struct load_ctx *c, const char *name)
{
	char quoted[300];
	const char *from = c->cur != NULL && c->cur->pos != NULL ? c->cur->pos
								 : c->buf;
	const char *hit;

	snprintf(quoted, sizeof(quoted), "\"%s\"", name);
	hit = memmem(from, (size_t)(c->buf + c->len - from), quoted,
		     strlen(quoted));
	return hit != NULL ? hit : find_quoted(c, name, 0);
}

/* Locates a string value as it appears quoted in the file. */
static void
locate_string(const struct load_ctx *c, const char *value, char *out,
	      size_t outlen)
{
	where_at(c, find_quoted(c, value, 0), out, outlen);
}

/* Locates the first occurrence of a key. */
static void
locate_key(const struct load_ctx *c, const char *key, char *out, size_t outlen)
{
	where_at(c, find_quoted(c, key, 0), out, outlen);
}

/*
 * Locates a key of the object that holds anchor (a target's name in the
 * file): the first occurrence after the anchor with no '}' in between, or
 * else the last one before it. Good for any sane layout of the file.
 */
static void
locate_key_near(const struct load_ctx *c, const char *key, const char *anchor,
		char *out, size_t outlen)
{
	const char *hit, *before = NULL, *p = c->buf, *end = c->buf + c->len;
	char quoted[300];
	size_t ql;

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	ql = strlen(quoted);
	/* Each occurrence in turn, searching on from the last one. */
	while ((hit = memmem(p, (size_t)(end - p), quoted, ql)) != NULL) {
		if (anchor == NULL)
			break;
		if (hit < anchor) {
			before = hit;
		} else if (memchr(anchor, '}', (size_t)(hit - anchor)) ==
			   NULL) {
			where_at(c, hit, out, outlen);
			return;
		} else {
			break;
		}
		p = hit + 1;
	}
	where_at(c, before != NULL ? before : hit, out, outlen);
}

static int
bad(const struct load_ctx *c, const char *where, const char *fmt, const char *a,
    const char *b)
{
	char msg[400];

	snprintf(msg, sizeof(msg), fmt, a, b);
	error_set(c->err, BO_EXIT_DATAERR, "%s: %s", where, msg);
	return -1;
}

static int
parse_methods(const struct load_ctx *c, json_t *v, struct target *t,
	      const char *where)
{
	char text[512] = "";
	size_t i;
	json_t *e;

	if (json_is_string(v)) {
		snprintf(text, sizeof(text), "%s", json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				return bad(c, where,
					   "\"methods\" must hold strings such "
					   "as \"icmp\"%s%s",
					   "", "");
			if (i > 0)
				strncat(text, ",",
					sizeof(text) - strlen(text) - 1);
			strncat(text, json_string_value(e),
				sizeof(text) - strlen(text) - 1);
		}
	} else {
		return bad(c, where,
			   "\"methods\" must be a string like "
			   "\"icmp,tcp:80\"%s%s",
			   "", "");
	}
	if (method_list_parse(text, where, &t->methods, c->err) < 0) {
		c->err->status = BO_EXIT_DATAERR;
		return -1;
	}
	t->has_methods = true;
	return 0;
}

static int
parse_sample(const struct load_ctx *c, json_t *v, struct target *t,
	     const char *where)
{
	if (json_is_string(v) && strcmp(json_string_value(v), "all") == 0) {
		t->sample = SAMPLE_ALL;
		return 0;
	}
	if (json_is_string(v) && strcmp(json_string_value(v), "auto") == 0) {
		t->sample = SAMPLE_AUTO;
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 1 &&
	    json_integer_value(v) <= 256) {
		t->sample = (int)json_integer_value(v);
		return 0;
	}
	return bad(c, where,
		   "\"sample\" must be \"all\", \"auto\" or 1 to 256 addresses "
		   "per /24%s%s",
		   "", "");
}

/* Parses the value of one optional key of target t. */
static int
parse_key(const struct load_ctx *c, const char *key, json_t *v,
	  struct target *t, const char *where)
{
	if (strcmp(key, "methods") == 0)
		return parse_methods(c, v, t, where);
	if (strcmp(key, "sample") == 0)
		return parse_sample(c, v, t, where);
	if (strcmp(key, "asn") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 4294967295LL)
			return bad(c, where, "\"asn\" must be an AS number%s%s",
				   "", "");
		t->asn = (uint32_t)json_integer_value(v);
		return 0;
	}
	return bad(c, where, "target \"%s\": unknown key \"%s\"", t->name, key);
}

static int
parse_target(const struct load_ctx *c, json_t *obj, size_t idx)
{
	char where[400], label[64];
	const char *key, *name, *pfx, *anchor;
	struct target *t;
	json_t *v;

	snprintf(label, sizeof(label), "targets[%zu]", idx);
	if (!json_is_object(obj)) {
		locate_key(c, "targets", where, sizeof(where));
		return bad(c, where,
			   "%s "
			   "must be an object with \"name\" and \"prefix\"%s",
			   label, "");
	}
	v = json_object_get(obj, "name");
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > NAME_MAX_LEN) {
		locate_key(c, "targets", where, sizeof(where));
		return bad(c, where,
			   "%s needs a \"name\" string of 1 to 64 characters%s",
			   label, "");
	}
	name = json_string_value(v);
	v = json_object_get(obj, "prefix");
	if (!json_is_string(v)) {
		locate_string(c, name, where, sizeof(where));
		return bad(c, where,
			   "target \"%s\" needs a \"prefix\" string such as "
			   "\"175.45.176.0/22\"%s",
			   name, "");
	}
	pfx = json_string_value(v);
	t = target_append(c->set);
	t->name = xstrdup(name);
	if (prefix_parse(pfx, c->origin, &t->pfx, c->err) < 0) {
		/* Only now is it worth scanning the file for the place. */
		locate_string(c, pfx, where, sizeof(where));
		prefix_parse(pfx, where, &t->pfx, c->err);
		c->err->status = BO_EXIT_DATAERR;
		return -1;
	}
	anchor = find_name(c, name);
	where_at(c, anchor, where, sizeof(where));
	t->where = xstrdup(where);
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name") == 0 || strcmp(key, "prefix") == 0 ||
		    strcmp(key, "description") == 0)
			continue;
		if (parse_key(c, key, v, t, c->origin) < 0) {
			/* Again, with the key's place in the message. */
			locate_key_near(c, key, anchor, where, sizeof(where));
			return parse_key(c, key, v, t, where);
		}
	}
	return 0;
}

static int
parse_controls(const struct load_ctx *c, json_t *arr)
{
	char where[400];
	size_t i;
	json_t *v;

	if (!json_is_array(arr)) {
		locate_key(c, "controls", where, sizeof(where));
		return bad(c, where,
			   "\"controls\" "
			   "must be an array of IPv4 addresses%s%s",
			   "", "");
	}
	json_array_foreach(arr, i, v) {
		struct prefix p;

		if (!json_is_string(v)) {
			locate_key(c, "controls", where, sizeof(where));
			return bad(c, where,
				   "\"controls\" must hold address strings%s%s",
				   "", "");
		}
		if (prefix_parse(json_string_value(v), c->origin, &p, NULL) <
			    0 ||
		    p.len != 32) {
			locate_string(c, json_string_value(v), where,
				      sizeof(where));
			if (prefix_parse(json_string_value(v), where, &p,
					 c->err) < 0) {
				c->err->status = BO_EXIT_DATAERR;
				return -1;
			}
			return bad(c, where,
				   "control '%s' must be a single address%s",
				   json_string_value(v), "");
		}
		if (grow_at(c->set->n_controls))
			c->set->controls = xrealloc(
				c->set->controls,
				c->set->n_controls ? 2 * c->set->n_controls : 1,
				sizeof(uint32_t));
		c->set->controls[c->set->n_controls++] = p.base;
	}
	return 0;
}

bool
vantage_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n <= VANTAGE_NAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") == n;
}

static int
parse_vantage(const struct load_ctx *c, json_t *v)
{
	char where[400];

	if (!json_is_string(v) || !vantage_name_ok(json_string_value(v))) {
		locate_key(c, "vantage", where, sizeof(where));
		return bad(c, where,
			   "\"vantage\" must be a name of 1 to 63 letters, "
			   "digits, '.', '-' or '_'%s%s",
			   "", "");
	}
	free(c->set->vantage);
	c->set->vantage = xstrdup(json_string_value(v));
	return 0;
}

int
targets_load_buffer(struct target_set *set, const char *buf, size_t len,
		    const char *origin, struct bo_error *err)
{
	struct cursor cur = { NULL, 1, 1 };
	struct load_ctx c = { buf, len, origin, set, err, &cur };
	json_error_t jerr;
	json_t *root, *arr, *v;
	const char *key;
	char where[400];
	size_t i;
	int rc = -1;

	if (len == 0) {
		error_set(err, BO_EXIT_DATAERR, "%s: the targets file is empty",
			  origin);
		return -1;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		error_set(err, BO_EXIT_DATAERR, "%s:%d:%d: %s", origin,
			  jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s:1:1: expected an object with a \"targets\" array",
			  origin);
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "targets") != 0 &&
		    strcmp(key, "controls") != 0 &&
		    strcmp(key, "vantage") != 0 &&
		    strcmp(key, "description") != 0) {
			locate_key(&c, key, where, sizeof(where));
			bad(&c, where,
			    "unknown key \"%s\" (expected \"targets\", "
			    "\"controls\", \"vantage\" or \"description\")%s",
			    key, "");
			goto out;
		}
	}
	arr = json_object_get(root, "targets");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: needs a non-empty \"targets\" array", origin);
		goto out;
	}
	json_array_foreach(arr, i, v) {
		if (parse_target(&c, v, i) < 0)
			goto out;
	}
	v = json_object_get(root, "controls");
	if (v != NULL && parse_controls(&c, v) < 0)
		goto out;
	v = json_object_get(root, "vantage");
	if (v != NULL && parse_vantage(&c, v) < 0)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
targets_load_file(struct target_set *set, const char *path,
		  struct bo_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc = -1;

	if (f == NULL) {
		/* Whatever the reason (missing, permission, a path through a
		 * file, a loop), the file cannot be read: 66, as for --exclude. */
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		return -1;
	}
	for (;;) {
		if (len + 65536 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap, 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if (len > (64u << 20)) {
			error_set(err, BO_EXIT_DATAERR,
				  "%s: larger than 64 MiB; not a targets file",
				  path);
			goto out;
		}
	}
	if (ferror(f)) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		goto out;
	}
	rc = targets_load_buffer(set, buf, len, path, err);
out:
	free(buf);
	fclose(f);
	return rc;
}

int
targets_add_arg(struct target_set *set, const char *arg, struct bo_error *err)
{
	struct prefix p;
	struct target *t;
	char name[32];

	if (prefix_parse(arg, "target", &p, err) < 0)
		return -1;
	t = target_append(set);
	t->name = xstrdup(prefix_format(&p, name, sizeof(name)));
	t->pfx = p;
	t->from_cli = true;
	return 0;
}

static int
target_status(const struct target *t)
{
	return t->from_cli ? BO_EXIT_USAGE : BO_EXIT_DATAERR;
}

/* "file:line:col: " for a file target, "" for a command-line one. */
static const char *
target_origin(const struct target *t, char *buf, size_t len)
{
	if (t->where == NULL)
		return "";
	snprintf(buf, len, "%s: ", t->where);
	return buf;
}

/* Sorting helpers: indexes into the target set, or control addresses. */
struct by_set {
	const struct target_set *set;
};

static int
name_cmp(const void *a, const void *b, void *arg)
{
	const struct target *t = ((const struct by_set *)arg)->set->t;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(t[x].name, t[y].name);

	return c != 0 ? c : x < y ? -1 : x > y;
}

static int
pfx_cmp(const void *a, const void *b, void *arg)
{
	const struct target *t = ((const struct by_set *)arg)->set->t;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (t[x].pfx.base != t[y].pfx.base)
		return t[x].pfx.base < t[y].pfx.base ? -1 : 1;
	if (t[x].pfx.len != t[y].pfx.len)
		return t[x].pfx.len < t[y].pfx.len ? -1 : 1;
	return x < y ? -1 : x > y;
}

static size_t *
sorted_indexes(const struct target_set *set,
	       int (*cmp)(const void *, const void *, void *))
{
	struct by_set arg = { set };
	size_t *idx = xcalloc(set->n, sizeof(*idx)), i;

	for (i = 0; i < set->n; i++)
		idx[i] = i;
	qsort_r(idx, set->n, sizeof(*idx), cmp, &arg);
	return idx;
}

/* The first target (in file order) whose name an earlier one has. */
static size_t
first_duplicate_name(const struct target_set *set)
{
	size_t *idx = sorted_indexes(set, name_cmp), i, first = SIZE_MAX;

	for (i = 1; i < set->n; i++)
		if (strcmp(set->t[idx[i]].name, set->t[idx[i - 1]].name) == 0 &&
		    idx[i] < first)
			first = idx[i]; /* the second of its name, in order */
	free(idx);
	return first;
}

/*
 * The first target (in file order) that overlaps an earlier one. CIDR
 * prefixes are nested or apart, so in (base, width) order each one
 * overlaps exactly the chain of wider ones still open around it: a stack
 * at most 33 deep, each entry the earliest of its identical prefixes.
 */
static size_t
first_overlap(const struct target_set *set)
{
	size_t *idx = sorted_indexes(set, pfx_cmp), stack[33], depth = 0;
	size_t i, k, first = SIZE_MAX;

	for (i = 0; i < set->n; i++) {
		const struct prefix *p = &set->t[idx[i]].pfx;

		while (depth > 0 &&
		       !prefix_contains(&set->t[stack[depth - 1]].pfx, p->base))
			depth--;
		if (depth > 0 && set->t[stack[depth - 1]].pfx.len == p->len) {
			if (idx[i] < first) /* identical: the later one */
				first = idx[i];
			continue;
		}
		for (k = 0; k < depth; k++) {
			size_t later = idx[i] > stack[k] ? idx[i] : stack[k];

			if (later < first)
				first = later;
		}
		stack[depth++] = idx[i];
	}
	free(idx);
	return first;
}

/* The earliest target before i that clashes with it (name first). */
static size_t
earliest_clash(const struct target_set *set, size_t i, bool *by_name)
{
	size_t j;

	for (j = 0; j < i; j++) {
		*by_name = strcmp(set->t[j].name, set->t[i].name) == 0;
		if (*by_name || prefix_overlaps(&set->t[j].pfx, &set->t[i].pfx))
			return j;
	}
	return SIZE_MAX;
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

static int
check_target(const struct target_set *set, size_t i, bool allow_reserved,
	     size_t clash_at, const uint32_t *ctl, struct bo_error *err)
{
	const struct target *t = &set->t[i];
	char a[32], b[32], o[300];
	const char *r = prefix_reserved(&t->pfx);
	bool by_name;
	size_t j;

	prefix_format(&t->pfx, a, sizeof(a));
	if (t->pfx.len < TARGET_MIN_LEN) {
		error_set(err, target_status(t),
			  "%starget \"%s\": %s is wider than a /%d; split it "
			  "into /16s",
			  target_origin(t, o, sizeof(o)), t->name, a,
			  TARGET_MIN_LEN);
		return -1;
	}
	if (r != NULL && !allow_reserved) {
		error_set(err, target_status(t),
			  "%starget \"%s\": %s is special-use space (%s); pass "
			  "--allow-reserved to probe it",
			  target_origin(t, o, sizeof(o)), t->name, a, r);
		return -1;
	}
	if (i == clash_at && (j = earliest_clash(set, i, &by_name)) < i) {
		if (by_name)
			error_set(err, target_status(t),
				  "%sduplicate target name \"%s\"",
				  target_origin(t, o, sizeof(o)), t->name);
		else
			error_set(err, target_status(t),
				  "%starget \"%s\" (%s) overlaps target \"%s\" "
				  "(%s)",
				  target_origin(t, o, sizeof(o)), t->name, a,
				  set->t[j].name,
				  prefix_format(&set->t[j].pfx, b, sizeof(b)));
		return -1;
	}
	if ((j = control_inside(set, ctl, &t->pfx)) != SIZE_MAX) {
		error_set(err, BO_EXIT_DATAERR,
			  "%scontrol %s lies inside target \"%s\"; a control "
			  "must be outside every target",
			  target_origin(t, o, sizeof(o)),
			  format_ipv4(set->controls[j], b, sizeof(b)), t->name);
		return -1;
	}
	return 0;
}

/*
 * The checks run per target in file order, and the first failure is
 * reported, as a person reading the file would meet it; what needs a
 * comparison with other targets is found by sorting first.
 */
int
targets_validate(const struct target_set *set, bool allow_reserved,
		 struct bo_error *err)
{
	uint32_t *ctl;
	size_t i, dup, ovl;
	char b[32];
	int rc = 0;

	if (set->n == 0) {
		error_set(err, BO_EXIT_USAGE,
			  "no targets (give a PREFIX or -f FILE)");
		return -1;
	}
	dup = first_duplicate_name(set);
	ovl = first_overlap(set);
	ctl = xcalloc(set->n_controls, sizeof(*ctl));
	if (set->n_controls > 0) {
		memcpy(ctl, set->controls, set->n_controls * sizeof(*ctl));
		qsort(ctl, set->n_controls, sizeof(*ctl), u32_cmp);
	}
	for (i = 0; i < set->n && rc == 0; i++)
		rc = check_target(set, i, allow_reserved, dup < ovl ? dup : ovl,
				  ctl, err);
	free(ctl);
	for (i = 0; i < set->n_controls && rc == 0; i++) {
		struct prefix p = { set->controls[i], 32 };
		const char *r = prefix_reserved(&p);

		if (r != NULL && !allow_reserved) {
			error_set(err, BO_EXIT_DATAERR,
				  "control %s is special-use space (%s); pass "
				  "--allow-reserved to probe it",
				  format_ipv4(p.base, b, sizeof(b)), r);
			rc = -1;
		}
	}
	return rc;
}

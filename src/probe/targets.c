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
 * The prefixes of a "prefixes" list are located the same way, each onward
 * from the one before, so an overlap among thousands of them can still be
 * reported at its line and column. Validation is targets_check.c's.
 */
#define _GNU_SOURCE
#include "blackout/probe/targets.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/jsonpos.h"
#include "blackout/probe/sampler.h"

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
		free(set->t[i].prefixes);
		free(set->t[i].pos);
		free(set->t[i].first_block);
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

/* A prefix and its place, sorted together. */
struct placed {
	struct prefix p;
	struct target_pos pos;
	size_t order;
};

static int
placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->p.base != y->p.base)
		return x->p.base < y->p.base ? -1 : 1;
	if (x->p.len != y->p.len)
		return x->p.len < y->p.len ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
target_set_prefixes(struct target *t, const struct prefix *p,
		    const struct target_pos *pos, size_t n)
{
	struct placed *pl = xcalloc(n ? n : 1, sizeof(*pl));
	uint64_t blocks = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		pl[i].p = p[i];
		pl[i].order = i;
		if (pos != NULL)
			pl[i].pos = pos[i];
	}
	qsort(pl, n, sizeof(*pl), placed_cmp);
	free(t->prefixes);
	free(t->pos);
	free(t->first_block);
	t->prefixes = xcalloc(n ? n : 1, sizeof(*t->prefixes));
	t->pos = pos != NULL ? xcalloc(n ? n : 1, sizeof(*t->pos)) : NULL;
	t->first_block = xcalloc(n ? n : 1, sizeof(*t->first_block));
	t->n_prefixes = n;
	for (i = 0; i < n; i++) {
		t->prefixes[i] = pl[i].p;
		if (t->pos != NULL)
			t->pos[i] = pl[i].pos;
		/* Prefixes are disjoint once validated; before that a count
		 * beyond 2^32 /24s is clamped, and validation refuses it. */
		t->first_block[i] = blocks > UINT32_MAX ? UINT32_MAX
							: (uint32_t)blocks;
		blocks += sampler_block_count(&pl[i].p);
	}
	t->n_blocks = blocks > UINT32_MAX ? UINT32_MAX : (uint32_t)blocks;
	free(pl);
}

/* Index of the last prefix of t whose first /24 or base is <= key. */
static size_t
last_at_or_before(const struct target *t, uint32_t key, bool by_block)
{
	size_t lo = 0, hi = t->n_prefixes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = by_block ? t->first_block[mid]
				      : t->prefixes[mid].base;

		if (v <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

size_t
target_block_prefix(const struct target *t, uint32_t idx, uint32_t *offset)
{
	size_t k = last_at_or_before(t, idx, true);

	*offset = idx - t->first_block[k];
	return k;
}

struct prefix
target_block(const struct target *t, uint32_t idx)
{
	uint32_t off;
	size_t k = target_block_prefix(t, idx, &off);

	return sampler_block(&t->prefixes[k], off);
}

bool
target_contains(const struct target *t, uint32_t addr)
{
	return t->n_prefixes > 0 &&
	       prefix_contains(&t->prefixes[last_at_or_before(t, addr, false)],
			       addr);
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

/*
 * Where each string of a target's "prefixes" list is: the key onward from
 * the cursor (the previous target's last place), then each element onward
 * from the one before; an element not found where expected (written with
 * escapes, say) is placed at the key. Line and column are counted on a
 * copy of the cursor, which the caller moves past the list afterwards.
 */
static void
locate_list(const struct load_ctx *c, json_t *arr, struct target_pos *pos,
	    struct cursor *lc)
{
	const char *end = c->buf + c->len, *from, *key, *hit;
	char quoted[80];
	size_t i;
	json_t *e;

	*lc = c->cur != NULL && c->cur->pos != NULL
		      ? *c->cur
		      : (struct cursor){ c->buf, 1, 1 };
	key = memmem(lc->pos, (size_t)(end - lc->pos), "\"prefixes\"", 10);
	if (key == NULL)
		key = lc->pos;
	jsonpos_count(lc->pos, key, &lc->line, &lc->col);
	lc->pos = from = key;
	json_array_foreach(arr, i, e) {
		struct cursor at = *lc;

		hit = NULL;
		if (json_is_string(e) && json_string_length(e) < 64) {
			snprintf(quoted, sizeof(quoted), "\"%s\"",
				 json_string_value(e));
			hit = memmem(from, (size_t)(end - from), quoted,
				     strlen(quoted));
		}
		if (hit == NULL) {
			pos[i].line = at.line; /* at the key: lc stays */
			pos[i].col = at.col;
			continue;
		}
		jsonpos_count(lc->pos, hit, &lc->line, &lc->col);
		lc->pos = hit;
		from = hit + 1;
		pos[i].line = lc->line;
		pos[i].col = lc->col;
	}
}

/* The prefixes of a "prefixes" list, each refused at its own place. */
static int
parse_prefix_list(const struct load_ctx *c, json_t *arr, struct target *t,
		  struct cursor *lc)
{
	size_t n = json_array_size(arr), i;
	struct target_pos *pos = xcalloc(n ? n : 1, sizeof(*pos));
	struct prefix *p = xcalloc(n ? n : 1, sizeof(*p));
	char where[400];
	int rc = -1;
	json_t *e;

	locate_list(c, arr, pos, lc);
	json_array_foreach(arr, i, e) {
		snprintf(where, sizeof(where), "%s:%u:%u", c->origin,
			 pos[i].line, pos[i].col);
		if (!json_is_string(e)) {
			bad(c, where,
			    "target \"%s\": \"prefixes\" must hold prefix "
			    "strings such as \"175.45.176.0/22\"%s",
			    t->name, "");
			goto out;
		}
		if (prefix_parse(json_string_value(e), where, &p[i], c->err) <
		    0) {
			c->err->status = BO_EXIT_DATAERR;
			goto out;
		}
	}
	target_set_prefixes(t, p, pos, n);
	rc = 0;
out:
	free(pos);
	free(p);
	return rc;
}

/*
 * A target's address space: "prefix", one string, or "prefixes", a
 * non-empty list of them (an AS, a country). Exactly one of the two.
 */
static int
parse_space(const struct load_ctx *c, json_t *obj, struct target *t,
	    const char *anchor)
{
	json_t *one = json_object_get(obj, "prefix");
	json_t *list = json_object_get(obj, "prefixes");
	struct cursor lc = { NULL, 1, 1 };
	char where[400];
	struct prefix p;

	if (one != NULL && list != NULL) {
		where_at(c, anchor, where, sizeof(where));
		return bad(c, where,
			   "target \"%s\" has both \"prefix\" and "
			   "\"prefixes\"; give one%s",
			   t->name, "");
	}
	if (list != NULL &&
	    (!json_is_array(list) || json_array_size(list) == 0)) {
		locate_key_near(c, "prefixes", anchor, where, sizeof(where));
		return bad(c, where,
			   "target \"%s\": \"prefixes\" must be a non-empty "
			   "list of prefix strings%s",
			   t->name, "");
	}
	if (list != NULL) {
		if (parse_prefix_list(c, list, t, &lc) < 0)
			return -1;
	} else if (!json_is_string(one)) {
		where_at(c, anchor, where, sizeof(where));
		return bad(c, where,
			   "target \"%s\" needs a \"prefix\" string such as "
			   "\"175.45.176.0/22\" or a \"prefixes\" list%s",
			   t->name, "");
	} else if (prefix_parse(json_string_value(one), c->origin, &p, NULL) <
		   0) {
		/* Only now is it worth scanning the file for the place. */
		locate_string(c, json_string_value(one), where, sizeof(where));
		prefix_parse(json_string_value(one), where, &p, c->err);
		c->err->status = BO_EXIT_DATAERR;
		return -1;
	} else {
		target_set_prefixes(t, &p, NULL, 1);
	}
	where_at(c, anchor, where, sizeof(where));
	t->where = xstrdup(where);
	/* Lines are counted onward: the next target starts after the list. */
	if (c->cur != NULL && lc.pos != NULL && lc.pos > c->cur->pos)
		*c->cur = lc;
	return 0;
}

static int
parse_target(const struct load_ctx *c, json_t *obj, size_t idx)
{
	char where[400], label[64];
	const char *key, *name, *anchor;
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
	t = target_append(c->set);
	t->name = xstrdup(name);
	anchor = find_name(c, name);
	if (parse_space(c, obj, t, anchor) < 0)
		return -1;
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name") == 0 || strcmp(key, "prefix") == 0 ||
		    strcmp(key, "prefixes") == 0 ||
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
	target_set_prefixes(t, &p, NULL, 1);
	t->from_cli = true;
	return 0;
}

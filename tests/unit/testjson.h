/*
 * testjson.h - reading the JSON lines blackout writes, for the unit tests:
 * a member as an integer (checked to be one) or a string, a value by path
 * ("blocks/1/state": numbers index arrays) read or replaced, and a table
 * of expectations checked against a line, one row per path, so a test
 * reads as the line it wants.
 */
#ifndef BLACKOUT_TESTJSON_H
#define BLACKOUT_TESTJSON_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testhelp.h"

/* o's member k, which must be an integer: one check. */
static inline json_int_t
th_jint(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	CHECK(json_is_integer(v));
	return json_integer_value(v);
}

/* o's member k as a string, or NULL. */
static inline const char *
th_jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/*
 * The value at path in o ("" is o itself; "blocks/1/state": members by
 * name, numbers index arrays), or NULL when the path leads nowhere.
 */
static inline const json_t *
th_jget(const json_t *o, const char *path)
{
	char buf[128], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL && o != NULL;
	     tok = strtok_r(NULL, "/", &save))
		o = json_is_array(o) ? json_array_get(o, strtoul(tok, NULL, 10))
				     : json_object_get(o, tok);
	return o;
}

/*
 * Sets (or, with v NULL, deletes) the value at path ("targets/0/blocks/1/
 * ever") of root; numbers index arrays, and the index just past the end
 * appends. Steals v. Returns false when the path does not lead anywhere.
 */
static inline bool
th_jset(json_t *root, const char *path, json_t *v)
{
	char buf[128], *tok, *next, *save = NULL;
	json_t *cur = root;

	snprintf(buf, sizeof(buf), "%s", path);
	tok = strtok_r(buf, "/", &save);
	while (tok != NULL) {
		next = strtok_r(NULL, "/", &save);
		if (next == NULL) {
			if (json_is_array(cur)) {
				size_t i = strtoul(tok, NULL, 10);

				if (i == json_array_size(cur) && v != NULL)
					return json_array_append_new(cur, v) ==
					       0;
				if (i >= json_array_size(cur))
					break;
				if (v == NULL)
					return json_array_remove(cur, i) == 0;
				return json_array_set_new(cur, i, v) == 0;
			}
			if (!json_is_object(cur) ||
			    (v == NULL && json_object_get(cur, tok) == NULL))
				break;
			if (v == NULL)
				return json_object_del(cur, tok) == 0;
			return json_object_set_new(cur, tok, v) == 0;
		}
		cur = json_is_array(cur)
			      ? json_array_get(cur, strtoul(tok, NULL, 10))
			      : json_object_get(cur, tok);
		if (cur == NULL)
			break;
		tok = next;
	}
	json_decref(v);
	return false;
}

/* What a row of a table of expectations wants of the value at its path. */
enum th_jwant {
	J_STR,	   /* the string str */
	J_INT,	   /* an integer (one check), equal to num (another) */
	J_NUM,	   /* a number (integer or real) equal to num */
	J_BETWEEN, /* a number strictly between num and hi */
	J_ISNUM,   /* any number */
	J_ISSTR,   /* any string */
	J_TRUE,
	J_FALSE,
	J_NULL,	   /* present, and null */
	J_PRESENT, /* present, whatever it is */
	J_ABSENT,  /* not there at all */
	J_ISINT,   /* any integer */
	J_OBJECT,  /* an object, of num members unless num < 0 */
	J_ARRAY,   /* an array of num elements unless num < 0 */
};

struct th_jcase {
	const char *path;
	enum th_jwant want;
	const char *str;
	double num, hi;
};

/* A row in a few words: JSTR("state", "up"), JINT("round", 7),
 * JIS("interrupted", J_FALSE), JARRAY("blocks", 4) ... */
/* One line each: clang-format would spread them over four. */
/* clang-format off */
#define JSTR(path, s) { path, J_STR, s, 0, 0 }
#define JINT(path, n) { path, J_INT, NULL, n, 0 }
#define JNUM(path, x) { path, J_NUM, NULL, x, 0 }
#define JBETWEEN(path, lo, hi) { path, J_BETWEEN, NULL, lo, hi }
#define JIS(path, want) { path, want, NULL, 0, 0 }
#define JOBJECT(path, n) { path, J_OBJECT, NULL, n, 0 }
#define JARRAY(path, n) { path, J_ARRAY, NULL, n, 0 }
/* clang-format on */

/* Counts a check of row c; when ok is false, fails it naming the row. */
static inline void
th_jcount(bool ok, const struct th_jcase *c, const json_t *v)
{
	static const char *const wants[] = {
		"the string", "the integer", "the number", "a number in",
		"a number",   "a string",    "true",	   "false",
		"null",	      "present",     "absent",	   "an integer",
		"an object",  "an array",
	};
	char *got, want[160];

	th_checks++;
	if (ok)
		return;
	th_failures++;
	if (c->want == J_STR)
		snprintf(want, sizeof(want), "\"%s\"", c->str);
	else if (c->want == J_INT || c->want == J_NUM ||
		 ((c->want == J_OBJECT || c->want == J_ARRAY) && c->num >= 0))
		snprintf(want, sizeof(want), "%.17g", c->num);
	else if (c->want == J_BETWEEN)
		snprintf(want, sizeof(want), "(%.17g, %.17g)", c->num, c->hi);
	else
		want[0] = '\0';
	got = v != NULL ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
	fprintf(stderr, "[%s] CHECK failed: \"%s\" is not %s %s: %s\n", th_test,
		c->path, wants[c->want], want, got != NULL ? got : "missing");
	free(got);
}

/* Checks every row of cases[0..n) against line o: one check a row, two
 * for J_INT (as th_jint and CHECK_EQ would count them). */
static inline void
th_jcheck(const json_t *o, const struct th_jcase *cases, size_t n)
{
	const struct th_jcase *c;
	const json_t *v;
	bool ok = false;
	double x;
	size_t i;

	for (i = 0; i < n; i++) {
		c = &cases[i];
		v = th_jget(o, c->path);
		x = json_number_value(v); /* 0 when not a number */
		switch (c->want) {
		case J_STR:
			ok = json_is_string(v) &&
			     strcmp(json_string_value(v), c->str) == 0;
			break;
		case J_INT:
			th_jcount(json_is_integer(v), c, v);
			ok = json_integer_value(v) == (json_int_t)c->num;
			break;
		case J_NUM:
			ok = json_is_number(v) && x == c->num;
			break;
		case J_BETWEEN:
			ok = json_is_number(v) && x > c->num && x < c->hi;
			break;
		case J_ISNUM:
			ok = json_is_number(v);
			break;
		case J_ISSTR:
			ok = json_is_string(v);
			break;
		case J_TRUE:
			ok = json_is_true(v);
			break;
		case J_FALSE:
			ok = json_is_false(v);
			break;
		case J_NULL:
			ok = json_is_null(v);
			break;
		case J_PRESENT:
			ok = v != NULL;
			break;
		case J_ABSENT:
			ok = v == NULL;
			break;
		case J_ISINT:
			ok = json_is_integer(v);
			break;
		case J_OBJECT:
			ok = json_is_object(v) &&
			     (c->num < 0 || json_object_size(v) == c->num);
			break;
		case J_ARRAY:
			ok = json_is_array(v) &&
			     (c->num < 0 || json_array_size(v) == c->num);
			break;
		}
		th_jcount(ok, c, v);
	}
}

#endif /* BLACKOUT_TESTJSON_H */

/*
 * jsonpos.c - walking a well-formed JSON text to a member or element, and
 * counting lines to it (jsonpos.h).
 *
 * The text has been parsed by jansson before any walk, so the walk needs
 * no validation beyond never reading past the end: every step is bounded
 * by the buffer's length, and a surprise ends the walk with NULL.
 */
#include "blackout/jsonpos.h"

#include <stdio.h>
#include <string.h>

static const char *
skip_ws(const struct jsonpos *jp, const char *p)
{
	const char *end = jp->buf + jp->len;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* From a string's opening quote to just past its closing one. */
static const char *
skip_string(const struct jsonpos *jp, const char *p)
{
	const char *end = jp->buf + jp->len;

	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* From the start of any value to just past it. */
static const char *
skip_value(const struct jsonpos *jp, const char *p)
{
	const char *end = jp->buf + jp->len;
	size_t depth = 0;

	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_string(jp, p);
	if (*p != '{' && *p != '[') {
		while (p < end && *p != '\0' &&
		       strchr(",}] \t\r\n", *p) == NULL)
			p++;
		return p;
	}
	while (p != NULL && p < end) {
		if (*p == '"') {
			p = skip_string(jp, p);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

const char *
jsonpos_root(const struct jsonpos *jp)
{
	const char *p = skip_ws(jp, jp->buf);

	return p < jp->buf + jp->len ? p : NULL;
}

/* After a member or element: past the ',' to the next, or NULL at the end. */
static const char *
next_item(const struct jsonpos *jp, const char *p)
{
	p = skip_ws(jp, p);
	if (p >= jp->buf + jp->len || *p != ',')
		return NULL;
	return skip_ws(jp, p + 1);
}

const char *
jsonpos_member(const struct jsonpos *jp, const char *obj, const char *key,
	       bool want_key)
{
	const char *end = jp->buf + jp->len, *k, *v;
	size_t kl = strlen(key);
	bool match;

	if (obj == NULL || obj >= end || *obj != '{')
		return NULL;
	for (k = skip_ws(jp, obj + 1); k != NULL && k < end && *k == '"';
	     k = next_item(jp, v)) {
		v = skip_string(jp, k);
		if (v == NULL)
			return NULL;
		match = (size_t)(v - k) == kl + 2 &&
			memcmp(k + 1, key, kl) == 0;
		v = skip_ws(jp, v);
		if (v >= end || *v != ':')
			return NULL;
		v = skip_ws(jp, v + 1);
		if (match)
			return want_key ? k : v;
		v = skip_value(jp, v);
		if (v == NULL)
			return NULL;
	}
	return NULL;
}

const char *
jsonpos_element(const struct jsonpos *jp, const char *arr, size_t i)
{
	const char *end = jp->buf + jp->len, *p;

	if (arr == NULL || arr >= end || *arr != '[')
		return NULL;
	p = skip_ws(jp, arr + 1);
	if (p >= end || *p == ']')
		return NULL;
	while (i-- > 0 && p != NULL) {
		p = skip_value(jp, p);
		p = p != NULL ? next_item(jp, p) : NULL;
	}
	return p;
}

const char *
jsonpos_next(const struct jsonpos *jp, const char *elem)
{
	const char *p = elem != NULL ? skip_value(jp, elem) : NULL;

	return p != NULL ? next_item(jp, p) : NULL;
}

void
jsonpos_count(const char *from, const char *to, unsigned *line, unsigned *col)
{
	for (; from < to; from++) {
		if (*from == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

void
jsonpos_where(const struct jsonpos *jp, const char *at, char *out,
	      size_t outlen)
{
	unsigned line = 1, col = 1;

	if (at == NULL || at < jp->buf || at > jp->buf + jp->len) {
		snprintf(out, outlen, "%s", jp->origin);
		return;
	}
	jsonpos_count(jp->buf, at, &line, &col);
	snprintf(out, outlen, "%s:%u:%u", jp->origin, line, col);
}

/*
 * jsonpos.h - where a JSON value sits in its file, for error messages.
 *
 * jansson reports line:column for syntax errors only. For a well-formed
 * document with a bad value, these helpers walk the text itself (which
 * jansson has already accepted) to the member or element at fault and
 * count lines to it, so that every message names file:line:col that a
 * person can open. Nothing is stored: a walk costs a scan of the text it
 * passes over, so it is done only for an error.
 *
 * Positions are pointers into the buffer, or NULL when a walk fails (a
 * key written with escapes, which the walk does not decode); a NULL
 * position is reported as the origin alone.
 */
#ifndef BLACKOUT_JSONPOS_H
#define BLACKOUT_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

struct jsonpos {
	const char *buf;
	size_t len;
	const char *origin; /* the file name messages start with */
};

/* The position of the document's top-level value. */
const char *jsonpos_root(const struct jsonpos *jp);

/*
 * In the object at obj (its '{'), the member named key: the position of
 * its value, or of its quoted key when want_key. NULL when absent.
 */
const char *jsonpos_member(const struct jsonpos *jp, const char *obj,
			   const char *key, bool want_key);

/* In the array at arr (its '['), the position of element i, or NULL. */
const char *jsonpos_element(const struct jsonpos *jp, const char *arr,
			    size_t i);

/*
 * The position of the element after the one at elem in the same array, or
 * NULL after the last: walks an array in one pass, where calling
 * jsonpos_element for each index would rescan from the start.
 */
const char *jsonpos_next(const struct jsonpos *jp, const char *elem);

/*
 * Advances *line and *col (1-based) over the text [from, to): the counting
 * behind jsonpos_where, for callers that keep a cursor of their own.
 */
void jsonpos_count(const char *from, const char *to, unsigned *line,
		   unsigned *col);

/* Writes "origin:line:col" of at, or "origin" when at is NULL. */
void jsonpos_where(const struct jsonpos *jp, const char *at, char *out,
		   size_t outlen);

#endif /* BLACKOUT_JSONPOS_H */

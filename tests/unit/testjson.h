/*
 * testjson.h - reading the JSON lines blackout writes, for the unit tests:
 * a member as an integer (checked to be one) or a string, and a value by
 * path ("blocks/1/state": numbers index arrays).
 */
#ifndef BLACKOUT_TESTJSON_H
#define BLACKOUT_TESTJSON_H

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

#endif /* BLACKOUT_TESTJSON_H */

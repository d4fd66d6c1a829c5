/*
 * vocab.c - the names of the verdicts' words, their parsers, the
 * instability object and the one duration formatter (see vocab.h).
 *
 * Invariant: each name table is indexed by its enum and sits right above
 * the function that names a value and the one that parses a name back, so
 * a word added to an enum is added once and read back the same.
 */
#include "blackout/verdict/vocab.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* names[i], or `other` when i is outside the table. */
static const char *
name_of(const char *const *names, size_t n, unsigned i, const char *other)
{
	return i < n ? names[i] : other;
}

/* The index of name in names, or -1 (NULL included). */
static int
index_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

static const char *const state_names[] = {
	[STATE_UP] = "up",
	[STATE_PARTIAL] = "partial",
	[STATE_DOWN] = "down",
	[STATE_UNKNOWN] = "unknown",
};

const char *
state_name(enum target_state s)
{
	return name_of(state_names, NITEMS(state_names), s, "unknown");
}

int
state_from_name(const char *name)
{
	return index_of(state_names, NITEMS(state_names), name);
}

static const char scope_total[] = "total", scope_partial[] = "partial";

const char *
scope_name(enum target_state scope)
{
	return scope == STATE_DOWN ? scope_total : scope_partial;
}

int
scope_from_name(const char *name)
{
	if (name != NULL && strcmp(name, scope_total) == 0)
		return STATE_DOWN;
	if (name != NULL && strcmp(name, scope_partial) == 0)
		return STATE_PARTIAL;
	return -1;
}

static const char *const block_mode_names[] = {
	[MODE_CENSUS] = "census",
	[MODE_ADAPTIVE] = "adaptive",
	[MODE_SPARSE] = "sparse",
	[MODE_EMPTY] = "empty",
};

const char *
block_mode_name(enum block_mode m)
{
	return name_of(block_mode_names, NITEMS(block_mode_names), m,
		       "unknown");
}

int
block_mode_from_name(const char *name)
{
	return index_of(block_mode_names, NITEMS(block_mode_names), name);
}

static const char *const vantage_names[] = {
	[VANTAGE_UNKNOWN] = "unknown",
	[VANTAGE_UP] = "up",
	[VANTAGE_DOWN] = "down",
};

const char *
vantage_name(enum vantage_state v)
{
	return name_of(vantage_names, NITEMS(vantage_names), v, "unknown");
}

int
vantage_from_name(const char *name)
{
	return index_of(vantage_names, NITEMS(vantage_names), name);
}

static const char *const event_names[] = {
	[EVENT_NONE] = "none",
	[EVENT_OUTAGE_START] = "outage-start",
	[EVENT_OUTAGE_END] = "outage-end",
	[EVENT_STATE_CHANGE] = "state-change",
};

const char *
event_name(enum event_kind k)
{
	return name_of(event_names, NITEMS(event_names), k, "none");
}

int
event_from_name(const char *name)
{
	return index_of(event_names, NITEMS(event_names), name);
}

json_t *
json_rounded(double v, int digits)
{
	double f = pow(10, digits);

	return json_real(round(v * f) / f);
}

json_t *
instability_json(const struct instability *in)
{
	json_t *o = json_object();

	json_object_set_new(o, "window", json_integer(in->window));
	json_object_set_new(o, "state_changes",
			    json_integer(in->state_changes));
	json_object_set_new(o, "block_changes",
			    json_integer(in->block_changes));
	json_object_set_new(o, "rate_mean",
			    in->has_rate ? json_rounded(in->rate_mean, 4)
					 : json_null());
	json_object_set_new(o, "rate_sd",
			    in->has_rate ? json_rounded(in->rate_sd, 4)
					 : json_null());
	return o;
}

char *
format_duration(int64_t seconds, enum duration_style style, char *buf,
		size_t len)
{
	static const struct {
		char unit;
		int64_t secs;
	} units[] = { { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	int64_t v[4];
	size_t i, first = 3, last = 3, off = 0;

	if (len == 0)
		return buf;
	if (style == DURATION_EXACT && seconds < 0)
		seconds = 0;
	for (i = 0; i < 4; i++) {
		v[i] = seconds / units[i].secs;
		seconds %= units[i].secs;
		if (v[i] != 0 && first == 3)
			first = i;
	}
	/* The largest unit always (seconds when all are zero); then the next
	 * one (short) or every one below (exact), those that are not zero. */
	if (style == DURATION_SHORT && first < 3)
		last = first + 1;
	for (i = first; i <= last && off < len; i++)
		if (i == first || v[i] != 0)
			off += (size_t)snprintf(buf + off, len - off, "%lld%c",
						(long long)v[i], units[i].unit);
	return buf;
}

/*
 * sources.h - the standard files that say which addresses a country or an
 * AS holds, read into one range list per code asked for:
 *
 *   RIR delegated statistics (APNIC, RIPE NCC, ARIN, LACNIC, AFRINIC):
 *     registry|cc|type|start|value|date|status[|opaque-id]
 *   one row per allocation; ipv4 rows give a start address and a count of
 *   addresses (not always a power of two); allocated and assigned rows
 *   count; the version line, the summary lines, comments and the ipv6 and
 *   asn rows are skipped.
 *
 *   CAIDA RouteViews prefix-to-AS (pfx2as):
 *     prefix<TAB>length<TAB>origin
 *   where origin is an AS number, a multi-origin "a_b" or an AS set "a,b"
 *   (or both). An address belongs to the origins of the most specific
 *   prefix that covers it, as routing has it: a customer's more specific
 *   prefix is left out of its provider's target.
 *
 * Every reader refuses a line it cannot read as "path:line: why", status
 * 65, and never skips one silently.
 */
#ifndef BLACKOUT_SOURCES_H
#define BLACKOUT_SOURCES_H

#include <stdio.h>

#include "blackout/sources/ranges.h"
#include "blackout/util.h"

/* One target to be: a country code or an AS asked for, and its space. */
struct source_group {
	char name[16]; /* "KP" (upper case), "AS131279" */
	uint32_t asn;  /* the AS number of a pfx2as group; else 0 */
	struct range_list ranges;
};

struct source_set {
	struct source_group *g; /* in the order asked for */
	size_t n;
};

/*
 * Adds a group per entry of a comma-separated list: country codes (two
 * letters) or AS numbers (an optional "AS" prefix). Returns 0, or -1 with
 * err (status 64) naming `what`, the option.
 */
int source_set_countries(struct source_set *set, const char *list,
			 const char *what, struct bo_error *err);
int source_set_asns(struct source_set *set, const char *list, const char *what,
		    struct bo_error *err);

void source_set_free(struct source_set *set);

/* One line of a source file, its end of line cut; where is "path:N". */
typedef int (*source_line_fn)(void *ctx, char *line, const char *where,
			      struct bo_error *err);

/*
 * Calls fn(ctx, line, where, err) on every line of f, path naming it,
 * until one returns -1. Returns 0, or -1: fn's error, or err (status 66)
 * when reading fails.
 */
int sources_each_line(FILE *f, const char *path, source_line_fn fn, void *ctx,
		      struct bo_error *err);

/*
 * Reads a delegated-statistics file from f (path names it in messages)
 * into the groups of set, matched by country code. Returns 0, or -1 with
 * err (65 for a bad line, 66 for a read error).
 */
int delegated_read(FILE *f, const char *path, struct source_set *set,
		   struct bo_error *err);

/*
 * Reads a pfx2as file from f into the groups of set, matched by origin
 * AS; a prefix of several origins asked for goes to the first of them in
 * the order asked for (a target may not overlap another). Returns 0, or -1
 * with err (65 for a bad line, 66 for a read error).
 */
int pfx2as_read(FILE *f, const char *path, struct source_set *set,
		struct bo_error *err);

#endif /* BLACKOUT_SOURCES_H */

/*
 * ranges.h - address ranges gathered from a source file, grouped by what
 * the user asked for (a country code, an AS number), and turned into the
 * fewest CIDR prefixes that cover them exactly.
 *
 * A range list collects [lo, hi] ranges in any order; range_list_prefixes
 * sorts and merges them (overlapping or adjacent), then cuts each merged
 * range into aligned prefixes no wider than a /8 (the widest a target
 * takes): 1.0.0.0 + 1536 addresses is 1.0.0.0/23 and 1.0.2.0/24.
 */
#ifndef BLACKOUT_SOURCES_RANGES_H
#define BLACKOUT_SOURCES_RANGES_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/prefix.h"

#define RANGES_WIDEST 8 /* no prefix wider than a /8: a target's limit */

struct range_list {
	struct {
		uint32_t lo, hi;
	} * r;
	size_t n, cap;
};

void range_list_init(struct range_list *rl);
void range_list_free(struct range_list *rl);

/* Adds the addresses lo..hi, both included (lo <= hi). */
void range_list_add(struct range_list *rl, uint32_t lo, uint32_t hi);

/*
 * Sorts and merges the ranges, then writes into *out (allocated; the
 * caller frees it) the CIDR prefixes covering exactly their addresses, in
 * address order. Returns how many.
 */
size_t range_list_prefixes(struct range_list *rl, struct prefix **out);

#endif /* BLACKOUT_SOURCES_RANGES_H */

/*
 * prefix.h - IPv4 prefix arithmetic, the special-use (RFC 6890) check, and
 * the exclusion list.
 *
 * Addresses are uint32_t in host byte order everywhere inside blackout; they
 * are converted to network order only when written into a packet.
 */
#ifndef BLACKOUT_PREFIX_H
#define BLACKOUT_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/util.h"

struct prefix {
	uint32_t base; /* network address, host bits zero */
	uint8_t len;   /* 0..32 */
};

/*
 * Parses "a.b.c.d/len" or a bare address (a /32). Host bits set below the
 * length are refused: "198.18.0.1/22" is ambiguous (did the user mean the
 * /22 or the address?), and silently widening it is how scans go astray.
 * Returns 0, or -1 with err naming `what` (e.g. the option or file:line:col).
 */
int prefix_parse(const char *text, const char *what, struct prefix *out,
		 struct bo_error *err);

/* Formats "a.b.c.d/len" into buf (>= 19 bytes). Returns buf. */
char *prefix_format(const struct prefix *p, char *buf, size_t len);

/* Number of addresses in p (1 .. 2^32). */
uint64_t prefix_size(const struct prefix *p);

/* Last address of p. */
uint32_t prefix_last(const struct prefix *p);

bool prefix_contains(const struct prefix *p, uint32_t addr);
bool prefix_overlaps(const struct prefix *a, const struct prefix *b);

/*
 * Returns the text of the first RFC 6890 special-use range that p overlaps
 * ("198.18.0.0/15"), or NULL when p is ordinary unicast space.
 */
const char *prefix_reserved(const struct prefix *p);

struct exclude;

/*
 * Like prefix_reserved(), but a special-use range counts only when ex (may
 * be NULL) leaves some of its addresses inside p unexcluded: a /8 with a
 * special-use /15 in it is fine once that /15 is excluded.
 */
const char *prefix_reserved_except(const struct prefix *p,
				   const struct exclude *ex);

/*
 * The exclusion list: a sorted set of disjoint address ranges. Opaque.
 */
struct exclude;

/* Returns an empty list. */
struct exclude *exclude_new(void);

/*
 * Adds every prefix or address in the file at path: one per line, '#'
 * starts a comment, blank lines are ignored. Returns 0, or -1 with err
 * naming path:line:column (status 65) or the OS error (status 66).
 */
int exclude_load(struct exclude *ex, const char *path, struct bo_error *err);

/* Adds one prefix. */
void exclude_add(struct exclude *ex, const struct prefix *p);

/* True when every address of p is excluded. NULL ex excludes nothing. */
bool exclude_covers(const struct exclude *ex, const struct prefix *p);

/* True when addr falls in any excluded range. NULL ex excludes nothing. */
bool exclude_contains(const struct exclude *ex, uint32_t addr);

/* Number of disjoint ranges after merging. */
size_t exclude_count(const struct exclude *ex);

void exclude_free(struct exclude *ex);

#endif /* BLACKOUT_PREFIX_H */

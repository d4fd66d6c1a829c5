/*
 * ranges.c - address ranges to CIDR prefixes (ranges.h).
 *
 * The cut is the classic one (Python's summarize_address_range, zmap's
 * constraint code): from the low end, the widest prefix that starts there
 * (aligned) and does not pass the high end, again and again. Arithmetic
 * is in 64 bits so 255.255.255.255 needs no special case.
 */
#include "blackout/sources/ranges.h"

#include <stdlib.h>
#include <string.h>

#include "blackout/util.h"

void
range_list_init(struct range_list *rl)
{
	memset(rl, 0, sizeof(*rl));
}

void
range_list_free(struct range_list *rl)
{
	free(rl->r);
	range_list_init(rl);
}

void
range_list_add(struct range_list *rl, uint32_t lo, uint32_t hi)
{
	if (rl->n == rl->cap) {
		rl->cap = rl->cap ? rl->cap * 2 : 64;
		rl->r = xrealloc(rl->r, rl->cap, sizeof(*rl->r));
	}
	rl->r[rl->n].lo = lo;
	rl->r[rl->n].hi = hi;
	rl->n++;
}

static int
range_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b; /* lo first in each */

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sorts, then merges overlapping and adjacent ranges in place. */
static void
normalize(struct range_list *rl)
{
	size_t i, n = 0;

	if (rl->n == 0)
		return;
	qsort(rl->r, rl->n, sizeof(*rl->r), range_cmp);
	for (i = 0; i < rl->n; i++) {
		if (n > 0 &&
		    (uint64_t)rl->r[i].lo <= (uint64_t)rl->r[n - 1].hi + 1) {
			if (rl->r[i].hi > rl->r[n - 1].hi)
				rl->r[n - 1].hi = rl->r[i].hi;
			continue;
		}
		rl->r[n++] = rl->r[i];
	}
	rl->n = n;
}

/* The length of the widest prefix at lo that ends at or before hi. */
static uint8_t
widest_at(uint64_t lo, uint64_t hi)
{
	uint8_t len = RANGES_WIDEST;

	for (;;) {
		uint64_t size = (uint64_t)1 << (32 - len);

		if ((lo & (size - 1)) == 0 && lo + size - 1 <= hi)
			return len;
		len++;
	}
}

size_t
range_list_prefixes(struct range_list *rl, struct prefix **out)
{
	size_t i, n = 0, cap = 16;
	struct prefix *p = xcalloc(cap, sizeof(*p));

	normalize(rl);
	for (i = 0; i < rl->n; i++) {
		uint64_t lo = rl->r[i].lo, hi = rl->r[i].hi;

		while (lo <= hi) {
			uint8_t len = widest_at(lo, hi);

			if (n == cap) {
				cap *= 2;
				p = xrealloc(p, cap, sizeof(*p));
			}
			p[n].base = (uint32_t)lo;
			p[n++].len = len;
			lo += (uint64_t)1 << (32 - len);
		}
	}
	*out = p;
	return n;
}

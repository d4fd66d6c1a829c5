/*
 * fuzz_sources.c - libFuzzer target for the address sources of `blackout
 * targets`: every input is read both as an RIR delegated-statistics file
 * and as a pfx2as file. Beyond the sanitizers it checks that a refusal is
 * one printable line with status 65, and that what is read becomes
 * prefixes that are aligned, no wider than a /8, in order, and disjoint
 * across the groups (a targets file blackout would take).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>

#include "blackout/sources/sources.h"
#include "fuzzhelp.h"

static int
prefix_cmp(const void *a, const void *b)
{
	const struct prefix *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/*
 * Each group's prefixes in order and aligned; with across (pfx2as, where
 * a prefix goes to one AS only), all groups' prefixes disjoint too.
 */
static void
check_groups(struct source_set *set, bool across)
{
	struct prefix *all = NULL, *p;
	size_t i, k, n, n_all = 0;
	uint64_t next;

	for (i = 0; i < set->n; i++) {
		next = 0;
		n = range_list_prefixes(&set->g[i].ranges, &p);
		all = xrealloc(all, n_all + n + 1, sizeof(*all));
		for (k = 0; k < n; k++) {
			FUZZ_ASSERT(p[k].len >= RANGES_WIDEST && p[k].len <= 32,
				    "a prefix too wide");
			FUZZ_ASSERT((p[k].base &
				     (uint32_t)(prefix_size(&p[k]) - 1)) == 0,
				    "a prefix with host bits");
			FUZZ_ASSERT(p[k].base >= next, "prefixes out of order");
			next = (uint64_t)prefix_last(&p[k]) + 1;
			all[n_all++] = p[k];
		}
		free(p);
	}
	qsort(all, n_all, sizeof(*all), prefix_cmp);
	for (k = 1; across && k < n_all; k++)
		FUZZ_ASSERT(!prefix_overlaps(&all[k - 1], &all[k]),
			    "two ASes given the same addresses");
	free(all);
}

static void
read_as(int (*reader)(FILE *, const char *, struct source_set *,
		      struct bo_error *),
	const uint8_t *data, size_t size, bool asns)
{
	struct source_set set = { NULL, 0 };
	struct bo_error err = { 0, "" };
	FILE *f;

	if (asns)
		source_set_asns(&set, "1,2,13335,38803", "fuzz", &err);
	else
		source_set_countries(&set, "KP,JP,ZZ", "fuzz", &err);
	f = fmemopen((void *)data, size, "r");
	if (f == NULL) {
		source_set_free(&set);
		return;
	}
	if (reader(f, "fuzz", &set, &err) < 0)
		fuzz_check_error(&err, BO_EXIT_DATAERR, BO_EXIT_NOINPUT);
	else
		check_groups(&set, asns);
	fclose(f);
	source_set_free(&set);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	read_as(delegated_read, data, size, false);
	read_as(pfx2as_read, data, size, true);
	return 0;
}

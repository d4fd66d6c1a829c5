/*
 * fuzz_targets.c - libFuzzer target for the targets file parser.
 *
 * Every input goes through targets_load_buffer() and, when it loads,
 * targets_validate() with and without --allow-reserved; a short input is
 * also tried as a PREFIX operand. Beyond the sanitizers it checks that
 * every refusal is one printable line with status 65 (file) or 64
 * (operand), and that whatever validates keeps the documented invariants.
 */
#include <stdbool.h>
#include <stdint.h>

#include "blackout/probe/targets.h"
#include "fuzzhelp.h"

static void
check_invariants(const struct target_set *set)
{
	size_t i, j, k, l;

	for (i = 0; i < set->n; i++) {
		const struct target *t = &set->t[i];

		FUZZ_ASSERT(t->n_prefixes >= 1, "a target without a prefix");
		for (k = 0; k < t->n_prefixes; k++)
			FUZZ_ASSERT(t->prefixes[k].len >= TARGET_MIN_LEN &&
					    t->prefixes[k].len <= 32,
				    "a prefix too wide");
		for (j = 0; j <= i; j++) {
			const struct target *u = &set->t[j];

			FUZZ_ASSERT(j == i || strcmp(t->name, u->name) != 0,
				    "two targets with one name");
			for (k = 0; k < t->n_prefixes; k++)
				for (l = 0; l < u->n_prefixes; l++)
					FUZZ_ASSERT(
						(j == i && k == l) ||
							!prefix_overlaps(
								&t->prefixes[k],
								&u->prefixes
									 [l]),
						"overlapping prefixes");
		}
	}
}

static void
load(const uint8_t *data, size_t size)
{
	struct bo_error err = { 0, "" };
	struct target_set set;
	int allow;

	target_set_init(&set);
	if (targets_load_buffer(&set, (const char *)data, size, "fuzz.json",
				&err) < 0) {
		fuzz_check_error(&err, BO_EXIT_DATAERR, BO_EXIT_DATAERR);
		target_set_free(&set);
		return;
	}
	for (allow = 1; allow >= 0; allow--) {
		if (targets_validate(&set, allow, &err) == 0)
			check_invariants(&set);
		else
			fuzz_check_error(&err, BO_EXIT_DATAERR, BO_EXIT_USAGE);
	}
	target_set_free(&set);
}

static void
operand(const uint8_t *data, size_t size)
{
	struct bo_error err = { 0, "" };
	struct target_set set;
	char arg[64];

	if (size >= sizeof(arg))
		return;
	memcpy(arg, data, size);
	arg[size] = '\0';
	target_set_init(&set);
	if (targets_add_arg(&set, arg, &err) < 0)
		fuzz_check_error(&err, BO_EXIT_USAGE, BO_EXIT_USAGE);
	else if (targets_validate(&set, true, &err) < 0)
		fuzz_check_error(&err, BO_EXIT_USAGE, BO_EXIT_USAGE);
	target_set_free(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	load(data, size);
	operand(data, size);
	return 0;
}

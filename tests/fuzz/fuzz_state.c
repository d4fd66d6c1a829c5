/*
 * fuzz_state.c - libFuzzer target for the state file loader.
 *
 * Every input goes through statefile_load_buffer() for a run with two targets
 * (the lab's /22 and a /30). A refusal must be one printable line with
 * status 65. What loads must survive a round trip: statefile_dump() of it must
 * load again, into a fresh baseline, and dump to the same document (the
 * "saved" time aside), or the next run would refuse the file this one
 * wrote.
 */
#include <stdint.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/statefile.h"
#include "blackout/probe/targets.h"
#include "fuzzhelp.h"

static void
add_target(struct target_set *set, const char *name, const char *pfx)
{
	struct target *t;
	struct prefix p = { 0, 32 };

	set->t = xrealloc(set->t, set->n + 1, sizeof(*set->t));
	t = &set->t[set->n++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->sample = SAMPLE_INHERIT;
	prefix_parse(pfx, "fuzz", &p, NULL);
	target_set_prefixes(t, &p, NULL, 1);
}

/* The document without its "saved" member (the time of the dump). */
static void
drop_saved(char *doc)
{
	char *s = strstr(doc, "\"saved\":\"");
	char *e = s != NULL ? strchr(s + 9, '"') : NULL;

	if (e != NULL)
		memmove(s, e + 1, strlen(e + 1) + 1);
}

static void
roundtrip(const struct target_set *set, const struct baseline *bl,
	  const struct method_list *methods)
{
	struct bo_error err = { 0, "" };
	struct baseline again;
	char *dump = statefile_dump(bl, methods, 0), *dump2;

	baseline_init(&again, set);
	if (statefile_load_buffer(dump, strlen(dump), "dump", &again, methods,
				  &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		FUZZ_ASSERT(0, "a dumped state does not load again");
	}
	FUZZ_ASSERT(again.last_round == bl->last_round, "round changed");
	dump2 = statefile_dump(&again, methods, 0);
	drop_saved(dump);
	drop_saved(dump2);
	FUZZ_ASSERT(strcmp(dump, dump2) == 0, "a round trip changed the state");
	free(dump2);
	free(dump);
	baseline_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bo_error err = { 0, "" };
	struct method_list methods;
	struct target_set set;
	struct baseline bl;

	target_set_init(&set);
	add_target(&set, "lab", "198.18.0.0/22");
	add_target(&set, "198.18.0.0/30", "198.18.0.0/30");
	method_list_parse(METHOD_DEFAULT, "fuzz", &methods, NULL);
	baseline_init(&bl, &set);
	if (statefile_load_buffer((const char *)data, size, "fuzz.state", &bl,
				  &methods, &err) < 0)
		fuzz_check_error(&err, BO_EXIT_DATAERR, BO_EXIT_DATAERR);
	else
		roundtrip(&set, &bl, &methods);
	baseline_free(&bl);
	target_set_free(&set);
	return 0;
}

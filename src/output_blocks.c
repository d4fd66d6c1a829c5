/*
 * output_blocks.c - the blocks of a round line (output_blocks.h).
 *
 * The bound is kept by measuring: the line is serialized once without its
 * /24s, then each candidate /24's object is serialized alone and added
 * while the total stays under the bound. Only the candidates that are
 * looked at are measured, so a large target costs as many serializations
 * as fit in the line (a few hundred), not one per /24.
 */
#include "blackout/output_blocks.h"

#include <stdlib.h>
#include <string.h>

static const char *const listing_names[] = {
	[BLOCKS_AUTO] = "auto",
	[BLOCKS_ALL] = "all",
	[BLOCKS_CHANGED] = "changed",
	[BLOCKS_NONE] = "none",
};

int
blocks_listing_parse(const char *text, enum blocks_listing *out,
		     struct bo_error *err)
{
	size_t i;

	for (i = 0; i < sizeof(listing_names) / sizeof(*listing_names); i++)
		if (strcmp(text, listing_names[i]) == 0) {
			*out = (enum blocks_listing)i;
			return 0;
		}
	error_set(err, BO_EXIT_USAGE,
		  "--blocks: '%s' is not auto, all, changed or none", text);
	return -1;
}

bool
blocks_bounded(enum blocks_listing how, size_t n_blocks)
{
	return how == BLOCKS_CHANGED || how == BLOCKS_NONE ||
	       (how == BLOCKS_AUTO && n_blocks > BLOCKS_AUTO_MAX);
}

/* What the line says it lists: auto resolved to all or not-up. */
static const char *
listed_name(enum blocks_listing how, size_t n_blocks)
{
	if (how == BLOCKS_AUTO)
		return n_blocks > BLOCKS_AUTO_MAX ? "not-up" : "all";
	return listing_names[how];
}

static json_t *
counts_json(const struct target_summary *sum)
{
	uint32_t st[4] = { 0 }, mode[4] = { 0 };
	json_t *c = json_object();
	size_t b;

	for (b = 0; b < sum->n_blocks; b++) {
		const struct block_summary *bs = &sum->blocks[b];

		st[bs->state == STATE_UP     ? 0
		   : bs->state == STATE_DOWN ? 1
					     : 2]++;
		mode[bs->mode == MODE_CENSUS	 ? 0
		     : bs->mode == MODE_ADAPTIVE ? 1
		     : bs->mode == MODE_SPARSE	 ? 2
						 : 3]++;
	}
	json_object_set_new(c, "up", json_integer(st[0]));
	json_object_set_new(c, "down", json_integer(st[1]));
	json_object_set_new(c, "unknown", json_integer(st[2]));
	json_object_set_new(c, "judged", json_integer(sum->blocks_judged));
	json_object_set_new(c, "census", json_integer(mode[0]));
	json_object_set_new(c, "adaptive", json_integer(mode[1]));
	json_object_set_new(c, "sparse", json_integer(mode[2]));
	json_object_set_new(c, "empty", json_integer(mode[3]));
	return c;
}

json_t *
output_blocks_begin(json_t *o, const struct target_summary *sum,
		    enum blocks_listing how)
{
	json_t *blocks = json_array();

	json_object_set_new(o, "blocks", blocks);
	json_object_set_new(o, "blocks_listed",
			    json_string(listed_name(how, sum->n_blocks)));
	json_object_set_new(o, "blocks_omitted", json_integer(0));
	json_object_set_new(o, "block_counts", counts_json(sum));
	return blocks;
}

/* One /24's object, as every form of the line writes it. */
static json_t *
block_json(const struct plan *plan, const struct plan_target *tg,
	   const struct block_summary *bs)
{
	json_t *o = json_object(), *mo = json_object();
	char name[16];
	size_t m;

	for (m = 0; m < plan->methods.n; m++)
		if (tg->methods & (1u << m))
			json_object_set_new(mo,
					    method_format(&plan->methods.m[m],
							  name, sizeof(name)),
					    json_integer(bs->method_resp[m]));
	json_object_set_new(o, "prefix",
			    json_string(prefix_format(&bs->pfx, name,
						      sizeof(name))));
	json_object_set_new(o, "state", json_string(state_name(bs->state)));
	json_object_set_new(o, "mode", json_string(block_mode_name(bs->mode)));
	json_object_set_new(o, "judged", json_boolean(bs->judged));
	json_object_set_new(o, "sparse", json_boolean(bs->sparse));
	json_object_set_new(o, "belief", json_rounded(bs->belief, 4));
	json_object_set_new(o, "ever", json_integer(bs->ever));
	json_object_set_new(o, "availability",
			    bs->avail < 0 ? json_null()
					  : json_rounded(bs->avail, 4));
	json_object_set_new(o, "probes", json_integer(bs->probes));
	json_object_set_new(o, "probed", json_integer(bs->probed));
	json_object_set_new(o, "responsive", json_integer(bs->responsive));
	json_object_set_new(o, "unreachable", json_integer(bs->routing_errors));
	json_object_set_new(o, "methods", mo);
	return o;
}

/* Whether `how` lists bs, and in which pass (0 first, 1 after). */
static bool
wanted(enum blocks_listing how, const struct block_summary *bs, size_t n_blocks,
       int pass)
{
	switch (how) {
	case BLOCKS_ALL:
		return pass == 0;
	case BLOCKS_CHANGED:
		return pass == 0 && bs->changed;
	case BLOCKS_NONE:
		return false;
	case BLOCKS_AUTO:
		if (n_blocks <= BLOCKS_AUTO_MAX)
			return pass == 0;
		/* Down first: they matter most when not all fit. */
		return pass == 0 ? bs->state == STATE_DOWN
				 : bs->state == STATE_UNKNOWN;
	}
	return false;
}

/* Bytes the line o takes, without its newline. */
static size_t
dumped_len(const json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
					JSON_REAL_PRECISION(15));
	size_t n = s != NULL ? strlen(s) : 0;

	free(s);
	return n;
}

/* Marks in pick the /24s to list that fit in budget bytes; returns how
 * many wanted ones did not fit. */
static size_t
choose(const struct plan *plan, const struct plan_target *tg,
       const struct target_summary *sum, enum blocks_listing how, size_t budget,
       bool *pick)
{
	size_t b, used = 0, omitted = 0;
	bool bounded = blocks_bounded(how, sum->n_blocks);
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (b = 0; b < sum->n_blocks; b++) {
			json_t *e;
			size_t len;

			if (!wanted(how, &sum->blocks[b], sum->n_blocks, pass))
				continue;
			if (!bounded) {
				pick[b] = true;
				continue;
			}
			if (omitted > 0) { /* full: no use measuring */
				omitted++;
				continue;
			}
			e = block_json(plan, tg, &sum->blocks[b]);
			len = dumped_len(e) + 1; /* and its comma */
			json_decref(e);
			if (used + len > budget) {
				omitted++;
				continue;
			}
			used += len;
			pick[b] = true;
		}
	return omitted;
}

void
output_blocks_fill(json_t *o, json_t *blocks, const struct plan *plan,
		   const struct plan_target *tg,
		   const struct target_summary *sum, enum blocks_listing how)
{
	bool *pick = xcalloc(sum->n_blocks ? sum->n_blocks : 1, sizeof(*pick));
	size_t b, omitted, budget = 0, base;

	/* The rest of the line, plus room for the digits of the omitted
	 * count and the newline. */
	if (blocks_bounded(how, sum->n_blocks)) {
		base = dumped_len(o) + 16 + 1;
		budget = base < ROUND_LINE_MAX ? ROUND_LINE_MAX - base : 0;
	}
	omitted = choose(plan, tg, sum, how, budget, pick);
	for (b = 0; b < sum->n_blocks; b++) /* in address order */
		if (pick[b])
			json_array_append_new(blocks,
					      block_json(plan, tg,
							 &sum->blocks[b]));
	json_object_set_new(o, "blocks_omitted",
			    json_integer((json_int_t)omitted));
	free(pick);
}

json_t *
output_blocks_down(const struct target_summary *sum, enum blocks_listing how,
		   size_t *omitted)
{
	json_t *down = json_array();
	char pfx[24];
	size_t b;

	*omitted = 0;
	for (b = 0; b < sum->n_blocks; b++) {
		const struct block_summary *bs = &sum->blocks[b];

		if (!bs->judged || bs->state != STATE_DOWN)
			continue;
		if (how == BLOCKS_NONE ||
		    (how != BLOCKS_ALL &&
		     json_array_size(down) >= EVENT_BLOCKS_MAX))
			(*omitted)++;
		else
			json_array_append_new(
				down, json_string(prefix_format(&bs->pfx, pfx,
								sizeof(pfx))));
	}
	return down;
}

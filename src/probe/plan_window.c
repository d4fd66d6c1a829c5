/*
 * plan_window.c - how a round is cut into windows (plan.h): whole targets
 * while their planned records fit, and a target too wide for one window in
 * parts of its /24s. Counts records as the planner will plan them, from
 * the baseline alone, without planning.
 */
#include "blackout/probe/plan.h"

#include "blackout/verdict/baseline.h"

enum block_mode
plan_block_mode(const struct block_memory *bm, int sample)
{
	if (bm == NULL || !bm->censused || sample == SAMPLE_ALL)
		return MODE_CENSUS;
	if (bm->n_ever == 0)
		return MODE_EMPTY;
	return block_is_sparse(bm) ? MODE_SPARSE : MODE_ADAPTIVE;
}

/* Records a block is planned to hold, at most. */
static size_t
block_estimate(const struct block_memory *bm, int sample)
{
	size_t budget = sample > 0 ? (size_t)sample : ADAPTIVE_BUDGET;

	switch (plan_block_mode(bm, sample)) {
	case MODE_CENSUS:
		return bm == NULL && sample > 0 && sample < 256 ? (size_t)sample
								: 256;
	case MODE_SPARSE:
		return (size_t)bm->n_ever + 1;
	case MODE_ADAPTIVE:
		budget += PLAN_QUEUE_SPARE;
		return (bm->n_ever < budget ? bm->n_ever : budget) + 1;
	default:
		return 1;
	}
}

static int
target_sample(const struct target *t, int default_sample)
{
	return t->sample != SAMPLE_INHERIT ? t->sample : default_sample;
}

size_t
plan_range_records(const struct target_set *set, const struct baseline *bl,
		   int default_sample, size_t i, uint32_t b0, uint32_t b1)
{
	const struct target *t = &set->t[i];
	int sample = target_sample(t, default_sample);
	uint32_t b, off;
	size_t n = 0;

	for (b = b0; b < b1 && b < t->n_blocks; b++) {
		/* another shard's /24 plans nothing */
		size_t k = target_block_prefix(t, b, &off);

		if (sampler_in_shard(&set->shard, &t->prefixes[k], off))
			n += block_estimate(bl != NULL ? &bl->t[i].blocks[b]
						       : NULL,
					    sample);
	}
	return n;
}

size_t
plan_window(const struct target_set *set, const struct baseline *bl,
	    int default_sample, size_t first, size_t max_records)
{
	size_t i, records = 0;

	for (i = first; i < set->n; i++) {
		size_t mine = plan_range_records(set, bl, default_sample, i, 0,
						 set->t[i].n_blocks);

		if (i > first && records + mine > max_records)
			break;
		records += mine;
	}
	return i - first;
}

/* The end of the part of target i from /24 b0 on: as many as fit. */
static uint32_t
part_end(const struct target_set *set, const struct baseline *bl,
	 int default_sample, size_t i, uint32_t b0, size_t max_records)
{
	const struct target *t = &set->t[i];
	size_t records = 0;
	uint32_t b;

	for (b = b0; b < t->n_blocks; b++) {
		size_t mine = plan_range_records(set, bl, default_sample, i, b,
						 b + 1);

		if (b > b0 && records + mine > max_records)
			break;
		records += mine;
	}
	return b;
}

bool
plan_next_range(const struct target_set *set, const struct baseline *bl,
		int default_sample, const struct plan_range *prev,
		size_t max_records, struct plan_range *next)
{
	struct plan_range r = { 0, 0, false, 0, 0 };

	if (prev != NULL && prev->part &&
	    prev->b1 < set->t[prev->first].n_blocks) {
		r = *prev; /* the same target's next part */
		r.b0 = prev->b1;
		r.b1 = part_end(set, bl, default_sample, r.first, r.b0,
				max_records);
		*next = r;
		return true;
	}
	r.first = prev != NULL ? prev->first + prev->count : 0;
	if (r.first >= set->n)
		return false;
	r.count = plan_window(set, bl, default_sample, r.first, max_records);
	r.b1 = set->t[r.first].n_blocks;
	if (r.count == 1 && plan_range_records(set, bl, default_sample, r.first,
					       0, r.b1) > max_records) {
		r.part = true;
		r.b1 = part_end(set, bl, default_sample, r.first, 0,
				max_records);
	}
	*next = r;
	return true;
}

/*
 * plan.c - building one round's probe table, and the verbs that record
 * what became of each probe.
 *
 * The send and answer arrays hold one slot per (record, run method), at
 * plan_slot(); this file is the only one that knows the layout. A slot
 * remembers only the last wave sent and the last wave answered, which is
 * all one answer per (address, method, wave) needs: a wave's probes are
 * sent, then waited for, before the next wave's.
 */
#define _GNU_SOURCE
#include "blackout/probe/plan.h"

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/spot.h"
#include "blackout/verdict/watch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
rec_cmp(const void *a, const void *b)
{
	const struct plan_rec *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static size_t
push_rec(struct plan *plan, size_t *cap, uint32_t addr, uint32_t target,
	 uint32_t block, uint16_t want, enum rec_role role, bool ever)
{
	struct plan_rec *rec;

	if (plan->n_rec == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		plan->rec = xrealloc(plan->rec, *cap, sizeof(*plan->rec));
	}
	rec = &plan->rec[plan->n_rec];
	memset(rec, 0, sizeof(*rec));
	rec->addr = addr;
	rec->target = target;
	rec->block = block;
	rec->want = want;
	rec->role = (uint8_t)role;
	rec->ever = ever;
	return plan->n_rec++;
}

/* Sets tg->methods from the target's methods, adding them to the run's. */
static int
plan_methods(struct plan *plan, struct plan_target *tg,
	     const struct method_list *list, struct bo_error *err)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		int mi = method_list_add(&plan->methods, &list->m[i]);

		if (mi < 0) {
			error_set(err, BO_EXIT_USAGE,
				  "targets use more than %d distinct methods",
				  METHOD_MAX);
			return -1;
		}
		tg->methods |= (uint16_t)(1u << mi);
	}
	return 0;
}

/* The one method an adaptive probe of host uses: the one that last worked. */
static uint16_t
hint_mask(const struct block_memory *bm, unsigned host, uint16_t methods)
{
	unsigned h = block_hint(bm, host);

	if (h > 0 && (methods & (1u << (h - 1))))
		return (uint16_t)(1u << (h - 1));
	return (uint16_t)(methods & -methods); /* lowest: the first method */
}

struct block_ctx {
	struct plan *plan;
	size_t *cap;
	uint32_t ti, bi;
	uint16_t methods;
	const struct block_memory *bm;
	bool spot; /* a spot check is due (spot.h) */
};

/* The k-th set bit of mask, k taken modulo the number of bits set. */
static uint16_t
nth_bit(uint16_t mask, uint32_t k)
{
	unsigned n = (unsigned)__builtin_popcount(mask), i;

	k %= n ? n : 1;
	for (i = 0; i < 16; i++)
		if ((mask & (1u << i)) && k-- == 0)
			return (uint16_t)(1u << i);
	return 0;
}

/*
 * Whether a block explores this round: every other regular round (its
 * beat), alternating by the target's block (pb->index, not the block's
 * place in the plan, which depends on the window a wide target is planned
 * in and on the targets before it) so that a target's load stays even,
 * never in a watch round nor in a block believed down (its newcomers could
 * not answer either). The method is the next of the target's in turn at each
 * exploring round, so a newcomer answering any of them is found within
 * twice as many rounds as there are methods.
 */
static bool
explores(const struct block_ctx *c, const struct plan_block *pb)
{
	if (c->plan->watch || (c->plan->beat + pb->index) % 2 != 0 ||
	    (pb->mode == MODE_ADAPTIVE && c->spot))
		return false; /* a spot check's round pays for no explorer */
	return c->bm == NULL || pb->mode != MODE_ADAPTIVE ||
	       c->bm->belief >= BELIEF_DOWN;
}

/* Adds the records of one sub-block; addrs is a random permutation. */
static void
plan_block_records(struct block_ctx *c, struct plan_block *pb,
		   const uint32_t *addrs, size_t n, int sample)
{
	const struct block_memory *bm = c->bm;
	bool explored = !explores(c, pb);
	uint16_t method = nth_bit(c->methods, (c->plan->beat + pb->index) / 2);
	size_t i;

	pb->budget = sample > 0 ? (unsigned)sample : ADAPTIVE_BUDGET;
	if (pb->budget > PLAN_WAVES_MAX - 1)
		pb->budget = PLAN_WAVES_MAX - 1; /* one adaptive probe a wave */
	if (pb->mode == MODE_ADAPTIVE)
		pb->queue = xcalloc(pb->budget + PLAN_QUEUE_SPARE,
				    sizeof(*pb->queue));
	for (i = 0; i < n; i++) {
		unsigned host = plan_host_of(pb, addrs[i]);
		bool ever = bm != NULL && block_is_ever(bm, host);

		if (pb->mode == MODE_CENSUS) {
			push_rec(c->plan, c->cap, addrs[i], c->ti, c->bi,
				 c->methods, ROLE_CENSUS, ever);
		} else if (!ever) {
			if (!explored)
				push_rec(c->plan, c->cap, addrs[i], c->ti,
					 c->bi, method, ROLE_EXPLORE, false);
			explored = true;
		} else if (pb->mode == MODE_SPARSE) {
			push_rec(c->plan, c->cap, addrs[i], c->ti, c->bi,
				 c->methods, ROLE_EVER, true);
		} else if (pb->n_queue < pb->budget + PLAN_QUEUE_SPARE) {
			push_rec(c->plan, c->cap, addrs[i], c->ti, c->bi,
				 hint_mask(bm, host, c->methods), ROLE_EVER,
				 true);
			pb->queue[pb->n_queue++] = addrs[i];
		}
	}
}

/* Where the blocks of target t believed down start their re-check, all of
 * them together (belief_recheck_start): those of its /24s in this run's
 * shard, in every part of a target planned in parts alike. */
static double
recheck_start(const struct target_set *set, const struct target *t,
	      const struct target_memory *tm, int sample)
{
	unsigned n = 0;
	uint32_t b, off;

	for (b = 0; tm != NULL && b < t->n_blocks; b++) {
		const struct block_memory *bm = &tm->blocks[b];

		if (bm->belief < BELIEF_DOWN &&
		    plan_block_mode(bm, sample) == MODE_ADAPTIVE &&
		    sampler_in_shard(
			    &set->shard,
			    &t->prefixes[target_block_prefix(t, b, &off)], off))
			n++;
	}
	return belief_recheck_start(n);
}

/* The /24s of this run's shard of plan target ti (set target
 * first_target + ti), each with its records. */
static void
plan_target_blocks(struct plan *plan, size_t *cap, uint32_t ti,
		   const struct target_set *set, const struct target_memory *tm,
		   int hour, int sample, const struct exclude *ex,
		   struct rng *rng)
{
	const struct target *t = &set->t[plan->first_target + ti];
	struct plan_target *tg = &plan->tg[ti];
	uint32_t addrs[256], b = 0, nb = t->n_blocks;
	double recheck;
	struct block_ctx c = { plan, cap, ti, 0, tg->methods, NULL, false };

	if (plan->range.part) { /* one part of a target wider than a window */
		b = plan->range.b0;
		nb = plan->range.b1;
	}
	tg->first_blk = plan->n_blk;
	if (plan->watch && (tm == NULL || !tm->watch))
		return; /* a watch round probes only the targets it watches */
	/* An up target is watched for its /24s lately back from down
	 * (block_is_watched), and only they are probed. */
	tg->some = plan->watch && tm->state == STATE_UP;
	c.spot = tm != NULL && tm->spot.due && !tg->some;
	recheck = recheck_start(set, t, tm, sample);
	for (; b < nb; b++) {
		struct plan_block *pb = &plan->blk[plan->n_blk];
		uint32_t off;
		size_t n, before, k = target_block_prefix(t, b, &off);

		if (!sampler_in_shard(&set->shard, &t->prefixes[k], off))
			continue;
		tg->n_blk++;

		c.bi = (uint32_t)plan->n_blk++;
		c.bm = tm != NULL ? &tm->blocks[b] : NULL;
		pb->target = ti;
		pb->index = b;
		pb->pfx = target_block(t, b);
		pb->mode = plan_block_mode(c.bm, sample);
		belief_start_at(&pb->bb, c.bm != NULL ? c.bm->belief : 0.5,
				c.bm != NULL ? block_avail_at(c.bm, hour) : -1,
				recheck);
		pb->carry = tg->some && !block_is_watched(c.bm);
		if (pb->carry)
			continue; /* nothing to time in it */
		n = sampler_block_addresses(rng, &pb->pfx, ex, addrs);
		if (pb->mode == MODE_CENSUS && sample > 0 &&
		    (size_t)sample < n && tm == NULL)
			n = (size_t)sample; /* a sampled census: no memory */
		before = plan->n_rec;
		plan_block_records(&c, pb, addrs, n, sample);
		/* Sorted a /24 at a time: targets in address order then need
		 * no sort of the whole plan (plan_sort). */
		qsort(plan->rec + before, plan->n_rec - before,
		      sizeof(*plan->rec), rec_cmp);
	}
}

static int
span_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct plan_span *)a)->pfx.base;
	uint32_t y = ((const struct plan_span *)b)->pfx.base;

	return x < y ? -1 : x > y;
}

/* A part's spans: its own /24s, each a span (a part of a window holds a
 * few thousand: the search stays short). */
static void
plan_part_spans(struct plan *plan, const struct target *t)
{
	uint32_t b;

	plan->spans = xcalloc(plan->range.b1 - plan->range.b0 + 1,
			      sizeof(*plan->spans));
	for (b = plan->range.b0; b < plan->range.b1; b++) {
		plan->spans[plan->n_spans].pfx = target_block(t, b);
		plan->spans[plan->n_spans++].target = 0;
	}
}

/* Every prefix of the window's targets [first, first + count) with its
 * plan target, sorted: plan_target_of's index. */
static void
plan_spans(struct plan *plan, const struct target_set *set, size_t first,
	   size_t count)
{
	size_t i, k, n = 0;

	if (plan->range.part) {
		plan_part_spans(plan, &set->t[first]);
		qsort(plan->spans, plan->n_spans, sizeof(*plan->spans),
		      span_cmp);
		return;
	}
	for (i = first; i < first + count; i++)
		n += set->t[i].n_prefixes;
	plan->spans = xcalloc(n ? n : 1, sizeof(*plan->spans));
	for (i = first; i < first + count; i++)
		for (k = 0; k < set->t[i].n_prefixes; k++) {
			plan->spans[plan->n_spans].pfx = set->t[i].prefixes[k];
			plan->spans[plan->n_spans++].target = (uint32_t)(i -
									 first);
		}
	qsort(plan->spans, plan->n_spans, sizeof(*plan->spans), span_cmp);
}

/* The controls, once each; an excluded control is never probed. */
static void
plan_controls(struct plan *plan, size_t *cap, const struct target_set *set,
	      size_t ti, const struct exclude *ex)
{
	uint32_t *ctl = xmalloc(set->n_controls * sizeof(*ctl));
	uint16_t methods = plan->tg[ti].methods;
	size_t i;

	memcpy(ctl, set->controls, set->n_controls * sizeof(*ctl));
	qsort(ctl, set->n_controls, sizeof(*ctl), u32_cmp);
	for (i = 0; i < set->n_controls; i++)
		if ((i == 0 || ctl[i] != ctl[i - 1]) &&
		    !exclude_contains(ex, ctl[i]))
			push_rec(plan, cap, ctl[i], (uint32_t)ti, UINT32_MAX,
				 methods, ROLE_CENSUS, false);
	free(ctl);
}

static bool
recs_sorted(const struct plan_rec *rec, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (rec[i - 1].addr > rec[i].addr)
			return false;
	return true;
}

/*
 * Sorts the records by address. Each /24's are sorted already, and the
 * controls' n_ctl at the end: when the targets came in address order,
 * merging the controls in is all there is to do, with no copy of the
 * plan (a sort of the whole would need one as large as the plan).
 */
static void
plan_sort(struct plan *plan, size_t n_ctl)
{
	size_t n = plan->n_rec - n_ctl, i = n, j = n_ctl, k = plan->n_rec;
	struct plan_rec *ctl;

	if (!recs_sorted(plan->rec, n)) {
		qsort(plan->rec, plan->n_rec, sizeof(*plan->rec), rec_cmp);
		return;
	}
	ctl = xmalloc((n_ctl ? n_ctl : 1) * sizeof(*ctl));
	memcpy(ctl, plan->rec + n, n_ctl * sizeof(*ctl));
	while (j > 0) /* from the back: the larger of the two tails */
		plan->rec[--k] = i > 0 && plan->rec[i - 1].addr >
							 ctl[j - 1].addr
					 ? plan->rec[--i]
					 : ctl[--j];
	free(ctl);
}

/* The /24 directory of the sorted records, with its sentinel. */
static void
plan_directory(struct plan *plan)
{
	size_t i, n = 0;

	for (i = 0; i < plan->n_rec; i++)
		n += i == 0 ||
		     plan->rec[i].addr >> 8 != plan->rec[i - 1].addr >> 8;
	plan->dir = xcalloc(n + 1, sizeof(*plan->dir));
	for (i = 0; i < plan->n_rec; i++)
		if (i == 0 ||
		    plan->rec[i].addr >> 8 != plan->rec[i - 1].addr >> 8) {
			plan->dir[plan->n_dir].net = plan->rec[i].addr >> 8;
			plan->dir[plan->n_dir++].first = (uint32_t)i;
		}
	plan->dir[plan->n_dir].first = (uint32_t)plan->n_rec;
}

/* After sorting: records grouped by target (a counting sort that keeps
 * address order), adaptive queues as indexes. */
static void
plan_index(struct plan *plan)
{
	size_t i, q, at = 0;

	plan_directory(plan);
	for (i = 0; i < plan->n_rec; i++)
		plan->tg[plan->rec[i].target].count++;
	for (i = 0; i < plan->n_tg; i++) {
		plan->tg[i].first = at;
		at += plan->tg[i].count;
		plan->tg[i].count = 0;
	}
	plan->tg_rec = xcalloc(plan->n_rec ? plan->n_rec : 1,
			       sizeof(*plan->tg_rec));
	for (i = 0; i < plan->n_rec; i++) {
		struct plan_target *tg = &plan->tg[plan->rec[i].target];

		plan->tg_rec[tg->first + tg->count++] = (uint32_t)i;
	}
	for (i = 0; i < plan->n_blk; i++) {
		struct plan_block *pb = &plan->blk[i];

		for (q = 0; q < pb->n_queue; q++)
			pb->queue[q] = (uint32_t)plan_find(plan, pb->queue[q]);
	}
}

int
plan_run_methods(const struct target_set *set,
		 const struct method_list *defaults, struct method_list *out,
		 struct bo_error *err)
{
	struct plan_target scratch = { 0 };
	struct plan plan;
	size_t i;

	memset(&plan, 0, sizeof(plan));
	for (i = 0; i < set->n; i++) {
		const struct target *t = &set->t[i];

		if (plan_methods(&plan, &scratch,
				 t->has_methods ? &t->methods : defaults,
				 err) < 0)
			return -1;
	}
	if (set->n_controls > 0 &&
	    plan_methods(&plan, &scratch, defaults, err) < 0)
		return -1;
	*out = plan.methods;
	return 0;
}

/* The window's targets, each with its blocks and their records. */
static int
plan_targets(struct plan *plan, size_t *cap, const struct target_set *set,
	     const struct baseline *bl, const struct method_list *defaults,
	     int default_sample, const struct exclude *ex, struct rng *rng,
	     struct bo_error *err)
{
	size_t i, first = plan->first_target;

	for (i = 0; i < plan->n_tg - (set->n_controls > 0); i++) {
		const struct target *t = &set->t[first + i];
		struct plan_target *tg = &plan->tg[i];

		tg->name = t->name;
		tg->prefixes = t->prefixes;
		tg->n_prefixes = t->n_prefixes;
		tg->asn = t->asn;
		if (plan_methods(plan, tg,
				 t->has_methods ? &t->methods : defaults,
				 err) < 0)
			return -1;
		plan_target_blocks(plan, cap, (uint32_t)i, set,
				   bl != NULL ? &bl->t[first + i] : NULL,
				   bl != NULL ? bl->hour : -1,
				   t->sample != SAMPLE_INHERIT ? t->sample
							       : default_sample,
				   ex, rng);
	}
	return 0;
}

/* Records the window r is planned to hold, at most, and its /24s. */
static size_t
range_records(const struct target_set *set, const struct baseline *bl,
	      int default_sample, const struct plan_range *r, size_t *n_blocks)
{
	size_t i, n = 0;

	*n_blocks = 0;
	if (r->part) {
		*n_blocks = r->b1 - r->b0;
		return plan_range_records(set, bl, default_sample, r->first,
					  r->b0, r->b1);
	}
	for (i = r->first; i < r->first + r->count; i++) {
		*n_blocks += set->t[i].n_blocks;
		n += plan_range_records(set, bl, default_sample, i, 0,
					set->t[i].n_blocks);
	}
	return n;
}

int
plan_build_range(struct plan *plan, const struct target_set *set,
		 const struct plan_range *r, const struct baseline *bl,
		 const struct method_list *defaults, int default_sample,
		 const struct exclude *ex, struct rng *rng, uint32_t round,
		 struct bo_error *err)
{
	size_t cap, n_blocks, n_targets_rec, first = r->first, count = r->count;

	memset(plan, 0, sizeof(*plan));
	plan->round = round;
	plan->watch = bl != NULL && bl->watching;
	plan->beat = round - (bl != NULL ? bl->watch_rounds : 0);
	plan->first_target = first;
	plan->range = *r;
	/* Room for every record at once: no copy while the plan grows, and
	 * what the estimate overshoots is never touched, so never resident. */
	cap = range_records(set, bl, default_sample, r, &n_blocks) +
	      set->n_controls;
	plan->rec = xmalloc((cap ? cap : 1) * sizeof(*plan->rec));
	/* The run's numbering of methods, whichever targets are in the
	 * window: the baseline's hints are indexes into it. */
	if (plan_run_methods(set, defaults, &plan->methods, err) < 0)
		return -1;
	plan->n_tg = count + (set->n_controls > 0);
	plan->tg = xcalloc(plan->n_tg, sizeof(*plan->tg));
	plan->blk = xcalloc(n_blocks ? n_blocks : 1, sizeof(*plan->blk));
	if (plan_targets(plan, &cap, set, bl, defaults, default_sample, ex, rng,
			 err) < 0)
		return -1;
	n_targets_rec = plan->n_rec;
	if (set->n_controls > 0) {
		struct plan_target *tg = &plan->tg[count];

		tg->name = "controls";
		tg->control = true;
		if (plan_methods(plan, tg, defaults, err) < 0)
			return -1;
		plan_controls(plan, &cap, set, count, ex);
	}
	plan_spans(plan, set, first, count);
	plan_sort(plan, plan->n_rec - n_targets_rec);
	plan_index(plan);
	plan->sent_ns = xcalloc(plan->n_rec * plan->methods.n,
				sizeof(*plan->sent_ns));
	plan->sent_wave = xcalloc(plan->n_rec * plan->methods.n, 1);
	plan->ans_wave = xcalloc(plan->n_rec * plan->methods.n, 1);
	return 0;
}

int
plan_build_window(struct plan *plan, const struct target_set *set, size_t first,
		  size_t count, const struct baseline *bl,
		  const struct method_list *defaults, int default_sample,
		  const struct exclude *ex, struct rng *rng, uint32_t round,
		  struct bo_error *err)
{
	struct plan_range r = { first, count, false, 0, 0 };

	return plan_build_range(plan, set, &r, bl, defaults, default_sample, ex,
				rng, round, err);
}

int
plan_build(struct plan *plan, const struct target_set *set,
	   const struct baseline *bl, const struct method_list *defaults,
	   int default_sample, const struct exclude *ex, struct rng *rng,
	   uint32_t round, struct bo_error *err)
{
	return plan_build_window(plan, set, 0, set->n, bl, defaults,
				 default_sample, ex, rng, round, err);
}

long
plan_find(const struct plan *plan, uint32_t addr)
{
	size_t lo = 0, hi = plan->n_dir, d;

	while (lo < hi) { /* the /24 first */
		size_t mid = lo + (hi - lo) / 2;

		if (plan->dir[mid].net < addr >> 8)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == plan->n_dir || plan->dir[lo].net != addr >> 8)
		return -1;
	d = lo;
	lo = plan->dir[d].first;
	hi = plan->dir[d + 1].first;
	/* A /24 with all 256 records (a census) holds addr at its offset;
	 * else (a control among them) the search below finds it. */
	if (hi - lo == 256 && plan->rec[lo + (addr & 0xff)].addr == addr)
		return (long)(lo + (addr & 0xff));
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (plan->rec[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < plan->n_rec && plan->rec[lo].addr == addr ? (long)lo : -1;
}

long
plan_target_of(const struct plan *plan, uint32_t addr)
{
	size_t lo = 0, hi = plan->n_spans;
	long r;

	/* The last prefix whose base is <= addr is the only candidate. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (plan->spans[mid].pfx.base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && prefix_contains(&plan->spans[lo - 1].pfx, addr))
		return (long)plan->spans[lo - 1].target;
	r = plan_find(plan, addr);
	if (r >= 0 && plan->tg[plan->rec[r].target].control)
		return (long)plan->rec[r].target;
	return -1;
}

static size_t
plan_slot(const struct plan *plan, size_t rec, unsigned m)
{
	return rec * plan->methods.n + m;
}

void
plan_mark_sent(struct plan *plan, size_t rec, unsigned m, unsigned wave,
	       int64_t now_ns)
{
	size_t slot = plan_slot(plan, rec, m);

	plan->sent_ns[slot] = now_ns;
	plan->sent_wave[slot] = (uint8_t)wave;
}

void
plan_settle_send(struct plan *plan, size_t rec, unsigned m, bool left)
{
	struct plan_rec *r = &plan->rec[rec];
	struct target_stats *st = &plan->tg[r->target].st;

	if (!left) {
		plan->sent_ns[plan_slot(plan, rec, m)] = 0;
		st->send_errors++;
		return;
	}
	r->sent |= (uint16_t)(1u << m);
	if (r->block != UINT32_MAX)
		plan->blk[r->block].sent++;
	st->sent++;
	st->method_sent[m]++;
}

bool
plan_is_route_errno(int errnum)
{
	return errnum == ENETUNREACH || errnum == EHOSTUNREACH;
}

void
plan_settle_send_error(struct plan *plan, size_t rec, unsigned m, int errnum)
{
	plan_settle_send(plan, rec, m, false);
	if (plan_is_route_errno(errnum)) {
		plan->route_errors++;
		plan->route_errno = errnum;
	}
}

enum plan_record
plan_record_answer(struct plan *plan, size_t rec, unsigned m, unsigned wave)
{
	size_t slot = plan_slot(plan, rec, m);
	struct plan_rec *r = &plan->rec[rec];
	uint16_t bit = (uint16_t)(1u << m);
	enum plan_record res = RECORD_NEW;

	if (plan->ans_wave[slot] == wave + 1 && (r->ok & bit))
		return RECORD_DUPLICATE;
	plan->ans_wave[slot] = (uint8_t)(wave + 1);
	if (!(r->ok & bit)) {
		r->ok |= bit;
		res = RECORD_FIRST;
	}
	if (wave == 0)
		r->ok_first |= bit;
	return res;
}

enum plan_record
plan_record_error(struct plan *plan, size_t rec, unsigned m, unsigned wave,
		  uint8_t type, uint8_t code)
{
	size_t slot = plan_slot(plan, rec, m);
	struct plan_rec *r = &plan->rec[rec];

	if (plan->ans_wave[slot] == wave + 1)
		return RECORD_DUPLICATE;
	plan->ans_wave[slot] = (uint8_t)(wave + 1);
	r->err |= (uint16_t)(1u << m);
	r->err_type = type;
	r->err_code = code;
	return RECORD_NEW;
}

bool
plan_rtt_of(const struct plan *plan, size_t rec, unsigned m, unsigned wave,
	    int64_t ts_ns, double *ms)
{
	size_t slot = plan_slot(plan, rec, m);

	if (plan->sent_wave[slot] != wave || plan->sent_ns[slot] == 0 ||
	    ts_ns < plan->sent_ns[slot])
		return false;
	*ms = (double)(ts_ns - plan->sent_ns[slot]) / 1e6;
	return true;
}

enum probe_outcome
plan_probe_outcome(const struct plan *plan, size_t rec, unsigned m,
		   unsigned wave)
{
	size_t slot = plan_slot(plan, rec, m);

	if (plan->sent_ns[slot] == 0 || plan->sent_wave[slot] != wave)
		return PROBE_UNSENT;
	if (plan->ans_wave[slot] == wave + 1 && (plan->rec[rec].ok & (1u << m)))
		return PROBE_ANSWERED;
	return PROBE_SILENT;
}

bool
plan_awaits_answer(const struct plan *plan, size_t rec, unsigned m,
		   unsigned wave)
{
	size_t slot = plan_slot(plan, rec, m);

	return plan->sent_ns[slot] != 0 && plan->ans_wave[slot] != wave + 1;
}

void
target_stats_add_rtt(struct target_stats *st, double ms)
{
	if (st->n_rtt == st->cap_rtt) {
		st->cap_rtt = st->cap_rtt ? st->cap_rtt * 2 : 64;
		st->rtt_ms = xrealloc(st->rtt_ms, st->cap_rtt,
				      sizeof(*st->rtt_ms));
	}
	st->rtt_ms[st->n_rtt++] = ms;
}

void
target_stats_add_unreach(struct target_stats *st, uint32_t router, uint8_t type,
			 uint8_t code)
{
	size_t i;

	for (i = 0; i < st->n_unreach; i++) {
		struct unreach_report *u = &st->unreach[i];

		if (u->router == router && u->type == type && u->code == code) {
			u->count++;
			return;
		}
	}
	st->unreach = xrealloc(st->unreach, st->n_unreach + 1,
			       sizeof(*st->unreach));
	st->unreach[st->n_unreach].router = router;
	st->unreach[st->n_unreach].type = type;
	st->unreach[st->n_unreach].code = code;
	st->unreach[st->n_unreach].count = 1;
	st->n_unreach++;
}

void
plan_free(struct plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_tg; i++) {
		free(plan->tg[i].st.unreach);
		free(plan->tg[i].st.rtt_ms);
	}
	for (i = 0; i < plan->n_blk; i++)
		free(plan->blk[i].queue);
	free(plan->blk);
	free(plan->tg);
	free(plan->spans);
	free(plan->tg_rec);
	free(plan->rec);
	free(plan->dir);
	free(plan->sent_ns);
	free(plan->sent_wave);
	free(plan->ans_wave);
	memset(plan, 0, sizeof(*plan));
}

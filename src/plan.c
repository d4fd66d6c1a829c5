/*
 * plan.c - building one round's probe table.
 */
#define _GNU_SOURCE
#include "blackout/plan.h"

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

static void
push_rec(struct plan *plan, size_t *cap, uint32_t addr, uint32_t target)
{
	if (plan->n_rec == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		plan->rec = xrealloc(plan->rec, *cap, sizeof(*plan->rec));
	}
	plan->rec[plan->n_rec].addr = addr;
	plan->rec[plan->n_rec].target = target;
	plan->rec[plan->n_rec].ok = 0;
	plan->rec[plan->n_rec].err = 0;
	plan->rec[plan->n_rec].err_type = 0;
	plan->rec[plan->n_rec].err_code = 0;
	plan->n_rec++;
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
			error_set(err, BO_EXIT_USAGE, "targets use more than "
				  "%d distinct methods", METHOD_MAX);
			return -1;
		}
		tg->methods |= (uint16_t)(1u << mi);
	}
	return 0;
}

static void
plan_target_addresses(struct plan *plan, size_t *cap, uint32_t ti,
		      const struct target *t, int sample,
		      const struct exclude *ex, struct rng *rng)
{
	uint32_t addrs[256], b, nb = sampler_block_count(&t->pfx);

	for (b = 0; b < nb; b++) {
		struct prefix blk = sampler_block(&t->pfx, b);
		size_t n = sampler_block_addresses(rng, &blk, ex, addrs), i;

		if (sample > 0 && (size_t)sample < n)
			n = (size_t)sample;
		for (i = 0; i < n; i++)
			push_rec(plan, cap, addrs[i], ti);
	}
}

static int
by_prefix_cmp(const void *a, const void *b, void *arg)
{
	const struct plan *plan = arg;
	uint32_t x = plan->tg[*(const size_t *)a].pfx.base;
	uint32_t y = plan->tg[*(const size_t *)b].pfx.base;

	return x < y ? -1 : x > y;
}

int
plan_build(struct plan *plan, const struct target_set *set,
	   const struct method_list *defaults, int default_sample,
	   const struct exclude *ex, struct rng *rng, uint32_t round,
	   struct bo_error *err)
{
	size_t cap = 0, i, n_real = 0;
	uint32_t *ctl;

	memset(plan, 0, sizeof(*plan));
	plan->round = round;
	plan->n_tg = set->n + (set->n_controls > 0);
	plan->tg = xcalloc(plan->n_tg, sizeof(*plan->tg));
	plan->by_prefix = xcalloc(set->n ? set->n : 1, sizeof(size_t));
	for (i = 0; i < set->n; i++) {
		const struct target *t = &set->t[i];
		struct plan_target *tg = &plan->tg[i];
		int sample = t->sample != SAMPLE_AUTO ? t->sample
						       : default_sample;

		tg->name = t->name;
		tg->pfx = t->pfx;
		if (plan_methods(plan, tg, t->has_methods ? &t->methods
							  : defaults, err) < 0)
			return -1;
		plan_target_addresses(plan, &cap, (uint32_t)i, t, sample, ex,
				      rng);
		plan->by_prefix[n_real++] = i;
	}
	if (set->n_controls > 0) {
		struct plan_target *tg = &plan->tg[set->n];

		tg->name = "controls";
		tg->control = true;
		if (plan_methods(plan, tg, defaults, err) < 0)
			return -1;
		ctl = xmalloc(set->n_controls * sizeof(*ctl));
		memcpy(ctl, set->controls, set->n_controls * sizeof(*ctl));
		qsort(ctl, set->n_controls, sizeof(*ctl), u32_cmp);
		for (i = 0; i < set->n_controls; i++)
			if (i == 0 || ctl[i] != ctl[i - 1])
				push_rec(plan, &cap, ctl[i],
					 (uint32_t)set->n);
		free(ctl);
	}
	qsort_r(plan->by_prefix, n_real, sizeof(size_t), by_prefix_cmp, plan);
	qsort(plan->rec, plan->n_rec, sizeof(*plan->rec), rec_cmp);
	/* Targets do not overlap, so each one's records are contiguous. */
	for (i = 0; i < plan->n_rec; i++) {
		struct plan_target *tg = &plan->tg[plan->rec[i].target];

		if (tg->count++ == 0)
			tg->first = i;
	}
	plan->sent_ns = xcalloc(plan->n_rec * plan->methods.n,
				sizeof(*plan->sent_ns));
	plan->sent_wave = xcalloc(plan->n_rec * plan->methods.n, 1);
	return 0;
}

long
plan_find(const struct plan *plan, uint32_t addr)
{
	size_t lo = 0, hi = plan->n_rec;

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
	size_t lo = 0, hi = plan->n_tg - (plan->n_tg > 0 &&
					  plan->tg[plan->n_tg - 1].control);
	long r;

	/* The last target whose base is <= addr is the only candidate. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (plan->tg[plan->by_prefix[mid]].pfx.base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && prefix_contains(&plan->tg[plan->by_prefix[lo - 1]].pfx,
				      addr))
		return (long)plan->by_prefix[lo - 1];
	r = plan_find(plan, addr);
	if (r >= 0 && plan->tg[plan->rec[r].target].control)
		return (long)plan->rec[r].target;
	return -1;
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
target_stats_add_unreach(struct target_stats *st, uint32_t router,
			 uint8_t type, uint8_t code)
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
	free(plan->tg);
	free(plan->by_prefix);
	free(plan->rec);
	free(plan->sent_ns);
	free(plan->sent_wave);
	memset(plan, 0, sizeof(*plan));
}

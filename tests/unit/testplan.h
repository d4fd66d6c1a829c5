/*
 * testplan.h - building target sets by hand for the unit tests (what the
 * targets file would hold, without JSON), so plans can be made to order;
 * then a round by hand: a plan built from a baseline, probes marked sent,
 * answers and ICMP errors written into it as the prober and the matcher
 * would, ready for the classifier.
 */
#ifndef BLACKOUT_TESTPLAN_H
#define BLACKOUT_TESTPLAN_H

#include <stdlib.h>
#include <string.h>

#include "blackout/probe/plan.h"
#include "blackout/probe/targets.h"

#include "testhelp.h"

/*
 * Appends a file target (from_cli false). methods NULL: the run's default.
 * Returns 0, or -1 when pfx or methods do not parse.
 */
static inline int
th_add_target(struct target_set *set, const char *name, const char *pfx,
	      int sample, const char *methods)
{
	struct target *t;
	struct prefix p;

	set->t = realloc(set->t, (set->n + 1) * sizeof(*set->t));
	t = &set->t[set->n++];
	memset(t, 0, sizeof(*t));
	t->name = strdup(name);
	t->sample = sample;
	if (prefix_parse(pfx, "test", &p, NULL) < 0)
		return -1;
	target_set_prefixes(t, &p, NULL, 1);
	if (methods != NULL) {
		if (method_list_parse(methods, "test", &t->methods, NULL) < 0)
			return -1;
		t->has_methods = true;
	}
	return 0;
}

static inline void
th_add_control(struct target_set *set, uint32_t addr)
{
	set->controls = realloc(set->controls,
				(set->n_controls + 1) * sizeof(uint32_t));
	set->controls[set->n_controls++] = addr;
}

/* The router that sends th_set_error's errors: 219.158.3.1. */
#define TH_ROUTER ((uint32_t)219 << 24 | (uint32_t)158 << 16 | 3u << 8 | 1u)

/*
 * A target "kp" 175.45.176.0/22 (four /24s, icmp and tcp:80) and, when
 * control is set, one control, 9.9.9.9. With controls, the plan's last
 * target is the control.
 */
static inline void
th_kp_set(struct target_set *set, int sample, bool control)
{
	target_set_init(set);
	CHECK(th_add_target(set, "kp", "175.45.176.0/22", sample,
			    "icmp,tcp:80") == 0);
	if (control)
		th_add_control(set, (uint32_t)9 << 24 | 9 << 16 | 9 << 8 | 9);
}

/* Plans round `round` of set with memory bl (may be NULL). */
static inline void
th_plan_round(struct plan *plan, const struct target_set *set,
	      const struct baseline *bl, uint32_t round)
{
	struct method_list m;
	struct rng rng;

	method_list_parse("icmp", "m", &m, NULL);
	rng_seed(&rng, round);
	CHECK(plan_build(plan, set, bl, &m, SAMPLE_AUTO, NULL, &rng, round,
			 NULL) == 0);
}

/* addr's record, which must be in the plan. */
static inline struct plan_rec *
th_rec(struct plan *plan, uint32_t addr)
{
	long i = plan_find(plan, addr);

	CHECK(i >= 0);
	return &plan->rec[i < 0 ? 0 : i];
}

/* What the prober does when it sends: the record's methods, and the
 * block's count of probes sent. */
static inline void
th_mark_sent(struct plan *plan, struct plan_rec *r, uint16_t methods)
{
	uint16_t fresh = (uint16_t)(methods & ~r->sent);

	r->sent |= methods;
	if (r->block != UINT32_MAX)
		plan->blk[r->block].sent += (unsigned)__builtin_popcount(fresh);
}

/* Every record of target ti was probed with all it wanted: silence counts. */
static inline void
th_probe_all(struct plan *plan, size_t ti)
{
	const struct plan_target *tg = &plan->tg[ti];
	size_t r;

	for (r = 0; r < tg->count; r++)
		th_mark_sent(plan, plan_target_rec(plan, tg, r),
			     plan_target_rec(plan, tg, r)->want);
}

/* addr was probed and answered methods `ok`, those in ok_first in wave 0. */
static inline void
th_answer(struct plan *plan, uint32_t addr, uint16_t ok, uint16_t ok_first)
{
	struct plan_rec *r = th_rec(plan, addr);

	th_mark_sent(plan, r, r->want);
	r->ok = ok;
	r->ok_first = ok_first;
}

/* Answers from base+first .. base+first+n-1, in wave 0 over icmp. */
static inline void
th_answer_range(struct plan *plan, uint32_t base, unsigned first, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		th_answer(plan, base + first + i, 1, 1);
}

/* addr was probed and TH_ROUTER answered with an ICMP error; target 0's. */
static inline void
th_set_error(struct plan *plan, uint32_t addr, uint8_t type, uint8_t code)
{
	struct plan_rec *r = th_rec(plan, addr);

	th_mark_sent(plan, r, r->want);
	r->err |= 1;
	r->err_type = type;
	r->err_code = code;
	target_stats_add_unreach(&plan->tg[0].st, TH_ROUTER, type, code);
	plan->tg[0].st.icmp_errors++;
}

/* Plans round `round` of set and probes every record of target 0. */
static inline void
th_census(struct plan *plan, const struct target_set *set,
	  const struct baseline *bl, uint32_t round)
{
	th_plan_round(plan, set, bl, round);
	th_probe_all(plan, 0);
}

#endif /* BLACKOUT_TESTPLAN_H */

/*
 * matcher.c - cookie check and crediting; the plan keeps the rule of one
 * answer per probe (plan_record_answer, plan_record_error).
 */
#include "blackout/probe/matcher.h"

#include <stdbool.h>

/* Returns the wave whose cookie r carries for round, or -1. */
static int
find_wave(const struct cookie_key *key, const struct reply *r,
	  const struct method *m, uint32_t round, unsigned waves)
{
	const struct method_ops *ops = method_ops(m->kind);
	unsigned w;

	for (w = 0; w < waves; w++) {
		struct cookie c = cookie_make(key, r->probe_dst, m, round,
					      (uint8_t)w);

		if (ops->cookie_fits(r, &c))
			return (int)w;
	}
	return -1;
}

/* Adds live answer r to the counter its method mi keeps for it, if any. */
static void
count_method(struct target_stats *st, const struct method *m, int mi,
	     const struct reply *r)
{
	int k = method_ops(m->kind)->count(r);

	if (k >= 0)
		st->method_count[mi][k]++;
}

/* Counts a live answer, recorded as `rec`, to the probe of (ri, mi) sent
 * in `wave`. */
static void
credit(struct plan *plan, struct plan_target *tg, long ri, int mi, int wave,
       const struct reply *r, enum plan_record rec)
{
	struct target_stats *st = &tg->st;
	double ms;

	st->replies++;
	if (rec == RECORD_FIRST) {
		/* The first answer from this address to this method. */
		st->method_resp[mi]++;
		count_method(st, &plan->methods.m[mi], mi, r);
	}
	if (plan_rtt_of(plan, (size_t)ri, (unsigned)mi, (unsigned)wave,
			r->ts_ns, &ms))
		target_stats_add_rtt(st, ms);
}

static void
count_error(struct plan_target *tg, const struct reply *r)
{
	tg->st.icmp_errors++;
	target_stats_add_unreach(&tg->st, r->src, r->icmp_type, r->icmp_code);
}

enum match_result
match_reply(struct plan *plan, const struct cookie_key *key,
	    const struct reply *r, unsigned waves_sent, unsigned prev_waves)
{
	struct plan_target *tg;
	struct method m;
	enum plan_record rec;
	long ti, ri;
	int mi, wave;

	ti = plan_target_of(plan, r->probe_dst);
	if (ti < 0) {
		plan->stray++;
		return MATCH_STRAY;
	}
	tg = &plan->tg[ti];
	if (!method_of_reply(r, &m)) {
		tg->st.invalid++;
		return MATCH_INVALID;
	}
	mi = method_list_find(&plan->methods, &m);
	ri = plan_find(plan, r->probe_dst);
	wave = mi < 0 || ri < 0 || !(plan->rec[ri].want & (1u << mi))
		       ? -1
		       : find_wave(key, r, &m, plan->round, waves_sent);
	if (wave < 0) {
		if (plan->round > 1 && prev_waves > 0 &&
		    find_wave(key, r, &m, plan->round - 1, prev_waves) >= 0) {
			tg->st.late++;
			return MATCH_LATE;
		}
		tg->st.invalid++;
		return MATCH_INVALID;
	}
	/* One answer per probe, a probe being (address, method, wave): the
	 * plan keeps the rule (plan_record_answer). */
	if (r->kind == REPLY_ICMP_ERROR)
		rec = plan_record_error(plan, (size_t)ri, (unsigned)mi,
					(unsigned)wave, r->icmp_type,
					r->icmp_code);
	else
		rec = plan_record_answer(plan, (size_t)ri, (unsigned)mi,
					 (unsigned)wave);
	if (rec == RECORD_DUPLICATE) {
		tg->st.duplicate++;
		return MATCH_DUPLICATE;
	}
	if (r->kind == REPLY_ICMP_ERROR) {
		count_error(tg, r);
		return MATCH_ERROR;
	}
	credit(plan, tg, ri, mi, wave, r, rec);
	return MATCH_CREDIT;
}

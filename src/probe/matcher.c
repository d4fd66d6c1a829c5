/*
 * matcher.c - cookie check and crediting; the plan keeps the rule of one
 * answer per probe (plan_record_answer, plan_record_error).
 */
#include "blackout/probe/matcher.h"

#include <netinet/in.h>
#include <stdbool.h>

static bool
cookie_fits(const struct reply *r, const struct cookie *c)
{
	if (r->probe_proto == IPPROTO_ICMP)
		return r->echo_id == c->echo_id && r->echo_seq == c->echo_seq;
	return r->tcp_sport == c->tcp_sport && r->tcp_seq == c->tcp_seq;
}

/* Returns the wave whose cookie r carries for round, or -1. */
static int
find_wave(const struct cookie_key *key, const struct reply *r,
	  const struct method *m, uint32_t round, unsigned waves)
{
	unsigned w;

	for (w = 0; w < waves; w++) {
		struct cookie c = cookie_make(key, r->probe_dst, m, round,
					      (uint8_t)w);

		if (cookie_fits(r, &c))
			return (int)w;
	}
	return -1;
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
		if (r->kind == REPLY_SYNACK)
			st->synack[mi]++;
		else if (r->kind == REPLY_RST)
			st->rst[mi]++;
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
	m.kind = r->probe_proto == IPPROTO_ICMP ? METHOD_ICMP_ECHO
						: METHOD_TCP_SYN;
	m.port = m.kind == METHOD_TCP_SYN ? r->tcp_dport : 0;
	mi = method_list_find(&plan->methods, &m);
	ri = plan_find(plan, r->probe_dst);
	wave = mi < 0 || ri < 0 || !(plan->rec[ri].want & (1u << mi)) ? -1 :
	       find_wave(key, r, &m, plan->round, waves_sent);
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

const char *
match_result_name(enum match_result m)
{
	static const char *const names[] = {
		"credit", "error", "duplicate", "late", "invalid", "stray",
	};

	return (unsigned)m < sizeof(names) / sizeof(*names) ? names[m]
							    : "unknown";
}

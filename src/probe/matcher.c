/*
 * matcher.c - cookie check, dedupe, and crediting.
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

/* A live answer to the probe of (ri, mi) sent in `wave`. */
static void
credit(struct plan *plan, struct plan_target *tg, long ri, int mi, int wave,
       const struct reply *r)
{
	size_t slot = (size_t)ri * plan->methods.n + (size_t)mi;
	struct target_stats *st = &tg->st;
	uint16_t bit = (uint16_t)(1u << mi);

	st->replies++;
	if (!(plan->rec[ri].ok & bit)) {
		/* The first answer from this address to this method. */
		plan->rec[ri].ok |= bit;
		st->method_resp[mi]++;
		if (r->kind == REPLY_SYNACK)
			st->synack[mi]++;
		else if (r->kind == REPLY_RST)
			st->rst[mi]++;
	}
	if (wave == 0)
		plan->rec[ri].ok_first |= bit;
	if (plan->sent_wave[slot] == wave && plan->sent_ns[slot] != 0 &&
	    r->ts_ns >= plan->sent_ns[slot])
		target_stats_add_rtt(st, (double)(r->ts_ns -
						  plan->sent_ns[slot]) / 1e6);
}

static void
record_error(struct plan *plan, struct plan_target *tg, long ri, int mi,
	     const struct reply *r)
{
	plan->rec[ri].err |= (uint16_t)(1u << mi);
	plan->rec[ri].err_type = r->icmp_type;
	plan->rec[ri].err_code = r->icmp_code;
	tg->st.icmp_errors++;
	target_stats_add_unreach(&tg->st, r->src, r->icmp_type, r->icmp_code);
}

enum match_result
match_reply(struct plan *plan, const struct cookie_key *key,
	    const struct reply *r, unsigned waves_sent, unsigned prev_waves)
{
	struct plan_target *tg;
	struct method m;
	long ti, ri;
	int mi, wave;
	size_t slot;

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
	/* One answer per probe, a probe being (address, method, wave): a
	 * live answer outranks an earlier error for it; nothing outranks
	 * life. A later wave's probe of the same pair is a new probe. */
	slot = (size_t)ri * plan->methods.n + (size_t)mi;
	if (plan->ans_wave[slot] == wave + 1 &&
	    (r->kind == REPLY_ICMP_ERROR ||
	     (plan->rec[ri].ok & (1u << mi)))) {
		tg->st.duplicate++;
		return MATCH_DUPLICATE;
	}
	plan->ans_wave[slot] = (uint8_t)(wave + 1);
	if (r->kind == REPLY_ICMP_ERROR) {
		record_error(plan, tg, ri, mi, r);
		return MATCH_ERROR;
	}
	credit(plan, tg, ri, mi, wave, r);
	return MATCH_CREDIT;
}

/*
 * recheck.c - the recheck wave of a census that fell short (see
 * recheck.h).
 */
#include "blackout/probe/recheck.h"

#include <netinet/in.h>
#include <stdlib.h>

#include "blackout/util.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

/* Whether pair pr's probe is an ICMP one (whose answers a cap limits). */
static bool
is_icmp(const struct plan *plan, const struct pair *pr)
{
	return method_ops(plan->methods.m[pr->method].kind)->ip_proto ==
	       IPPROTO_ICMP;
}

void
recheck_tail(struct plan *plan, const struct pair *pairs, size_t n,
	     double seconds)
{
	uint32_t *cnt;
	size_t i, t;

	if (seconds <= 0 || n == 0)
		return;
	cnt = xcalloc(plan->n_tg, sizeof(*cnt));
	for (i = n / 2; i < n; i++) {
		const struct plan_rec *rec = &plan->rec[pairs[i].rec];

		if (rec->ever && (rec->ok_first & (1u << pairs[i].method)) &&
		    is_icmp(plan, &pairs[i]))
			cnt[rec->target]++;
	}
	for (t = 0; t < plan->n_tg; t++)
		plan->tg[t].recheck.rate += cnt[t] / (seconds / 2);
	free(cnt);
}

/* Picks at most RECHECK_MAX silent E(b) records of plan target ti into
 * out at random; returns how many. */
static size_t
pick_target(const struct plan *plan, size_t ti, struct rng *rng, uint32_t *out)
{
	const struct plan_target *tg = &plan->tg[ti];
	uint32_t *silent = xcalloc(tg->count ? tg->count : 1, sizeof(*silent));
	size_t r, n = 0, k;

	for (r = 0; r < tg->count; r++) {
		const struct plan_rec *rec = plan_target_rec(plan, tg, r);

		if (rec->ever && rec->sent != 0 && rec->ok == 0 &&
		    rec->err == 0)
			silent[n++] = (uint32_t)(rec - plan->rec);
	}
	/* A partial Fisher-Yates: the first k of a random order. */
	for (k = 0; k < n && k < RECHECK_MAX; k++) {
		size_t j = k + (size_t)rng_below(rng, n - k);
		uint32_t tmp = silent[k];

		silent[k] = silent[j];
		silent[j] = tmp;
		out[k] = silent[k];
	}
	free(silent);
	return k;
}

/* The pair of record r: its first wanted method, the one a census
 * probes first. */
static void
set_pair(const struct plan *plan, struct pair *pr, uint32_t r)
{
	uint16_t want = plan->rec[r].want;
	uint8_t m = 0;

	while (m < 15 && !(want & (1u << m)))
		m++;
	pr->rec = r;
	pr->method = m;
}

struct pair *
recheck_pick(struct plan *plan, const struct target_memory *tms,
	     struct rng *rng, size_t *n, size_t *targets)
{
	uint32_t *sel = NULL, *cnt = NULL;
	struct pair *out = NULL;
	size_t t, k, m = 0, i = 0;

	*n = *targets = 0;
	sel = xcalloc(plan->n_tg ? plan->n_tg * RECHECK_MAX : 1, sizeof(*sel));
	cnt = xcalloc(plan->n_tg ? plan->n_tg : 1, sizeof(*cnt));
	for (t = 0; t < plan->n_tg; t++) {
		struct recheck *rc = &plan->tg[t].recheck;

		if (plan->tg[t].control ||
		    !classify_census_short(plan, t, &tms[t], &rc->n, &rc->x))
			continue;
		cnt[t] = (uint32_t)pick_target(plan, t, rng,
					       sel + t * RECHECK_MAX);
		rc->probed = cnt[t];
		m += cnt[t];
		*targets += cnt[t] > 0;
	}
	if (m > 0)
		out = xcalloc(m, sizeof(*out));
	/* Interleaved: the k-th pick of every target, then the next. */
	for (k = 0; k < RECHECK_MAX && i < m; k++)
		for (t = 0; t < plan->n_tg; t++)
			if (k < cnt[t])
				set_pair(plan, &out[i++],
					 sel[t * RECHECK_MAX + k]);
	free(sel);
	free(cnt);
	*n = m;
	return out;
}

void
recheck_count(struct plan *plan, const struct pair *pairs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct plan_rec *rec = &plan->rec[pairs[i].rec];

		plan->tg[rec->target].recheck.answered += rec->ok != 0;
	}
}

void
recheck_cut(struct plan *plan, const struct pair *pairs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		plan->tg[plan->rec[pairs[i].rec].target].recheck.cut = true;
}

size_t
recheck_silent(const struct plan *plan, struct pair *pairs, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct plan_rec *rec = &plan->rec[pairs[i].rec];

		if (((rec->ok | rec->err) & (1u << pairs[i].method)) == 0)
			pairs[k++] = pairs[i];
	}
	return k;
}

double
recheck_rate(double rate, size_t targets)
{
	double r = (double)RECHECK_PPS * (double)targets;

	return rate > 0 && rate < r ? rate : r;
}

void
recheck_caps(struct plan *plan, const struct target_memory *tms)
{
	size_t t;

	for (t = 0; t < plan->n_tg; t++) {
		plan->tg[t].cap = 0;
		if (plan->tg[t].control || tms == NULL)
			continue;
		if (tms[t].cap_pps > 0 && tms[t].cap_rounds < PACE_RETEST)
			plan->tg[t].cap = tms[t].cap_pps;
	}
}

/* A paced pair and when its target's pace lets it go. */
struct timed_pair {
	double at;
	size_t seq; /* its place among the paced: ties keep the wave's order */
	struct pair pr;
};

static int
timed_cmp(const void *a, const void *b)
{
	const struct timed_pair *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
pair_paced(const struct plan *plan, const struct pair *pr)
{
	const struct plan_rec *rec = &plan->rec[pr->rec];

	return plan->tg[rec->target].cap > 0 && rec->ever && is_icmp(plan, pr);
}

size_t
recheck_split(struct plan *plan, struct pair *pairs, size_t n, double *rate)
{
	uint32_t *cnt;
	double *pace, span = 0;
	struct timed_pair *slow;
	size_t i, t, k = 0, m = 0;

	*rate = 0;
	for (t = 0; t < plan->n_tg && plan->tg[t].cap <= 0; t++)
		;
	if (t == plan->n_tg)
		return n; /* no cap known: nothing to look up pair by pair */
	cnt = xcalloc(plan->n_tg, sizeof(*cnt));
	pace = xcalloc(plan->n_tg, sizeof(*pace));
	for (i = 0; i < n; i++)
		if (pair_paced(plan, &pairs[i]))
			cnt[plan->rec[pairs[i].rec].target]++;
	/* This wave's pace of each target, and the time the slowest one's
	 * pairs take: all the paced pairs over that time leave none before
	 * its target's pace lets it (each target's share of them is at
	 * least its share of the time at every moment). */
	for (t = 0; t < plan->n_tg; t++) {
		if (cnt[t] == 0)
			continue;
		pace[t] = PACE_SHARE * plan->tg[t].cap;
		if (pace[t] < (double)cnt[t] / PACE_SPAN_S)
			pace[t] = (double)cnt[t] / PACE_SPAN_S;
		if (pace[t] > plan->tg[t].pace)
			plan->tg[t].pace = pace[t];
		if (span < cnt[t] / pace[t])
			span = cnt[t] / pace[t];
		cnt[t] = 0; /* from here on: the target's pairs placed so far */
	}
	slow = xcalloc(n, sizeof(*slow));
	for (i = 0; i < n; i++) {
		if (!pair_paced(plan, &pairs[i])) {
			pairs[k++] = pairs[i];
			continue;
		}
		t = plan->rec[pairs[i].rec].target;
		slow[m].at = (cnt[t]++ + 0.5) / pace[t];
		slow[m].seq = m;
		slow[m].pr = pairs[i];
		m++;
	}
	qsort(slow, m, sizeof(*slow), timed_cmp);
	for (i = 0; i < m; i++)
		pairs[k + i] = slow[i].pr;
	*rate = m > 0 ? (double)m / span : 0;
	free(slow);
	free(pace);
	free(cnt);
	return k;
}

/*
 * recheck.c - the recheck wave of a census that fell short (see
 * recheck.h).
 */
#include "blackout/probe/recheck.h"

#include <stdlib.h>

#include "blackout/util.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

void
recheck_tail(struct plan *plan, const struct pair *pairs, size_t n,
	     double seconds)
{
	size_t i, t;

	for (t = 0; t < plan->n_tg; t++)
		plan->tg[t].recheck.rate = 0;
	if (seconds <= 0)
		return;
	for (i = n / 2; i < n; i++) {
		const struct plan_rec *rec = &plan->rec[pairs[i].rec];

		if (rec->ever && (rec->ok_first & (1u << pairs[i].method)))
			plan->tg[rec->target].recheck.rate += 1;
	}
	for (t = 0; t < plan->n_tg; t++)
		plan->tg[t].recheck.rate /= seconds / 2;
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

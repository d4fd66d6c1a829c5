/*
 * censustest.c - the census tests of the rate-limit recheck
 * (probe/recheck.h): whether a target's census fell significantly short
 * of its baseline, and how likely the recheck's answers were had the whole
 * target been up. Declared in classify.h, whose verdicts they feed.
 */
#include "blackout/verdict/classify.h"

#include <math.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"

bool
classify_census_short(const struct plan *plan, size_t ti,
		      const struct target_memory *tm, uint32_t *n, uint32_t *x)
{
	const struct plan_target *tg = &plan->tg[ti];
	size_t r;

	*n = *x = 0;
	if (tg->control || tm->census_avail < 0)
		return false;
	for (r = 0; r < tg->count; r++) {
		const struct plan_rec *rec = plan_target_rec(plan, tg, r);

		if (rec->block == UINT32_MAX ||
		    plan->blk[rec->block].mode != MODE_CENSUS)
			return false;
		if (rec->sent == 0 || !rec->ever)
			continue;
		(*n)++;
		*x += rec->ok != 0;
	}
	return *x > 0 &&
	       binomial_cdf(*x, *n, fmin(fmax(tm->census_avail, 0.01), 0.99)) <
		       BINOMIAL_ALPHA;
}

double
classify_recheck_pvalue(double avail, uint32_t n, uint32_t x, uint32_t m,
			uint32_t k)
{
	double q;

	if (m == 0 || n <= x)
		return 1.0;
	/* Of the n - x silent, an all-up target would have had this share
	 * answer: the answers expected of n, less the x that came. */
	q = (fmin(fmax(avail, 0.01), 0.99) * n - x) / (n - x);
	return binomial_cdf(k, m, fmin(fmax(q, 0.01), 0.99));
}

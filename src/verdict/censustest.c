/*
 * censustest.c - the census tests of the rate-limit recheck
 * (probe/recheck.h): whether a target's census fell significantly short
 * of its baseline, and how likely the recheck's answers were had the whole
 * target been up; what the reason says of a cap, and what the target's
 * memory keeps of it. Declared in classify.h, whose verdicts they feed.
 */
#include "blackout/verdict/classify.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/probe/recheck.h"

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

bool
classify_census_capped(const struct target_memory *tm,
		       const struct census_test *ct)
{
	const struct recheck *rc = &ct->rc;

	if (!ct->run || tm->census_avail < 0 || ct->n == 0 || rc->probed == 0)
		return false;
	return classify_recheck_pvalue(tm->census_avail, rc->n, rc->x,
				       rc->probed,
				       rc->answered) >= BINOMIAL_ALPHA;
}

void
classify_say_recheck(struct target_summary *s, const struct census_test *ct)
{
	size_t n = strlen(s->reason);

	if (ct->rc.probed > 0 && n < sizeof(s->reason))
		snprintf(s->reason + n, sizeof(s->reason) - n,
			 "; re-probed at %d/s, %u of %u silent ones answered",
			 RECHECK_PPS, ct->rc.answered, ct->rc.probed);
}

void
classify_say_capped(struct target_summary *s, const struct census_test *ct)
{
	const struct recheck *rc = &ct->rc;

	char speed[40] = "full speed";

	if (ct->pace > 0) /* a cap lower than the one it was paced under */
		snprintf(speed, sizeof(speed), "%.0f/s", ct->pace);
	snprintf(s->reason, sizeof(s->reason),
		 "ICMP answers rate-limited (~%.0f/s): %u of %u "
		 "ever-responsive answered at %s, %u of %u silent ones "
		 "re-probed at %d/s",
		 rc->rate, rc->x, rc->n, speed, rc->answered, rc->probed,
		 RECHECK_PPS);
}

void
classify_say_paced(struct target_summary *s, const struct census_test *ct)
{
	size_t n = strlen(s->reason);

	if (n < sizeof(s->reason))
		snprintf(
			s->reason + n, sizeof(s->reason) - n,
			"; ICMP to E(b) paced at %.0f/s under a cap of ~%.0f/s",
			ct->pace, ct->cap);
}

void
classify_learn_cap(struct target_memory *tm, const struct census_test *ct,
		   enum target_state state)
{
	if (ct->capped) {
		tm->cap_pps = ct->rc.rate > RECHECK_PPS ? ct->rc.rate
							: RECHECK_PPS;
		tm->cap_rounds = 0;
	} else if (tm->cap_pps <= 0) {
		return;
	} else if (ct->pace > 0) {
		if (tm->cap_rounds < UINT32_MAX)
			tm->cap_rounds++;
	} else if (tm->cap_rounds < PACE_RETEST) {
		return; /* paced, but none of its probes was this round */
	} else if (state == STATE_UP) {
		tm->cap_pps = 0;
		tm->cap_rounds = 0;
	} else {
		tm->cap_rounds = 0;
	}
}

/*
 * belief.c - Trinocular's Bayesian update, a /24's belief through a round
 * (the one place the update and its thresholds are applied to a block),
 * and an exact binomial tail.
 */
#include "blackout/verdict/belief.h"

#include <math.h>

double
belief_update(double b, double a, bool reply)
{
	double up, down;

	if (a > AVAIL_MAX)
		a = AVAIL_MAX;
	if (a < AVAIL_SPARSE)
		a = AVAIL_SPARSE;
	if (reply) {
		up = a * b;
		down = BELIEF_EPSILON * (1 - b);
	} else {
		up = (1 - a) * b;
		down = (1 - BELIEF_EPSILON) * (1 - b);
	}
	b = up / (up + down);
	if (b < BELIEF_MIN)
		b = BELIEF_MIN;
	if (b > BELIEF_MAX)
		b = BELIEF_MAX;
	return b;
}

static double
odds(double p)
{
	return p / (1 - p);
}

double
belief_recheck_start(unsigned n_down)
{
	/* Each block's silences take its odds from o to odds(BELIEF_DOWN)
	 * at most, and an up block draws them with chance about their
	 * ratio: n of them all do with chance (odds(DOWN) / o)^n. */
	double lone = odds(BELIEF_DOWN) / odds(BELIEF_RECHECK), miss, o;

	if (n_down <= 1)
		return BELIEF_RECHECK;
	miss = fmin(pow(lone, 1.0 / n_down), BELIEF_POOL_MISS);
	o = odds(BELIEF_DOWN) / miss;
	return o / (1 + o);
}

void
belief_start(struct block_belief *bb, double belief, double avail)
{
	belief_start_at(bb, belief, avail, BELIEF_RECHECK);
}

void
belief_start_at(struct block_belief *bb, double belief, double avail,
		double recheck)
{
	/* The margin guards an up block against a false "down"; a block
	 * being re-checked down uses A(b) itself, or its silences would
	 * cost more than the ~1% chance of missing its return needs. */
	bb->avail = avail < 0 || belief < BELIEF_DOWN
			    ? avail
			    : fmin(avail, AVAIL_MAX) * AVAIL_MARGIN;
	bb->belief = belief < BELIEF_DOWN ? recheck : belief;
	bb->resolved = false;
	bb->first_outcome = -1;
	bb->observed = bb->positives = 0;
}

void
belief_reopen(struct block_belief *bb, double belief)
{
	bb->belief = belief;
	bb->resolved = false;
}

void
belief_observe(struct block_belief *bb, bool reply)
{
	bb->observed++;
	bb->positives += reply;
	if (bb->first_outcome < 0)
		bb->first_outcome = reply;
	bb->belief = belief_update(bb->belief, bb->avail, reply);
	if ((reply && bb->belief > BELIEF_UP) ||
	    (!reply && bb->belief < BELIEF_DOWN))
		bb->resolved = true;
}

bool
belief_wants_probe(const struct block_belief *bb, unsigned probes,
		   unsigned budget)
{
	if (bb->resolved)
		return false;
	if (probes < budget)
		return true;
	return bb->positives == 0 && probes < BELIEF_DOWN_BUDGET;
}

enum belief_verdict
belief_judge(const struct block_belief *bb)
{
	if (bb->belief > BELIEF_UP)
		return BELIEF_SAYS_UP;
	if (bb->belief < BELIEF_DOWN)
		return BELIEF_SAYS_DOWN;
	return BELIEF_UNSURE;
}

double
binomial_cdf(uint64_t x, uint64_t n, double p)
{
	double sum = 0, lp, lq, lnf;
	uint64_t k;

	if (n == 0 || x >= n)
		return 1.0;
	if (p <= 0)
		return 1.0;
	if (p >= 1)
		return 0.0; /* x < n successes are impossible */
	lp = log(p);
	lq = log1p(-p);
	lnf = lgamma((double)n + 1);
	for (k = 0; k <= x; k++)
		sum += exp(lnf - lgamma((double)k + 1) -
			   lgamma((double)(n - k) + 1) + (double)k * lp +
			   (double)(n - k) * lq);
	return sum > 1.0 ? 1.0 : sum;
}

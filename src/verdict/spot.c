/*
 * spot.c - the suspicion and the spot check that find partial outages
 * inside the /24s (rules in spot.h).
 */
#include "blackout/verdict/spot.h"

#include <math.h>
#include <stdio.h>

#include "blackout/verdict/belief.h"

/* The mean A(b) of the target's blocks that have one; 0 for none. */
static double
mean_avail(const struct target_memory *tm)
{
	double sum = 0;
	uint32_t b, n = 0;

	for (b = 0; b < tm->n_blocks; b++)
		if (tm->blocks[b].avail >= 0) {
			sum += tm->blocks[b].avail;
			n++;
		}
	return n > 0 ? sum / n : 0;
}

/* The suspicion that calls a check (spot.h). */
static double
spot_trip(const struct spot_look *lk)
{
	return lk->well ? SPOT_TRIP_HIGH : SPOT_TRIP;
}

unsigned
spot_size(const struct spot_look *lk, size_t n_blocks)
{
	size_t k, pool;

	if (n_blocks == 0)
		return 0;
	pool = lk->tm->spot.partial ? SPOT_POOL_STAY
	       : lk->well	    ? SPOT_POOL_HIGH
				    : SPOT_POOL;
	k = (pool + n_blocks - 1) / n_blocks;
	return (unsigned)(k < SPOT_MIN	 ? SPOT_MIN
			  : k > SPOT_MAX ? SPOT_MAX
					 : k);
}

/* Block b's A(b) of the hour, or its hours' fit without the margin
 * (fit), within [0.05, 0.98]; half of A(b) before the hours are known. */
static double
avail_of(const struct spot_look *lk, uint32_t b, bool fit)
{
	const struct block_memory *bm = &lk->tm->blocks[b];
	double a = !lk->hours ? bm->avail / 2
		   : fit      ? block_avail_fit(bm, lk->hour)
			      : block_avail_at(bm, lk->hour);

	return fmin(fmax(a, 0.05), 0.98);
}

double
spot_avail(const struct spot_look *lk, uint32_t b)
{
	return avail_of(lk, b, lk->tm->spot.partial && !lk->well);
}

/* What a spot check found, pooled over the target's checked blocks. */
struct spot_tally {
	unsigned blocks;
	uint32_t n, x;	/* addresses checked, and answering either probe */
	uint32_t first; /* ... answering the first */
	double expect, expect_first; /* either probe, the first */
	uint32_t again_n, again_x;   /* last check's silent ones, again */
};

/* The rate at which the target's silent addresses answer a retry, as the
 * checks that found nothing measured it (their addresses silent at the
 * first probe were retried); -1 before SPOT_QUIET_MIN retries. */
static double
again_rate(const struct spot_memory *sm)
{
	double retried = sm->quiet_n - sm->quiet_first;

	return retried >= SPOT_QUIET_MIN ? sm->quiet_again / retried : -1;
}

/* That rate over the first probes' in the same checks: 1 for hosts that
 * draw afresh for every probe, less for hosts away for hours; 1 while
 * unknown. */
static double
again_ratio(const struct spot_memory *sm)
{
	double c = again_rate(sm);

	if (c < 0 || sm->quiet_first <= 0)
		return 1;
	c /= sm->quiet_first / sm->quiet_n;
	return c < SPOT_PERSIST ? c : 1;
}

/*
 * Whether the retries that the checks that found nothing learned, however
 * few (SPOT_FRESH_MIN at least), answer as hosts that draw afresh for
 * every probe do: at SPOT_FRESH_RATIO of the first probes' rate or more,
 * and SPOT_FRESH_LLR likelier at that rate than at SPOT_FRESH_AWAY of it
 * (the log-likelihood ratio of two binomials of the retries).
 */
static bool
looks_fresh(const struct spot_memory *sm)
{
	double retried = sm->quiet_n - sm->quiet_first, r, llr;

	if (retried < SPOT_FRESH_MIN || sm->quiet_first <= 0)
		return false;
	r = sm->quiet_first / sm->quiet_n;
	llr = sm->quiet_again * -log(SPOT_FRESH_AWAY) +
	      (retried - sm->quiet_again) *
		      log((1 - r) / (1 - SPOT_FRESH_AWAY * r));
	return sm->quiet_again * sm->quiet_n >=
		       SPOT_FRESH_RATIO * sm->quiet_first * retried &&
	       llr >= SPOT_FRESH_LLR;
}

/* Whether the target answers well: mean A(b) of SPOT_HIGH_AVAIL or more.
 * A scan of all its /24s: once per target and round (spot_look). */
static bool
answers_well(const struct target_memory *tm)
{
	return mean_avail(tm) >= SPOT_HIGH_AVAIL;
}

/* Whether the target's hosts may stay away for hours (spot.h): it does
 * not answer well, and its retries have not shown otherwise. */
static bool
may_dwell(const struct spot_memory *sm, bool well)
{
	return !well && !looks_fresh(sm);
}

/* ... and c is not known yet: its checks are held against the first
 * probes' expectation (c = 0), as loosely as a pool of hosts away. */
static bool
c_unsure(const struct spot_memory *sm, bool dwell)
{
	return again_rate(sm) < 0 && dwell;
}

/* What judging a check reads of tm: no hour (checks are held against
 * what they expected when planned, pb->spot_avail). */
static void
look_untimed(struct spot_look *lk, const struct target_memory *tm)
{
	lk->tm = tm;
	lk->hour = 0;
	lk->hours = false;
	lk->well = answers_well(tm);
	lk->dwell = may_dwell(&tm->spot, lk->well);
}

void
spot_look(struct spot_look *lk, const struct target_memory *tm, int64_t now_ns)
{
	look_untimed(lk, tm);
	lk->hour = baseline_hour(now_ns);
	lk->hours = target_knows_hours(tm, now_ns);
}

double
spot_check_avail(const struct spot_look *lk, uint32_t b)
{
	return lk->hours && lk->dwell ? avail_of(lk, b, true)
				      : spot_avail(lk, b);
}

/* Whether block b's check this round is part of the test: it probed, is
 * not a confirmation, and b was judged up (out). */
static bool
tested(const struct plan_block *pb, const struct target_summary *out, size_t b)
{
	return pb->spot > 0 && pb->spot_sent > 0 && !pb->spot_confirm &&
	       out->blocks != NULL && out->blocks[b].state == STATE_UP;
}

/*
 * The checked blocks judged up, that is: a confirmation, or a block down,
 * is not part of the test. An address answers the first probe with chance
 * a, the hour's A(b), and once silent the retry with chance c: either
 * with a + (1 - a) c. A host that draws afresh for every probe has c = a,
 * 1 - (1 - a)^2; a host away for hours answers no retry of a probe it
 * missed, only a lost probe's retry does. So c is again_rate(), at most
 * a, once again_ratio() says the target's hosts stay away; 0 while it
 * is not known for a target whose hosts may stay away (c_unsure()); else
 * a.
 */
static void
spot_tally(const struct plan *plan, const struct plan_target *tg,
	   const struct target_summary *out, const struct spot_look *lk,
	   struct spot_tally *st)
{
	const struct spot_memory *sm = &lk->tm->spot;
	double c = spot_hosts_away(sm)	     ? again_rate(sm)
		   : c_unsure(sm, lk->dwell) ? 0
					     : -1;
	size_t b, q;

	for (b = 0; b < tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[tg->first_blk + b];
		double a;

		if (!tested(pb, out, b))
			continue;
		a = pb->spot_avail;
		st->blocks++;
		st->n += pb->spot_sent;
		st->x += pb->spot_ok;
		st->first += pb->spot_first_ok;
		st->expect_first += pb->spot_sent * a;
		st->expect += pb->spot_sent *
			      (a + (1 - a) * (c < 0 ? a : fmin(c, a)));
		for (q = pb->spot_first; q < pb->spot_first + pb->spot_again;
		     q++) {
			uint32_t r = pb->queue[q];

			if (plan->rec[r].sent == 0)
				continue;
			st->again_n++;
			st->again_x += plan->rec[r].ok != 0;
		}
	}
}

static void
spot_reason(const struct target_memory *tm, bool fresh,
	    struct target_summary *out)
{
	snprintf(out->reason, sizeof(out->reason),
		 "responsive share of E(b) far below A(b): %u of %u "
		 "spot-checked addresses answered, %.1f expected (p=%.2g)%s",
		 tm->spot.x, tm->spot.n, tm->spot.expect, tm->spot.p,
		 fresh ? "" : " at the last check");
}

/* The share of checked addresses expected to answer, within [0.01, 0.99]. */
static double
share(double expect, uint32_t n)
{
	return fmin(fmax(expect / n, 0.01), 0.99);
}

/*
 * Whether the silences persist, as dark addresses' do: the retries answer
 * at most SPOT_PERSIST of the rate they would next to the first probes'
 * rate: lost probes are lost at the same rate at the retry, whatever the
 * loss and A(b), so the two rates keep the ratio the checks that found
 * nothing measured (again_ratio(), 1 while unknown). For hosts that stay
 * away, whose retries answer a few times in a pool: unless the retries
 * answer more often than the learned ratio says, at SPOT_ALPHA_PERSIST
 * (one-sided, binomial), as a loss step would make them.
 */
static bool
persistent(const struct spot_memory *sm)
{
	uint32_t retried = sm->n - sm->first, again = sm->x - sm->first;
	double r = again_ratio(sm);

	if (r < 1)
		return again == 0 ||
		       1 - binomial_cdf(again - 1, retried,
					share(r * sm->first, sm->n)) >=
			       SPOT_ALPHA_PERSIST;
	return (double)again * sm->n <=
	       SPOT_PERSIST * (double)sm->first * retried;
}

bool
spot_hosts_away(const struct spot_memory *sm)
{
	return again_ratio(sm) < 1;
}

bool
spot_freezes(const struct spot_look *lk)
{
	const struct spot_memory *sm = &lk->tm->spot;

	return sm->partial || sm->open ||
	       (sm->pending &&
		(spot_hosts_away(sm) || c_unsure(sm, lk->dwell)));
}

double
spot_learn_weight(const struct spot_look *lk)
{
	if (spot_freezes(lk))
		return 0;
	return lk->hours && lk->dwell ? SPOT_LEARN_AWAY : 1;
}

/*
 * A check that found nothing, or the pool of checks it closes, teaches
 * again_rate() and again_ratio(): all of a pool's checks, once it is
 * judged, so that neither the checks in doubt (fewer answers) nor the
 * others are learned alone, and a pool that found an outage teaches
 * nothing of it.
 */
static void
quiet_learn(struct spot_memory *sm)
{
	const double d = SPOT_QUIET_DECAY;

	sm->quiet_n = d * sm->quiet_n + sm->n;
	sm->quiet_first = d * sm->quiet_first + sm->first;
	/* When every retried address answered, the retries' sum equals
	 * quiet_n - quiet_first but may round one bit above it, which the
	 * state file's loader would refuse (spot_from_json): kept within. */
	sm->quiet_again = fmin(d * sm->quiet_again + (sm->x - sm->first),
			       sm->quiet_n - sm->quiet_first);
}

/* A live host's chance to answer one probe, from the addresses that
 * answered the first probe and those that answered only the retry. */
static double
live_rate(uint32_t first, uint32_t retry)
{
	return fmin(fmax(1 - (double)retry / first, 0.05), 0.98);
}

/* What an address of the pool's checks would answer, either probe: the
 * higher of A(b)'s expectation and a live host's 1 - (1 - s)^2, s the
 * live hosts' own rate (live_rate(), from the pool's answers). */
static double
check_rate(const struct spot_memory *sm)
{
	double s = live_rate(sm->first, sm->x - sm->first);

	return fmax(share(sm->expect, sm->n), 1 - (1 - s) * (1 - s));
}

/*
 * How far below the hosts the pool's check before left silent, probed
 * again (spotcheck_again), answer: the binomial p of their answers against
 * what an address of the check would answer (check_rate(), whatever share
 * of E(b) is dark).
 */
static double
silent_p(const struct spot_memory *sm)
{
	return binomial_cdf(sm->again_x, sm->again_n, check_rate(sm));
}

/*
 * The log-likelihood ratio of the answers of the hosts the last check of
 * a partial target, or a pool's first check, left silent, probed again:
 * "back" (or live all along), each answering as
 * an address of the check would (check_rate(), b), against "still
 * half dark", where only the live ones among them answer so: a share
 * (1 - q)^2 / (1 + (1 - q)^2) of the check's silent addresses, q its
 * first probes' expected rate (a live address stays silent to both
 * probes with chance (1 - q)^2, and as many are dark as live). q comes
 * from A(b), stale as b is after a loss rose: then more of the silent
 * are live than that share says, and the ratio leans to "back";
 * SPOT_WENT_LLR is set high enough for it (spot.h).
 */
static double
went_llr(const struct spot_memory *sm)
{
	double b = check_rate(sm);
	double q = share(sm->expect_first, sm->n);
	double l = (1 - q) * (1 - q) / (1 + (1 - q) * (1 - q));

	return sm->again_x * -log(l) +
	       (sm->again_n - sm->again_x) * log((1 - b) / (1 - b * l));
}

/*
 * Whether the pool's silences are dark hosts', not lost probes (spot.h,
 * SPOT_ALPHA_SILENT): persistent() alone when none was probed again. Not
 * when those probed again answer SPOT_WENT_LLR likelier as live hosts
 * than as hosts half of them dark (went_llr), whatever the count says
 * against a rate that A(b), stale after a loss step, may set too high.
 */
static bool
silences_stay(const struct spot_memory *sm)
{
	double p;

	if (sm->again_n == 0)
		return persistent(sm);
	p = silent_p(sm);
	return p < SPOT_ALPHA_SILENT && went_llr(sm) < SPOT_WENT_LLR &&
	       (persistent(sm) ||
		(sm->again_n >= SPOT_AGAIN_MIN && p < SPOT_ALPHA_SILENT_SURE));
}

/*
 * Whether the hosts the last check of a partial target left silent,
 * probed again, answer as live hosts would: SPOT_AGAIN_MIN of them at
 * least, not below at SPOT_ALPHA_SILENT, or SPOT_WENT_LLR likelier back
 * than still dark (went_llr). Dark hosts stay silent; a host back
 * answers, even while too few of the check's fresh addresses do for the
 * stay to end on its own count.
 */
static bool
silences_went(const struct spot_memory *sm)
{
	return sm->again_n >= SPOT_AGAIN_MIN &&
	       (silent_p(sm) >= SPOT_ALPHA_SILENT ||
		went_llr(sm) >= SPOT_WENT_LLR);
}

/*
 * The answers a check of a partial target would get were all of E(b)
 * live, as the stay judges them: the fewer of A(b)'s expectation and the
 * live hosts' own. A live host answers the first probe with chance s and
 * only the retry with (1 - s) s, so among the addresses that answered at
 * all, pooled over the checks since the partial began, s = 1 - retry /
 * first, whatever share of E(b) is dark. A(b) learns nothing while the
 * target is partial, and a loss that rose meanwhile would keep it so.
 * With the check being judged and without it, the higher s: its own
 * retry answers would both add to its count and lower what it is judged
 * against.
 */
static double
stay_expect(const struct spot_memory *sm)
{
	uint32_t before = sm->live_first - sm->first;
	double s;

	if (sm->live_first < SPOT_LIVE_MIN)
		return sm->expect;
	s = live_rate(sm->live_first, sm->live_retry);
	if (before >= SPOT_LIVE_MIN)
		s = fmax(s, live_rate(before,
				      sm->live_retry - (sm->x - sm->first)));
	return fmin(sm->expect, sm->n * (1 - (1 - s) * (1 - s)));
}

/*
 * The log-likelihood ratio of x answers of n checked addresses, "half of
 * E(b) dark" (each answers with chance q / 2) against "all live" (q).
 */
static double
stay_llr(uint32_t x, uint32_t n, double q)
{
	return x * log(0.5) + (n - x) * log((1 - q / 2) / (1 - q));
}

/* The binomial p of the check's (pool's) first-probe answers alone
 * against A(b)'s expectation of them, which needs no c. */
static double
first_p(const struct spot_memory *sm)
{
	return binomial_cdf(sm->first, sm->n, share(sm->expect_first, sm->n));
}

/* Whether those are below, asked while c is unknown. */
static bool
first_below(const struct spot_memory *sm)
{
	return again_rate(sm) >= 0 || first_p(sm) < SPOT_ALPHA_FIRST;
}

/* Whether they are far below, as half of E(b) dark makes them
 * (SPOT_ALPHA_FIRST_SURE). */
static bool
first_far_below(const struct spot_memory *sm)
{
	return first_p(sm) < SPOT_ALPHA_FIRST_SURE;
}

/* The level a pool must be below at: longer pools of a target whose
 * hosts may stay away, stricter (spot.h). */
static double
pool_alpha(const struct spot_memory *sm, bool dwell)
{
	if (!dwell)
		return SPOT_ALPHA_POOL;
	return sm->checks > SPOT_CHECKS_SHORT ? SPOT_ALPHA_POOL_LONG
					      : SPOT_ALPHA_POOL_AWAY;
}

/* Adds this round's check to the pool in doubt or kept open, or starts
 * a pool of it. */
static void
pool_add(struct spot_memory *sm, const struct spot_tally *st)
{
	if (!sm->pending && !sm->open) {
		sm->x = sm->n = sm->first = 0, sm->checks = 0;
		sm->expect = sm->expect_first = 0;
		sm->again_n = sm->again_x = 0;
	}
	sm->checks++; /* at most SPOT_CHECKS_AWAY: pending stops there */
	sm->first += st->first;
	sm->x += st->x;
	sm->n += st->n;
	sm->expect += st->expect;
	sm->expect_first += st->expect_first;
	sm->again_n += st->again_n;
	sm->again_x += st->again_x;
}

/*
 * Judges this round's spot check, pooled with the last ones while they
 * were in doubt. Below (p < SPOT_ALPHA and under SPOT_RATIO of the answers
 * expected): partial when far below on its own (p < SPOT_ALPHA_SURE; for
 * hosts that draw afresh, its first probes too, first_far_below()), or
 * when a pool of checks is below at SPOT_ALPHA_POOL and its silences
 * persist (silences_stay()), and, while c is unknown, the first probes
 * are below (first_below()). Else in doubt (below; SPOT_ALPHA_AWAY for hosts
 * that stay away): the next round checks again, pooled, up to
 * SPOT_CHECKS (SPOT_CHECKS_AWAY) checks. Not below: the share is back, or
 * never left. A target partial already stays so while its check is
 * loosely below what the live hosts would answer (stay_expect) and the
 * hosts the check before left silent, probed again, do not answer as
 * live ones (silences_went), or, when
 * its hosts stay away or may while c is unknown, unless the check is
 * SPOT_STAY_LLR likelier all live than half dark. A target
 * whose hosts may stay away (may_dwell) keeps a check that is not in
 * doubt in the suspicion, and its pool open while that stays above 0
 * (spot.h). llr: the round's adaptive observations (spot_round_llr).
 */
static void
spot_judge(struct spot_memory *sm, const struct spot_look *lk,
	   const struct spot_tally *st, double llr)
{
	bool well = lk->well, dwell = lk->dwell;
	/* as the check's expectation knew it, before the pool teaches */
	bool away = spot_hosts_away(sm) || c_unsure(sm, dwell);
	bool low, doubt, shy, was = sm->partial, pooled = sm->pending;
	double e, p_stay = 1, s;

	pool_add(sm, st);
	sm->p = binomial_cdf(sm->x, sm->n, share(sm->expect, sm->n));
	shy = sm->x < SPOT_RATIO * sm->expect;
	low = sm->p < SPOT_ALPHA && shy;
	doubt = sm->p < (away ? SPOT_ALPHA_AWAY : SPOT_ALPHA) && shy;
	if (was) {
		/* Once partial, a check merely short of "below" does not
		 * end it: one of 16 addresses answering by chance would cut
		 * one outage in fragments. It ends when the answers come
		 * near the expected. */
		sm->live_first += st->first;
		sm->live_retry += st->x - st->first;
		e = stay_expect(sm);
		p_stay = binomial_cdf(sm->x, sm->n, share(e, sm->n));
		if (away)
			sm->partial = stay_llr(sm->x, sm->n, share(e, sm->n)) >=
				      -SPOT_STAY_LLR;
		else
			sm->partial = p_stay < SPOT_ALPHA_STAY &&
				      sm->x < SPOT_RATIO_STAY * e &&
				      !silences_went(sm);
	} else
		sm->partial = low && first_below(sm) &&
			      ((!pooled && sm->p < SPOT_ALPHA_SURE &&
				(away || first_far_below(sm))) ||
			       ((pooled || sm->open) &&
				sm->p < pool_alpha(sm, dwell) &&
				silences_stay(sm)));
	if (!sm->partial)
		sm->live_first = sm->live_retry = 0;
	else if (!was) {
		sm->live_first = sm->first;
		sm->live_retry = sm->x - sm->first;
	}
	/* An end is no doubt: against A(b) alone the check may still look
	 * below, and the live hosts' rate says why. */
	sm->pending = doubt && !was && !sm->partial &&
		      sm->checks < (away ? SPOT_CHECKS_AWAY : SPOT_CHECKS);
	/* Short of doubt, the check still weighs for or against half of
	 * E(b) dark, as a round's observations do. */
	s = fmax(sm->suspicion + llr +
			 stay_llr(st->x, st->n, share(st->expect, st->n)),
		 0);
	sm->open = dwell && !was && !sm->partial && !sm->pending && s > 0 &&
		   sm->checks < SPOT_CHECKS_AWAY;
	/* A lone check short and below, though not in doubt, teaches
	 * nothing of the retries (SPOT_ALPHA_QUIET). */
	if (!was && !sm->partial && !sm->pending && !sm->open &&
	    !(shy && sm->checks == 1 && sm->p < SPOT_ALPHA_QUIET))
		quiet_learn(sm);
	/* A stay on weak evidence may be the end seen through bad luck:
	 * the next round checks again rather than SPOT_EVERY later. */
	sm->due = sm->pending ||
		  (was && sm->partial && p_stay >= SPOT_ALPHA_AGAIN);
	sm->suspicion = sm->open ? s : 0;
	/* A stay far below on its own, of a target that answers well,
	 * needs no look every other round: a round whose first answers
	 * look all live, as they then do soon after the end, checks at
	 * once (spot_wanted). */
	sm->wait = was && sm->partial && p_stay < SPOT_ALPHA_SURE && well
			   ? SPOT_EVERY_SURE - 1
			   : SPOT_EVERY - 1;
}

double
spot_round_llr(const struct plan *plan, const struct plan_target *tg,
	       const struct spot_look *lk)
{
	double llr = 0, a;
	size_t b;

	for (b = 0; b < tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[tg->first_blk + b];
		const struct block_belief *bb = &pb->bb;

		if (pb->mode != MODE_ADAPTIVE || bb->observed == 0 ||
		    belief_judge(bb) != BELIEF_SAYS_UP)
			continue;
		a = spot_avail(lk, pb->index);
		llr += bb->positives * log(0.5) +
		       (bb->observed - bb->positives) *
			       log((1 - a / 2) / (1 - a));
	}
	return llr;
}

bool
spot_wanted(const struct plan *plan, const struct plan_target *tg,
	    const struct spot_look *lk)
{
	const struct spot_memory *sm = &lk->tm->spot;
	double llr;

	if (sm->due)
		return true;
	llr = spot_round_llr(plan, tg, lk);
	/* While partial, checks keep their own pace (SPOT_EVERY): the
	 * adaptive outcomes of a partial target look dark most rounds. A
	 * round whose first answers lean to all live at all (below
	 * SPOT_TRIP_END) may be the end: it checks at once rather than a
	 * round or two later. */
	if (sm->partial)
		return llr < -SPOT_TRIP_END;
	return sm->suspicion + llr >= spot_trip(lk);
}

/*
 * Keeps, for the next check of a target in doubt or partial whose hosts
 * draw afresh (not away, c known or not needed), the hosts of this
 * round's check that answered neither probe (spotcheck_again); else
 * forgets them.
 */
static void
remember_silent(const struct plan *plan, const struct plan_target *tg,
		const struct target_summary *out, struct target_memory *tm,
		bool keep)
{
	size_t b, q;

	for (b = 0; b < tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[tg->first_blk + b];
		struct block_memory *bm = &tm->blocks[pb->index];

		bm->n_silent = 0;
		if (!keep || pb->n_queue == 0 || !tested(pb, out, b))
			continue;
		for (q = pb->spot_first; q < pb->spot_first + pb->spot; q++) {
			uint32_t r = pb->queue[q % pb->n_queue];

			if (plan->rec[r].ok != 0 || plan->rec[r].sent == 0 ||
			    bm->n_silent == BLOCK_SILENT_MAX)
				continue;
			bm->silent[bm->n_silent++] = (uint8_t)
				plan_host_of(pb, plan->rec[r].addr);
		}
	}
}

void
spot_classify(const struct plan *plan, size_t ti, struct target_memory *tm,
	      double llr, struct target_summary *out)
{
	const struct plan_target *tg = &plan->tg[ti];
	struct spot_memory *sm = &tm->spot;
	struct spot_tally st = { 0, 0, 0, 0, 0, 0, 0, 0 };
	struct spot_look lk;

	look_untimed(&lk, tm);
	spot_tally(plan, tg, out, &lk, &st);
	if (out->state == STATE_DOWN) {
		/* A total outage ends what a check found. */
		sm->partial = sm->due = sm->pending = sm->open = false;
		sm->suspicion = 0;
		sm->live_first = sm->live_retry = 0;
		remember_silent(plan, tg, out, tm, false);
		return;
	}
	if (st.n > 0 && out->state != STATE_UNKNOWN) {
		spot_judge(sm, &lk, &st, llr);
		remember_silent(plan, tg, out, tm,
				(sm->pending || sm->partial) &&
					!spot_hosts_away(sm) &&
					!c_unsure(sm, lk.dwell));
	} else if (sm->partial) {
		sm->wait -= sm->wait > 0;
		sm->due = sm->wait == 0;
	} else if (out->state == STATE_UP) {
		/* Past SPOT_TRIP without a check this round (no room left
		 * in a budget, or none of E(b) left to check): the next
		 * round checks first thing. */
		sm->suspicion = fmax(sm->suspicion + llr, 0);
		sm->due = sm->suspicion >= spot_trip(&lk);
		if (sm->open && sm->suspicion == 0) {
			/* back to 0: the pool found nothing */
			sm->open = false;
			quiet_learn(sm);
		}
	}
	if (sm->partial && out->state == STATE_UP) {
		out->state = STATE_PARTIAL;
		spot_reason(tm, st.n > 0, out);
	}
}

bool
spot_quiet(const struct spot_memory *sm)
{
	return !sm->partial && !sm->pending && !sm->due && sm->suspicion == 0;
}

void
spot_mark(struct spot_memory *sm, int64_t now_ns)
{
	if ((sm->pending || sm->open) && sm->sign_ns == 0)
		sm->sign_ns = now_ns;
	else if (!sm->pending && !sm->open && !sm->partial)
		sm->sign_ns = 0;
	if (sm->sign_ns == 0)
		sm->calm_ns = now_ns;
}

int64_t
spot_onset(const struct spot_memory *sm)
{
	if (sm->calm_ns <= 0 || sm->sign_ns <= sm->calm_ns)
		return 0;
	return sm->calm_ns + (sm->sign_ns - sm->calm_ns) / 2;
}

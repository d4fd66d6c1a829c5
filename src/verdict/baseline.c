/*
 * baseline.c - per-target memory across rounds.
 */
#include "blackout/verdict/baseline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/probe/sampler.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/spot.h"

void
target_memory_reset(struct target_memory *tm)
{
	uint32_t b;

	tm->has_state = false;
	tm->state = STATE_UNKNOWN;
	tm->since_ns = 0;
	tm->in_outage = false;
	tm->outage_start_ns = 0;
	tm->outage_after_ns = tm->outage_by_ns = 0;
	tm->outage_scope = STATE_DOWN;
	tm->census_avail = -1;
	tm->cap_pps = 0;
	tm->cap_rounds = 0;
	tm->first_ns = 0;
	memset(&tm->spot, 0, sizeof(tm->spot));
	tm->n_hist = 0;
	tm->silent = false;
	tm->ended_ns = 0;
	tm->hist_first = 0;
	for (b = 0; b < tm->n_blocks; b++) {
		struct block_memory *bm = &tm->blocks[b];

		memset(bm, 0, sizeof(*bm));
		bm->avail = -1;
		bm->belief = 0.5;
		bm->state = STATE_UNKNOWN;
	}
}

void
baseline_init(struct baseline *bl, const struct target_set *set)
{
	size_t i;

	memset(bl, 0, sizeof(*bl));
	bl->hour = -1;
	bl->n = set->n;
	bl->t = xcalloc(set->n ? set->n : 1, sizeof(*bl->t));
	for (i = 0; i < set->n; i++) {
		struct target_memory *tm = &bl->t[i];

		tm->name = xstrdup(set->t[i].name);
		tm->n_prefixes = set->t[i].n_prefixes;
		tm->prefixes = xcalloc(tm->n_prefixes ? tm->n_prefixes : 1,
				       sizeof(*tm->prefixes));
		memcpy(tm->prefixes, set->t[i].prefixes,
		       tm->n_prefixes * sizeof(*tm->prefixes));
		tm->n_blocks = set->t[i].n_blocks;
		tm->blocks = xcalloc(tm->n_blocks, sizeof(*tm->blocks));
		target_memory_reset(tm);
	}
}

void
baseline_free(struct baseline *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++) {
		free(bl->t[i].name);
		free(bl->t[i].prefixes);
		free(bl->t[i].blocks);
	}
	free(bl->t);
	memset(bl, 0, sizeof(*bl));
}

bool
target_memory_same_space(const struct target_memory *tm, const struct prefix *p,
			 size_t n)
{
	size_t i;

	if (n != tm->n_prefixes)
		return false;
	for (i = 0; i < n; i++)
		if (p[i].base != tm->prefixes[i].base ||
		    p[i].len != tm->prefixes[i].len)
			return false;
	return true;
}

void
block_mark_ever(struct block_memory *bm, unsigned host, uint8_t hint)
{
	if (!block_is_ever(bm, host)) {
		bm->ever[host >> 3] |= (uint8_t)(1u << (host & 7));
		bm->n_ever++;
	}
	block_set_hint(bm, host, hint);
}

int
baseline_hour(int64_t now_ns)
{
	int64_t s = now_ns / 1000000000;

	return (int)(((s % 86400) + 86400) % 86400 / 3600);
}

/* Weight of one round's first outcome in its hour's A(b): an hour of the
 * day sees about 5 rounds a day, so this settles within a few days. */
#define AVAIL_HOUR_ALPHA 0.2
/* Logit(A) between two levels of an hour's A(b); level 16 is 0.5. */
#define AVAIL_LEVEL_STEP 0.3
#define AVAIL_LEVEL_MID 16
/* What a round takes off the hours' fit, in logit(A) (block_avail_at). */
#define HOURS_FIT_MARGIN 0.3

/*
 * avail_level_value(q) is 1 / (1 + exp(-AVAIL_LEVEL_STEP * (q -
 * AVAIL_LEVEL_MID))), read from a table: the hours' fit asks it 24 times a
 * round per /24, and an exp() each was most of block_avail_at()'s time.
 * Levels 0 to AVAIL_LEVELS, printed by a C program with the formula's exp()
 * at run time (q from argv, so not folded by the compiler):
 *
 *	for (q = 0; q <= n; q++)
 *		printf("%.17g,\n", 1 / (1 + exp(-0.3 * ((double)q - 16))));
 *
 * 17 digits read back to the same double. The unit test test_hours ("every
 * level ...") holds each entry to the formula, exactly (==). A level past
 * AVAIL_LEVELS, which the 5 bits an hour never hold, gets the formula.
 */
static const double avail_level_table[AVAIL_LEVELS + 1] = {
	0.0081625711531598966,
	0.01098694263059318,
	0.014774031693273055,
	0.01984030573407751,
	0.026596993576865863,
	0.035571189272636181,
	0.047425873177566781,
	0.062973356056996513,
	0.08317269649392238,
	0.10909682119561293,
	0.14185106490048782,
	0.18242552380635635,
	0.23147521650098238,
	0.28905049737499605,
	0.35434369377420455,
	0.42555748318834102,
	0.5,
	0.57444251681165903,
	0.6456563062257954,
	0.71094950262500389,
	0.76852478349901754,
	0.81757447619364365,
	0.85814893509951229,
	0.89090317880438707,
	0.91682730350607766,
	0.9370266439430035,
	0.95257412682243336,
	0.96442881072736386,
	0.97340300642313404,
	0.98015969426592253,
	0.98522596830672693,
	0.98901305736940681,
};

double
avail_level_value(uint8_t level)
{
	if (level <= AVAIL_LEVELS)
		return avail_level_table[level];
	return 1 /
	       (1 + exp(-AVAIL_LEVEL_STEP * ((double)level - AVAIL_LEVEL_MID)));
}

uint8_t
avail_level_of(double a)
{
	long q;

	if (!(a > 0))
		return 1;
	if (a >= 1)
		return AVAIL_LEVELS;
	q = AVAIL_LEVEL_MID + lround(log(a / (1 - a)) / AVAIL_LEVEL_STEP);
	return (uint8_t)(q < 1 ? 1 : q > AVAIL_LEVELS ? AVAIL_LEVELS : q);
}

/* cos(15 degrees * d): the phase of an hour d hours from another. */
static const double hour_cos[13] = {
	1,	    0.9659258, 0.8660254,  0.7071068,  0.5,	   0.2588190, 0,
	-0.2588190, -0.5,      -0.7071068, -0.8660254, -0.9659258, -1,
};

/*
 * The day's first harmonic through the 24 learned hours, at `hour`: their
 * mean plus the one cosine a day that fits them best (least squares), the
 * component by which Quan et al. tell a diurnal block. At an hour's middle
 * that is a weighted mean of all 24, (1 + 2 cos(15 degrees * d)) / 24 for
 * an hour d hours away: the hour and its neighbours count most, the
 * opposite hours against. Each hour is a running estimate of a few rounds
 * a day; the fit pools the day, so one unlucky hour moves it by an eighth
 * of its error instead of a third.
 */
static double
hours_fit(const struct block_memory *bm, int hour)
{
	double sum = 0;
	int k;

	for (k = 0; k < 24; k++) {
		int d = abs(k - hour);

		sum += avail_level_value(bm->avail_hour[k]) *
		       (1 + 2 * hour_cos[d > 12 ? 24 - d : d]);
	}
	return sum / 24;
}

/*
 * An unbiased fit is too high as often as too low; taken as exact, that is
 * a false outage in a quiet week. So a round takes HOURS_FIT_MARGIN off it
 * in logit(A): 0.9 becomes 0.87 and 0.5 0.43, and a block that answers
 * well, whose fit is the surest, keeps most of what a silence tells.
 */
static double
less_margin(double a)
{
	return a / (a + (1 - a) * exp(HOURS_FIT_MARGIN));
}

/* The mean of the hour and its two neighbours, as far as learned: three
 * times the rounds, so that one unlucky hour does not make a block look
 * rarer than it is; -1 when none is. */
static double
hours_near(const struct block_memory *bm, int hour)
{
	double h = 0;
	int d, n = 0;

	for (d = 23; d <= 25; d++) {
		uint8_t v = bm->avail_hour[(hour + d) % 24];

		if (v != 0) {
			h += avail_level_value(v);
			n++;
		}
	}
	return n > 0 ? h / n : -1;
}

/* block_avail_at(), with the hours' fit less the margin or not. */
static double
avail_at(const struct block_memory *bm, int hour, bool margin)
{
	double h;
	int k;

	if (hour < 0 || hour > 23 || bm->avail < 0)
		return bm->avail;
	for (k = 0; k < 24 && bm->avail_hour[k] != 0; k++)
		;
	if (k == 24) {
		/* a fit may pass either end */
		h = fmin(fmax(hours_fit(bm, hour), 0.01), 0.99);
		h = margin ? less_margin(h) : h;
	} else
		h = hours_near(bm, hour);
	if (h < 0)
		return bm->avail;
	/* Never below half of A(b): the deepest diurnal swings (amplitude
	 * 0.6) bottom out there, and an hour's noisy value lower still
	 * would need more silences than a round may spend. */
	h = fmax(h, bm->avail / 2);
	return h < bm->avail ? h : bm->avail;
}

double
block_avail_at(const struct block_memory *bm, int hour)
{
	return avail_at(bm, hour, true);
}

double
block_avail_fit(const struct block_memory *bm, int hour)
{
	return avail_at(bm, hour, false);
}

bool
target_knows_hours(const struct target_memory *tm, int64_t now_ns)
{
	return tm->first_ns > 0 && now_ns - tm->first_ns >= HOURS_LEARNED_NS;
}

void
block_learn_hour(struct block_memory *bm, int hour, bool answered)
{
	double h;

	if (hour < 0 || hour > 23)
		return;
	h = bm->avail_hour[hour] == 0 ? (bm->avail < 0 ? 0.5 : bm->avail)
				      : avail_level_value(bm->avail_hour[hour]);
	h += AVAIL_HOUR_ALPHA * ((answered ? 1.0 : 0.0) - h);
	bm->avail_hour[hour] = avail_level_of(h);
}

bool
block_learns_hour(int64_t now_ns, uint32_t b, double weight)
{
	struct rng rng;

	if (weight >= 1)
		return true;
	rng_seed(&rng, (uint64_t)(now_ns / 60000000000LL) << 32 | b);
	return rng_below(&rng, 1000) < weight * 1000;
}

bool
block_is_sparse(const struct block_memory *bm)
{
	return bm->avail >= 0 && bm->avail < AVAIL_SPARSE;
}

void
target_history_push(struct target_memory *tm, const struct history_entry *e)
{
	if (tm->n_hist < HISTORY_LEN) {
		tm->hist[(tm->hist_first + tm->n_hist++) % HISTORY_LEN] = *e;
		return;
	}
	tm->hist[tm->hist_first] = *e;
	tm->hist_first = (tm->hist_first + 1) % HISTORY_LEN;
}

const struct history_entry *
target_history_at(const struct target_memory *tm, unsigned i)
{
	return &tm->hist[(tm->hist_first + i) % HISTORY_LEN];
}

bool
baseline_last_round_ns(const struct baseline *bl, int64_t *last)
{
	bool any = false;
	size_t i;

	for (i = 0; i < bl->n; i++) {
		const struct target_memory *tm = &bl->t[i];
		int64_t t;

		if (tm->n_hist == 0)
			continue;
		t = target_history_at(tm, tm->n_hist - 1)->time_ns;
		if (!any || t > *last)
			*last = t;
		any = true;
	}
	return any;
}

static bool
is_outage(enum target_state s)
{
	return s == STATE_PARTIAL || s == STATE_DOWN;
}

/* The event a change from `from` to `to` makes, and the outage it opens or
 * closes. An outage stays open through unknown rounds: it ends only when
 * the target is seen up again, so a vantage problem in the middle of an
 * outage does not split it in two. */
/*
 * When a change seen at now_ns happened, as far as the rounds tell: after
 * the previous round, which still saw the old state, and by this one; half
 * way between them, so the error is at most half a round (the midpoint of
 * Trinocular's "between the last answer and the first confirmed silence").
 * A change in a /24 that the previous round, a watch round looking at
 * some /24s, did not probe (LOOK_PAST_SOME) is timed from the round before
 * it. With no previous round, now_ns.
 *
 * An outage's start (onset) is timed from its first silence, not from the
 * round that confirmed it: rounds just before, unknown and silent (nothing
 * answered at all, the vantage not down; a belief too weak to call them
 * down, as at a diurnal trough), were already the outage, and the start
 * lies half way between the round before them and the first of them.
 * Unknown rounds that learnt nothing of the target (the vantage down)
 * saw neither state: the change lies between the rounds either side.
 *
 * *after and *by: the time between which the change happened, as the
 * rounds tell: the start of the round before it (0: none, or rounds out
 * of order, a clock stepped back), and the end of the round that saw it,
 * whose probes went on after its start: the current round's
 * (tm->ended_ns), an earlier one's the start of the round after it
 * (round_over()). The estimate is never outside them.
 */
static bool
silent_unknown(const struct history_entry *e)
{
	return e->state == STATE_UNKNOWN && e->silent;
}

/* An unknown round that learnt nothing of the target: no answer rate
 * (the vantage down), and not a silence. */
static bool
saw_nothing(const struct history_entry *e)
{
	return e->state == STATE_UNKNOWN && !e->silent && e->rate < 0;
}

/* By when the round begun at t (now_ns: the current one) was over: the
 * start of a later round, else the current round's end; never before t. */
static int64_t
round_over(const struct target_memory *tm, int64_t t, int64_t now_ns)
{
	int64_t end = tm->ended_ns > now_ns ? tm->ended_ns : now_ns;
	unsigned i;

	for (i = 0; i < tm->n_hist; i++)
		if (target_history_at(tm, i)->time_ns > t)
			return target_history_at(tm, i)->time_ns;
	return end > t ? end : t;
}

static int64_t
change_estimate(const struct target_memory *tm, int64_t now_ns, bool onset,
		int64_t *after, int64_t *by)
{
	unsigned i = tm->n_hist;
	int64_t prev, next = now_ns;

	*after = 0;
	while (i > 1 && tm->look == LOOK_PAST_SOME &&
	       target_history_at(tm, i - 1)->look == LOOK_SOME)
		i--;
	while (onset && i > 1 && silent_unknown(target_history_at(tm, i - 1)))
		next = target_history_at(tm, --i)->time_ns;
	*by = round_over(tm, next, now_ns);
	if (i == 0)
		return now_ns;
	while (i > 1 && saw_nothing(target_history_at(tm, i - 1)))
		i--;
	if (saw_nothing(target_history_at(tm, i - 1)))
		return next; /* no round before saw anything */
	prev = target_history_at(tm, i - 1)->time_ns;
	if (prev >= next)
		return next;
	*after = prev;
	return prev + (next - prev) / 2;
}

/*
 * When a partial outage that a pool of two spot checks found began: from
 * spot_onset(), the first check's round, when that is earlier than est
 * (change_estimate(), the rounds either side of the change), but not
 * before the target entered its state (since_ns), nor later than est.
 * *after and *by, est's times, become the round before the first check
 * (since_ns if later) and the end of the check's round, or since_ns and
 * *by at the floor.
 */
static int64_t
spot_back(const struct target_memory *tm, int64_t est, int64_t *after,
	  int64_t *by)
{
	int64_t t = spot_onset(&tm->spot);
	int64_t floor = tm->since_ns < est ? tm->since_ns : est;

	if (t <= 0 || t >= est)
		return est;
	if (t <= floor) {
		*after = floor;
		return floor;
	}
	*after = tm->spot.calm_ns > floor ? tm->spot.calm_ns : floor;
	*by = round_over(tm, tm->spot.sign_ns, *by);
	return t;
}

static void
outage_event(struct target_memory *tm, enum target_state to, int64_t now_ns,
	     struct event_info *ev)
{
	ev->kind = EVENT_STATE_CHANGE;
	if (is_outage(to) && !tm->in_outage) {
		ev->kind = EVENT_OUTAGE_START;
		tm->in_outage = true;
		tm->outage_start_ns = change_estimate(tm, now_ns, true,
						      &tm->outage_after_ns,
						      &tm->outage_by_ns);
		if (to == STATE_PARTIAL && tm->spot.partial)
			tm->outage_start_ns = spot_back(tm, tm->outage_start_ns,
							&tm->outage_after_ns,
							&tm->outage_by_ns);
		tm->outage_scope = to;
	} else if (to == STATE_UP && tm->in_outage) {
		ev->kind = EVENT_OUTAGE_END;
		ev->end_ns = change_estimate(tm, now_ns, false,
					     &ev->end_after_ns, &ev->end_by_ns);
		ev->duration_s = (double)(ev->end_ns - tm->outage_start_ns) /
				 1e9;
		tm->in_outage = false;
	} else if (to == STATE_DOWN) {
		/* Partial became total. An outage's scope is its worst:
		 * total back to partial is still a total outage, and its
		 * end says so. */
		tm->outage_scope = STATE_DOWN;
	}
	ev->scope = tm->outage_scope;
	ev->start_ns = tm->outage_start_ns;
	ev->start_after_ns = tm->outage_after_ns;
	ev->start_by_ns = tm->outage_by_ns;
}

void
target_instability(const struct target_memory *tm, struct instability *ins)
{
	double sum = 0, sq = 0;
	unsigned i, n = 0;

	memset(ins, 0, sizeof(*ins));
	ins->window = tm->n_hist;
	for (i = 0; i < tm->n_hist; i++) {
		const struct history_entry *e = target_history_at(tm, i);

		if (i > 0 && e->state != target_history_at(tm, i - 1)->state)
			ins->state_changes++;
		ins->block_changes += e->block_changes;
		if (e->rate >= 0) {
			sum += e->rate;
			sq += (double)e->rate * e->rate;
			n++;
		}
	}
	if (n > 0) {
		ins->has_rate = true;
		ins->rate_mean = sum / n;
		ins->rate_sd = sqrt(
			fmax(0, sq / n - ins->rate_mean * ins->rate_mean));
	}
}

void
target_memory_observe(struct target_memory *tm, enum target_state state,
		      int64_t now_ns, unsigned block_changes, double rate,
		      struct event_info *ev, struct instability *ins)
{
	struct history_entry e = {
		now_ns,
		(uint8_t)state,
		(uint8_t)(block_changes > 255 ? 255 : block_changes),
		(uint8_t)(tm->look == LOOK_SOME ? LOOK_SOME : LOOK_ALL),
		(uint8_t)tm->silent,
		(float)rate
	};

	memset(ev, 0, sizeof(*ev));
	ev->kind = EVENT_NONE;
	if (tm->has_state && tm->state != state) {
		ev->from = tm->state;
		ev->to = state;
		outage_event(tm, state, now_ns, ev);
	} else if (!tm->has_state && is_outage(state)) {
		/* The first verdict we ever give is an outage: it starts now
		 * as far as we can tell, and says so. */
		ev->from = STATE_UNKNOWN;
		ev->to = state;
		outage_event(tm, state, now_ns, ev);
	}
	if (!tm->has_state || tm->state != state)
		tm->since_ns = now_ns;
	if (tm->first_ns == 0)
		tm->first_ns = now_ns;
	tm->has_state = true;
	tm->state = state;
	target_history_push(tm, &e);
	tm->look = LOOK_ALL;
	tm->silent = false;
	tm->ended_ns = 0;
	target_instability(tm, ins);
}

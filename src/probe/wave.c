/*
 * wave.c - which (record, method) pairs each wave of a round probes, and
 * what an adaptive wave teaches the blocks' beliefs (see wave.h).
 */
#include "blackout/probe/wave.h"

#include <stdlib.h>

#include "blackout/util.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"
#include "blackout/probe/spotcheck.h"

static void
push_pair(struct pair **pairs, size_t *n, size_t *cap, size_t rec, unsigned m)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*pairs = xrealloc(*pairs, *cap, sizeof(**pairs));
	}
	(*pairs)[*n].rec = (uint32_t)rec;
	(*pairs)[*n].method = (uint8_t)m;
	(*n)++;
}

/* A cursor per plan block, none probing yet. */
struct block_cursor *
wave_cursors_new(size_t n_blk)
{
	struct block_cursor *cur = xcalloc(n_blk ? n_blk : 1, sizeof(*cur));
	size_t b;

	for (b = 0; b < n_blk; b++)
		cur[b].rec = -1;
	return cur;
}

static bool
rec_is_adaptive(const struct plan *plan, const struct plan_rec *rec)
{
	return rec->role == ROLE_EVER && rec->block != UINT32_MAX &&
	       plan->blk[rec->block].mode == MODE_ADAPTIVE;
}

/*
 * The controls are re-probed, while every one is still silent, for at
 * least this many retry waves whatever --retries says: one lost answer
 * must not make the vantage look down (with 30% loss each way on one
 * control, four waves of silence happen 7% of the time; and then any
 * target's answer still proves the vantage up).
 */
#define CONTROL_RETRIES 3
/*
 * ... and while nothing at all has answered in the round, to the last
 * wave of the adaptive budget: after it a round that says the vantage
 * down stops the /24s' walks past their budget (walks_stop), whose
 * answers are what would otherwise have proved it up, so the controls
 * must be as sure first (15 waves of silence at 30% loss each way on one
 * control: 4e-5). Controls that answer nothing while targets do add no
 * wave, and their probes only until the first target's answer.
 */
#define CONTROL_WAVES_DARK (ADAPTIVE_BUDGET - 1)

static bool
controls_silent(const struct plan *plan)
{
	const struct plan_target *tg = plan_control_target(plan);

	return tg != NULL && !plan_target_answered(plan, tg);
}

/*
 * Whether the round so far says the vantage is down (classify_vantage():
 * nothing answered, and the controls silent or, with none, a route
 * failed). Those are looked at first: a scan of every target's answers
 * is for the rounds they leave in doubt.
 */
static bool
vantage_silent(const struct plan *plan, bool ctl_silent)
{
	if (plan_control_target(plan) != NULL ? !ctl_silent
					      : plan->route_errors == 0)
		return false;
	return classify_vantage(plan) == VANTAGE_DOWN;
}

/* The last wave that re-probes silent controls; silent: the round so
 * far says the vantage down. */
static unsigned
control_last_wave(unsigned retries, bool silent)
{
	unsigned last = retries > CONTROL_RETRIES ? retries : CONTROL_RETRIES;

	return silent && last < CONTROL_WAVES_DARK ? CONTROL_WAVES_DARK : last;
}

/* Whether wave w probes rec (a record that is not adaptive). */
static bool
rec_in_wave(const struct plan *plan, const struct plan_rec *rec, unsigned w,
	    unsigned retries, bool ctl_silent, bool silent)
{
	if (w == 0)
		return true;
	if (rec->role == ROLE_EXPLORE)
		return false; /* exploration: one probe a round */
	if (plan->tg[rec->target].control)
		return ctl_silent && w <= control_last_wave(retries, silent);
	return w <= retries;
}

/*
 * Whether the /24s' walks past their budget stop at wave w: the round
 * says the vantage down, and the controls' waves are over. Such a round
 * is unknown and teaches nothing, so a silent block's walk past its
 * budget (belief_wants_probe) would only send probes into a dead link,
 * up to BELIEF_DOWN_BUDGET for each /24 of low A(b), every round of the
 * cut; an answer in a later wave lets the walks go on.
 */
static bool
walks_stop(unsigned w, unsigned retries, bool silent)
{
	return silent && w > control_last_wave(retries, true);
}

/* Wave w's pairs of block pb's spot check. */
static void
spot_pairs(const struct plan *plan, const struct plan_block *pb, unsigned w,
	   struct pair **pairs, size_t *n, size_t *cap)
{
	uint32_t recs[PLAN_WAVES_MAX];
	uint8_t methods[PLAN_WAVES_MAX];
	size_t i, k = spotcheck_pairs(plan, pb, w, recs, methods);

	for (i = 0; i < k; i++)
		push_pair(pairs, n, cap, recs[i], methods[i]);
}

struct pair *
wave_pairs(const struct plan *plan, struct block_cursor *cur, unsigned w,
	   unsigned retries, struct rng *rng, size_t *np)
{
	struct pair *pairs = NULL;
	size_t n = 0, cap = 0, r, b;
	unsigned m;

	bool ctl_silent = controls_silent(plan);
	bool silent = vantage_silent(plan, ctl_silent);
	bool dark = walks_stop(w, retries, silent);

	for (r = 0; r < plan->n_rec; r++) {
		const struct plan_rec *rec = &plan->rec[r];

		if (rec_is_adaptive(plan, rec) ||
		    !rec_in_wave(plan, rec, w, retries, ctl_silent, silent))
			continue;
		for (m = 0; m < plan->methods.n; m++) {
			uint16_t bit = (uint16_t)(1u << m);

			if ((rec->want & bit) &&
			    (w == 0 || !((rec->ok | rec->err) & bit)))
				push_pair(&pairs, &n, &cap, r, m);
		}
	}
	for (b = 0; b < plan->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[b];
		struct block_cursor *c = &cur[b];

		c->rec = -1;
		if (spotcheck_in_wave(pb, w)) {
			spot_pairs(plan, pb, w, &pairs, &n, &cap);
			continue;
		}
		if (pb->mode != MODE_ADAPTIVE || pb->n_queue == 0 ||
		    !belief_wants_probe(&pb->bb, c->probes, pb->budget) ||
		    (dark && c->probes >= pb->budget))
			continue;
		/* E(b) smaller than the budget: go round it again. */
		c->rec = pb->queue[c->next++ % pb->n_queue];
		c->probes++;
		c->method = plan_rec_method(plan, (size_t)c->rec);
		push_pair(&pairs, &n, &cap, (size_t)c->rec, c->method);
	}
	rng_shuffle(rng, pairs, n, sizeof(*pairs));
	*np = n;
	return pairs;
}

void
wave_observe(struct plan *plan, const struct block_cursor *cur, unsigned w)
{
	size_t b;

	for (b = 0; b < plan->n_blk; b++) {
		enum probe_outcome o;

		if (spotcheck_in_wave(&plan->blk[b], w)) {
			spotcheck_observe(plan, &plan->blk[b], w);
			continue;
		}
		if (cur[b].rec < 0)
			continue;
		o = plan_probe_outcome(plan, (size_t)cur[b].rec, cur[b].method,
				       w);
		if (o != PROBE_UNSENT)
			belief_observe(&plan->blk[b].bb, o == PROBE_ANSWERED);
	}
}

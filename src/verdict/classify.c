/*
 * classify.c - round verdicts and the baseline they teach (rules in
 * classify.h). A target's blocks go through three steps: tally what their
 * records showed, judge each block, and learn (the baseline, unless the
 * vantage is down or a signal cut the round short); the target's verdict
 * follows from the judged blocks. Every block is judged before any memory
 * learns. The belief update and its thresholds are belief.c's.
 */
#include "blackout/verdict/classify.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/verdict/accum.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/probe/recheck.h"
#include "blackout/verdict/spot.h"
#include "blackout/verdict/watch.h"

#define CENSUS_ALPHA 0.25 /* weight of a new census in running averages */

/* What one block's records showed, beyond the summary fields. */
struct block_tally {
	uint32_t ever_probed, ever_ok; /* E(b) addresses probed / answering */
	uint32_t hint_first_ok;	       /* ... on their hint method, wave 0 */
	uint32_t first_ok;	       /* answering addresses, in wave 0 */
	double belief;
	bool capped; /* the target's answers were rate-limited: no A(b) */
};

bool
classify_is_routing_error(uint8_t type, uint8_t code)
{
	if (type == 11)
		return code == 0; /* a loop or a path too long */
	if (type != 3)
		return false;
	switch (code) {
	case 0:	 /* net unreachable */
	case 1:	 /* host unreachable */
	case 6:	 /* net unknown */
	case 7:	 /* host unknown */
	case 11: /* net unreachable for TOS */
	case 12: /* host unreachable for TOS */
		return true;
	default:
		return false;
	}
}

enum vantage_state
classify_vantage(const struct plan *plan)
{
	const struct plan_target *ctl = plan_control_target(plan);
	size_t t;

	/* Any live answer, from a control or a target, proves that our
	 * probes leave and answers come back. */
	for (t = 0; t < plan->n_tg; t++)
		if (plan_target_answered(plan, &plan->tg[t]))
			return VANTAGE_UP;
	if (plan->route_errors > 0)
		return VANTAGE_DOWN; /* no route, and nothing came back */
	if (ctl == NULL || ctl->count == 0 || plan->cut)
		return VANTAGE_UNKNOWN; /* no controls, or their waits cut */
	return VANTAGE_DOWN;
}

static unsigned
host_of(uint32_t addr)
{
	return addr & 0xff;
}

static int
lowest_bit(uint16_t mask)
{
	int i;

	for (i = 0; i < 16; i++)
		if (mask & (1u << i))
			return i;
	return -1;
}

static void
tally_rec(const struct plan *plan, const struct plan_rec *rec,
	  const struct block_memory *bm, struct block_summary *bs,
	  struct block_tally *t)
{
	size_t m;
	int h;

	bs->probed++;
	if (rec->ok != 0) {
		bs->responsive++;
		t->first_ok += rec->ok_first != 0;
	} else if (rec->err != 0 &&
		   classify_is_routing_error(rec->err_type, rec->err_code)) {
		bs->routing_errors++;
	}
	for (m = 0; m < plan->methods.n; m++)
		if (rec->ok & (1u << m))
			bs->method_resp[m]++;
	if (!rec->ever)
		return;
	t->ever_probed++;
	t->ever_ok += rec->ok != 0;
	h = block_hint(bm, host_of(rec->addr)) - 1;
	if (h < 0)
		h = lowest_bit(rec->want);
	t->hint_first_ok += h >= 0 && (rec->ok_first & (1u << h));
}

/*
 * An adaptive block's state from its belief. An explorer's reply is
 * evidence too: it updates the verdict's copy of the belief, while A(b)
 * and the answer rate keep counting E(b)'s probes only.
 */
static enum target_state
judge_adaptive(const struct plan_block *pb, const struct block_summary *bs,
	       struct block_tally *t)
{
	struct block_belief bb = pb->bb;
	bool confirmed = pb->spot_confirm && pb->spot_ok;

	/* So is an answer to a check that confirms a block turned down. */
	if (bs->responsive > t->ever_ok || confirmed)
		belief_observe(&bb, true);
	t->belief = bb.belief;
	if (confirmed && belief_judge(&bb) != BELIEF_SAYS_UP) {
		/* One answer keeps it up (spot.h), however low the silences
		 * took the belief: at A(b) = 0.5 one reply from 0.05 leaves
		 * it at 0.89, and the target unknown. It goes on from the
		 * edge of up, where the next round's first answer settles
		 * it and its first silences take it down. */
		t->belief = fmax(bb.belief, BELIEF_UP);
		return STATE_UP;
	}
	switch (belief_judge(&bb)) {
	case BELIEF_SAYS_UP:
		return STATE_UP;
	case BELIEF_SAYS_DOWN:
		return STATE_DOWN;
	default:
		return STATE_UNKNOWN;
	}
}

/* The block's state from its records, before the baseline learns. */
static void
judge_block(const struct plan_block *pb, const struct block_memory *bm,
	    struct block_summary *bs, struct block_tally *t)
{
	t->belief = pb->bb.belief;
	bs->judged = bm->n_ever > 0 || bs->responsive > 0;
	if (pb->carry) {
		/* Not probed by this watch round: as it was. */
		bs->state = bm->state;
		t->belief = bm->belief;
		return;
	}
	if (bs->probed == 0) {
		/* Nothing reached the block (send errors, an interrupt, all
		 * excluded): no evidence either way. */
		bs->state = STATE_UNKNOWN;
		return;
	}
	switch (pb->mode) {
	case MODE_CENSUS:
		bs->state = bs->responsive > 0 ? STATE_UP
			    : bm->n_ever > 0   ? STATE_DOWN
					       : STATE_UNKNOWN;
		if (bs->state != STATE_UNKNOWN)
			t->belief = bs->state == STATE_UP ? BELIEF_MAX
							  : BELIEF_MIN;
		break;
	case MODE_SPARSE:
		bs->state = bs->responsive > 0 ? STATE_UP : STATE_DOWN;
		t->belief = bs->state == STATE_UP ? BELIEF_MAX : BELIEF_MIN;
		break;
	case MODE_ADAPTIVE:
		bs->state = judge_adaptive(pb, bs, t);
		break;
	case MODE_EMPTY:
		bs->state = bs->responsive > 0 ? STATE_UP : STATE_UNKNOWN;
		if (bs->responsive > 0)
			t->belief = BELIEF_MAX;
		break;
	}
}

static double
running(double old, double sample, double alpha)
{
	return old < 0 ? sample : (1 - alpha) * old + alpha * sample;
}

/* What the round teaches the block's memory. Returns 1 if its state
 * flipped between up and down. */
static int
learn_block(const struct plan_block *pb, struct block_memory *bm,
	    const struct block_summary *bs, const struct block_tally *t,
	    int64_t now_ns, double weight, bool watch)
{
	int flipped = 0, hour = baseline_hour(now_ns);

	if (pb->mode == MODE_CENSUS || pb->mode == MODE_SPARSE) {
		/* A sparse round probes all of E(b) like a census: it
		 * keeps learning A(b), so a block made sparse by a poor
		 * census can turn adaptive again. */
		if (t->ever_probed > 0 && bs->state == STATE_UP && !t->capped)
			bm->avail = running(bm->avail,
					    (double)t->hint_first_ok /
						    t->ever_probed,
					    CENSUS_ALPHA);
		else if (bm->n_ever == 0 && bs->responsive > 0)
			/* Laplace's rule of succession: one host that
			 * answered only a retry is no sign that its block
			 * never answers (0 would make it sparse). */
			bm->avail = (t->first_ok + 1.0) /
				    (bs->responsive + 2.0);
		bm->censused |= pb->mode == MODE_CENSUS;
	} else if (pb->mode == MODE_ADAPTIVE && bs->state == STATE_UP &&
		   pb->bb.first_outcome >= 0 && weight > 0) {
		/* Only the first probe of a round is free of the bias of
		 * stopping once an answer comes. A target partial, or in
		 * doubt, teaches A(b) nothing, and one that may have hosts
		 * away for hours teaches it slowly (spot_learn_weight,
		 * spot.h). */
		bm->avail = running(bm->avail, pb->bb.first_outcome,
				    weight * AVAIL_ALPHA);
		if (block_learns_hour(now_ns, pb->index, weight))
			block_learn_hour(bm, hour, pb->bb.first_outcome == 1);
	}
	bm->belief = t->belief;
	watch_learn(bm, bs->state, watch);
	if ((bm->state == STATE_UP && bs->state == STATE_DOWN) ||
	    (bm->state == STATE_DOWN && bs->state == STATE_UP))
		flipped = 1;
	if (bs->state != STATE_UNKNOWN || pb->mode == MODE_ADAPTIVE)
		bm->state = bs->state;
	return flipped;
}

/* Adds this round's responders to E(b), keeping a hint that still works. */
static void
learn_ever(const struct plan_rec *rec, struct block_memory *bm)
{
	unsigned host = host_of(rec->addr);
	int h = block_hint(bm, host) - 1;

	if (rec->ok == 0)
		return;
	if (h < 0 || !(rec->ok & (1u << h)))
		h = lowest_bit(rec->ok);
	block_mark_ever(bm, host, (uint8_t)(h + 1));
}

/* Appends ", a.b.c.0/24" for each down block, at most four. */
static void
list_down(const struct target_summary *s, char *buf, size_t len)
{
	char p[24];
	size_t b, shown = 0, n = strlen(buf);

	for (b = 0; b < s->n_blocks; b++) {
		if (!s->blocks[b].judged || s->blocks[b].state != STATE_DOWN)
			continue;
		if (shown++ == 4) {
			snprintf(buf + n, len - n, " and %u more",
				 s->blocks_down - 4);
			return;
		}
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      shown > 1 ? ", " : "",
				      prefix_format(&s->blocks[b].pfx, p,
						    sizeof(p)));
		if (n >= len)
			return;
	}
}

static void
verdict(struct target_summary *s, const struct target_memory *tm,
	const struct census_test *ct, uint32_t routing)
{
	char down[160] = "";

	if (s->blocks_judged == 0) {
		s->state = STATE_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason), "%s",
			 s->probed == 0 ? "no address probed (all excluded)"
					: "no baseline yet and no replies");
		return;
	}
	list_down(s, down, sizeof(down));
	if (s->blocks_down == s->blocks_judged) {
		s->state = STATE_DOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "all %u judged /24s down%s", s->blocks_judged,
			 routing > 0 ? "; routers report the addresses "
				       "unreachable"
				     : "; silent, no ICMP errors");
	} else if (s->blocks_down > 0 && s->blocks_up > 0) {
		s->state = STATE_PARTIAL;
		snprintf(s->reason, sizeof(s->reason),
			 "%s down; %u of %u judged /24s up", down, s->blocks_up,
			 s->blocks_judged);
	} else if (s->blocks_up == s->blocks_judged) {
		s->state = STATE_UP;
		if (ct->run && tm->census_avail >= 0 && ct->n > 0) {
			double p = fmin(fmax(tm->census_avail, 0.01), 0.99);

			s->pvalue = binomial_cdf(ct->x, ct->n, p);
			if (ct->capped) {
				classify_say_capped(s, ct);
				return;
			}
			if (s->pvalue < BINOMIAL_ALPHA) {
				s->state = STATE_PARTIAL;
				snprintf(s->reason, sizeof(s->reason),
					 "responsive count significantly below "
					 "baseline: %u of %u ever-responsive "
					 "answered, %.1f expected (p=%.2g)",
					 ct->x, ct->n, p * ct->n, s->pvalue);
				classify_say_recheck(s, ct);
				if (ct->pace > 0)
					classify_say_paced(s, ct);
				return;
			}
		}
		if (ct->pace > 0) {
			snprintf(s->reason, sizeof(s->reason),
				 "ICMP answers rate-limited (~%.0f/s), E(b) "
				 "paced at %.0f/s: %u of %u judged /24s up; %u "
				 "of %u probed addresses answered",
				 ct->cap, ct->pace, s->blocks_up,
				 s->blocks_judged, s->responsive, s->probed);
			return;
		}
		snprintf(s->reason, sizeof(s->reason),
			 "%u of %u judged /24s up; %u of %u probed addresses "
			 "answered",
			 s->blocks_up, s->blocks_judged, s->responsive,
			 s->probed);
	} else if (s->blocks_unprobed > 0) {
		s->state = STATE_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "%u of %u judged /24s not probed this round (send "
			 "errors)%s%s",
			 s->blocks_unprobed, s->blocks_judged,
			 s->blocks_down > 0 ? "; down: " : "", down);
	} else {
		s->state = STATE_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "%u of %u judged /24s still uncertain after the probe "
			 "budget%s%s",
			 s->blocks_unknown, s->blocks_judged,
			 s->blocks_down > 0 ? "; down: " : "", down);
	}
}

/*
 * Tally: what each block's probed records showed. The window's blocks
 * are appended to out->blocks (bs, returned in *bs); the caller frees
 * the tallies.
 */
static struct block_tally *
tally_blocks(const struct plan *plan, const struct plan_target *tg,
	     const struct target_memory *tm, struct target_summary *out,
	     struct block_summary **bs)
{
	struct block_tally *t = xcalloc(tg->n_blk ? tg->n_blk : 1, sizeof(*t));
	size_t r, n = out->n_blocks + tg->n_blk;

	out->blocks = xrealloc(out->blocks, n ? n : 1, sizeof(*out->blocks));
	*bs = out->blocks + out->n_blocks;
	memset(*bs, 0, tg->n_blk * sizeof(**bs));
	out->n_blocks = n;
	for (r = 0; r < tg->count; r++) {
		const struct plan_rec *rec = plan_target_rec(plan, tg, r);
		size_t bi = rec->block - tg->first_blk;

		if (rec->sent != 0)
			tally_rec(plan, rec,
				  &tm->blocks[plan->blk[rec->block].index],
				  &(*bs)[bi], &t[bi]);
	}
	return t;
}

/* Judge: each block's state, and what the judged blocks add up to. */
static void
judge_blocks(const struct plan *plan, const struct plan_target *tg,
	     const struct target_memory *tm, bool learn,
	     struct target_summary *out, struct block_summary *blocks,
	     struct block_tally *t, struct target_tally *tt)
{
	size_t b;

	for (b = 0; b < tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[tg->first_blk + b];
		const struct block_memory *bm = &tm->blocks[pb->index];
		struct block_summary *bs = &blocks[b];

		bs->pfx = pb->pfx;
		bs->mode = pb->mode;
		judge_block(pb, bm, bs, &t[b]);
		if (!learn) {
			/* With the vantage down or the round cut short, a
			 * silent block says nothing: it is unknown too. */
			bs->state = STATE_UNKNOWN;
			t[b].belief = bm->belief;
		}
		/* Before learning: bm holds the state it had till now. */
		bs->changed = learn && bs->probed > 0 && bs->state != bm->state;
		tt->unwatched_change |= bs->changed && !block_is_watched(bm);
		tt->watched_went |= bs->changed && bs->state == STATE_DOWN &&
				    bm->state == STATE_UP &&
				    block_is_watched(bm);
		tt->carried += pb->carry;
		out->blocks_unprobed += bs->judged && bs->probed == 0 &&
					!pb->carry;
		tt->routing += bs->routing_errors;
		if (bs->judged) {
			out->blocks_judged++;
			out->blocks_up += bs->state == STATE_UP;
			out->blocks_down += bs->state == STATE_DOWN;
			out->blocks_unknown += bs->state == STATE_UNKNOWN;
			tt->bsum += t[b].belief;
			tt->ct.run &= pb->mode == MODE_CENSUS;
			tt->ct.n += t[b].ever_probed;
			tt->ct.x += t[b].ever_ok;
		}
		bs->probes = pb->sent;
		if (pb->mode == MODE_ADAPTIVE) {
			tt->rate.n += pb->bb.observed;
			tt->rate.x += pb->bb.positives;
		} else {
			tt->rate.n += t[b].ever_probed;
			tt->rate.x += t[b].ever_ok;
		}
		out->probed += bs->probed;
		out->responsive += bs->responsive;
	}
}

/*
 * Learn: what the round teaches each block that a probe reached, then
 * E(b). Returns how many blocks flipped between up and down.
 */
static unsigned
learn_blocks(const struct plan *plan, const struct plan_target *tg,
	     struct target_memory *tm, const struct block_summary *blocks,
	     const struct block_tally *t, int64_t now_ns, double weight,
	     struct target_tally *tt)
{
	struct block_memory *back = NULL;
	unsigned flips = 0;
	size_t b, r;

	for (b = 0; b < tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[tg->first_blk + b];
		struct block_memory *bm = &tm->blocks[pb->index];
		bool was_down = bm->state == STATE_DOWN;

		if (blocks[b].probed == 0)
			continue;
		flips += learn_block(pb, bm, &blocks[b], &t[b], now_ns, weight,
				     plan->watch);
		if (was_down && bm->state == STATE_UP) /* back: watch_learn */
			back = watch_one(back, bm);
		else
			tt->after += bm->watch_left > 0;
	}
	tt->after += back != NULL; /* of those back together, one */
	for (r = 0; r < tg->count; r++) {
		const struct plan_rec *rec = plan_target_rec(plan, tg, r);

		learn_ever(rec, &tm->blocks[plan->blk[rec->block].index]);
	}
	return flips;
}

/* What the summary shows of each block's memory after the round. */
static void
show_memory(const struct plan *plan, const struct plan_target *tg,
	    const struct target_memory *tm, bool learn,
	    struct target_summary *out, struct block_summary *blocks,
	    const struct block_tally *t)
{
	size_t b;

	for (b = 0; b < tg->n_blk; b++) {
		struct block_summary *bs = &blocks[b];
		const struct block_memory
			*bm = &tm->blocks[plan->blk[tg->first_blk + b].index];

		bs->ever = bm->n_ever;
		bs->avail = bm->avail;
		bs->belief = learn ? bm->belief : t[b].belief;
		bs->sparse = block_is_sparse(bm);
		out->baseline += bs->ever;
	}
}

/*
 * Per-block summaries of plan target ti's blocks in this window, appended
 * to acc's (and their sums to its tallies), in three steps: tally the
 * records, judge the blocks, and, when learn is set, teach the baseline
 * at the weight of acc's look. Each block is judged on the memory it had
 * when the round began: learning touches only the block's own memory,
 * after every block is judged. Returns how many flipped between up and
 * down.
 */
static unsigned
summarize_blocks(struct target_acc *acc, const struct plan *plan, size_t ti,
		 struct target_memory *tm, bool learn, int64_t now_ns)
{
	struct target_summary *out = &acc->sum;
	struct target_tally *tt = &acc->tt;
	const struct plan_target *tg = &plan->tg[ti];
	struct block_summary *bs;
	struct block_tally *t = tally_blocks(plan, tg, tm, out, &bs);
	unsigned flips = 0;
	bool capped = false;
	size_t b;

	judge_blocks(plan, tg, tm, learn, out, bs, t, tt);
	if (tg->pace > tt->ct.pace) {
		tt->ct.pace = tg->pace;
		tt->ct.cap = tg->cap;
	}
	if (tg->recheck.probed > 0) {
		/* This window's recheck: a part of a wide target is
		 * rechecked on its own, and the target is capped if any
		 * part showed the cap, whose recheck the reason and the
		 * memory then take. */
		struct census_test part = tt->ct;

		part.rc = tg->recheck;
		capped = classify_census_capped(tm, &part);
		if (capped || !tt->ct.capped)
			tt->ct.rc = tg->recheck;
		tt->ct.capped |= capped;
	}
	for (b = 0; b < tg->n_blk; b++)
		t[b].capped = capped;
	if (learn)
		flips = learn_blocks(plan, tg, tm, bs, t, now_ns,
				     spot_learn_weight(&acc->look), tt);
	show_memory(plan, tg, tm, learn, out, bs, t);
	free(t);
	return flips;
}

/* Why the vantage is down: no route (naming the errno), or silence. */
static void
vantage_reason(const struct target_acc *acc, char *buf, size_t len)
{
	if (acc->route_errors > 0)
		snprintf(buf, len,
			 "vantage down: no route (%s, %s: %llu sends failed); "
			 "baseline left untouched",
			 acc->route_errno == EHOSTUNREACH ? "EHOSTUNREACH"
							  : "ENETUNREACH",
			 strerror(acc->route_errno),
			 (unsigned long long)acc->route_errors);
	else
		snprintf(buf, len,
			 "vantage down: no control address answered and no "
			 "target address either; baseline left untouched");
}

void
classify_begin(struct target_acc *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->sum.pvalue = -1;
	acc->tt.ct.run = true;
}

/* The window's RTT samples: exact for the first window (its summary is
 * the target's when it has no other), binned for the sum of several. */
static void
window_rtt(struct target_acc *acc, struct target_stats *st, bool whole)
{
	if (acc->windows == 0)
		acc->sum.has_rtt = rtt_exact(st, &acc->sum.rtt_min,
					     &acc->sum.rtt_median,
					     &acc->sum.rtt_max);
	if (!whole)
		rtt_hist_add(&acc->rtt, st->rtt_ms, st->n_rtt);
}

/* One window of plan target ti; whole: the only one (nothing summed). */
static void
window_step(struct target_acc *acc, struct plan *plan, size_t ti,
	    enum vantage_state vantage, struct target_memory *tm,
	    int64_t now_ns, bool whole)
{
	struct target_stats *st = &plan->tg[ti].st;
	bool cut = plan->cut || plan->tg[ti].recheck.cut;

	/* Weighed against A(b) as the round found it (looked at once, at
	 * the first window), as spot_wanted did when it chose whether to
	 * check: not against what the round's silences will teach it. */
	if (acc->windows == 0)
		spot_look(&acc->look, tm, now_ns);
	acc->spot_llr = spot_round_llr(plan, &plan->tg[ti], &acc->look);
	acc->cut |= cut;
	acc->flips += summarize_blocks(acc, plan, ti, tm,
				       vantage != VANTAGE_DOWN && !cut, now_ns);
	window_rtt(acc, st, whole);
	if (!whole)
		target_stats_merge(&acc->st, st);
	else
		acc->whole = st;
	if (plan->route_errors > 0) {
		acc->route_errors += plan->route_errors;
		acc->route_errno = plan->route_errno;
	}
	/* Up when any window was; down when none was and one was down. */
	if (acc->windows == 0 || vantage == VANTAGE_UP ||
	    (vantage == VANTAGE_DOWN && acc->vantage != VANTAGE_UP))
		acc->vantage = vantage;
	acc->windows++;
	acc->plan = plan; /* the last window's, for the spot check */
	acc->ti = ti;
}

void
classify_window(struct target_acc *acc, struct plan *plan, size_t ti,
		enum vantage_state vantage, struct target_memory *tm,
		int64_t now_ns)
{
	window_step(acc, plan, ti, vantage, tm, now_ns, false);
}

/*
 * The spot check (spot.h) of the target's last window: all of it when
 * the target fits one window, as an adaptive round of up to some 65,000
 * /24s does; the last part of a wider one. spot_classify reads the
 * summaries of the window's /24s, the last of the target's so far.
 */
static void
spot_last_part(struct target_acc *acc, struct target_memory *tm)
{
	struct target_summary view = acc->sum;
	size_t n = acc->plan->tg[acc->ti].n_blk;

	view.blocks += view.n_blocks - n;
	view.n_blocks = n;
	spot_classify(acc->plan, acc->ti, tm, acc->spot_llr, &view);
	acc->sum.state = view.state;
	memcpy(acc->sum.reason, view.reason, sizeof(view.reason));
}

/* The target's state and reason from what its windows added up to. */
static void
target_verdict(struct target_acc *acc, struct target_memory *tm)
{
	const struct target_stats *st = acc->whole ? acc->whole : &acc->st;
	struct target_summary *s = &acc->sum;

	if (acc->vantage == VANTAGE_DOWN) {
		s->state = STATE_UNKNOWN;
		vantage_reason(acc, s->reason, sizeof(s->reason));
	} else if (st->sent == 0 && st->send_errors > 0) {
		s->state = STATE_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "no probe could be sent (%llu send errors)",
			 (unsigned long long)st->send_errors);
	} else {
		verdict(s, tm, &acc->tt.ct, acc->tt.routing);
		classify_learn_cap(tm, &acc->tt.ct, s->state);
		/* The spot test is about all of E(b): not a watch round's
		 * look at some /24s (a DOWN target's looks at all). */
		if (acc->tt.carried == 0)
			spot_last_part(acc, tm);
		if (s->state == STATE_UP && acc->tt.ct.run &&
		    acc->tt.ct.n > 0 && !acc->tt.ct.capped)
			tm->census_avail = running(tm->census_avail,
						   (double)acc->tt.ct.x /
							   acc->tt.ct.n,
						   CENSUS_ALPHA);
	}
}

void
classify_finish(struct target_acc *acc, struct target_memory *tm,
		int64_t now_ns, struct target_summary *out)
{
	struct target_summary *s = &acc->sum;
	bool learn = acc->vantage != VANTAGE_DOWN && !acc->cut;
	const struct census_test *rate = &acc->tt.rate;

	if (acc->windows > 1 && acc->rtt.n > 0) {
		s->has_rtt = true;
		s->rtt_min = acc->rtt.min;
		s->rtt_max = acc->rtt.max;
		s->rtt_median = rtt_hist_median(&acc->rtt);
	}
	if (s->blocks_judged > 0 && learn) {
		s->has_belief = true;
		s->belief = acc->tt.bsum / s->blocks_judged;
	}
	if (acc->cut) { /* no round of the record: tm stays as it was */
		s->state = STATE_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "round cut short by a signal: its silences are no "
			 "evidence; not judged, nothing of the cut learned");
		target_instability(tm, &s->instab);
		goto done;
	}
	target_verdict(acc, tm);
	if (acc->tt.carried == 0 && learn)
		spot_mark(&tm->spot, now_ns);
	tm->look = watch_look(acc->tt.carried, acc->tt.unwatched_change &&
						       !acc->tt.watched_went);
	tm->silent = learn && tm->look != LOOK_SOME && s->probed > 0 &&
		     s->responsive == 0;
	/* A look at some /24s has no answer rate of the target's. */
	target_memory_observe(tm, s->state, now_ns, acc->flips,
			      learn && rate->n > 0 && !acc->tt.ct.capped &&
					      tm->look != LOOK_SOME
				      ? (double)rate->x / rate->n
				      : -1,
			      &s->event, &s->instab);
	watch_decide(tm, s->state, s->blocks_down, acc->tt.ct.run,
		     acc->tt.after);
done:
	s->cut = acc->cut;
	s->since_ns = acc->cut ? 0 : tm->since_ns;
	*out = *s;
	memset(s, 0, sizeof(*s)); /* the blocks are the caller's now */
}

void
classify_acc_free(struct target_acc *acc)
{
	target_summary_free(&acc->sum);
	free(acc->st.unreach);
	acc->st.unreach = NULL;
	acc->st.n_unreach = 0;
	rtt_hist_free(&acc->rtt);
}

void
classify_target(struct plan *plan, size_t ti, enum vantage_state vantage,
		struct target_memory *tm, int64_t now_ns,
		struct target_summary *out)
{
	struct target_acc acc;

	classify_begin(&acc);
	window_step(&acc, plan, ti, vantage, tm, now_ns, true);
	classify_finish(&acc, tm, now_ns, out);
	classify_acc_free(&acc);
}

void
target_summary_free(struct target_summary *s)
{
	free(s->blocks);
	s->blocks = NULL;
}

int
classify_exit_status(const enum target_state *states, size_t n)
{
	bool partial = false, unknown = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (states[i] == STATE_DOWN)
			return 2;
		partial |= states[i] == STATE_PARTIAL;
		unknown |= states[i] == STATE_UNKNOWN;
	}
	return partial ? 1 : unknown ? 3 : 0;
}

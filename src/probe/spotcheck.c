/*
 * spotcheck.c - the waves of a spot check (rules in spotcheck.h).
 */
#include "blackout/probe/spotcheck.h"

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"
#include "blackout/verdict/spot.h"

/* A confirmation takes up to spot_size() addresses, SPOT_MAX at most, of
 * the spare ones queued past the budget: the two literals agree. */
_Static_assert(PLAN_QUEUE_SPARE >= SPOT_MAX,
	       "PLAN_QUEUE_SPARE holds a confirmation's SPOT_MAX addresses");
_Static_assert(BLOCK_SILENT_MAX >= SPOT_MAX,
	       "block_memory.silent holds a check's SPOT_MAX addresses");

unsigned
spotcheck_start(struct plan_block *pb, unsigned k, size_t next, unsigned probes,
		unsigned budget, unsigned w)
{
	size_t left = next < pb->n_queue ? pb->n_queue - next : 0;
	unsigned room = probes < budget ? (budget - probes) / 2 : 0;

	if (pb->mode != MODE_ADAPTIVE || pb->n_queue == 0)
		return 0;
	if (pb->spot_confirm) { /* round the queue again, as belief does */
		left = pb->n_queue;
		next %= pb->n_queue;
	}
	if (k > left)
		k = (unsigned)left;
	pb->spot = k < room ? k : room;
	pb->spot_first = (unsigned)next;
	pb->spot_wave = w;
	return pb->spot;
}

unsigned
spotcheck_again(const struct plan *plan, struct plan_block *pb,
		const struct block_memory *bm)
{
	size_t end = pb->spot_first + pb->spot, q;
	unsigned i;

	pb->spot_again = 0;
	if (pb->spot == 0 || pb->spot_confirm || end > pb->n_queue)
		return 0;
	for (i = 0; i < bm->n_silent && pb->spot_again < pb->spot; i++) {
		size_t to = pb->spot_first + pb->spot_again;

		/* Past the adaptive probes only: a host they probed this
		 * round is not probed twice. */
		for (q = to; q < pb->n_queue; q++) {
			uint32_t r = pb->queue[q];

			if (plan_host_of(pb, plan->rec[r].addr) ==
			    bm->silent[i]) {
				pb->queue[q] = pb->queue[to];
				pb->queue[to] = r;
				pb->spot_again++;
				break;
			}
		}
	}
	return pb->spot_again;
}

bool
spotcheck_in_wave(const struct plan_block *pb, unsigned w)
{
	return pb->spot > 0 && w >= pb->spot_wave && w <= pb->spot_wave + 1;
}

size_t
spotcheck_pairs(const struct plan *plan, const struct plan_block *pb,
		unsigned w, uint32_t *recs, uint8_t *methods)
{
	size_t q, n = 0;

	for (q = pb->spot_first; q < pb->spot_first + pb->spot; q++) {
		uint32_t r = pb->queue[q % pb->n_queue];
		unsigned m = plan_rec_method(plan, r);

		if (w > pb->spot_wave &&
		    (plan->rec[r].ok != 0 ||
		     plan_probe_outcome(plan, r, m, pb->spot_wave) ==
			     PROBE_UNSENT))
			continue;
		recs[n] = r;
		methods[n++] = (uint8_t)m;
	}
	return n;
}

void
spotcheck_observe(const struct plan *plan, struct plan_block *pb, unsigned w)
{
	unsigned answered = 0, sent = 0;
	size_t q;

	for (q = pb->spot_first; q < pb->spot_first + pb->spot; q++) {
		uint32_t r = pb->queue[q % pb->n_queue];
		enum probe_outcome o = plan_probe_outcome(plan, r,
							  plan_rec_method(plan,
									  r),
							  w);

		sent += o != PROBE_UNSENT;
		answered += o == PROBE_ANSWERED;
	}
	if (w == pb->spot_wave) {
		pb->spot_sent = sent;
		pb->spot_first_ok = answered;
	}
	pb->spot_ok += answered;
}

bool
spotcheck_turned_down(const struct plan_block *pb,
		      const struct target_memory *tm, bool recovering)
{
	enum target_state was = tm->blocks[pb->index].state;

	return pb->mode == MODE_ADAPTIVE &&
	       belief_judge(&pb->bb) == BELIEF_SAYS_DOWN &&
	       (was != STATE_DOWN || recovering);
}

enum recovery
spotcheck_recovering(const struct plan *plan, const struct plan_target *tg,
		     const struct target_memory *tm)
{
	size_t b, down = 0, back = 0;

	for (b = tg->first_blk; b < tg->first_blk + tg->n_blk; b++) {
		const struct plan_block *pb = &plan->blk[b];

		if (pb->mode != MODE_ADAPTIVE ||
		    tm->blocks[pb->index].state != STATE_DOWN)
			continue;
		down++;
		back += belief_judge(&pb->bb) == BELIEF_SAYS_UP;
	}
	return back == 0	  ? RECOVERY_NONE
	       : 4 * back >= down ? RECOVERY_MANY
				  : RECOVERY_FEW;
}

/* The rules: spotcheck.h. */
unsigned
spotcheck_confirm_budget(const struct plan_block *pb)
{
	return pb->budget > BELIEF_DOWN_BUDGET ? pb->budget
					       : BELIEF_DOWN_BUDGET;
}

size_t
spotcheck_schedule(struct plan *plan, const struct baseline *bl,
		   const struct block_cursor *cur, unsigned w)
{
	size_t t, b, n = 0;

	if (classify_vantage(plan) == VANTAGE_DOWN)
		return 0; /* silence says nothing of the targets */
	for (t = 0; bl != NULL && t < plan->n_tg; t++) {
		const struct plan_target *tg = &plan->tg[t];
		const struct target_memory *tm = &bl->t[plan->first_target + t];
		size_t adaptive = 0, end = tg->first_blk + tg->n_blk;
		struct spot_look lk;
		enum recovery back;
		bool wanted;

		if (tg->control)
			continue;
		spot_look(&lk, tm, bl->now_ns);
		/* The test is about all of E(b): a watch round that
		 * looks at some /24s only confirms. */
		wanted = !tg->some && spot_wanted(plan, tg, &lk);
		back = spotcheck_recovering(plan, tg, tm);
		for (b = tg->first_blk; b < end; b++)
			adaptive += plan->blk[b].mode == MODE_ADAPTIVE;
		for (b = tg->first_blk; b < end; b++) {
			struct plan_block *pb = &plan->blk[b];

			/* A block turned down is confirmed even in a target
			 * being spot-checked: its check is then its
			 * confirmation, not part of the test. */
			pb->spot_confirm = spotcheck_turned_down(
				pb, tm, back != RECOVERY_NONE);
			if (pb->spot_confirm &&
			    tm->blocks[pb->index].state == STATE_DOWN) {
				/* Left down, re-checked with others, while
				 * some of them came back: now a lone
				 * re-check, as strict as an up block's
				 * when a quarter or more came back
				 * (spotcheck.h). */
				pb->spot_confirm = false;
				belief_reopen(&pb->bb,
					      back == RECOVERY_MANY
						      ? BELIEF_REOPEN
						      : BELIEF_RECHECK);
				n++;
				continue;
			}
			if (!wanted && !pb->spot_confirm)
				continue;
			/* The check is judged against A(b) as it is now,
			 * before the round's silences teach it. */
			pb->spot_avail = spot_check_avail(&lk, pb->index);
			if (spotcheck_start(pb, spot_size(&lk, adaptive),
					    cur[b].next, cur[b].probes,
					    pb->spot_confirm
						    ? spotcheck_confirm_budget(
							      pb)
						    : pb->budget,
					    w) == 0)
				continue;
			n++;
			if (tm->spot.pending || tm->spot.partial)
				spotcheck_again(plan, pb,
						&tm->blocks[pb->index]);
		}
	}
	return n;
}

/*
 * spotfixture.h - one round of a target of NB adaptive /24s for the unit
 * tests of spot.c (test_spot.c, test_spot_away.c): a check's tally
 * written in as the prober would, and spot_classify run on it.
 */
#ifndef BLACKOUT_SPOTFIXTURE_H
#define BLACKOUT_SPOTFIXTURE_H

#include <math.h>
#include <string.h>

#include "blackout/verdict/spot.h"

#define NEAR(x, want, tol) (fabs((x) - (want)) <= (tol))
#define NB 4
/* A round two days after the fixture's first: its hours are learned. */
#define NOW (2 * HOURS_LEARNED_NS)

/* A round of one target of NB adaptive /24s, each with A(b) = avail. */
struct fixture {
	struct plan plan;
	struct plan_target tg;
	struct plan_block blk[NB];
	struct block_memory bm[NB];
	struct target_memory tm;
	struct target_summary out;
	struct block_summary bs[NB];
};

static inline void
setup(struct fixture *f, double avail)
{
	size_t b;

	memset(f, 0, sizeof(*f));
	f->plan.tg = &f->tg;
	f->plan.n_tg = 1;
	f->plan.blk = f->blk;
	f->plan.n_blk = NB;
	f->tg.n_blk = NB;
	f->tm.blocks = f->bm;
	f->tm.n_blocks = NB;
	f->tm.first_ns = 1;
	f->out.blocks = f->bs;
	f->out.n_blocks = NB;
	for (b = 0; b < NB; b++) {
		f->blk[b].index = (uint32_t)b;
		f->blk[b].mode = MODE_ADAPTIVE;
		f->bm[b].avail = avail;
		f->bs[b].state = STATE_UP;
	}
}

/* The round's suspicion, the target looked at now (classify.c). */
static inline double
llr_now(const struct fixture *f)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_round_llr(&f->plan, &f->plan.tg[0], &lk);
}

/* spot_classify of the fixture's round, fed its own ratio as the
 * classifier feeds it (no A(b) is learned here). */
static inline void
classify_round(struct fixture *f)
{
	spot_classify(&f->plan, 0, &f->tm, llr_now(f), &f->out);
}

/* What a check of block b planned now expects (spotcheck_schedule). */
static inline double
check_avail_now(const struct fixture *f, uint32_t b)
{
	struct spot_look lk;

	spot_look(&lk, &f->tm, NOW);
	return spot_check_avail(&lk, b);
}

/* This round: each block checked `sent` addresses, `ok` answering; the
 * verdict so far up. */
static inline void
round_with_check(struct fixture *f, unsigned sent, unsigned ok)
{
	size_t b;

	for (b = 0; b < NB; b++) {
		f->blk[b].spot = sent;
		f->blk[b].spot_sent = sent;
		f->blk[b].spot_ok = ok;
		/* all but one answer came at the first probe */
		f->blk[b].spot_first_ok = ok > 0 ? ok - 1 : 0;
		f->blk[b].spot_avail = check_avail_now(f, (uint32_t)b);
	}
	f->out.state = STATE_UP;
	strcpy(f->out.reason, "all up");
	classify_round(f);
}

/* The same check again, with the spot_first_ok the caller set. */
static inline void
spot_pool_again(struct fixture *f)
{
	f->out.state = STATE_UP;
	classify_round(f);
}

/* This round: a check of n addresses over the target, x answering, first
 * of them at the first probe (all in the first block, as the test pools
 * the target's blocks). */
static inline void
round_with_tally(struct fixture *f, unsigned n, unsigned x, unsigned first)
{
	size_t b;

	for (b = 0; b < NB; b++)
		f->blk[b].spot = f->blk[b].spot_sent = f->blk[b].spot_ok = 0;
	f->blk[0].spot = f->blk[0].spot_sent = n;
	f->blk[0].spot_ok = x;
	f->blk[0].spot_first_ok = first;
	f->blk[0].spot_avail = check_avail_now(f, 0);
	f->out.state = STATE_UP;
	strcpy(f->out.reason, "all up");
	classify_round(f);
}

/* What checks that found nothing taught of a target whose hosts draw
 * afresh for every probe: the retries answer as the first probes do. */
static inline void
learned_afresh(struct fixture *f)
{
	f->tm.spot.quiet_n = 100;
	f->tm.spot.quiet_first = 60;
	f->tm.spot.quiet_again = 24;
}

static inline void
round_without_check(struct fixture *f, enum target_state state)
{
	size_t b;

	for (b = 0; b < NB; b++)
		f->blk[b].spot = f->blk[b].spot_sent = f->blk[b].spot_ok = 0;
	f->out.state = state;
	strcpy(f->out.reason, "verdict");
	classify_round(f);
}

#endif /* BLACKOUT_SPOTFIXTURE_H */

/*
 * belief.h - the statistics behind the verdicts, kept apart so they can be
 * checked against hand-computed values.
 *
 * Trinocular's belief update (Quan, Heidemann, Pradkin, SIGCOMM 2013): B is
 * the belief that a /24 is up, A the chance that an ever-responsive address
 * of an up block answers one probe, and eps the chance of an answer from a
 * down block. After a reply:   B <- A*B / (A*B + eps*(1-B));
 * after silence:               B <- (1-A)*B / ((1-A)*B + (1-eps)*(1-B)).
 * B is clamped to [BELIEF_MIN, BELIEF_MAX] so that no single observation is
 * final; up above BELIEF_UP, down below BELIEF_DOWN.
 *
 * struct block_belief carries one /24's belief through a round; it is the
 * only place that applies the update and the thresholds to a block.
 */
#ifndef BLACKOUT_BELIEF_H
#define BLACKOUT_BELIEF_H

#include <stdbool.h>
#include <stdint.h>

#define BELIEF_EPSILON ((1.0 - 0.01) / 256.0) /* CAIDA's Trinocular value */
#define BELIEF_MIN 0.01
/*
 * An up block's belief tops out at 0.999, not Trinocular's 0.99: from
 * 0.99 about 1 round in 900 of an up block ends down by chance whatever
 * A(b) is (the silences needed grow as A falls, their chance falls to
 * match); from 0.999, about 1 in 9,000.
 */
#define BELIEF_MAX 0.999
#define BELIEF_UP 0.9
#define BELIEF_DOWN 0.1
/*
 * A block that ended a round believed down starts the next one at this
 * belief: one reply then proves it up, and it is settled down again only
 * after enough silences that an up block would have answered one with a
 * chance of about 99% (3 at A = 0.8, 7 at A = 0.5). From BELIEF_MIN a
 * single silence would settle it, and a block that came back would stay
 * "down" another round with chance 1 - A.
 */
#define BELIEF_RECHECK 0.9
/*
 * A block whose belief only fell this round (no reply yet) may go on past
 * its budget, up to this many probes, to reach a verdict: at low A(b) the
 * silences that prove a block down are more than 15 (29 at A = 0.36),
 * and stopping short would leave a real outage unknown. It holds the 90
 * that take BELIEF_MAX below BELIEF_DOWN at AVAIL_SPARSE, the lowest A
 * judged, so a block that starts the round believed up and hears nothing
 * ends it with a verdict (one re-opened by belief_reopen() after its
 * first silences may not, at the lowest A): at 64, a
 * diurnal /24 at its trough (A(b) 0.35, judged at half of it less the
 * margin, 0.13, which needs 68) was left unknown and called down a round
 * late (diurnal-14d, 2 runs of 240). It costs only in the rare round
 * where an up block draws a long run of silences, and in the round an
 * outage begins.
 */
#define BELIEF_DOWN_BUDGET 96
/*
 * A is learned from what the block answered; a block that always answered
 * every probe would otherwise have A = 1, and one lost reply would prove it
 * down. The cap means a block believed up (0.99) needs five silent probes in
 * a row to be called down: a 10% loss rate does that once in 100,000 tries.
 */
#define AVAIL_MAX 0.8
#define AVAIL_SPARSE 0.1 /* below this a block is too sparse to judge */
/*
 * The belief is updated with A(b) times this margin, not A(b) itself.
 * A(b) is a running estimate (one probe's outcome a round, weight 0.05)
 * and wanders by about +-0.08; a silence counts for more the higher A is,
 * so an A estimated 0.15 too high makes an up block's false "down" some
 * 20 times likelier. Taking three quarters of it costs a few more
 * silences to prove a real outage.
 */
#define AVAIL_MARGIN 0.75

/* The belief after one observation (reply or silence) with availability a. */
double belief_update(double b, double a, bool reply);

/*
 * One /24's belief as a round goes: where it started, what each adaptive
 * probe showed, and whether it is settled. The wave loop observes each
 * probe that left; the classifier reads the result.
 */
struct block_belief {
	double avail;	   /* A(b) x AVAIL_MARGIN at round start; <0 unknown */
	double belief;	   /* B(b), after the observations so far */
	bool resolved;	   /* settled: no more probes this round */
	int first_outcome; /* first observation: 1 reply, 0 silence, -1 none */
	unsigned observed, positives; /* observations, and replies among them */
};

/* Where a belief stands against the thresholds. */
enum belief_verdict {
	BELIEF_UNSURE,	  /* between BELIEF_DOWN and BELIEF_UP */
	BELIEF_SAYS_UP,	  /* above BELIEF_UP */
	BELIEF_SAYS_DOWN, /* below BELIEF_DOWN */
};

/*
 * Starts a round's belief at belief with availability avail (<0 unknown);
 * a belief below BELIEF_DOWN starts at BELIEF_RECHECK.
 */
void belief_start(struct block_belief *bb, double belief, double avail);

/*
 * A target's blocks believed down are re-checked together. An outage's end
 * brings them back together, and it is missed only if every one of them
 * stays silent: each starts at the belief that makes that as unlikely as
 * one block's re-check from BELIEF_RECHECK (about 1.2%), so each needs
 * fewer silences (at n_down = 4, from 0.25: 2 at A = 0.5 where a lone block
 * needs 7). A lone block coming back is missed with chance at most
 * BELIEF_POOL_MISS a round, and one reply still proves a block up (A >
 * 0.16). Once any of them answers, the others are re-checked alone
 * in the same round (belief_reopen(): probe/spotcheck.c): from
 * BELIEF_REOPEN when at least a quarter of them answered, else from
 * BELIEF_RECHECK.
 */
#define BELIEF_POOL_MISS 0.5
double belief_recheck_start(unsigned n_down);

/* As belief_start(), a block believed down starting at recheck. */
void belief_start_at(struct block_belief *bb, double belief, double avail,
		     double recheck);

/*
 * Where a block left down starts again when at least a quarter of its
 * target's blocks down at the round's start came back in it: the outage
 * is ending, so it is re-checked as a block believed up is, and settled
 * down only after the silences that would prove an up block down (about
 * 1 in 9,000 of them by chance; 14 at A = 0.5, where BELIEF_RECHECK
 * needs 7). From BELIEF_RECHECK, a /24 left "down" a round after the
 * others by chance ended North Korea's 12:40 outage (30% loss each way)
 * a round late on 23 runs of 240 (8 from here). It costs in that round
 * only, and for at most three blocks for each one that came back.
 */
#define BELIEF_REOPEN BELIEF_MAX

/* Makes a block left down a lone re-check: back to belief (BELIEF_REOPEN,
 * or BELIEF_RECHECK when few of the target's blocks came back:
 * spotcheck.h) and unresolved, its observations so far kept. */
void belief_reopen(struct block_belief *bb, double belief);

/*
 * True while the block wants another probe, having had `probes` of a
 * budget of `budget`: unresolved and within the budget, or, with no reply
 * yet this round, within BELIEF_DOWN_BUDGET.
 */
bool belief_wants_probe(const struct block_belief *bb, unsigned probes,
			unsigned budget);

/*
 * Applies one observation, a reply or a silence: counts it, remembers the
 * first, and updates the belief. The block is resolved once the belief is
 * past a threshold in the direction of this observation: a silence that
 * merely dents a confident "up" asks for another probe now rather than
 * leaving the block to next round. Once resolved, it stays resolved.
 */
void belief_observe(struct block_belief *bb, bool reply);

/* The block's state by the thresholds: up, down or unsure. */
enum belief_verdict belief_judge(const struct block_belief *bb);

/*
 * One-sided binomial test: the probability of x or fewer successes in n
 * trials with success probability p (exact, through log-gamma). Returns 1
 * when n == 0.
 */
double binomial_cdf(uint64_t x, uint64_t n, double p);

#endif /* BLACKOUT_BELIEF_H */

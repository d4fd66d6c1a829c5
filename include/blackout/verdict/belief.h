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
 */
#ifndef BLACKOUT_BELIEF_H
#define BLACKOUT_BELIEF_H

#include <stdbool.h>
#include <stdint.h>

#define BELIEF_EPSILON ((1.0 - 0.01) / 256.0) /* CAIDA's Trinocular value */
#define BELIEF_MIN 0.01
#define BELIEF_MAX 0.99
#define BELIEF_UP 0.9
#define BELIEF_DOWN 0.1
/*
 * A is learned from what the block answered; a block that always answered
 * every probe would otherwise have A = 1, and one lost reply would prove it
 * down. The cap means a block believed up (0.99) needs five silent probes in
 * a row to be called down: a 10% loss rate does that once in 100,000 tries.
 */
#define AVAIL_MAX 0.8
#define AVAIL_SPARSE 0.1 /* below this a block is too sparse to judge */

/* The belief after one observation (reply or silence) with availability a. */
double belief_update(double b, double a, bool reply);

/*
 * One-sided binomial test: the probability of x or fewer successes in n
 * trials with success probability p (exact, through log-gamma). Returns 1
 * when n == 0.
 */
double binomial_cdf(uint64_t x, uint64_t n, double p);

#endif /* BLACKOUT_BELIEF_H */

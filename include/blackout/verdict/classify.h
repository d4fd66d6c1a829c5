/*
 * classify.h - from a finished round to verdicts, and what the round
 * teaches the baseline.
 *
 * Per /24 sub-block b, by how it was probed:
 *   census   up if any address answered; down if none did although E(b)
 *            was not empty; unknown when it never answered (no baseline);
 *   adaptive Trinocular's belief: up above 0.9, down below 0.1, otherwise
 *            unknown (budget spent while uncertain);
 *   sparse   (|E(b)| < 4 or A(b) < 0.1) up if any of E(b) answered, down
 *            only when all of E(b) stayed silent through the retries.
 * A block is judged when it has ever answered. Per target:
 *   up       every judged block up, and the responsive count of a census
 *            not significantly below the baseline (one-sided binomial test
 *            at p < 0.001), or below it only because ICMP answers were
 *            rate-limited: the silent addresses, re-probed slowly,
 *            answered (recheck.h);
 *   partial  some judged blocks down while others up, or that count
 *            significantly low;
 *   down     every judged block down: a total outage;
 *   unknown  nothing judged yet, blocks still uncertain, or the vantage
 *            down: no route, or the controls all silent and no target
 *            address answering (then the baseline is left untouched: a
 *            local outage must not teach us that the target went dark).
 * Silence alone never marks a block that has never answered as down.
 */
#ifndef BLACKOUT_CLASSIFY_H
#define BLACKOUT_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/method.h"
#include "blackout/probe/plan.h"
#include "blackout/prefix.h"
#include "blackout/verdict/vocab.h"

#define BINOMIAL_ALPHA 0.001 /* significance of "below baseline" */

struct block_summary {
	struct prefix pfx;
	enum target_state state;
	enum block_mode mode;
	bool judged, sparse;
	/* this round's evidence changed its state from the baseline's (the
	 * state of the last round that reached it): --blocks changed */
	bool changed;
	uint32_t probed, responsive;
	uint32_t probes;	 /* probes sent to the block this round */
	uint32_t routing_errors; /* addresses with a routing-failure error */
	uint32_t ever;		 /* |E(b)| after this round */
	double avail, belief;	 /* after this round; avail < 0 unknown */
	uint32_t method_resp[METHOD_MAX];
};

struct target_summary {
	enum target_state state;
	char reason[300];
	uint32_t probed, responsive, baseline;
	uint32_t blocks_up, blocks_down, blocks_unknown, blocks_judged;
	uint32_t blocks_unprobed; /* judged, but no probe reached them */
	struct block_summary *blocks;
	size_t n_blocks;
	bool has_belief;
	double belief; /* mean belief of the judged blocks */
	double pvalue; /* binomial test of a census; < 0 when not run */
	bool has_rtt;
	double rtt_min, rtt_median, rtt_max;
	struct event_info event;
	struct instability instab;
	int64_t since_ns; /* when the current state began */
};

struct target_memory;

/*
 * The vantage state from the round's records: up when any address,
 * control or target, gave a live answer; down when none did and either a
 * send failed for want of a route (ENETUNREACH, EHOSTUNREACH) or every
 * control stayed silent through its waves; unknown without controls.
 */
enum vantage_state classify_vantage(const struct plan *plan);

/*
 * Summarizes plan target ti at time now_ns and applies what the round
 * showed to tm: E(b), A(b), B(b) and the /24 states, unless the vantage is
 * down or nothing reached the block; the target's state, history and open
 * outage always (an unknown round is part of the record). Sorts its RTT
 * samples in place. The caller frees the summary with target_summary_free().
 */
void classify_target(struct plan *plan, size_t ti, enum vantage_state vantage,
		     struct target_memory *tm, int64_t now_ns,
		     struct target_summary *out);

void target_summary_free(struct target_summary *s);

/*
 * The census test before the verdict, for the recheck (recheck.h): true
 * when every block of plan target ti is a census, some of E(b) answered
 * and the x of n E(b) addresses probed that answered (filled in either
 * way) are significantly below tm's census availability.
 */
bool classify_census_short(const struct plan *plan, size_t ti,
			   const struct target_memory *tm, uint32_t *n,
			   uint32_t *x);

/*
 * The recheck's one-sided binomial test: x of n E(b) addresses answered a
 * census whose baseline share is avail, and k of m of the silent ones
 * answered when re-probed slowly. Of the silent, an all-up target would
 * have (avail * n - x) / (n - x) answer; returns P(k or fewer answer)
 * under that share (1 when nothing was re-probed). Below BINOMIAL_ALPHA
 * the silence is real: a partial outage, not a rate limit.
 */
double classify_recheck_pvalue(double avail, uint32_t n, uint32_t x, uint32_t m,
			       uint32_t k);

/* True for ICMP type/code pairs that say the network path is broken. */
bool classify_is_routing_error(uint8_t type, uint8_t code);

/*
 * The exit status for a set of target states: 2 if any is down, else 1 if
 * any is partial, else 3 if any is unknown, else 0.
 */
int classify_exit_status(const enum target_state *states, size_t n);

#endif /* BLACKOUT_CLASSIFY_H */

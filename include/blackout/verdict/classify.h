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
#include "blackout/verdict/accum.h"
#include "blackout/verdict/spotlook.h"
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
	int64_t since_ns; /* when the current state began; 0 when cut */
	bool cut; /* a signal cut the round short: no round of the record */
};

struct target_memory;

struct census_test {
	bool run;      /* every judged block was a census */
	uint32_t n, x; /* E addresses probed, and answering */
	bool capped;   /* ... fewer because ICMP answers were rate-limited */
	struct recheck rc; /* the last recheck that ran (probed > 0) */
	/* Its E(b) paced under a known cap (plan_target.pace), and the cap;
	 * 0: at full speed. */
	double pace, cap;
};

/* What a target's blocks add up to, beyond the summary fields. */
struct target_tally {
	struct census_test ct;	 /* E(b) in a census: the binomial test */
	struct census_test rate; /* E(b) probes sent and answered */
	uint32_t routing;	 /* addresses with a routing-failure error */
	double bsum;		 /* the judged blocks' beliefs, summed */
	/* A watch round's /24s carried through it; /24s back from down
	 * and still watched after the round (block_is_watched); a /24
	 * changed that the last watch round may not have probed; and one
	 * up and watched that went down again, which it did probe (the
	 * others that went are taken to have gone with it: watch.h). */
	uint32_t carried, after;
	bool unwatched_change, watched_went;
};

/*
 * A target's round as its windows add it up (a target wider than one
 * window is planned in parts of its /24s, prober.c): the block summaries
 * in the target's order and the target-level sums, until
 * classify_finish() makes the verdict once, after its last window.
 */
struct target_acc {
	struct target_summary sum; /* blocks so far, and their counts */
	struct target_tally tt;
	struct target_stats st; /* the windows' counters summed (no RTTs) */
	struct rtt_hist rtt;	/* the windows' RTTs, binned */
	const struct target_stats *whole; /* classify_target: the one's */
	unsigned flips, windows;
	enum vantage_state vantage; /* up if any window's was, ... */
	bool cut; /* a window's plan was cut short by a signal (plan.cut) */
	uint64_t route_errors; /* summed; the last window's errno */
	int route_errno;
	const struct plan *plan; /* the last window's plan, and the target */
	size_t ti;		 /* in it: for the spot check (spot.h) */
	double spot_llr;	 /* its round's suspicion, before learning */
	/* The target as the round found it, at its first window: what the
	 * suspicion is weighed against and how much the round teaches. */
	struct spot_look look;
};

/*
 * The vantage state from the round's records: up when any address,
 * control or target, gave a live answer; down when none did and either a
 * send failed for want of a route (ENETUNREACH, EHOSTUNREACH) or every
 * control stayed silent through its waves; unknown without controls, or
 * when a signal cut their waves short (plan.cut).
 */
enum vantage_state classify_vantage(const struct plan *plan);

/*
 * Summarizes plan target ti at time now_ns and applies what the round
 * showed to tm: E(b), A(b), B(b) and the /24 states, unless the vantage is
 * down or nothing reached the block; the target's state, history and open
 * outage always (an unknown round is part of the record). A plan cut short
 * by a signal (plan.cut) is no round of the record: the target is unknown
 * and tm is left as it was. Sorts its RTT samples in place. The caller
 * frees the summary with target_summary_free().
 */
void classify_target(struct plan *plan, size_t ti, enum vantage_state vantage,
		     struct target_memory *tm, int64_t now_ns,
		     struct target_summary *out);

/*
 * classify_target() in steps, for a target planned in several windows:
 * begin, then per window judge and teach its /24s (each on the memory it
 * had when the round began) and add its counters to acc (the window's
 * vantage decides whether its /24s learn), then finish: RTT summary,
 * verdict, census availability, the target's history and event, as
 * classify_target() does them. finish hands the summary to *out (free it
 * with target_summary_free()); acc->st stays for the round line until
 * classify_acc_free().
 */
void classify_begin(struct target_acc *acc);
void classify_window(struct target_acc *acc, struct plan *plan, size_t ti,
		     enum vantage_state vantage, struct target_memory *tm,
		     int64_t now_ns);
void classify_finish(struct target_acc *acc, struct target_memory *tm,
		     int64_t now_ns, struct target_summary *out);
void classify_acc_free(struct target_acc *acc);

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

/*
 * The rate-limit signature (recheck.h): the census fell short, and the
 * silent E(b) addresses re-probed slowly answered as they would if the
 * whole target were up.
 */
bool classify_census_capped(const struct target_memory *tm,
			    const struct census_test *ct);

/* The reason of a target the recheck found capped. */
void classify_say_capped(struct target_summary *s,
			 const struct census_test *ct);

/* Appends what the recheck showed, when one ran, to a partial reason. */
void classify_say_recheck(struct target_summary *s,
			  const struct census_test *ct);

/* Appends how a target with a known cap was paced to its reason. */
void classify_say_paced(struct target_summary *s, const struct census_test *ct);

/*
 * What the round, whose verdict is state, taught of a router's cap on the
 * target's ICMP answers (probe/recheck.h): a recheck that showed one
 * measures it (at least RECHECK_PPS); a round paced under it counts
 * toward the next at full speed (PACE_RETEST); a round at full speed that
 * is all up met none, or, adaptive, could not measure it, so the cap is
 * forgotten, and one that is not says nothing of it, so the pacing goes
 * on.
 */
void classify_learn_cap(struct target_memory *tm, const struct census_test *ct,
			enum target_state state);

/* True for ICMP type/code pairs that say the network path is broken. */
bool classify_is_routing_error(uint8_t type, uint8_t code);

/*
 * The exit status for a set of target states: 2 if any is down, else 1 if
 * any is partial, else 3 if any is unknown, else 0.
 */
int classify_exit_status(const enum target_state *states, size_t n);

#endif /* BLACKOUT_CLASSIFY_H */

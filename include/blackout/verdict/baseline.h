/*
 * baseline.h - what blackout remembers about each target between rounds and
 * between runs (through the state file, see statefile.h).
 *
 * Per /24 sub-block b: E(b), the addresses ever seen responsive, with the
 * method that last worked for each (its "hint", so the adaptive rounds spend
 * one probe per address); A(b), the availability (the chance one probe to
 * an E(b) address is answered while b is up); B(b), Trinocular's belief
 * that b is up; and b's last state. Per target: its last state and since
 * when, the open outage if any, and a short history for instability.
 *
 * Memory is a fixed 216 bytes per /24 (struct block_memory: a /16 target
 * costs 54 KiB, a million /24s 206 MiB), whatever the round probes. The
 * budget is 256 bytes per /24; BLOCK_MEMORY_BUDGET states it and a static
 * assertion keeps it:
 *
 *	E(b), a bit per host				 32
 *	hints, 4 bits per host (block_hint)		128
 *	A(b), B(b), doubles				 16
 *	A(b) by UTC hour (avail_hour)			 24
 *	|E(b)|, state, censused, watch_left		  8
 *	the last spot check's silent hosts (silent)	  8
 *	------------------------------------------------------
 *	today						216
 *	left for per-/24 fields (a sequential test's
 *	  statistic...)					 40
 *
 * A field added here must fit what is left, and say so in this table.
 */
#ifndef BLACKOUT_BASELINE_H
#define BLACKOUT_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/prefix.h"
#include "blackout/probe/targets.h"
#include "blackout/verdict/vocab.h"

#define HISTORY_LEN 24	   /* rounds in the instability window */
#define ADAPTIVE_BUDGET 15 /* Trinocular's probes per /24 per round */
#define AVAIL_ALPHA 0.05   /* weight of one new observation in A(b) */
/* Regular rounds a /24 back from down is still watched (prober.h): an
 * outage's /24s often go again, and a watch round times the start. Two
 * hours and 12 minutes at the default interval: at 6 (an hour), a /24
 * dark 30 minutes of every 2 hours (North Korea's flaps) was no longer
 * watched when it went again, and those starts were known to half a
 * round only. */
#define WATCH_AFTER_ROUNDS 12

/* The bytes per /24 that struct block_memory must stay within. */
#define BLOCK_MEMORY_BUDGET 256
#define BLOCK_SILENT_MAX 7 /* a check's addresses per /24, SPOT_MAX */
/* Hints hold 1 + a run method index in 4 bits: methods 0 to 14. */
#define BLOCK_HINT_MAX 15
/* Levels of an hour's A(b): 1 to 31 (5 bits with 0, unknown). */
#define AVAIL_LEVELS 31

struct block_memory {
	double avail; /* A(b); negative until learned */
	/* A(b) by UTC hour of the day, for blocks whose availability
	 * follows the day (man/blackout.8, "Diurnal blocks"): 0 unknown,
	 * else a level of avail_level_value(), 1 to AVAIL_LEVELS. The state
	 * file keeps 5 bits an hour. 24 bytes. */
	uint8_t avail_hour[24];
	double belief;		 /* B(b) */
	uint8_t ever[32];	 /* E(b): bit per host offset */
	uint8_t hint[128];	 /* per host, 4 bits: see block_hint() */
	enum target_state state; /* STATE_UP, STATE_DOWN or STATE_UNKNOWN */
	uint16_t n_ever;
	bool censused; /* E(b) was built by at least one census */
	/* Regular rounds left in which this /24, back up from down, is
	 * still watched (watch.h; blockcodec.h, type 4). */
	uint8_t watch_left;
	/* The hosts of the last spot check of this /24 that answered
	 * neither probe, while its target's pool of checks waits for the
	 * next (spot.h, "silences that stay"): the next check probes them
	 * again, in this run or the next (blockcodec.h, type 3). */
	uint8_t silent[BLOCK_SILENT_MAX];
	uint8_t n_silent;
};

_Static_assert(sizeof(struct block_memory) <= BLOCK_MEMORY_BUDGET,
	       "struct block_memory over its per-/24 budget (baseline.h)");

/*
 * How a round looked at a target: at every /24; at some (a watch round
 * that probed only the /24s it watches, and carried the others' states);
 * or at every /24, with a change in one that the last round, looking at
 * some, did not probe: that round says nothing of when it changed.
 */
enum round_look { LOOK_ALL, LOOK_SOME, LOOK_PAST_SOME };

struct history_entry {
	int64_t time_ns;
	uint8_t state;	       /* enum target_state */
	uint8_t block_changes; /* /24s whose state changed that round */
	uint8_t look;	       /* enum round_look (a file: "history_some") */
	/* Nothing answered, the vantage not down, every /24 looked at: the
	 * round was silence, whatever the state (kept in the state file). */
	uint8_t silent;
	float rate; /* fraction of E(b) probes answered; <0 none */
};

/*
 * The partial test's memory (spot.h), per target: the suspicion that a
 * share of E(b) went dark, and what the last spot check found.
 */
struct spot_memory {
	double suspicion; /* CUSUM of log-likelihood ratios, >= 0 */
	bool due;	  /* the next round spot-checks the target */
	bool partial;	  /* the last spot check found the target partial */
	uint8_t wait;	  /* adaptive rounds to the next check while partial */
	bool pending;	  /* the last check was in doubt: x, n, expect wait
			   * to be pooled with the next one's */
	uint8_t checks;	  /* checks pooled in x, n, first, expect */
	/* Not in doubt, but the pool kept while the suspicion, which the
	 * checks now feed, stays above 0 (spot.h, a target whose hosts
	 * may stay away) */
	bool open;
	uint32_t x, n;	     /* the last check, or pool: answered, checked */
	uint32_t first;	     /* ... answering the first probe */
	double expect, p;    /* ... answers expected, and its p-value */
	double expect_first; /* ... first answers expected */
	/* While partial: the checks' answering addresses, pooled since the
	 * check that found it, that answered the first probe, and only the
	 * retry (the live hosts' own answer rate, spot.h) */
	uint32_t live_first, live_retry;
	/* Checks that found nothing (a check not in doubt, or a pool closed
	 * without finding the target partial: all its checks), summed with
	 * a decay of SPOT_QUIET_DECAY a check or pool (spot.h): addresses
	 * checked, answering the first probe, answering only the retry (the
	 * retried are the addresses less the first answers) */
	double quiet_n, quiet_first, quiet_again;
	/* The round whose check was in doubt, of the pool being judged or
	 * that found the target partial, and the judged round before it
	 * (spot_onset()); sign_ns 0 for none */
	int64_t calm_ns, sign_ns;
	/* Of the pool's checks after its first: addresses that answered
	 * neither probe of the check before, probed again, and those of
	 * them that answered (spot.h, "silences that stay") */
	uint32_t again_n, again_x;
};

struct target_memory {
	char *name;
	/* The target's prefixes, sorted (a copy): memory is kept only for
	 * the same address space. Blocks are numbered over all of them. */
	struct prefix *prefixes;
	size_t n_prefixes;
	struct block_memory *blocks;
	uint32_t n_blocks;
	bool has_state;
	enum target_state state;
	int64_t since_ns; /* when state was entered */
	bool in_outage;
	int64_t outage_start_ns;
	/* The rounds the start rests on (event_info.start_after_ns) */
	int64_t outage_after_ns, outage_by_ns;
	enum target_state outage_scope; /* STATE_PARTIAL or STATE_DOWN */
	double census_avail; /* share of E answering a census; <0 unknown */
	/* A router's cap on its ICMP answers, answers a second, as the last
	 * recheck that showed one measured it (0: none known), and the
	 * rounds paced under it since (probe/recheck.h). */
	double cap_pps;
	uint32_t cap_rounds;
	/* The first round that judged it; 0 before. A day after, every
	 * hour of the day has taught its A(b) (target_knows_hours). */
	int64_t first_ns;
	struct spot_memory spot;
	/* The last round left it in an outage with a /24 down: the next
	 * watch round probes it (prober.h), not kept in the state file;
	 * and the outage has shown signs of one inside the /24s
	 * (spot_quiet() false), kept when true. */
	bool watch, outage_inside;
	/* How the round being observed looked at it (enum round_look),
	 * set by the classifier for target_memory_observe, which resets
	 * it. Not kept in the state file. */
	uint8_t look;
	/* The round being observed was silent (history_entry.silent), set
	 * and reset likewise. */
	bool silent;
	/* When the round being observed was done with the target (its
	 * last wait over), set and reset likewise; 0: at its start. */
	int64_t ended_ns;
	struct history_entry hist[HISTORY_LEN];
	unsigned n_hist; /* entries used, oldest first from hist_first */
	unsigned hist_first;
};

/* Counters of every round ever run with this state file (--metrics). */
struct run_totals {
	uint64_t sent, replies, invalid, pcap_drops;
};

struct baseline {
	struct target_memory *t; /* same order as the target set */
	size_t n;
	uint32_t last_round; /* rounds already run, across runs */
	/* The vantage whose state this is: the state file refuses to be
	 * used under another name. Empty when not known. */
	char vantage[VANTAGE_NAME_MAX + 1];
	struct run_totals totals;
	int hour;	/* UTC hour of the day of the round being planned; -1 */
	int64_t now_ns; /* ... and its start; 0 */
	bool watching;	/* the round being planned is a watch round */
	uint32_t watch_rounds; /* watch rounds this run (prober.h) */
};

/* Fresh memory (no history) for every target of set. */
void baseline_init(struct baseline *bl, const struct target_set *set);

/* Whether tm is about exactly the n prefixes p (sorted as a target's). */
bool target_memory_same_space(const struct target_memory *tm,
			      const struct prefix *p, size_t n);

/* Resets one target's memory to nothing known. */
void target_memory_reset(struct target_memory *tm);

void baseline_free(struct baseline *bl);

static inline bool
block_is_ever(const struct block_memory *bm, unsigned host)
{
	return (bm->ever[host >> 3] >> (host & 7)) & 1;
}

/*
 * The hint of host: 1 + the run method index that last answered it, or 0
 * for none. Hosts are packed two to a byte, the even one low.
 */
static inline uint8_t
block_hint(const struct block_memory *bm, unsigned host)
{
	return (uint8_t)((bm->hint[host >> 1] >> ((host & 1) * 4)) & 0xf);
}

/*
 * Sets the hint of host (0 to BLOCK_HINT_MAX). A larger one, the 16th
 * method of a run, cannot be kept: the host gets no hint, and adaptive
 * rounds probe it with the first method, as a host without one.
 */
static inline void
block_set_hint(struct block_memory *bm, unsigned host, uint8_t hint)
{
	unsigned shift = (host & 1) * 4;

	if (hint > BLOCK_HINT_MAX)
		hint = 0;
	bm->hint[host >> 1] = (uint8_t)((bm->hint[host >> 1] &
					 ~(0xfu << shift)) |
					((unsigned)hint << shift));
}

/* Adds host to E(b) (if new) and records the method that answered. */
void block_mark_ever(struct block_memory *bm, unsigned host, uint8_t hint);

/* The UTC hour of the day (0-23) at now_ns. */
int baseline_hour(int64_t now_ns);

/*
 * The A(b) a round at UTC hour `hour` uses: the lower of A(b) and what the
 * hours of the day have shown (the day's first harmonic through all 24
 * once they are learned, less a margin; before, the mean of that hour and
 * its two neighbours, as far as learned), but not below half of A(b); A(b)
 * alone when no hour near is learned (and for hour < 0). The belief takes
 * its margin of either.
 */
double block_avail_at(const struct block_memory *bm, int hour);

/*
 * The same with the hours' fit itself, not less the margin: what a check
 * of a partial target that does not answer well expects of an all-live
 * one (spot.h), where the margin, a guard against a false start, would
 * bring on a false end.
 */
double block_avail_fit(const struct block_memory *bm, int hour);

/*
 * An hour's A(b) as a level and back. The levels are even steps of 0.3
 * in logit(A) around 0.5 (level 16), from 0.011 (level 1) to 0.989
 * (31): fine towards 0 and 1, where one round's update is small, so
 * that the hour's moving average, rounded to a level after every round,
 * still follows a steady answer rate (bias under 0.01 from 0.05 to
 * 0.97, where a linear 5-bit scale stalls 0.03 to 0.07 low from 0.9).
 */
double avail_level_value(uint8_t level);
uint8_t avail_level_of(double a);

/* A day: once a target has been judged for one, each hour of the day has
 * taught its A(b) some rounds (target_knows_hours). */
#define HOURS_LEARNED_NS (24 * 3600 * 1000000000LL)

/*
 * Whether tm's hours are learned at now_ns: its first round is a day or
 * more before. Until then an hour's A(b) is A(b) as the last rounds of
 * other hours left it, and a diurnal block's trough is still to come.
 */
bool target_knows_hours(const struct target_memory *tm, int64_t now_ns);

/* Teaches the hour's A(b) one adaptive round's first outcome. */
void block_learn_hour(struct block_memory *bm, int hour, bool answered);

/*
 * Whether block b teaches its hours in the round at now_ns, at weight (of
 * 1): in that share of rounds, drawn from the round's minute and the block
 * (the same on every replay). An hour's value is one of 31 levels, and a
 * step smaller than AVAIL_HOUR_ALPHA would stall it short of the answer
 * rate.
 */
bool block_learns_hour(int64_t now_ns, uint32_t b, double weight);

/*
 * A block is too sparse to judge by belief: its learned A(b) is below
 * AVAIL_SPARSE. A small E(b) alone is no reason: a block of one or two
 * hosts is judged by belief like any other, going round its E(b) again
 * within the round (see man/blackout.8, "Sparse blocks").
 */
bool block_is_sparse(const struct block_memory *bm);

/*
 * Applies a round's verdict at now_ns: history, the state and since when,
 * and the outage bookkeeping. Fills ev with the event this makes (if any)
 * and ins with the instability over the window that now ends.
 */
void target_memory_observe(struct target_memory *tm, enum target_state state,
			   int64_t now_ns, unsigned block_changes, double rate,
			   struct event_info *ev, struct instability *ins);

/* The instability over the history window as it stands. */
void target_instability(const struct target_memory *tm,
			struct instability *ins);

/* Appends a history entry, dropping the oldest beyond HISTORY_LEN. */
void target_history_push(struct target_memory *tm,
			 const struct history_entry *e);

/* Whether any target remembers a round, and when the last one began. */
bool baseline_last_round_ns(const struct baseline *bl, int64_t *last);

/* The i-th entry, oldest first. */
const struct history_entry *target_history_at(const struct target_memory *tm,
					      unsigned i);

#endif /* BLACKOUT_BASELINE_H */

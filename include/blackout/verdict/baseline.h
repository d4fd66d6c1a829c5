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
 * Memory is a fixed 300 bytes or so per /24: a /16 target costs 75 KiB.
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
#define SPARSE_MIN_EVER 4  /* fewer ever-responsive addresses: sparse */
#define ADAPTIVE_BUDGET 15 /* Trinocular's probes per /24 per round */
#define AVAIL_ALPHA 0.05   /* weight of one new observation in A(b) */

struct block_memory {
	uint8_t ever[32];  /* E(b): bit per host offset */
	uint8_t hint[256]; /* 1 + run method index that last answered; 0 none */
	uint16_t n_ever;
	double avail;		 /* A(b); negative until learned */
	double belief;		 /* B(b) */
	enum target_state state; /* STATE_UP, STATE_DOWN or STATE_UNKNOWN */
	bool censused;		 /* E(b) was built by at least one census */
};

struct history_entry {
	int64_t time_ns;
	uint8_t state;	       /* enum target_state */
	uint8_t block_changes; /* /24s whose state changed that round */
	float rate;	       /* fraction of E(b) probes answered; <0 none */
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
	enum target_state outage_scope; /* STATE_PARTIAL or STATE_DOWN */
	double census_avail; /* share of E answering a census; <0 unknown */
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

/* Adds host to E(b) (if new) and records the method that answered. */
void block_mark_ever(struct block_memory *bm, unsigned host, uint8_t hint);

/* A block is too sparse to judge by belief. */
bool block_is_sparse(const struct block_memory *bm);

/*
 * Applies a round's verdict at now_ns: history, the state and since when,
 * and the outage bookkeeping. Fills ev with the event this makes (if any)
 * and ins with the instability over the window that now ends.
 */
void target_memory_observe(struct target_memory *tm, enum target_state state,
			   int64_t now_ns, unsigned block_changes, double rate,
			   struct event_info *ev, struct instability *ins);

/* Appends a history entry, dropping the oldest beyond HISTORY_LEN. */
void target_history_push(struct target_memory *tm,
			 const struct history_entry *e);

/* The i-th entry, oldest first. */
const struct history_entry *target_history_at(const struct target_memory *tm,
					      unsigned i);

#endif /* BLACKOUT_BASELINE_H */

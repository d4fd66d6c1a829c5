/*
 * logfile.h - reading back the JSON lines blackout wrote, for
 * `blackout report`.
 *
 * A log may hold several runs appended one after the other, lines of other
 * programs, and broken lines (a disk that filled up, a copy cut short).
 * Lines that are not a run, round or event line with the keys the report
 * needs are skipped and counted, never fatal: a report of a damaged log is
 * worth more than none. Blank lines are not counted.
 *
 * Rounds and events are grouped by target name and vantage (the
 * "vantage_name" of the lines; "" when they have none, as in logs older
 * than vantage names), in the order of their first appearance;
 * logfile_finish() sorts each group's rounds and events by time (input
 * order breaks ties) and drops a round or event that repeats
 * the one before it (same time and shard, and same round number or same
 * kind and new state: a log read twice).
 *
 * Shards (--shard I/N) of one target and vantage are merged into whole
 * rounds: in time order, a merged round takes one round of each shard and
 * closes when a shard comes again. Its /24s are the union of the shards'
 * (listed as completely as the least complete shard lists them), their
 * counts the sums of the shards' ("block_counts" of compact lines), its
 * state follows from the counts (no /24 up or down: unknown; all down:
 * down; some down: partial; else up). The shards' event lines, each of
 * which saw part of the target, are kept for their estimates only
 * ("sharded"): outages come from the merged round states, their start and
 * end from the shards' estimates (summary.h).
 * Times are whole seconds since the epoch.
 */
#ifndef BLACKOUT_LOGFILE_H
#define BLACKOUT_LOGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "blackout/util.h"
#include "blackout/verdict/vocab.h"

/* One /24 of a round line (its blocks[] entry). */
struct logfile_block {
	char prefix[20];
	enum target_state state; /* up, down or unknown */
	bool counted; /* census, sparse or empty: responsive counts */
	bool looked;  /* probed this round ("probes" > 0, or none given) */
	uint32_t responsive, ever;
};

struct logfile_round {
	int64_t time;
	int64_t since; /* 0 when the line has none */
	/* when its probing ended: time plus "duration_s", whole seconds (the
	 * latest of a merged round's shards); time when the line has none */
	int64_t ends;
	uint32_t round;
	enum target_state state;
	struct logfile_block *blocks;
	size_t n_blocks;
	/* blocks holds every /24 of the target ("blocks_listed" "all", or
	 * absent: older logs), or every /24 that was not up ("not-up", with
	 * none omitted): a /24 missing from it was up. Else (changed, none,
	 * some omitted) a missing /24's state is not known. */
	bool blocks_all, blocks_not_up;
	/* /24s up, down and unknown: "block_counts" of a compact line, else
	 * those of blocks */
	uint32_t n_up, n_down, n_unknown;
	bool has_instab;
	struct instability instab;
	bool vantage_down; /* its vantage's controls were all silent */
	/* probed addresses and none answered, in a round of all the target's
	 * /24s (not a watch round); merged shards: every shard's */
	bool silent;
	bool watch; /* a watch round (of the /24s "looked" at) */
	uint32_t shard_index, shard_count; /* count 0: not sharded */
	size_t seq;			   /* input order */
};

struct logfile_event {
	int64_t time;
	enum event_kind kind;
	enum target_state from, to;
	enum target_state scope; /* PARTIAL, DOWN, or UNKNOWN when none */
	int64_t start;	    /* outage-start, -end: when it began (estimate) */
	int64_t end;	    /* outage-end: when it ended (estimate), else -1 */
	int64_t duration_s; /* outage-end: its length; else -1 */
	/* outage-start (start), outage-end (both): the most each may be
	 * off, from the times it lies between (start_after .. end_by); -1
	 * unknown */
	int64_t start_err_s, end_err_s;
	size_t seq;
};

struct logfile_target {
	char *name;
	char *vantage; /* "" when the lines name none */
	char *prefix;  /* the last one seen */
	/* "prefixes" of the last line: a target of several has no prefix */
	unsigned n_prefixes;
	struct logfile_round *rounds;
	size_t n_rounds, cap_rounds;
	struct logfile_event *events;
	size_t n_events, cap_events;
	bool sharded; /* rounds of shards merged; events kept for estimates */
};

struct logfile;

/*
 * How far an estimate est of a change that lies between times after and
 * by may be off: the farther of the two from it; -1 when after is unknown
 * (< 0) or est is not between them. An event line's edges and the
 * report's edges from round states both count so.
 */
int64_t logfile_edge_error(int64_t after, int64_t by, int64_t est);

/* Returns an empty log. */
struct logfile *logfile_new(void);

/*
 * Reads every line of f, named `name` in messages. Returns 0, or -1 with
 * err (status 66) when reading fails; the lines read until then are kept.
 */
int logfile_read(struct logfile *lf, FILE *f, const char *name,
		 struct bo_error *err);

/* Sorts and de-duplicates each target's rounds and events. */
void logfile_finish(struct logfile *lf);

size_t logfile_n_targets(const struct logfile *lf);
const struct logfile_target *logfile_target(const struct logfile *lf, size_t i);

/* Lines read (blank ones excepted), lines used, lines skipped. */
size_t logfile_lines(const struct logfile *lf);
size_t logfile_used(const struct logfile *lf);
size_t logfile_skipped(const struct logfile *lf);

/*
 * Where the first skipped line is ("log.jsonl:12"), or NULL when none was
 * skipped. The string belongs to lf.
 */
const char *logfile_first_skipped(const struct logfile *lf);

void logfile_free(struct logfile *lf);

#endif /* BLACKOUT_LOGFILE_H */

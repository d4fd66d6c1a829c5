/*
 * summary.h - what a log says about one target over a window of time: its
 * rounds, outages, availability and instability, for `blackout report`.
 *
 * The window is [since, until): a round belongs to it when its time is at
 * or after since and before until. Outages are read from the whole log, so
 * one that began before the window keeps its true start, and are kept when
 * they overlap the window.
 *
 * Outages come from the target's event lines when it has any (an
 * outage-end gives the exact start and duration, even when the start is in
 * an older log), else from its round states by blackout's own rule: an
 * outage begins with a partial or down round, goes on through unknown
 * rounds, and ends with the next up round; each edge dated as blackout
 * dates it (round_edge() in summary.c): half way between the round before
 * it that saw the target and the round that saw it, its error from the
 * first's start to the second's end. Its scope is total when the target
 * was down at any time during it, else partial. A sharded target's
 * outages come from its merged round states, and take their start and end
 * (and their errors) from the shards' event lines when they have them:
 * the earliest start estimate of the outage-start lines of the round the
 * outage begins in, the latest end estimate of the outage-end lines of
 * the round it ends in (blackout's midpoints, as an unsharded run's event
 * lines give).
 *
 * Availability leaves unknown rounds out (they say nothing of the target):
 * by rounds, the share of up rounds among the up, partial and down ones; by
 * time, the same with each round weighted by the time until the target's
 * next round, at most twice the median time between its rounds (a longer
 * gap is time nobody watched), the last round weighing the median, neither
 * past the end of the window.
 */
#ifndef BLACKOUT_SUMMARY_H
#define BLACKOUT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/report/logfile.h"
#include "blackout/verdict/vocab.h"

struct summary_outage {
	int64_t start;
	int64_t end;  /* when it ended; if ongoing, the target's last round */
	bool ongoing; /* not ended by the end of the log */
	enum target_state scope; /* STATE_PARTIAL, or STATE_DOWN for total */
	int64_t duration_s;	 /* end - start; for an ended one, as logged */
	/* the most start and end may be off (logfile_event); -1 unknown */
	int64_t start_err_s, end_err_s;
	char (*blocks)[20]; /* the /24s found down during it, by address */
	size_t n_blocks;
};

/*
 * One UTC day of the window: how unsettled the target was (issue 11: the
 * build-up Dyn saw before North Korea's outage shows as days whose figures
 * stand above a quiet day's).
 */
struct summary_day {
	int64_t day;		/* its midnight, seconds since the epoch */
	unsigned rounds;	/* rounds that day */
	unsigned state_changes; /* from the round before, that day */
	unsigned block_changes; /* /24 flips, likewise */
	double rate;		/* mean answer rate of its rounds; <0 none */
};

struct summary {
	const struct logfile_target *t;
	const struct logfile_round *rounds; /* the window's, oldest first */
	size_t n_rounds;
	unsigned count[4];   /* rounds per enum target_state */
	double avail_rounds; /* -1 when no round is up, partial or down */
	double avail_time;   /* -1 when they weigh nothing */
	int64_t median_gap;  /* between rounds; 0 with fewer than two */
	struct summary_outage *outages;
	size_t n_outages;
	bool from_events;	  /* outages read from event lines */
	bool estimated;		  /* merged shards: times from their events */
	unsigned state_changes;	  /* between consecutive rounds of the window */
	unsigned block_changes;	  /* /24 flips between up and down, likewise */
	struct summary_day *days; /* the window's UTC days, oldest first */
	size_t n_days;
};

/* Sums up target t over [since, until). The caller frees with summary_free. */
void summary_compute(const struct logfile_target *t, int64_t since,
		     int64_t until, struct summary *out);

void summary_free(struct summary *s);

/*
 * The figures of a summary_day over the window's rounds in [from, to)
 * (day is set to from): the 24 hours before an outage, say.
 */
void summary_span(const struct summary *s, int64_t from, int64_t to,
		  struct summary_day *out);

/* The window's last round, or NULL when it has none. */
const struct logfile_round *summary_last(const struct summary *s);

/*
 * qsort order of /24 names ("a.b.c.0/24", as in summary_outage's blocks):
 * by address, then as text.
 */
int summary_prefix_cmp(const void *a, const void *b);

/* The most an ended outage's duration may be off: its start's error plus
 * its end's; -1 when either is unknown, or while it is ongoing. */
int64_t summary_outage_error(const struct summary_outage *o);

#endif /* BLACKOUT_SUMMARY_H */

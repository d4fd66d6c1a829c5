/*
 * metrics.h - the --metrics file: each round's verdicts and the run's
 * counters in Prometheus' text exposition format, for node-exporter's
 * textfile collector (or any scraper that reads a file).
 *
 * The file is rewritten whole after every round: the text goes to a
 * hidden temporary file in the same directory (".NAME.PID.tmp", which the
 * collector's "*.prom" never matches), then is renamed over FILE, so a
 * scrape sees the last round or the one before, never half of one. The
 * series (blackout(8), METRICS):
 *
 *   blackout_target_state{target,prefix,vantage,state}   1 for the
 *       current state, 0 for the three others
 *   blackout_blocks{target,vantage,state}                /24s per state
 *   blackout_responsive_addresses{target,vantage}
 *   blackout_belief{target,vantage}                      when judged
 *   blackout_rtt_seconds{target,vantage,quantile}        a summary: the
 *       last round's minimum (0), median (0.5) and maximum (1); _sum and
 *       _count over this run's rounds (they restart with each run, as a
 *       process's counters do)
 *   blackout_outage_seconds{target,vantage}              0 when none
 *   blackout_probes_sent_total, blackout_replies_total,
 *   blackout_invalid_replies_total, blackout_pcap_drops_total {vantage}
 *       counters over every run with the same state file
 *   blackout_last_round_timestamp_seconds{vantage}
 */
#ifndef BLACKOUT_METRICS_H
#define BLACKOUT_METRICS_H

#include <stdint.h>

#include "blackout/prefix.h"
#include "blackout/probe/plan.h"
#include "blackout/util.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

struct metrics;

/* A metrics file at path for vantage `vantage` (both copied). */
struct metrics *metrics_new(const char *path, const char *vantage);

/*
 * Checks, as the user the run is now, that the file can be written:
 * creates and removes the temporary file. Returns 0, or -1 with err (73).
 */
int metrics_check_writable(const struct metrics *m, struct bo_error *err);

/*
 * Records what the round showed of one target of n_pfx prefixes (pfx
 * the first; the "prefix" label is it, "+N" after it when N more follow):
 * its summary, its probe
 * counters (for the RTT samples; may be NULL) and, for the open outage,
 * its memory (tm may be NULL). now_ns is the round's time.
 */
void metrics_target(struct metrics *m, const char *name,
		    const struct prefix *pfx, size_t n_pfx,
		    const struct target_summary *sum,
		    const struct target_stats *st,
		    const struct target_memory *tm, int64_t now_ns);

/*
 * The exposition text of the targets recorded so far, the totals and the
 * last round's time; the caller frees it.
 */
char *metrics_text(const struct metrics *m, const struct run_totals *tot,
		   int64_t round_real_ns);

/*
 * Rewrites the file with metrics_text(). Returns 0, or -1 with err: 73
 * when the temporary file cannot be created, 74 when the disk refused the
 * text (ENOSPC, EDQUOT, EIO), 71 otherwise. The old file is then intact.
 */
int metrics_write(const struct metrics *m, const struct run_totals *tot,
		  int64_t round_real_ns, struct bo_error *err);

/*
 * Writes text[0..len), a document metrics_text() made, to the file:
 * a temporary file in the same directory, then rename, so a scraper
 * never reads half of it. Returns 0, or -1 with err as metrics_write().
 */
int metrics_save(const struct metrics *m, const char *text, size_t len,
		 struct bo_error *err);

void metrics_free(struct metrics *m);

#endif /* BLACKOUT_METRICS_H */

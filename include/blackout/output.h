/*
 * output.h - JSON lines on stdout or appended to a file.
 *
 * Each line is serialized in full, then written with write_whole() to a
 * descriptor opened with O_APPEND: whole or not at all, so concurrent
 * writers and `tail -f` never see half a line, and a full disk leaves the
 * file as it was before the line (the caller exits 74). stdout carries
 * these lines and nothing else. On SIGHUP (output_reopen_on) the -o file
 * is opened again by name before the next line, never within one.
 * In a live run the prober's lines go through a sink to the writer
 * process (privsep.h), which writes them with this same module.
 *
 * Line types: "run" (once at start), "round" (per target per round),
 * "event" (a target changed state), "probe" (--dry-run: one per planned
 * probe). blackout(8) lists every field.
 */
#ifndef BLACKOUT_OUTPUT_H
#define BLACKOUT_OUTPUT_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "blackout/verdict/classify.h"
#include "blackout/probe/cookie.h"
#include "blackout/probe/method.h"
#include "blackout/probe/plan.h"
#include "blackout/output_blocks.h"
#include "blackout/util.h"

struct output;

/*
 * Opens path for appending (created 0644 if missing), or stdout when path
 * is NULL or "-". Returns NULL with err (status 73) when it cannot.
 */
struct output *output_open(const char *path, struct bo_error *err);

/* Where the lines of an output_open_sink() output go instead of a file. */
struct output_sink {
	/* Writes one whole line (with its newline). 0, or -1 with errno. */
	int (*write_line)(void *ctx, const char *line, size_t len);
};

/* An output whose lines go to sink (ctx is passed back to it). */
struct output *output_open_sink(const struct output_sink *sink, void *ctx);

/*
 * Makes out open its file again, by name, before the next line whenever
 * *flag is set (SIGHUP), and clears it. A file that cannot be opened
 * again is kept (no line is lost) until the next request.
 */
void output_reopen_on(struct output *out, volatile sig_atomic_t *flag);

/*
 * Writes obj as one compact line. Returns 0, or -1 with errno set (EPIPE
 * when the reader went away: the caller should stop quietly; ENOSPC,
 * EDQUOT or EIO when the line did not fit: nothing of it was left).
 * write_status(errno) is the exit status.
 */
int output_json(struct output *out, const json_t *obj);

/* The same for a line already serialized, newline included. */
int output_line(struct output *out, const char *line, size_t len);

void output_close(struct output *out);

/* What the run line reports. */
struct run_info {
	const char *version;
	int64_t start_real_ns;
	uint32_t source; /* 0 when not known (dry run) */
	const char *interface;
	const struct method_list *methods;
	uint64_t seed;
	double rate, timeout_s;
	unsigned retries;
	int sample; /* SAMPLE_ALL, SAMPLE_AUTO or N */
	uint64_t rounds;
	double interval_s;
	size_t n_targets, n_controls;
	bool dry_run;
	const char *scenario; /* blackout simulate's file, else NULL */
	const char *vantage_name;
	const struct shard *shard; /* count 0: not sharded */
	const char *watch;	   /* "watch": watch_plan_name() */
};

/* Run-wide facts every round line repeats. */
struct round_info {
	uint32_t round;
	int64_t start_real_ns;
	double duration_s;
	bool interrupted;
	bool watch; /* a watch round (prober.h) */
	enum vantage_state vantage;
	const char *vantage_name; /* "vantage_name" of round and event lines */
	const struct shard *shard;
	unsigned waves;
	uint64_t pcap_received, pcap_drops, queue_drops, stray, rejected;
	/* rejected, broken down; the rest were of no interesting kind */
	uint64_t rejected_truncated, rejected_malformed, rejected_checksum;
	enum blocks_listing blocks; /* --blocks: which /24s a line lists */
};

json_t *output_run_line(const struct run_info *ri);

/* The round line for plan target ti with its summary. */
json_t *output_round_line(const struct round_info *ri, const struct plan *plan,
			  size_t ti, const struct target_summary *sum);

/* The event line for plan target ti, when sum->event.kind is not NONE. */
json_t *output_event_line(const struct round_info *ri, const struct plan *plan,
			  size_t ti, const struct target_summary *sum);

/*
 * A --dry-run probe line for the probe to dst with method m and cookie c:
 * the cookie fields are the ones the method's ops name.
 */
json_t *output_probe_line(uint32_t round, unsigned wave, const char *target,
			  uint32_t dst, const struct method *m,
			  const struct cookie *c);

#endif /* BLACKOUT_OUTPUT_H */

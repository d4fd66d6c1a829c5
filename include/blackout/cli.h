/*
 * cli.h - the command line, parsed into a plain configuration.
 *
 * One getopt_long table; every number goes through parse_uint() or
 * parse_seconds() so an error names its option. usage() mirrors the
 * SYNOPSIS of blackout(8), and a test keeps the two in step.
 */
#ifndef BLACKOUT_CLI_H
#define BLACKOUT_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "blackout/output_blocks.h"
#include "blackout/probe/method.h"
#include "blackout/util.h"

#define BLACKOUT_VERSION "0.1.0"
#define DEFAULT_RATE 1000
#define DEFAULT_TIMEOUT_S 3.0
#define DEFAULT_RETRIES 1
#define DEFAULT_INTERVAL_S 660.0 /* Trinocular's 11-minute round */
#define MAX_RATE 10000000

struct config {
	const char *targets_file;
	struct method_list methods;
	int sample; /* SAMPLE_AUTO, SAMPLE_ALL or 1..256 */
	double rate;
	double timeout_s;
	unsigned retries;
	uint64_t rounds; /* 0 = forever */
	bool has_rounds; /* -c was given */
	double interval_s;
	bool no_watch; /* --no-watch: no watch rounds (prober.h) */
	bool linger;   /* --linger: the last round's watch round too */
	const char *output;
	const char *state_file;
	const char *interface;
	bool has_source;
	uint32_t source;
	bool has_seed;
	uint64_t seed;
	bool has_dice; /* --dice: blackout simulate's model dice */
	uint64_t dice;
	bool has_at; /* --at: blackout simulate's first round, not the grid's */
	int64_t at_s;
	bool allow_reserved;
	const char *exclude_file;
	bool dry_run;
	const char *user; /* who a root run becomes once the sockets are open */
	bool quiet;	  /* no progress line even on a terminal */
	enum blocks_listing blocks; /* which /24s round lines list */
	bool user_set;
	bool no_sandbox; /* no seccomp filter on the prober (debugging) */
	/* blackout simulate SCENARIO: the scenario file, else NULL */
	const char *scenario;
	const char *vantage; /* NULL: the targets file's, else the host name */
	uint32_t shard_index, shard_count; /* --shard I/N; count 0: none */
	const char *metrics;		   /* --metrics FILE */
	char **args;			   /* PREFIX|ADDRESS operands */
	int n_args;
};

enum cli_result {
	CLI_RUN,
	CLI_HELP,
	CLI_VERSION,
	CLI_ERROR,
};

/*
 * Fills cfg from argv: a probing run, or `blackout simulate SCENARIO ...`
 * (argv[1] is "simulate"). On CLI_ERROR err holds the message (status
 * 64).
 */
enum cli_result cli_parse(int argc, char **argv, struct config *cfg,
			  struct bo_error *err);

/* Writes the usage text (the man page SYNOPSIS and option list) to f. */
void cli_usage(FILE *f);

/*
 * Which watch rounds (prober.h) a run of cfg may make, the run line's
 * "watch": none (a dry run, --no-watch, a shard, an interval under
 * WATCH_MIN_INTERVAL_S, or a lone round of -c 1 without --linger); half
 * way between two rounds, not after the last of -c; or after every round,
 * the last of -c too (--linger). Each still only while a target wants one
 * and the round ended before half the interval.
 */
enum watch_plan {
	WATCH_OFF,
	WATCH_BETWEEN,
	WATCH_LINGER,
};

enum watch_plan cli_watch_plan(const struct config *cfg);

/* "off", "between" or "linger". */
const char *watch_plan_name(enum watch_plan w);

#endif /* BLACKOUT_CLI_H */

/*
 * cli.c - getopt_long table and option checks.
 */
#include "blackout/cli.h"

#include <getopt.h>
#include <string.h>

#include "blackout/prefix.h"
#include "blackout/probe/privs.h"
#include "blackout/probe/prober.h"
#include "blackout/probe/targets.h"

enum {
	OPT_SAMPLE = 256,
	OPT_RETRIES,
	OPT_SEED,
	OPT_ALLOW_RESERVED,
	OPT_EXCLUDE,
	OPT_DRY_RUN,
	OPT_USER,
	OPT_BLOCKS,
	OPT_NO_SANDBOX,
	OPT_VANTAGE,
	OPT_SHARD,
	OPT_METRICS,
	OPT_NO_WATCH,
	OPT_LINGER,
	OPT_DICE,
	OPT_AT,
};

static const struct option long_options[] = {
	{ "targets", required_argument, NULL, 'f' },
	{ "methods", required_argument, NULL, 'm' },
	{ "sample", required_argument, NULL, OPT_SAMPLE },
	{ "rate", required_argument, NULL, 'r' },
	{ "timeout", required_argument, NULL, 't' },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "rounds", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "state", required_argument, NULL, 's' },
	{ "interface", required_argument, NULL, 'I' },
	{ "source", required_argument, NULL, 'S' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "dice", required_argument, NULL, OPT_DICE },
	{ "at", required_argument, NULL, OPT_AT },
	{ "allow-reserved", no_argument, NULL, OPT_ALLOW_RESERVED },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "user", required_argument, NULL, OPT_USER },
	{ "blocks", required_argument, NULL, OPT_BLOCKS },
	{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
	{ "vantage", required_argument, NULL, OPT_VANTAGE },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "no-watch", no_argument, NULL, OPT_NO_WATCH },
	{ "linger", no_argument, NULL, OPT_LINGER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void
cli_usage(FILE *f)
{
	fputs("usage: blackout [options] [PREFIX|ADDRESS ...]\n"
	      "       blackout simulate SCENARIO [options] [PREFIX|ADDRESS "
	      "...]\n"
	      "\n"
	      "  -f, --targets FILE      targets file (JSON)\n"
	      "  -m, --methods LIST      probe methods (default " METHOD_DEFAULT
	      ")\n"
	      "      --sample auto|all|N addresses per /24 per round (default "
	      "auto)\n"
	      "  -r, --rate PPS          probes per second, 0 = unlimited "
	      "(default 1000)\n"
	      "  -t, --timeout SEC       wait after each wave (default 3)\n"
	      "      --retries N         re-probe silent addresses N times "
	      "(default 1)\n"
	      "  -c, --rounds N          rounds to run, 0 = forever (default "
	      "1)\n"
	      "  -i, --interval SEC      time between round starts (default "
	      "660)\n"
	      "      --no-watch          no watch round half way through the "
	      "interval\n"
	      "                          while a target is in an outage\n"
	      "      --linger            after the last round of -c, its watch "
	      "round too\n"
	      "                          (a round a run, from a timer)\n"
	      "  -o, --output FILE       append JSON lines to FILE\n"
	      "  -s, --state FILE        keep baselines and outages in FILE "
	      "across runs\n"
	      "  -I, --interface IFACE   send and capture on IFACE\n"
	      "  -S, --source ADDR       source address of the probes\n"
	      "      --seed N            seed of the sampling order\n"
	      "      --dice N            simulate: seed of the model's dice "
	      "(default:\n"
	      "                          the scenario's seed)\n"
	      "      --at TIME           simulate: the first round at TIME "
	      "(RFC 3339),\n"
	      "                          not the next on the -i grid\n"
	      "      --allow-reserved    allow special-use (RFC 6890) space\n"
	      "      --exclude FILE      never probe the prefixes in FILE\n"
	      "      --dry-run           print the planned probes, send "
	      "nothing\n"
	      "      --user USER         as root, become USER once the sockets "
	      "are open\n"
	      "                          (default " PRIVS_DEFAULT_USER ")\n"
	      "      --blocks auto|all|changed|none  the /24s round lines list "
	      "(default auto)\n"
	      "      --no-sandbox        no seccomp filter on the prober "
	      "(debugging)\n"
	      "      --vantage NAME      name of this vantage point (default "
	      "the host name)\n"
	      "      --shard I/N         probe shard I (0 to N-1) of N of the "
	      "/24s\n"
	      "      --metrics FILE      rewrite FILE with Prometheus metrics "
	      "every round\n"
	      "  -q, --quiet             no progress line on a terminal\n"
	      "  -h, --help              this text\n"
	      "  -V, --version           version\n"
	      "\n"
	      "See blackout(8). To read a log back: blackout report [LOG "
	      "...],\n"
	      "see blackout-report(8).\n",
	      f);
}

static void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	method_list_parse(METHOD_DEFAULT, "default", &cfg->methods, NULL);
	cfg->sample = SAMPLE_AUTO;
	cfg->rate = DEFAULT_RATE;
	cfg->timeout_s = DEFAULT_TIMEOUT_S;
	cfg->retries = DEFAULT_RETRIES;
	cfg->rounds = 1;
	cfg->interval_s = DEFAULT_INTERVAL_S;
	cfg->user = PRIVS_DEFAULT_USER;
}

static int
parse_sample(const char *arg, struct config *cfg, struct bo_error *err)
{
	uint64_t n;

	if (strcmp(arg, "all") == 0) {
		cfg->sample = SAMPLE_ALL;
		return 0;
	}
	if (strcmp(arg, "auto") == 0) {
		cfg->sample = SAMPLE_AUTO;
		return 0;
	}
	if (parse_uint(arg, 1, 256, "--sample", &n, err) < 0) {
		error_set(err, BO_EXIT_USAGE,
			  "--sample: '%s' is not 'all', 'auto' or 1 to 256",
			  arg);
		return -1;
	}
	cfg->sample = (int)n;
	return 0;
}

static int
parse_source(const char *arg, struct config *cfg, struct bo_error *err)
{
	struct prefix p;

	if (prefix_parse(arg, "--source", &p, err) < 0)
		return -1;
	if (p.len != 32) {
		error_set(err, BO_EXIT_USAGE,
			  "--source: '%s' is not a single address", arg);
		return -1;
	}
	cfg->has_source = true;
	cfg->source = p.base;
	return 0;
}

/* --shard I/N: shard I, 0-based as zmap's --shard, of N (1 to 65536). */
static int
parse_shard(const char *arg, struct config *cfg, struct bo_error *err)
{
	const char *slash = strchr(arg, '/');
	char idx[16];
	uint64_t i, n;

	if (slash == NULL || (size_t)(slash - arg) >= sizeof(idx) ||
	    slash == arg) {
		error_set(err, BO_EXIT_USAGE,
			  "--shard: '%s' is not I/N (e.g. 0/4)", arg);
		return -1;
	}
	memcpy(idx, arg, (size_t)(slash - arg));
	idx[slash - arg] = '\0';
	if (parse_uint(slash + 1, 1, 65536, "--shard: N", &n, err) < 0 ||
	    parse_uint(idx, 0, 65535, "--shard: I", &i, err) < 0)
		return -1;
	if (i >= n) {
		error_set(err, BO_EXIT_USAGE,
			  "--shard: %s: I must be 0 to N-1 (shards are "
			  "numbered from 0)",
			  arg);
		return -1;
	}
	cfg->shard_index = (uint32_t)i;
	cfg->shard_count = (uint32_t)n;
	return 0;
}

static int
parse_vantage(const char *arg, struct config *cfg, struct bo_error *err)
{
	if (!vantage_name_ok(arg)) {
		error_set(err, BO_EXIT_USAGE,
			  "--vantage: '%s' is not 1 to 63 letters, digits, "
			  "'.', '-' or '_'",
			  arg);
		return -1;
	}
	cfg->vantage = arg;
	return 0;
}

/* Sets the flag option c stands for; false when c is no flag. */
static bool
apply_flag(int c, struct config *cfg)
{
	switch (c) {
	case OPT_ALLOW_RESERVED:
		cfg->allow_reserved = true;
		return true;
	case OPT_DRY_RUN:
		cfg->dry_run = true;
		return true;
	case 'q':
		cfg->quiet = true;
		return true;
	case OPT_NO_SANDBOX:
		cfg->no_sandbox = true;
		return true;
	case OPT_NO_WATCH:
		cfg->no_watch = true;
		return true;
	case OPT_LINGER:
		cfg->linger = true;
		return true;
	default:
		return false;
	}
}

/* --at: blackout simulate's first round, an RFC 3339 time. */
static int
parse_at(const char *arg, struct config *cfg, struct bo_error *err)
{
	cfg->has_at = true;
	if (parse_rfc3339(arg, &cfg->at_s) == 0)
		return 0;
	error_set(err, BO_EXIT_USAGE,
		  "--at: \"%s\" is not a time such as 2014-12-22T16:15:00Z",
		  arg);
	return -1;
}

/* Handles one option; returns 0, 1 for help/version, or -1 with err. */
static int
apply_option(int c, const char *arg, struct config *cfg, struct bo_error *err)
{
	uint64_t n;

	if (apply_flag(c, cfg))
		return 0;
	switch (c) {
	case 'f':
		cfg->targets_file = arg;
		return 0;
	case 'm':
		return method_list_parse(arg, "--methods", &cfg->methods, err);
	case OPT_SAMPLE:
		return parse_sample(arg, cfg, err);
	case 'r':
		if (parse_uint(arg, 0, MAX_RATE, "--rate", &n, err) < 0)
			return -1;
		cfg->rate = (double)n;
		return 0;
	case 't':
		return parse_seconds(arg, 0, 3600, "--timeout", &cfg->timeout_s,
				     err);
	case OPT_RETRIES:
		if (parse_uint(arg, 0, 10, "--retries", &n, err) < 0)
			return -1;
		cfg->retries = (unsigned)n;
		return 0;
	case 'c':
		cfg->has_rounds = true;
		return parse_uint(arg, 0, UINT32_MAX - 1, "--rounds",
				  &cfg->rounds, err);
	case 'i':
		return parse_seconds(arg, 0, 86400 * 7, "--interval",
				     &cfg->interval_s, err);
	case 'o':
		cfg->output = arg;
		return 0;
	case 's':
		cfg->state_file = arg;
		return 0;
	case 'I':
		cfg->interface = arg;
		return 0;
	case 'S':
		return parse_source(arg, cfg, err);
	case OPT_SEED:
		cfg->has_seed = true;
		return parse_uint(arg, 0, INT64_MAX, "--seed", &cfg->seed, err);
	case OPT_DICE:
		cfg->has_dice = true;
		return parse_uint(arg, 0, INT64_MAX, "--dice", &cfg->dice, err);
	case OPT_AT:
		return parse_at(arg, cfg, err);
	case OPT_EXCLUDE:
		cfg->exclude_file = arg;
		return 0;
	case OPT_BLOCKS:
		return blocks_listing_parse(arg, &cfg->blocks, err);
	case OPT_USER:
		cfg->user = arg;
		cfg->user_set = true;
		return 0;
	case OPT_VANTAGE:
		return parse_vantage(arg, cfg, err);
	case OPT_SHARD:
		return parse_shard(arg, cfg, err);
	case OPT_METRICS:
		cfg->metrics = arg;
		return 0;
	default:
		return -1;
	}
}

/*
 * blackout simulate: the first operand is the scenario; nothing is sent,
 * so the options about the wire and privilege have no meaning there.
 */
static int
simulate_operands(struct config *cfg, struct bo_error *err)
{
	const char *wire = cfg->dry_run	     ? "--dry-run"
			   : cfg->interface  ? "--interface"
			   : cfg->has_source ? "--source"
			   : cfg->user_set   ? "--user"
					     : NULL;

	if (cfg->n_args == 0) {
		error_set(
			err, BO_EXIT_USAGE,
			"simulate: no SCENARIO file (see blackout-simulate(8))");
		return -1;
	}
	if (wire != NULL) {
		error_set(err, BO_EXIT_USAGE,
			  "simulate: %s does not apply, nothing is sent", wire);
		return -1;
	}
	cfg->scenario = cfg->args[0];
	cfg->args++;
	cfg->n_args--;
	return 0;
}

enum cli_result
cli_parse(int argc, char **argv, struct config *cfg, struct bo_error *err)
{
	bool simulate = argc > 1 && strcmp(argv[1], "simulate") == 0;
	int c;

	config_defaults(cfg);
	if (simulate) {
		argc--;
		argv++;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:m:r:t:c:i:o:s:I:S:qhV",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			return CLI_HELP;
		case 'V':
			return CLI_VERSION;
		case '?':
			if (optopt != 0)
				error_set(err, BO_EXIT_USAGE,
					  "unknown option '-%c' (see --help)",
					  optopt);
			else
				error_set(err, BO_EXIT_USAGE,
					  "unknown option '%s' (see --help)",
					  argv[optind - 1]);
			return CLI_ERROR;
		case ':':
			error_set(err, BO_EXIT_USAGE,
				  "option '%s' needs a value",
				  argv[optind - 1]);
			return CLI_ERROR;
		default:
			if (apply_option(c, optarg, cfg, err) < 0) {
				err->status = BO_EXIT_USAGE;
				return CLI_ERROR;
			}
		}
	}
	cfg->args = argv + optind;
	cfg->n_args = argc - optind;
	if (cfg->shard_count > 1 && !cfg->has_seed) {
		error_set(err, BO_EXIT_USAGE,
			  "--shard needs --seed: every shard must draw the "
			  "same split of the /24s");
		return CLI_ERROR;
	}
	if (simulate && simulate_operands(cfg, err) < 0)
		return CLI_ERROR;
	if (!simulate && cfg->has_dice) {
		error_set(
			err, BO_EXIT_USAGE,
			"--dice applies to blackout simulate only: a live run "
			"has no dice");
		return CLI_ERROR;
	}
	if (!simulate && cfg->has_at) {
		error_set(err, BO_EXIT_USAGE,
			  "--at applies to blackout simulate only: a live run "
			  "starts now");
		return CLI_ERROR;
	}
	if (cfg->n_args == 0 && cfg->targets_file == NULL) {
		error_set(err, BO_EXIT_USAGE,
			  "no targets (give a PREFIX or -f FILE; see --help)");
		return CLI_ERROR;
	}
	return CLI_RUN;
}

enum watch_plan
cli_watch_plan(const struct config *cfg)
{
	bool linger = cfg->linger && cfg->rounds != 0;

	if (cfg->dry_run || cfg->no_watch || cfg->shard_count > 0 ||
	    cfg->interval_s < WATCH_MIN_INTERVAL_S ||
	    (cfg->rounds == 1 && !linger))
		return WATCH_OFF;
	return linger ? WATCH_LINGER : WATCH_BETWEEN;
}

const char *
watch_plan_name(enum watch_plan w)
{
	static const char *const names[] = {
		[WATCH_OFF] = "off",
		[WATCH_BETWEEN] = "between",
		[WATCH_LINGER] = "linger",
	};

	return names[w];
}

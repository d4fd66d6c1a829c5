/*
 * main.c - blackout: wires the pipeline together and owns the process:
 * options, privileges, signals and the exit status. The only file that
 * exits, and the only one with static variables (the signal flags, which a
 * handler can reach no other way).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "blackout/clock.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"
#include "blackout/cli.h"
#include "blackout/metrics.h"
#include "blackout/output.h"
#include "blackout/prefix.h"
#include "blackout/privsep.h"
#include "blackout/probe/privs.h"
#include "blackout/probe/prober.h"
#include "blackout/probe/receiver.h"
#include "blackout/report/report.h"
#include "blackout/probe/route.h"
#include "blackout/probe/sandbox.h"
#include "blackout/probe/sender.h"
#include "blackout/sim/scenario.h"
#include "blackout/sim/simnet.h"
#include "blackout/sources/targets_cmd.h"
#include "blackout/verdict/statefile.h"
#include "blackout/probe/targets.h"

static volatile sig_atomic_t caught_signal; /* SIGINT, SIGTERM: stop */
static volatile sig_atomic_t hup_signal;    /* SIGHUP: reopen -o */

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_signal = 1;
	else
		caught_signal = sig;
}

#ifdef BLACKOUT_TEST_HOOKS
/* tests/lab/sandbox_hook.c, in the test build's blackout-testhooks only. */
int sandbox_test_hook(struct bo_error *err);
#endif

struct app {
	struct config cfg;
	const struct clock *clock; /* the system's, or a simulation's */
	struct target_set targets;
	struct exclude *exclude;
	struct output *out;
	struct sender snd;
	struct receiver *rcv;
	struct prober *prober;
	struct progress *progress;
	struct baseline baseline;
	struct method_list run_methods;
	struct statefile *state;
	struct privsep *ps; /* a live run: the prober's or writer's end */
	struct privs_user user;
	uint32_t source;
	char ifname[ROUTE_IFNAME_MAX];
	uint64_t seed;
	struct scenario scenario; /* blackout simulate */
	struct simnet *sim;	  /* its network, or NULL for a live run */
	char vantage[VANTAGE_NAME_MAX + 1];
	struct metrics *metrics;
	bool no_route;	 /* started without a route, none since */
	int route_fd;	 /* then: where the prober asks again, or -1 */
	bool route_told; /* stderr has said the route is gone */
	bool late_told;	 /* ... that rounds overrun the interval */
};

static int
load_targets(struct app *a, struct bo_error *err)
{
	int i;

	target_set_init(&a->targets);
	if (a->cfg.targets_file != NULL &&
	    targets_load_file(&a->targets, a->cfg.targets_file, err) < 0)
		return -1;
	for (i = 0; i < a->cfg.n_args; i++)
		if (targets_add_arg(&a->targets, a->cfg.args[i], err) < 0)
			return -1;
	a->exclude = exclude_new();
	if (a->cfg.exclude_file != NULL &&
	    exclude_load(a->exclude, a->cfg.exclude_file, err) < 0)
		return -1;
	/* A simulation sends nothing: special-use space is fine there. A
	 * wide prefix is fine too when its special-use part is excluded. */
	if (targets_validate_excluding(&a->targets,
				       a->cfg.allow_reserved || a->sim != NULL,
				       a->exclude, err) < 0)
		return -1;
	return plan_run_methods(&a->targets, &a->cfg.methods, &a->run_methods,
				err);
}

/*
 * Who is probing what: the vantage name (--vantage, else the targets
 * file's, else the host name, else its first label) and the shard.
 */
static int
identify(struct app *a, struct bo_error *err)
{
	const char *name = a->cfg.vantage ? a->cfg.vantage : a->targets.vantage;
	char host[256] = "";

	if (name == NULL) {
		gethostname(host, sizeof(host) - 1);
		if (!vantage_name_ok(host))
			host[strcspn(host, ".")] = '\0';
		if (!vantage_name_ok(host)) {
			error_set(err, BO_EXIT_USAGE,
				  "the host name '%s' is no vantage name; give "
				  "one with --vantage",
				  host);
			return -1;
		}
		name = host;
	}
	memcpy(a->vantage, name, strlen(name) + 1); /* vantage_name_ok */
	a->targets.shard.index = a->cfg.shard_index;
	a->targets.shard.count = a->cfg.shard_count;
	a->targets.shard.seed = a->cfg.seed;
	if (a->cfg.metrics != NULL)
		a->metrics = metrics_new(a->cfg.metrics, a->vantage);
	return 0;
}

/* The baseline, from the state file when there is one (locked first). */
static int
load_state(struct app *a, struct bo_error *err)
{
	baseline_init(&a->baseline, &a->targets);
	snprintf(a->baseline.vantage, sizeof(a->baseline.vantage), "%s",
		 a->vantage);
	if (a->cfg.state_file == NULL || a->cfg.dry_run)
		return 0;
	a->state = statefile_open(a->cfg.state_file, a->clock, err);
	if (a->state == NULL)
		return -1;
	return statefile_load(a->state, &a->baseline, &a->run_methods, err);
}

static int
save_state(struct app *a, struct bo_error *err)
{
	char *doc;
	int rc;

	if (a->ps != NULL && a->cfg.state_file != NULL) {
		doc = statefile_dump(&a->baseline, &a->run_methods,
				     clock_real(a->clock));
		rc = privsep_save_state(a->ps, doc, strlen(doc), err);
		free(doc);
		return rc;
	}
	if (a->state == NULL)
		return 0;
	return statefile_save(a->state, &a->baseline, &a->run_methods, err);
}

/* --linger: the state file's lock let go while the run waits for its
 * watch round (statefile.h), by the writer that holds it in a live run. */
static void
state_let_go(struct app *a)
{
	if (a->ps != NULL && a->cfg.state_file != NULL)
		privsep_let_go(a->ps);
	else if (a->state != NULL)
		statefile_let_go(a->state);
}

/* ... and taken back: false when another run has had the file since. */
static bool
state_take_back(struct app *a)
{
	if (a->ps != NULL && a->cfg.state_file != NULL)
		return privsep_take_back(a->ps);
	return a->state == NULL || statefile_take_back(a->state) > 0;
}

/*
 * No route to the targets at start-up (err says so). A run that keeps a
 * record (-s, -o, or -c 0 forever) goes on: its rounds are the vantage's
 * outage, written as rounds, and it captures on -I or on "any" until the
 * kernel has a route again (refresh_route). A one-shot ad-hoc run has no
 * record to keep and exits 69, as before. Returns 0 to go on, or -1.
 */
static int
start_without_route(struct app *a, struct bo_error *err)
{
	if (a->cfg.state_file == NULL && a->cfg.output == NULL &&
	    a->cfg.rounds != 0)
		return -1;
	fprintf(stderr,
		"blackout: %s; rounds are reported unknown, vantage down, "
		"until it is back\n",
		err->msg);
	a->route_fd = route_probe_open(a->cfg.interface, err);
	if (a->route_fd < 0)
		return -1;
	a->no_route = a->route_told = true;
	a->source = 0;
	snprintf(a->ifname, sizeof(a->ifname), "%s",
		 a->cfg.interface != NULL ? a->cfg.interface : "any");
	*err = (struct bo_error){ 0, "" };
	return 0;
}

/*
 * Before each round of a run that started without a route: once the
 * kernel has one, the probes carry its source address. And after each
 * round: one line on stderr when sends begin to fail for want of a route.
 */
static void
refresh_route(struct app *a)
{
	struct bo_error err = { 0, "" };
	uint32_t src;

	if (!a->no_route ||
	    route_source_via(a->route_fd, a->targets.t[0].prefixes[0].base,
			     &src, &err) < 0)
		return;
	a->no_route = false;
	a->source = src;
	prober_set_source(a->prober, src);
}

static void
tell_route(struct app *a, uint32_t round)
{
	int e = prober_route_errno(a->prober);

	if (e != 0 && !a->route_told)
		fprintf(stderr,
			"blackout: round %u: no route (%s): reported unknown, "
			"vantage down\n",
			round, strerror(e));
	a->route_told = e != 0;
}

/*
 * After regular round `round`, begun at start, and its watch round: one
 * line on stderr when they took longer than the interval, so the next
 * round starts late; again only after one that fits.
 */
static void
tell_late(struct app *a, uint32_t round, int64_t start)
{
	double took = (double)(clock_mono(a->clock) - start) / 1e9;
	bool late = a->cfg.interval_s > 0 && took > a->cfg.interval_s;

	if (late && !a->late_told)
		fprintf(stderr,
			"blackout: round %u took %.0f s, longer than the "
			"%.0f s interval: the next starts at once\n",
			round, took, a->cfg.interval_s);
	a->late_told = late;
}

/* Source address and capture interface, as the kernel would route. */
static int
find_route(struct app *a, struct bo_error *err)
{
	const char *iface = a->cfg.interface;

	if (iface != NULL && route_interface_exists(iface, err) < 0)
		return -1;
	if (a->cfg.has_source) {
		a->source = a->cfg.source;
		if (route_interface_of(a->source, a->ifname, err) < 0) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			error_set(err, BO_EXIT_UNAVAILABLE, "--source: %s",
				  msg);
			return -1;
		}
	} else if (route_source(a->targets.t[0].prefixes[0].base, iface,
				&a->source, err) < 0) {
		if (!a->cfg.dry_run)
			return start_without_route(a, err);
		a->source = 0; /* a dry run plans without a route */
	} else if (route_interface_of(a->source, a->ifname, err) < 0) {
		return -1;
	}
	if (iface != NULL)
		snprintf(a->ifname, sizeof(a->ifname), "%s", iface);
	return 0;
}

/* The privileged handles: the raw socket and the capture (not started). */
static int
open_network(struct app *a, struct bo_error *err)
{
	if (sender_open_raw(&a->snd, a->cfg.interface, err) < 0)
		return -1;
	sender_try_link(&a->snd, &a->targets, a->cfg.interface);
	a->rcv = receiver_open_live(a->ifname, a->source, a->cfg.rate, a->clock,
				    err);
	return a->rcv == NULL ? -1 : 0;
}

/* The writer's side of --metrics: a document the prober sent, checked. */
static int
save_metrics(void *ctx, const char *doc, size_t len, struct bo_error *err)
{
	return metrics_save(ctx, doc, len, err);
}

/*
 * The writer (privsep.h): holds no socket, keeps root with only the
 * capabilities of writing files (or clears the file capabilities), and
 * writes what the prober sends until it ends.
 */
static int
serve_prober(struct app *a, struct bo_error *err)
{
	struct privsep_writer w = {
		.out = a->out,
		.state = a->state,
		.targets = &a->targets,
		.methods = &a->run_methods,
		.stop = &caught_signal,
		.save_metrics = a->metrics != NULL ? save_metrics : NULL,
		.metrics_ctx = a->metrics,
	};

	/* Its copies of the sockets go. (pcap_close cannot take the capture
	 * ring away from the prober: the kernel keeps a mapped ring.) */
	sender_close(&a->snd);
	receiver_free(a->rcv);
	a->rcv = NULL;
	if (geteuid() == 0 ? privs_keep_writer_caps(err) < 0
			   : privs_clear_caps(err) < 0)
		return -1;
	return privsep_serve(a->ps, &w, err);
}

/*
 * The prober: gives its copies of the log and the lock to the writer,
 * gives up root or capabilities, enters the sandbox, and only then reads
 * packets.
 */
static int
become_prober(struct app *a, struct bo_error *err)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		error_set(err, BO_EXIT_OSERR, "/dev/null: %s", strerror(errno));
		return -1;
	}
	close(null);
	output_close(a->out);
	a->out = privsep_output(a->ps);
	statefile_close(a->state);
	a->state = NULL;
	if (privs_drop(&a->user, err) < 0 ||
	    privsep_follow_writer(a->ps, err) < 0)
		return -1;
	if (!a->cfg.no_sandbox && sandbox_enter(err) < 0)
		return -1;
#ifdef BLACKOUT_TEST_HOOKS
	if (sandbox_test_hook(err) < 0)
		return -1;
#endif
	return receiver_start(a->rcv, err);
}

/* A live run splits (privsep.h). 1 in the writer, 0 in the prober. */
static int
split(struct app *a, struct bo_error *err)
{
	int rc;

	/* The writer saves the state: check, as it, that it will be able. */
	if (a->state != NULL && statefile_check_writable(a->state, err) < 0)
		return -1;
	/* So does the --metrics file. */
	if (a->metrics != NULL && metrics_check_writable(a->metrics, err) < 0)
		return -1;
	rc = privsep_split(&a->ps, err);
	if (rc == 0 && become_prober(a, err) < 0)
		return -1;
	return rc;
}

/*
 * blackout simulate: the scenario, its network and its clock. Without -c
 * (or with -c 0) the run lasts until the scenario's end, which it then
 * needs.
 */
static int
open_simulation(struct app *a, struct bo_error *err)
{
	if (scenario_load(&a->scenario, a->cfg.scenario, err) < 0)
		return -1;
	if (a->cfg.has_dice)
		a->scenario.dice = a->cfg.dice;
	if (!a->cfg.has_rounds)
		a->cfg.rounds = 0;
	if (a->cfg.rounds == 0 && !a->scenario.has_end) {
		error_set(
			err, BO_EXIT_USAGE,
			"simulate: %s has no \"end\"; give the rounds with -c",
			a->cfg.scenario);
		return -1;
	}
	a->sim = simnet_new(&a->scenario);
	a->clock = simnet_clock(a->sim);
	return 0;
}

/*
 * blackout simulate: the first round where --at, or a state file's last
 * round within the scenario, puts it (scenario_resume): a cron job's next
 * run. 0, or -1 with err (64).
 */
static int
resume_simulation(struct app *a, struct bo_error *err)
{
	int64_t last, first, at = a->cfg.at_s * 1000000000;
	bool had = baseline_last_round_ns(&a->baseline, &last);
	int rc = scenario_resume(&a->scenario, had ? &last : NULL,
				 a->cfg.has_at ? &at : NULL,
				 (int64_t)(a->cfg.interval_s * 1e9), &first,
				 err);

	if (rc > 0)
		simnet_resume(a->sim, first);
	return rc < 0 ? -1 : 0;
}

/* True once a simulation's clock has passed the scenario's end. */
static bool
simulation_over(const struct app *a)
{
	return a->sim != NULL && a->scenario.has_end &&
	       clock_real(a->clock) >= a->scenario.end_ns;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* reopen -o, never the end of a run */
	/* EPIPE from write() instead of SIGPIPE: we stop cleanly. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static int
write_run_line(struct app *a, struct bo_error *err)
{
	struct run_info ri = {
		.version = BLACKOUT_VERSION,
		.start_real_ns = clock_real(a->clock),
		.source = a->source,
		.interface = a->ifname[0] ? a->ifname : NULL,
		.methods = &a->cfg.methods,
		.seed = a->seed,
		.rate = a->cfg.rate,
		.timeout_s = a->cfg.timeout_s,
		.retries = a->cfg.retries,
		.sample = a->cfg.sample,
		.rounds = a->cfg.rounds,
		.interval_s = a->cfg.interval_s,
		.n_targets = a->targets.n,
		.n_controls = a->targets.n_controls,
		.dry_run = a->cfg.dry_run,
		.scenario = a->sim != NULL ? a->cfg.scenario : NULL,
		.vantage_name = a->vantage,
		.shard = &a->targets.shard,
		.watch = watch_plan_name(cli_watch_plan(&a->cfg)),
	};
	json_t *line = output_run_line(&ri);
	int rc = output_json(a->out, line);

	json_decref(line);
	if (rc < 0)
		error_set(err, write_status(errno), "writing output: %s",
			  strerror(errno));
	return rc;
}

/*
 * Sleeps until `until` (the clock's monotonic ns) unless a signal arrives
 * first: the flag is checked at least every 100 ms.
 */
static void
pause_until(const struct clock *clock, int64_t until)
{
	int64_t now;

	while (!caught_signal && (now = clock_mono(clock)) < until)
		clock_sleep_until(clock, until - now < 100000000
						 ? until
						 : now + 100000000);
}

/*
 * Rewrites the --metrics file after a round: through the writer when the
 * run is split (the sandboxed prober opens no file), else here.
 */
static int
write_metrics(struct app *a, struct bo_error *err)
{
	char *text = metrics_text(a->metrics, &a->baseline.totals,
				  clock_real(a->clock));
	int rc = a->ps != NULL
			 ? privsep_save_metrics(a->ps, text, strlen(text), err)
			 : metrics_save(a->metrics, text, strlen(text), err);

	free(text);
	return rc;
}

/*
 * Runs round `round`, a regular one or a watch round (prober.h), and keeps
 * what it learned: the state file, the metrics, the exit status.
 */
static int
one_round(struct app *a, bool watch, enum target_state *states, int *status,
	  struct bo_error *err)
{
	uint32_t round = a->baseline.last_round + 1;
	int rc;

	refresh_route(a);
	rc = watch ? prober_watch(a->prober, round, states, err)
		   : prober_round(a->prober, round, states, err);
	a->baseline.last_round = round;
	if (rc == 0)
		tell_route(a, round);
	/* A round the reader did not wait for still taught us. */
	if (rc == 0 || err->status == BO_EXIT_PIPE) {
		struct bo_error serr = { 0, "" };

		if (save_state(a, &serr) < 0 && rc == 0) {
			*err = serr;
			rc = -1;
		}
	}
	if (rc == 0 && a->metrics != NULL && !a->cfg.dry_run)
		rc = write_metrics(a, err);
	if (rc == 0)
		*status = a->cfg.dry_run
				  ? 0
				  : classify_exit_status(states, a->targets.n);
	return rc;
}

/*
 * A watch round half way to the next round (prober.h), when the run
 * makes them (cli_watch_plan), a target is in an outage that took /24s
 * down and the round ended before half the interval. Not in a shard:
 * blackout report merges shards a round of each at a time, and one
 * shard's watch round would be a round of its /24s alone.
 * linger: the run's last (--linger): none once another run has had the
 * state file while this one waited (state_take_back).
 */
static int
watch_round(struct app *a, int64_t start, bool linger,
	    enum target_state *states, int *status, struct bo_error *err)
{
	int64_t half = start + (int64_t)(a->cfg.interval_s * 0.5e9);

	if (cli_watch_plan(&a->cfg) == WATCH_OFF ||
	    !prober_watch_wanted(a->prober) || clock_mono(a->clock) >= half)
		return 0;
	if (linger)
		state_let_go(a);
	pause_until(a->clock, half);
	if (caught_signal || simulation_over(a) ||
	    (linger && !state_take_back(a)))
		return 0;
	return one_round(a, true, states, status, err);
}

static int
run_rounds(struct app *a, int *status, struct bo_error *err)
{
	enum target_state *states = xcalloc(a->targets.n, sizeof(*states));
	struct prober_config pc = {
		.targets = &a->targets,
		.exclude = a->exclude,
		.methods = a->cfg.methods,
		.sample = a->cfg.sample,
		.rate = a->cfg.rate,
		.timeout_s = a->cfg.timeout_s,
		.retries = a->cfg.retries,
		.seed = a->seed,
		.source = a->source,
		.dry_run = a->cfg.dry_run,
		.seeded_key = a->sim != NULL,
		.clock = a->clock,
		.progress = a->progress,
		.baseline = a->cfg.dry_run ? NULL : &a->baseline,
		.blocks = a->cfg.blocks,
		.vantage_name = a->vantage,
		.metrics = a->metrics,
	};
#ifdef BLACKOUT_TEST_HOOKS
	/* Test builds only: a smaller window, so that a test's target is
	 * wider than one (tests/sim/test_parts.sh). */
	const char *w = getenv("BLACKOUT_TEST_WINDOW_RECORDS");

	if (w != NULL)
		pc.window_records = (size_t)strtoull(w, NULL, 10);
#endif
	uint64_t r;
	int rc = 0;

	a->prober = prober_new(&pc, &a->snd, a->rcv, a->out, &caught_signal,
			       err);
	if (a->prober == NULL) {
		free(states);
		return -1;
	}
	for (r = 1;
	     (a->cfg.rounds == 0 || r <= a->cfg.rounds) && !simulation_over(a);
	     r++) {
		int64_t start = clock_mono(a->clock);
		uint32_t round;

		rc = one_round(a, false, states, status, err);
		if (rc < 0)
			break;
		round = a->baseline.last_round;
		if (caught_signal)
			break;
		if (a->cfg.rounds != 0 && r == a->cfg.rounds) {
			/* --linger: a run a round from a timer waits for
			 * the watch round a longer run would make. */
			if (cli_watch_plan(&a->cfg) == WATCH_LINGER)
				rc = watch_round(a, start, true, states, status,
						 err);
			break;
		}
		rc = watch_round(a, start, false, states, status, err);
		if (rc < 0 || caught_signal)
			break;
		if (a->cfg.dry_run)
			continue;
		tell_late(a, round, start);
		pause_until(a->clock,
			    start + (int64_t)(a->cfg.interval_s * 1e9));
		if (caught_signal)
			break;
	}
	free(states);
	return rc;
}

static void
app_free(struct app *a)
{
	prober_free(a->prober);
	metrics_free(a->metrics);
	progress_free(a->progress);
	statefile_close(a->state);
	baseline_free(&a->baseline);
	receiver_free(a->rcv);
	sender_close(&a->snd);
	simnet_free(a->sim);
	scenario_free(&a->scenario);
	output_close(a->out);
	privsep_free(a->ps);
	exclude_free(a->exclude);
	target_set_free(&a->targets);
	if (a->route_fd >= 0)
		close(a->route_fd);
}

static int
run(struct app *a, struct bo_error *err)
{
	int status = BO_EXIT_UNKNOWN;

	if (a->cfg.scenario != NULL
		    ? open_simulation(a, err) < 0
		    : privs_lookup(a->cfg.user, &a->user, err) < 0)
		return -1;
	if (load_targets(a, err) < 0 || identify(a, err) < 0 ||
	    load_state(a, err) < 0)
		return -1;
	if (a->sim != NULL) {
		if (resume_simulation(a, err) < 0)
			return -1;
		a->source = a->scenario.source;
	} else if (find_route(a, err) < 0) {
		return -1;
	}
	if (a->cfg.has_seed)
		a->seed = a->cfg.seed;
	else if (getrandom(&a->seed, sizeof(a->seed), 0) !=
		 (ssize_t)sizeof(a->seed))
		a->seed = (uint64_t)clock_real(&clock_system);
	a->seed &= INT64_MAX; /* JSON integers are signed */
	/* Privileged handles first; the output file only once all is well,
	 * still as root (so root can log where it likes); then the split:
	 * the writer keeps the files, the prober the sockets, and no
	 * privilege at all before the first packet is read. A simulation
	 * has no socket and no privilege: it stays one process. */
	if (a->sim != NULL) {
		simnet_sender(a->sim, &a->snd);
		a->rcv = simnet_receiver(a->sim);
	} else if (!a->cfg.dry_run && open_network(a, err) < 0) {
		return -1;
	}
	a->out = output_open(a->cfg.output, err);
	if (a->out == NULL)
		return -1;
	output_reopen_on(a->out, &hup_signal);
	install_signals();
	if (a->cfg.dry_run || a->sim != NULL) {
		/* One process: nothing to separate. */
		if (a->cfg.dry_run)
			sender_open_dry(&a->snd, a->out);
		if (a->metrics != NULL &&
		    metrics_check_writable(a->metrics, err) < 0)
			return -1;
	} else {
		int rc = split(a, err);

		if (rc != 0)
			return rc < 0 ? -1 : serve_prober(a, err);
	}
	/* People at a terminal see a status line; cron, pipes to files and
	 * --quiet never do. */
	a->progress = progress_new(STDERR_FILENO,
				   !a->cfg.quiet && !a->cfg.dry_run &&
					   a->sim == NULL &&
					   isatty(STDERR_FILENO),
				   a->clock);
	if (write_run_line(a, err) < 0 || run_rounds(a, &status, err) < 0)
		return -1;
	if (caught_signal == SIGINT)
		return BO_EXIT_SIGINT;
	if (caught_signal == SIGTERM)
		return BO_EXIT_SIGTERM;
	return status;
}

int
main(int argc, char **argv)
{
	struct app a;
	struct bo_error err = { 0, "" };
	int status;

	if (argc > 1 && strcmp(argv[1], "report") == 0)
		return report_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "targets") == 0)
		return targets_cmd_main(argc - 1, argv + 1);
	memset(&a, 0, sizeof(a));
	a.clock = &clock_system;
	a.route_fd = -1;
	switch (cli_parse(argc, argv, &a.cfg, &err)) {
	case CLI_HELP:
		cli_usage(stdout);
		return 0;
	case CLI_VERSION:
		printf("blackout %s\n", BLACKOUT_VERSION);
		return 0;
	case CLI_ERROR:
		fprintf(stderr, "blackout: %s\n", err.msg);
		return BO_EXIT_USAGE;
	case CLI_RUN:
		break;
	}
	status = run(&a, &err);
	if (status < 0) {
		status = err.status;
		if (status != BO_EXIT_PIPE)
			fprintf(stderr, "blackout: %s\n", err.msg);
	}
	app_free(&a);
	return status;
}

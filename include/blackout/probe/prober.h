/*
 * prober.h - one round, end to end: plan, send in waves, match, classify,
 * print.
 *
 * A round sends wave 0 to every planned (address, method) pair, waits the
 * timeout while matching replies, then re-probes the pairs still silent
 * (no answer and no ICMP error) in up to `retries` further waves. Replies
 * are drained between send batches, so the capture ring never backs up.
 */
#ifndef BLACKOUT_PROBER_H
#define BLACKOUT_PROBER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "blackout/clock.h"
#include "blackout/verdict/classify.h"
#include "blackout/probe/method.h"
#include "blackout/metrics.h"
#include "blackout/output.h"
#include "blackout/prefix.h"
#include "blackout/probe/progress.h"
#include "blackout/probe/receiver.h"
#include "blackout/probe/sender.h"
#include "blackout/probe/targets.h"

struct baseline;

/*
 * Records a window of the round plans at most (plan_next_range): about 40
 * bytes each with one method, so 40 MiB, whatever the round probes. A
 * smaller window costs a wait per wave more often: windows run one after
 * the other, each with its own waves and timeouts.
 */
#define PROBER_WINDOW_RECORDS ((size_t)1 << 20)

/*
 * Watch rounds (below) run only with an interval of at least this: a
 * round with its waves and retries takes tens of seconds, and a shorter
 * interval times an outage finely enough already.
 */
#define WATCH_MIN_INTERVAL_S 120.0

struct prober_config {
	const struct target_set *targets;
	const struct exclude *exclude; /* may be NULL */
	struct method_list methods;    /* default for targets without any */
	int sample;		       /* SAMPLE_ALL, SAMPLE_AUTO or N */
	double rate;		       /* probes per second, 0 = unlimited */
	double timeout_s;
	unsigned retries;
	uint64_t seed;
	uint32_t source; /* host order; written into every probe */
	bool dry_run;	 /* one wave, no waiting: print the plan */
	/* The cookie key from the seed, not from getrandom (a dry run or a
	 * simulation: the same seed gives the same bytes). */
	bool seeded_key;
	const struct clock *clock;  /* every reading and wait of a round */
	struct baseline *baseline;  /* what rounds learn; NULL in a dry run */
	struct progress *progress;  /* the status line, or NULL */
	enum blocks_listing blocks; /* which /24s round lines list */
	const char *vantage_name;   /* carried on round and event lines */
	struct metrics *metrics;    /* told each target's summary, or NULL */
	/* Records a window plans at most; 0: PROBER_WINDOW_RECORDS (2^20).
	 * Only a test build changes it (blackout-testhooks). */
	size_t window_records;
};

struct prober;

/*
 * Creates a prober. The sender, receiver (NULL in a dry run) and output
 * stay owned by the caller and must outlive the prober. `stop` is polled
 * between probes: when it becomes non-zero the round stops sending, and is
 * summarized as interrupted. Returns NULL with err on failure.
 */
struct prober *prober_new(const struct prober_config *cfg, struct sender *snd,
			  struct receiver *rcv, struct output *out,
			  const volatile sig_atomic_t *stop,
			  struct bo_error *err);

/*
 * Runs round `round` (1-based) and writes one round line per target, and
 * an event line after it when the target changed state.
 * states receives each target's state (config targets order). Returns 0,
 * or -1 with err: err->status is BO_EXIT_PIPE when the output reader went
 * away, so the caller can leave quietly.
 */
int prober_round(struct prober *p, uint32_t round, enum target_state *states,
		 struct bo_error *err);

/*
 * Watch rounds. An outage's end is seen at the first round after it, so
 * with rounds every interval it is known to half an interval. While a
 * target is in an outage that took /24s down (target_memory.watch), the
 * caller may run a watch round half way to the next round: the same
 * round, planned, sent, judged and printed as any, round number and all,
 * but of those targets alone. The end is then known to a quarter of the
 * interval, for what the targets' /24s cost a round (the down ones
 * re-checked together: belief_recheck_start). A partial target with any
 * sign of an outage inside its /24s since the outage began (spot_quiet())
 * is not watched: a watch round sees /24s come back, not their hosts.
 * Its lines say "watch": true.
 *
 * prober_watch_wanted() says whether any target asks for one; the caller
 * asks it, and runs none in a dry run, before it waits for half the
 * interval. prober_watch() runs one and returns as prober_round() does;
 * states[] changes for its targets only.
 */
bool prober_watch_wanted(const struct prober *p);
int prober_watch(struct prober *p, uint32_t round, enum target_state *states,
		 struct bo_error *err);

/*
 * Sets the source address the next rounds' packets carry: for a run that
 * started with no route (source 0) once the kernel has one again.
 */
void prober_set_source(struct prober *p, uint32_t source);

/*
 * The errno of the last round's sends that failed for want of a route
 * (ENETUNREACH, EHOSTUNREACH), or 0 when none did.
 */
int prober_route_errno(const struct prober *p);

void prober_free(struct prober *p);

#endif /* BLACKOUT_PROBER_H */

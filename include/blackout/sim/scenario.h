/*
 * scenario.h - the scenario file of `blackout simulate`: a simulated network
 * (its blocks, their live hosts, RTTs and diurnal rhythm) and the events that
 * befall it (dark, flap, unreachable, loss, ratelimit, vantage, no-route).
 * The format is documented in blackout-simulate(8).
 *
 * Invariants after scenario_load(): end > start when there is an end, every
 * network's prefix has no host bits, no two networks overlap, hosts fit
 * their prefix, every share (density, availability, fraction, rate, duty)
 * is in [0, 1], 0 <= rtt_min_ms <= rtt_max_ms, every event has
 * start < end and only the fields its kind takes.
 */
#ifndef BLACKOUT_SIM_SCENARIO_H
#define BLACKOUT_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/prefix.h"
#include "blackout/util.h"

#define SIM_PORTS_MAX 16

/* One "port": value entry of a network's "tcp" object. */
struct sim_port {
	uint16_t port;
	bool density; /* value is a chance per address, else a count */
	double value; /* count when !density */
};

struct sim_network {
	struct prefix pfx;
	bool has_hosts;
	uint64_t hosts; /* exactly N addresses answer ICMP echo */
	double density; /* when !has_hosts: each address with this chance */
	struct sim_port tcp[SIM_PORTS_MAX];
	size_t n_tcp;
	bool rst;
	double availability; /* default 1 */
	/* A host's availability roll holds this long (seconds); 0, the
	 * default: every probe rolls afresh */
	double dwell_s;
	double rtt_min_ms, rtt_max_ms; /* default 20, 40 */
	bool diurnal;
	double amplitude;
	int32_t peak_s; /* peak: seconds after 00:00 UTC */
};

enum sim_event_kind {
	SIM_DARK,
	SIM_FLAP,
	SIM_UNREACHABLE,
	SIM_LOSS,
	SIM_RATELIMIT,
	SIM_VANTAGE,
	SIM_NO_ROUTE
};

struct sim_event {
	enum sim_event_kind kind;
	int64_t start_ns, end_ns; /* wall clock ns since epoch, [start, end) */
	bool has_prefix;
	struct prefix pfx;
	double fraction;       /* dark: default 1 */
	double period_s, duty; /* flap */
	uint32_t router;       /* unreachable (host order) */
	double rate;	       /* loss */
	double pps;	       /* ratelimit */
};

struct scenario {
	char *path;
	int64_t start_ns;
	bool has_end;
	int64_t end_ns;
	uint64_t seed; /* default 1 */
	/* The model's dice (sim_model_new): seed, unless the run says
	 * otherwise (blackout simulate --dice). */
	uint64_t dice;
	/* the vantage's address, optional "source" field; default
	 * 198.51.100.1; host order */
	uint32_t source;
	struct sim_network *net;
	size_t n_net;
	struct sim_event *ev;
	size_t n_ev;
};

/*
 * Loads the scenario file at path into sc (which it overwrites). Returns 0,
 * or -1 with err: 66 when the file can't be read, 65 with
 * "path:line:col: what" for a bad document. On failure sc holds nothing to
 * free (scenario_free() on it is harmless).
 */
int scenario_load(struct scenario *sc, const char *path, struct bo_error *err);

/*
 * The same for a document in buf[0..len), named origin in messages (tests
 * and the fuzz target). Returns 0, or -1 with err (status 65).
 */
int scenario_load_buffer(struct scenario *sc, const char *buf, size_t len,
			 const char *origin, struct bo_error *err);

/* Frees what scenario_load() allocated; sc may then be loaded again. */
void scenario_free(struct scenario *sc);

/*
 * Where a run goes on (blackout-simulate(8), "Rounds and time"): at *at
 * (--at; at or after the start and after *last, else -1 with err, 64);
 * else, when a state file's last round *last is within the scenario (at
 * or after its start, and before its end when it has one), at the next
 * round after it on the grid of iv ns from the start, as a cron job's
 * next run (the grid: a --linger run's last round is a watch round half
 * way). One from before the start is read as in a live run; so is a live
 * run's, unless the scenario has no end; a time too late for the grid is
 * not resumed. last or at NULL: none. Returns 1 with *first set, 0 to
 * start at the start.
 */
int scenario_resume(const struct scenario *sc, const int64_t *last,
		    const int64_t *at, int64_t iv, int64_t *first,
		    struct bo_error *err);

/* Name of an event kind as the file spells it ("no-route"). */
const char *sim_event_name(enum sim_event_kind k);

#endif /* BLACKOUT_SIM_SCENARIO_H */

/*
 * vocab.h - the words blackout's verdicts are told in: target and block
 * states, outage scopes, how a block was probed, events, the vantage, the
 * instability record, and durations as people read them.
 *
 * Both sides share it: the classifier writes these words into round and
 * event lines, and `blackout report` reads them back. It depends on
 * nothing of the probing side, so the report never compiles a planner or
 * a packet header just to name a state (CMake links it into blackout_base).
 *
 * Invariants: each name table sits next to its parser, and for every value
 * v of an enum, X_from_name(X_name(v)) == v (for an outage scope, v is
 * STATE_PARTIAL or STATE_DOWN); a name no table holds parses as -1. One
 * function formats durations, for both sides.
 */
#ifndef BLACKOUT_VOCAB_H
#define BLACKOUT_VOCAB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A target's verdict for a round; a /24 uses up, down and unknown. */
enum target_state {
	STATE_UP,
	STATE_PARTIAL,
	STATE_DOWN,
	STATE_UNKNOWN,
};

/* How a block is probed this round (plan.h says how each is built). */
enum block_mode {
	MODE_CENSUS,   /* all addresses, all methods, with retries */
	MODE_ADAPTIVE, /* E(b) one probe at a time until belief resolves */
	MODE_SPARSE,   /* all of a small E(b), all methods, with retries */
	MODE_EMPTY,    /* no E(b): exploration only */
};

enum vantage_state {
	VANTAGE_UNKNOWN, /* no controls configured */
	VANTAGE_UP,
	VANTAGE_DOWN,
};

enum event_kind {
	EVENT_NONE,
	EVENT_OUTAGE_START,
	EVENT_OUTAGE_END,
	EVENT_STATE_CHANGE,
};

/* The event a round's verdict makes, when the state changed. */
struct event_info {
	enum event_kind kind;
	enum target_state from, to;
	enum target_state scope; /* PARTIAL or DOWN, for outage events */
	/* Outage events: blackout's estimates of when the outage began and
	 * (outage-end) ended, each half way between the last round that
	 * saw the old state and the first that saw the new one. */
	int64_t start_ns, end_ns;
	double duration_s; /* outage-end: end_ns - start_ns */
	/* ... and the rounds either side that the estimates rest on: the
	 * last that saw the old state (0: none, the target's first verdict
	 * or a state file from before it was kept) and the one that saw the
	 * new. The estimate lies between them. */
	int64_t start_after_ns, start_by_ns, end_after_ns, end_by_ns;
};

/* How unsettled a target has been over the last rounds. */
struct instability {
	unsigned window;	/* rounds in the window (<= HISTORY_LEN) */
	unsigned state_changes; /* target state changes in the window */
	unsigned block_changes; /* /24 state changes in the window */
	bool has_rate;
	double rate_mean, rate_sd; /* E(b) probe answer rate per round */
};

/*
 * "up", "partial", "down", "unknown"; "unknown" for a value outside the
 * enum. state_from_name() returns the state, or -1 for any other string
 * or NULL (and so do the other parsers below).
 */
const char *state_name(enum target_state s);
int state_from_name(const char *name);

/*
 * An outage's scope: "total" for STATE_DOWN, "partial" for any other
 * state. scope_from_name() returns STATE_DOWN for "total", STATE_PARTIAL
 * for "partial", or -1 for any other string or NULL.
 */
const char *scope_name(enum target_state scope);
int scope_from_name(const char *name);

/*
 * "census", "adaptive", "sparse", "empty"; "unknown" for a value outside
 * the enum. block_mode_from_name() returns the mode, or -1.
 */
const char *block_mode_name(enum block_mode m);
int block_mode_from_name(const char *name);

/*
 * "unknown", "up", "down"; "unknown" for a value outside the enum.
 * vantage_from_name() returns the vantage state, or -1.
 */
const char *vantage_name(enum vantage_state v);
int vantage_from_name(const char *name);

/*
 * "none", "outage-start", "outage-end", "state-change"; "none" for a value
 * outside the enum. event_from_name() returns the kind (EVENT_NONE for
 * "none", which no event line carries), or -1.
 */
const char *event_name(enum event_kind k);
int event_from_name(const char *name);

/*
 * The "instability" object of a round line and of blackout report's JSON:
 * window, state_changes, block_changes, rate_mean and rate_sd (rounded to
 * four decimals, null without a rate). The caller owns the reference.
 */
json_t *instability_json(const struct instability *in);

/*
 * A JSON real rounded to `digits` decimals: how beliefs, availabilities
 * and rates appear in lines and reports, short and stable. The caller owns
 * the reference.
 */
json_t *json_rounded(double v, int digits);

/* How format_duration() writes a duration. */
enum duration_style {
	DURATION_SHORT, /* the largest unit, and the next one when not zero:
			   "9h31m", "1d" for 1d0h1m (event lines) */
	DURATION_EXACT, /* every unit that is not zero: "9h31m1s" (report) */
};

/*
 * Formats a number of whole seconds with the units d, h, m and s into buf,
 * truncated to len bytes (32 hold any value), and returns buf. Zero is
 * "0s". A negative number (a clock stepped back) is "0s" in DURATION_EXACT
 * and signed unit by unit in DURATION_SHORT ("-1h-1m").
 */
char *format_duration(int64_t seconds, enum duration_style style, char *buf,
		      size_t len);

#endif /* BLACKOUT_VOCAB_H */

/*
 * classify.h - from a finished round's records to states with reasons.
 *
 * Per /24 sub-block and per target: `up` when any probed address gave a
 * live answer; `down` when none did and ICMP errors for the probes name a
 * routing failure (net or host unreachable, unknown, TOS, or TTL exceeded);
 * `unknown` otherwise, or whenever the vantage controls all stayed silent.
 * A silent block without routing evidence is unknown, never down: silence
 * alone is what a local outage or a filter also looks like.
 */
#ifndef BLACKOUT_CLASSIFY_H
#define BLACKOUT_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/method.h"
#include "blackout/plan.h"
#include "blackout/prefix.h"

enum target_state {
	STATE_UP,
	STATE_PARTIAL,
	STATE_DOWN,
	STATE_UNKNOWN,
};

enum vantage_state {
	VANTAGE_UNKNOWN, /* no controls configured */
	VANTAGE_UP,
	VANTAGE_DOWN,
};

struct block_summary {
	struct prefix pfx;
	enum target_state state;
	uint32_t probed, responsive;
	uint32_t routing_errors; /* addresses with a routing-failure error */
	uint32_t method_resp[METHOD_MAX];
};

struct target_summary {
	enum target_state state;
	char reason[200];
	uint32_t probed, responsive;
	struct block_summary *blocks;
	size_t n_blocks;
	bool has_rtt;
	double rtt_min, rtt_median, rtt_max;
};

/* The vantage state from the controls' records. */
enum vantage_state classify_vantage(const struct plan *plan);

/*
 * Summarizes plan target ti. Sorts its RTT samples in place. The caller
 * frees the summary with target_summary_free().
 */
void classify_target(struct plan *plan, size_t ti, enum vantage_state vantage,
		     struct target_summary *out);

void target_summary_free(struct target_summary *s);

/* True for ICMP type/code pairs that say the network path is broken. */
bool classify_is_routing_error(uint8_t type, uint8_t code);

/* "up", "partial", "down", "unknown"; "up", "down", "unknown". */
const char *state_name(enum target_state s);
const char *vantage_name(enum vantage_state v);

/*
 * The exit status for a set of target states: 2 if any is down, else 1 if
 * any is partial, else 3 if any is unknown, else 0.
 */
int classify_exit_status(const enum target_state *states, size_t n);

#endif /* BLACKOUT_CLASSIFY_H */

/*
 * plan.h - one round's probe table: which addresses of which target get
 * probed with which methods, and what came back for each.
 *
 * The planner asks the sampler for each target's addresses, then keeps one
 * record per address, sorted by address so a reply finds its record with a
 * binary search. Memory is proportional to the addresses probed, never to
 * the address space of the targets.
 *
 * The vantage controls, when there are any, are the last plan target, with
 * `control` set; they are probed like any target but never reported as one.
 */
#ifndef BLACKOUT_PLAN_H
#define BLACKOUT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/method.h"
#include "blackout/prefix.h"
#include "blackout/sampler.h"
#include "blackout/targets.h"

/* ICMP errors reported for a target's probes, grouped by router and code. */
struct unreach_report {
	uint32_t router;
	uint8_t type, code;
	uint64_t count;
};

/* What happened to one target's probes in one round. */
struct target_stats {
	uint64_t sent, send_errors;
	uint64_t replies;     /* credited live answers: echo, SYN-ACK, RST */
	uint64_t icmp_errors; /* credited ICMP errors (evidence, not life) */
	uint64_t invalid;     /* failed the cookie check */
	uint64_t late;        /* answered the previous round's probes */
	uint64_t duplicate;   /* a second answer to an already credited probe */
	uint64_t method_sent[METHOD_MAX];
	uint64_t method_resp[METHOD_MAX]; /* addresses that answered it */
	uint64_t synack[METHOD_MAX], rst[METHOD_MAX];
	struct unreach_report *unreach;
	size_t n_unreach;
	double *rtt_ms; /* one per credited live answer with a known send */
	size_t n_rtt, cap_rtt;
};

struct plan_rec {
	uint32_t addr;
	uint32_t target; /* index into plan->tg */
	uint16_t ok;	 /* run methods (bits) that got a live answer */
	uint16_t err;	 /* run methods that got an ICMP error */
	uint8_t err_type, err_code; /* the last such error */
};

struct plan_target {
	const char *name;
	struct prefix pfx; /* for controls: 0.0.0.0/0, never used to match */
	bool control;
	uint16_t methods; /* bits of plan->methods this target uses */
	size_t first, count; /* its records are rec[first .. first+count) */
	struct target_stats st;
};

struct plan {
	struct method_list methods; /* union of every target's methods */
	uint32_t round;
	struct plan_rec *rec;
	size_t n_rec;
	int64_t *sent_ns;   /* [rec * methods.n]: last send, wall clock */
	uint8_t *sent_wave; /* [rec * methods.n]: wave of that send */
	struct plan_target *tg;
	size_t n_tg;
	size_t *by_prefix; /* indexes of non-control tg sorted by prefix */
	uint64_t stray;	   /* validated-looking replies from no target */
};

/*
 * Plans round `round`: for each target, each /24 sub-block's addresses from
 * the sampler (all of them for SAMPLE_ALL and SAMPLE_AUTO, or the first
 * `sample`), minus excluded ones; then the controls. Methods come from each
 * target or else from `defaults`. Returns 0, or -1 with err when the
 * methods of all targets together exceed METHOD_MAX.
 */
int plan_build(struct plan *plan, const struct target_set *set,
	       const struct method_list *defaults, int default_sample,
	       const struct exclude *ex, struct rng *rng, uint32_t round,
	       struct bo_error *err);

/* Index of the record for addr, or -1. */
long plan_find(const struct plan *plan, uint32_t addr);

/* Index of the plan target whose prefix or controls hold addr, or -1. */
long plan_target_of(const struct plan *plan, uint32_t addr);

/* Adds an RTT sample, in milliseconds, to st. */
void target_stats_add_rtt(struct target_stats *st, double ms);

/* Counts one ICMP error from router with type/code. */
void target_stats_add_unreach(struct target_stats *st, uint32_t router,
			      uint8_t type, uint8_t code);

void plan_free(struct plan *plan);

#endif /* BLACKOUT_PLAN_H */

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

#include "blackout/probe/method.h"
#include "blackout/prefix.h"
#include "blackout/probe/sampler.h"
#include "blackout/probe/targets.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/vocab.h" /* enum block_mode */

/* Waves a round may have: a cookie carries the wave in 8 bits. */
#define PLAN_WAVES_MAX 255

/*
 * E(b) addresses an adaptive block queues past its budget, when it has
 * them: a confirmation of a block turned down (probe/spotcheck.h) probes
 * up to SPOT_MAX (7) of them, fresh, rather than the addresses the
 * adaptive probes just found silent. A host away for hours stays away
 * at a re-probe; another address is another draw.
 */
#define PLAN_QUEUE_SPARE 7

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
	uint64_t late;	      /* answered the previous round's probes */
	uint64_t duplicate;   /* a second answer to an already credited probe */
	uint64_t method_sent[METHOD_MAX];
	uint64_t method_resp[METHOD_MAX]; /* addresses that answered it */
	/* [method][i]: the counters a method keeps of its own, named by its
	 * ops' counters[i] (TCP's "synack" and "rst") */
	uint64_t method_count[METHOD_MAX][METHOD_COUNTERS_MAX];
	struct unreach_report *unreach;
	size_t n_unreach;
	double *rtt_ms; /* one per credited live answer with a known send */
	size_t n_rtt, cap_rtt;
};

/* Why an address is in this round's plan. */
enum rec_role {
	ROLE_CENSUS,  /* every address of a block without a usable baseline */
	ROLE_EVER,    /* an E(b) address of an adaptive or sparse block */
	ROLE_EXPLORE, /* a never-responsive address, looking for newcomers */
};

struct plan_rec {
	uint32_t addr;
	uint32_t target;   /* index into plan->tg */
	uint32_t block;	   /* index into plan->blk */
	uint16_t want;	   /* run methods (bits) to probe it with */
	uint16_t sent;	   /* run methods it was actually probed with */
	uint16_t ok;	   /* run methods that got a live answer */
	uint16_t ok_first; /* ... to a wave-0 probe */
	uint16_t err;	   /* run methods that got an ICMP error */
	uint8_t err_type, err_code; /* the last such error */
	uint8_t role;		    /* enum rec_role */
	bool ever;		    /* in E(b) when the round began */
};

/*
 * Where the wave loop is in one adaptive block's queue this round. The
 * plan holds the queue and the belief; the cursor is the wave loop's own
 * (wave.c), read by the spot checks that follow its waves (spotcheck.h).
 */
struct block_cursor {
	size_t next;	 /* next position in the queue; wraps round E(b) */
	unsigned probes; /* adaptive probes scheduled, against the budget */
	long rec;	 /* record probed in the current wave, or -1 */
	unsigned method; /* ... with this run method */
};

/* A (record, run method) pair a wave probes. */
struct pair {
	uint32_t rec;
	uint8_t method;
};

/*
 * One /24 sub-block's plan and what the round did to it: the probes sent
 * and, for adaptive blocks, the running belief. Where the wave loop is in
 * the queue is the prober's own business.
 */
struct plan_block {
	uint32_t target; /* plan target index */
	uint32_t index;	 /* sub-block index within the target */
	struct prefix pfx;
	enum block_mode mode;
	uint32_t *queue; /* adaptive: record indexes in probing order */
	size_t n_queue;
	unsigned budget; /* adaptive probes allowed this round */
	unsigned sent;	 /* probes actually sent to the block this round */
	struct block_belief bb; /* from the memory; adaptive probes update it */
	/* A spot check (spot.h), once the adaptive probes are done: `spot`
	 * addresses of the queue from spot_first on are probed at once in
	 * wave spot_wave, the silent ones again in the next; 0 for none.
	 * Of those whose first probe left: answered at first, and at all. */
	unsigned spot, spot_first, spot_wave;
	unsigned spot_sent, spot_first_ok, spot_ok;
	/* ... of them, the first spot_again: the hosts the last check left
	 * silent (block_memory.silent), probed again */
	unsigned spot_again;
	double spot_avail; /* A(b) of the hour as the check found it */
	/* The check confirms a block that was up and whose adaptive probes
	 * say down: one answer keeps it up (it is not part of the test). */
	bool spot_confirm;
	/* A watch round of some /24s (plan_target.some) does not probe
	 * it: it keeps its state and belief through the round. */
	bool carry;
};

struct plan_dir {
	uint32_t net; /* address >> 8 */
	uint32_t first;
};

/*
 * The recheck of a census that fell short (recheck.h): the census test's
 * tallies before it, the silent E(b) addresses re-probed slowly and how
 * many answered, and the answer rate at the tail of wave 0.
 */
struct recheck {
	uint32_t n, x;		   /* E(b) probed / answering before it */
	uint32_t probed, answered; /* re-probed addresses / answering */
	double rate;		   /* answers/s in wave 0's second half */
	/* A signal stopped the recheck waves (or their waits) short: the
	 * census is not whole without them, and the target is cut as in a
	 * round cut short (plan.cut), its window's other targets not */
	bool cut;
};

struct plan_target {
	const char *name;
	/* The target's prefixes (the target set's); none for the controls */
	const struct prefix *prefixes;
	size_t n_prefixes;
	bool control;
	uint32_t asn;	     /* from the targets file; 0 when not given */
	uint16_t methods;    /* bits of plan->methods this target uses */
	size_t first, count; /* its records: plan_target_rec(), 0 .. count */
	size_t first_blk, n_blk; /* its blocks are blk[first_blk ..) */
	struct target_stats st;
	struct recheck recheck;
	/* The known cap on its ICMP answers it is paced under this round
	 * (recheck_caps; 0: full speed), and the pace its E(b) probes went
	 * at (recheck_split; 0: none was paced). */
	double cap, pace;
	/* A watch round of an up target, for its /24s lately back from
	 * down: it probes those alone (the others are carried, see
	 * plan_block) and makes no spot check. */
	bool some;
};

struct plan_span {
	struct prefix pfx;
	uint32_t target; /* index into plan->tg */
};

/*
 * A window of a round: the whole targets [first, first + count) of the
 * set; or, for one target wider than a window (part set, count 1), its
 * /24s [b0, b1) in the target's numbering (target_block).
 */
struct plan_range {
	size_t first, count;
	bool part;
	uint32_t b0, b1;
};

struct plan {
	struct method_list methods; /* the run's (plan_run_methods) */
	uint32_t round;
	/* A watch round (prober.h): only targets whose memory asks for one
	 * (target_memory.watch) plan /24s, and none explores. */
	bool watch;
	/* The round less this run's watch rounds: the explorers alternate
	 * by it, so that a watch round of some targets does not leave the
	 * others' regular rounds all even or all odd. */
	uint32_t beat;
	size_t first_target; /* tg[i] is target first_target + i of the set */
	struct plan_range range; /* what this plan holds of the set */
	struct plan_rec *rec;
	size_t n_rec;
	/* One slot per (record, run method), read and written only through
	 * the probe verbs below: nothing outside plan.c indexes them. */
	int64_t *sent_ns;   /* last send, wall clock; 0: never left */
	uint8_t *sent_wave; /* wave of that send */
	uint8_t *ans_wave;  /* 1 + wave last answered or errored; 0 */
	struct plan_target *tg;
	size_t n_tg;
	/* Record indexes grouped by target, each group in address order: a
	 * target's records are rec[tg_rec[first .. first + count)]. A target
	 * of several prefixes, or the controls, need not be one run of the
	 * address-sorted records, so nothing may assume it is. */
	uint32_t *tg_rec;
	/* Every prefix of every non-control target, with its target, sorted
	 * by address: how a reply finds its target (prefixes are disjoint). */
	struct plan_span *spans;
	size_t n_spans;
	struct plan_block *blk;
	size_t n_blk;
	/* The records' /24s in address order, each with its first record,
	 * and a sentinel: plan_find searches this small table, then one /24's
	 * records, instead of every record (a reply's lookup stays in cache). */
	struct plan_dir *dir;
	size_t n_dir;
	uint64_t stray; /* validated-looking replies from no target */
	/* Sends that failed because the vantage has no route (ENETUNREACH,
	 * EHOSTUNREACH), and the errno of the last: a local outage. */
	uint64_t route_errors;
	int route_errno;
	/* A signal cut the round short before this plan's waits were over:
	 * its silences are no evidence, and classify learns nothing of it. */
	bool cut;
};

struct baseline;
struct block_memory;

/*
 * Plans round `round`: for each target, each /24 sub-block's addresses from
 * the sampler, minus excluded ones; then the controls. Methods come from
 * each target or else from `defaults`.
 *
 * A block never censused is a census of all its addresses (a dry run,
 * which has no baseline at all, takes the first N of a random permutation
 * with --sample N). Once censused, a SAMPLE_AUTO or N block is adaptive:
 * E(b) in a random order, one probe each with the method that last worked,
 * at most N (default 15, at most PLAN_WAVES_MAX - 1) this round, plus,
 * every other round and unless believed down, one probe of a
 * never-responsive address to explore (one method, the next in turn, no
 * retry); a block whose A(b) is below 0.1 is sparse and probed in full;
 * SAMPLE_ALL is always a census.
 *
 * Returns 0, or -1 with err when the methods of all targets together exceed
 * METHOD_MAX.
 */
int plan_build(struct plan *plan, const struct target_set *set,
	       const struct baseline *bl, const struct method_list *defaults,
	       int default_sample, const struct exclude *ex, struct rng *rng,
	       uint32_t round, struct bo_error *err);

/*
 * Plans the window of targets [first, first + count) of set, and the
 * controls, as plan_build() plans them all: plan target i is set target
 * first + i (plan->first_target), and methods are numbered the run's way
 * whichever targets are in the window. The records of a round planned in
 * windows are those of one window at a time, so a round's memory is
 * bounded by the window, not by the probes of the round.
 */
int plan_build_window(struct plan *plan, const struct target_set *set,
		      size_t first, size_t count, const struct baseline *bl,
		      const struct method_list *defaults, int default_sample,
		      const struct exclude *ex, struct rng *rng, uint32_t round,
		      struct bo_error *err);

/*
 * Plans the window r (struct plan_range): whole targets as
 * plan_build_window() does, or the /24s [r->b0, r->b1) of target r->first
 * alone, with the controls. A part's spans (plan_target_of) are its own
 * /24s, so a late reply to another part's probe is stray, as one to a
 * target of another window is.
 */
int plan_build_range(struct plan *plan, const struct target_set *set,
		     const struct plan_range *r, const struct baseline *bl,
		     const struct method_list *defaults, int default_sample,
		     const struct exclude *ex, struct rng *rng, uint32_t round,
		     struct bo_error *err);

/*
 * How many targets from first on make the next window: as many as fit
 * max_records records as planned from the baseline (a census block 256,
 * or N with --sample N in a dry run; an adaptive one its budget and an
 * explorer; a sparse one E(b) and an explorer), and always at least one,
 * however large. Returns 0 only when first is past the last target.
 */
size_t plan_window(const struct target_set *set, const struct baseline *bl,
		   int default_sample, size_t first, size_t max_records);

/*
 * The window after prev (NULL: the round's first) into *next: whole
 * targets as plan_window() takes them; a target whose records alone
 * exceed max_records is cut into parts of as many of its /24s as fit (at
 * least one each), in the target's order. Returns false past the end.
 */
bool plan_next_range(const struct target_set *set, const struct baseline *bl,
		     int default_sample, const struct plan_range *prev,
		     size_t max_records, struct plan_range *next);

/* Records the /24s [b0, b1) of target i are planned to hold, at most. */
size_t plan_range_records(const struct target_set *set,
			  const struct baseline *bl, int default_sample,
			  size_t i, uint32_t b0, uint32_t b1);

/* The mode a /24 with memory bm (NULL: none) is planned in. */
enum block_mode plan_block_mode(const struct block_memory *bm, int sample);

/*
 * The run's methods: the union, in order of first use, of every target's
 * methods (or `defaults`), then the controls' (the defaults). plan_build
 * numbers methods the same way, so indexes saved in the state file stay
 * valid across rounds. Returns 0, or -1 with err beyond METHOD_MAX.
 */
int plan_run_methods(const struct target_set *set,
		     const struct method_list *defaults,
		     struct method_list *out, struct bo_error *err);

/* The k-th record (k < tg->count) of plan target tg, in address order. */
static inline struct plan_rec *
plan_target_rec(const struct plan *plan, const struct plan_target *tg, size_t k)
{
	return &plan->rec[plan->tg_rec[tg->first + k]];
}

/* The controls' plan target (the last, when the targets file has
 * controls), or NULL. */
static inline const struct plan_target *
plan_control_target(const struct plan *plan)
{
	return plan->n_tg > 0 && plan->tg[plan->n_tg - 1].control
		       ? &plan->tg[plan->n_tg - 1]
		       : NULL;
}

/* Whether any record of plan target tg got a live answer. */
static inline bool
plan_target_answered(const struct plan *plan, const struct plan_target *tg)
{
	size_t i;

	for (i = 0; i < tg->count; i++)
		if (plan_target_rec(plan, tg, i)->ok != 0)
			return true;
	return false;
}

/* The host of addr in pb's /24: its offset, 0 to 255. */
static inline unsigned
plan_host_of(const struct plan_block *pb, uint32_t addr)
{
	return (unsigned)(addr - (pb->pfx.base & ~0xffu)) & 0xff;
}

/* The lowest run method record rec wants: an adaptive record's one. */
static inline unsigned
plan_rec_method(const struct plan *plan, size_t rec)
{
	unsigned m;

	for (m = 0; m < plan->methods.n; m++)
		if (plan->rec[rec].want & (1u << m))
			break;
	return m;
}

/* Index of the record for addr, or -1. */
long plan_find(const struct plan *plan, uint32_t addr);

/* Index of the plan target whose prefix or controls hold addr, or -1. */
long plan_target_of(const struct plan *plan, uint32_t addr);

/*
 * The probe verbs. A probe is (record, run method, wave): rec indexes
 * plan->rec, m plan->methods. The plan keeps, per (record, method), the
 * last send and the wave last answered; these verbs are the only way in.
 */

/* How one wave's probe of (rec, m) fared. */
enum probe_outcome {
	PROBE_UNSENT,	/* not sent in that wave, or it never left */
	PROBE_SILENT,	/* sent; no live answer (an ICMP error is silence) */
	PROBE_ANSWERED, /* sent, answered, and m live at the address */
};

/* Stamps the probe of (rec, m) as handed to the sender in wave at now_ns. */
void plan_mark_sent(struct plan *plan, size_t rec, unsigned m, unsigned wave,
		    int64_t now_ns);

/*
 * Settles the fate of the probe of (rec, m) once the sender is done with
 * it: when it left, the record, its /24 and its target count it as sent
 * (per method too); when it did not (a send error), its stamp is
 * forgotten, so it is no observation, has no RTT and is not waited for,
 * and the target counts a send error.
 */
void plan_settle_send(struct plan *plan, size_t rec, unsigned m, bool left);

/*
 * Settles a probe that the sender could not send, with the errno it
 * failed with: a send error as plan_settle_send(..., false), and, for
 * ENETUNREACH or EHOSTUNREACH, a route error of the round.
 */
void plan_settle_send_error(struct plan *plan, size_t rec, unsigned m,
			    int errnum);

/* True for the send errors that mean the vantage has no route. */
bool plan_is_route_errno(int errnum);

/* What plan_record_answer() and plan_record_error() decided. */
enum plan_record {
	RECORD_DUPLICATE, /* the probe had its answer already: nothing done */
	RECORD_NEW,	  /* recorded */
	RECORD_FIRST,	  /* recorded, the address's first live answer to m */
};

/*
 * Records a live answer to the probe of (rec, m) in wave: sets the
 * record's ok bit for m, and ok_first for wave 0. One answer per probe: a
 * second live answer to it is a duplicate; a live answer outranks an
 * earlier ICMP error to it (unless m already answered live in an earlier
 * wave: the ok bit is per round). A later wave's probe of the same pair is
 * a new probe.
 */
enum plan_record plan_record_answer(struct plan *plan, size_t rec, unsigned m,
				    unsigned wave);

/*
 * Records an ICMP error type/code to the probe of (rec, m) in wave: sets
 * the record's err bit for m and its last error. Nothing outranks life:
 * an error to a probe already answered (live or not) is a duplicate.
 * Returns RECORD_DUPLICATE or RECORD_NEW.
 */
enum plan_record plan_record_error(struct plan *plan, size_t rec, unsigned m,
				   unsigned wave, uint8_t type, uint8_t code);

/*
 * The round-trip time, in milliseconds, of an answer received at ts_ns to
 * the probe of (rec, m) in wave. Returns false when that probe's send time
 * is unknown (the last send was another wave's, or never left) or later
 * than ts_ns, leaving *ms alone.
 */
bool plan_rtt_of(const struct plan *plan, size_t rec, unsigned m, unsigned wave,
		 int64_t ts_ns, double *ms);

/*
 * How wave's probe of (rec, m) fared so far. Answered means the probe
 * drew a reply and the address's ok bit for m is set; the bit is kept
 * per round, not per wave, so an ICMP error to a re-probe of an address
 * that answered m live in an earlier wave also counts as answered.
 */
enum probe_outcome plan_probe_outcome(const struct plan *plan, size_t rec,
				      unsigned m, unsigned wave);

/*
 * True while a probe of (rec, m) that left is still without an answer or
 * error to wave's probe: what a wave waits for.
 */
bool plan_awaits_answer(const struct plan *plan, size_t rec, unsigned m,
			unsigned wave);

/* Adds an RTT sample, in milliseconds, to st. */
void target_stats_add_rtt(struct target_stats *st, double ms);

/* Counts one ICMP error from router with type/code. */
void target_stats_add_unreach(struct target_stats *st, uint32_t router,
			      uint8_t type, uint8_t code);

void plan_free(struct plan *plan);

#endif /* BLACKOUT_PLAN_H */

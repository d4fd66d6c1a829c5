/*
 * prober.c - the round loop: plan, waves of probes, matching, verdicts.
 *
 * Everything here runs on the main thread; the only thing shared with the
 * capture thread is the receiver's ring. Probes are built, paced and sent
 * a batch at a time (the batch sized from the rate), and the ring is
 * drained after every batch, so it never backs up at high rates.
 */
#include "blackout/probe/prober.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/spot.h"
#include "blackout/probe/cookie.h"
#include "blackout/probe/matcher.h"
#include "blackout/probe/packet.h"
#include "blackout/probe/plan.h"
#include "blackout/probe/ratelimit.h"
#include "blackout/probe/recheck.h"
#include "blackout/probe/sampler.h"
#include "blackout/probe/verdicts.h"
#include "blackout/probe/wave.h"
#include "blackout/probe/spotcheck.h"

#define DRAIN_BATCH 1024
#define DRAIN_EVERY_NS 100000000 /* match at least this often while sending */

/* One batch of probes: what the sender reads and where it reports. */
struct send_buf {
	struct probe_desc *descs; /* [SENDER_BATCH_MAX] */
	uint8_t (*pkts)[PACKET_MAX];
	int *errs;
	const struct pair *pairs; /* what the batch probes, in order */
	size_t n;
	unsigned wave;
};

struct prober {
	struct prober_config cfg;
	struct sender *snd;
	struct receiver *rcv;
	struct output *out;
	const volatile sig_atomic_t *stop;
	struct cookie_key key;
	struct rng rng;
	struct ratelimit rl;
	struct receiver_stats last; /* receiver counters at round start */
	unsigned prev_waves; /* waves the previous round sent (late replies) */
	struct reply *batch;
	uint16_t ip_id;
	size_t batch_max;	/* probes per send batch, from the rate */
	struct send_buf buf[2]; /* one in flight, one being built */
	struct packet_template tpl[METHOD_MAX]; /* the window's methods */
	uint64_t answers; /* replies credited or recorded as errors, ever */
	int route_errno;  /* the last round's no-route errno, or 0 */
	struct verdicts verdicts; /* the lines, and a wide target's sums */
	/* For the progress line: this round's figures. */
	struct progress_info shown;
	uint64_t answers_at_start;
};

/* Offers the progress line this round's figures (it decides to draw). */
static void
show_progress(struct prober *p)
{
	if (p->cfg.progress == NULL)
		return;
	p->shown.replies = p->answers - p->answers_at_start;
	progress_update(p->cfg.progress, &p->shown);
}

struct prober *
prober_new(const struct prober_config *cfg, struct sender *snd,
	   struct receiver *rcv, struct output *out,
	   const volatile sig_atomic_t *stop, struct bo_error *err)
{
	struct prober *p = xcalloc(1, sizeof(*p));
	int i;

	p->cfg = *cfg;
	p->snd = snd;
	p->rcv = rcv;
	p->out = out;
	p->stop = stop;
	p->verdicts.out = out;
	p->verdicts.baseline = cfg->baseline;
	p->verdicts.metrics = cfg->metrics;
	if (cfg->dry_run || cfg->seeded_key)
		cookie_key_from_seed(&p->key, cfg->seed);
	else if (cookie_key_random(&p->key) < 0) {
		error_set(err, BO_EXIT_OSERR, "getrandom: %s", strerror(errno));
		free(p);
		return NULL;
	}
	/* A run that goes on from a state file (cron's next) starts its
	 * order from the rounds run too: one --seed would otherwise probe
	 * the same addresses every round. */
	rng_seed(&p->rng, cfg->seed ^ (cfg->baseline != NULL
					       ? cfg->baseline->last_round *
							 0x9e3779b97f4a7c15ULL
					       : 0));
	ratelimit_init(&p->rl, cfg->rate, cfg->clock);
	p->batch = xcalloc(DRAIN_BATCH, sizeof(*p->batch));
	p->ip_id = (uint16_t)rng_next(&p->rng);
	p->batch_max = ratelimit_batch(cfg->rate, SENDER_BATCH_MAX);
	for (i = 0; i < 2; i++) {
		p->buf[i].descs = xcalloc(SENDER_BATCH_MAX,
					  sizeof(*p->buf[i].descs));
		p->buf[i].pkts = xcalloc(SENDER_BATCH_MAX,
					 sizeof(*p->buf[i].pkts));
		p->buf[i].errs = xcalloc(SENDER_BATCH_MAX,
					 sizeof(*p->buf[i].errs));
	}
	return p;
}

void
prober_set_source(struct prober *p, uint32_t source)
{
	p->cfg.source = source;
}

int
prober_route_errno(const struct prober *p)
{
	return p->route_errno;
}

void
prober_free(struct prober *p)
{
	int i;

	if (p == NULL)
		return;
	free(p->batch);
	for (i = 0; i < 2; i++) {
		free(p->buf[i].descs);
		free(p->buf[i].pkts);
		free(p->buf[i].errs);
	}
	free(p);
}

static bool
stopped(const struct prober *p)
{
	return p->stop != NULL && *p->stop != 0;
}

/* Matches every queued reply. waves: how many of this round's went out. */
static void
drain(struct prober *p, struct plan *plan, unsigned waves)
{
	size_t n, i;

	if (p->rcv == NULL)
		return;
	while ((n = receiver_drain(p->rcv, p->batch, DRAIN_BATCH)) > 0)
		for (i = 0; i < n; i++) {
			enum match_result m = match_reply(plan, &p->key,
							  &p->batch[i], waves,
							  p->prev_waves);

			p->answers += m == MATCH_CREDIT || m == MATCH_ERROR;
		}
}

/* Builds the probe of pair pr, wave w, into slot i of batch b. */
static void
build_probe(struct prober *p, const struct plan *plan,
	    const struct packet_template *tpl, const struct pair *pr,
	    unsigned w, struct send_buf *b, size_t i)
{
	const struct plan_rec *rec = &plan->rec[pr->rec];
	const struct method *m = &plan->methods.m[pr->method];
	struct probe_desc *d = &b->descs[i];

	d->dst = rec->addr;
	d->method = m;
	d->target = plan->tg[rec->target].name;
	d->round = plan->round;
	d->wave = w;
	d->cookie = cookie_make(&p->key, rec->addr, m, plan->round, (uint8_t)w);
	d->len = packet_fill(&tpl[pr->method], rec->addr, &d->cookie,
			     p->ip_id++, b->pkts[i]);
	d->pkt = b->pkts[i];
}

/* Builds pairs[0..n), n <= batch_max, of wave w into batch b. */
static void
build_batch(struct prober *p, const struct plan *plan,
	    const struct packet_template *tpl, const struct pair *pairs,
	    size_t n, unsigned w, struct send_buf *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		build_probe(p, plan, tpl, &pairs[i], w, b, i);
	b->pairs = pairs;
	b->n = n;
	b->wave = w;
}

/* Paces batch b, stamps its send times and hands it to the sender. */
static void
start_batch(struct prober *p, struct plan *plan, struct send_buf *b)
{
	int64_t now;
	size_t i;

	ratelimit_wait(&p->rl, (unsigned)b->n);
	now = clock_real(p->cfg.clock);
	for (i = 0; i < b->n; i++)
		plan_mark_sent(plan, b->pairs[i].rec, b->pairs[i].method,
			       b->wave, now);
	sender_send_start(p->snd, b->descs, b->n, b->errs);
}

/* Waits for batch b to be sent and counts each probe's fate. */
static int
finish_batch(struct prober *p, struct plan *plan, struct send_buf *b,
	     struct bo_error *err)
{
	size_t i;

	sender_send_finish(p->snd);
	for (i = 0; i < b->n; i++) {
		if (b->errs[i] == EPIPE) {
			error_set(err, BO_EXIT_PIPE, "output closed");
			return -1;
		}
		/* A dry run's "send" is a line: a full disk ends the run. */
		if (p->cfg.dry_run &&
		    write_status(b->errs[i]) == BO_EXIT_IOERR) {
			error_set(err, BO_EXIT_IOERR, "writing output: %s",
				  strerror(b->errs[i]));
			return -1;
		}
		/* A probe that never left is no observation, has no RTT
		 * and is not waited for (see wave_observe). */
		if (b->errs[i] == 0)
			plan_settle_send(plan, b->pairs[i].rec,
					 b->pairs[i].method, true);
		else
			plan_settle_send_error(plan, b->pairs[i].rec,
					       b->pairs[i].method, b->errs[i]);
	}
	b->n = 0;
	return 0;
}

/*
 * Matches the queued replies between two batches only when the ring asks
 * for it (receiver_backlogged) or DRAIN_EVERY_NS has passed (the progress
 * line stays current): at full speed the main thread sends instead, and
 * the wait after the wave matches the rest.
 */
static void
drain_if_due(struct prober *p, struct plan *plan, unsigned waves, int64_t *last)
{
	int64_t now;

	if (p->rcv == NULL)
		return;
	now = clock_mono(p->cfg.clock);
	if (!receiver_backlogged(p->rcv) && now - *last < DRAIN_EVERY_NS)
		return;
	drain(p, plan, waves);
	*last = now;
}

/*
 * Sends the pairs of wave w; returns how many went out, or -1 with err.
 * While one batch is in the sender's hands the next is built and the
 * replies so far are matched.
 */
static long
send_wave(struct prober *p, struct plan *plan,
	  const struct packet_template *tpl, const struct pair *pairs, size_t n,
	  unsigned w, struct bo_error *err)
{
	struct send_buf *cur = &p->buf[0], *prev = &p->buf[1], *t;
	int64_t drained = clock_mono(p->cfg.clock);
	size_t i, k;
	long rc = 0;

	prev->n = 0;
	for (i = 0; i < n && !stopped(p); i += k) {
		k = n - i < p->batch_max ? n - i : p->batch_max;
		build_batch(p, plan, tpl, pairs + i, k, w, cur);
		if (prev->n > 0 && finish_batch(p, plan, prev, err) < 0)
			return -1;
		start_batch(p, plan, cur);
		drain_if_due(p, plan, w + 1, &drained);
		rc += (long)k;
		p->shown.sent += k;
		show_progress(p);
		t = prev;
		prev = cur;
		cur = t;
	}
	if (prev->n > 0 && finish_batch(p, plan, prev, err) < 0)
		return -1;
	return rc;
}

/*
 * How many pairs of wave `waves - 1` have neither an answer nor an error
 * to that wave's probe yet (a probe that never left is not waited for).
 */
static size_t
wave_unanswered(const struct plan *plan, const struct pair *pairs, size_t n,
		unsigned waves)
{
	size_t i, left = 0;

	for (i = 0; i < n; i++)
		left += plan_awaits_answer(plan, pairs[i].rec, pairs[i].method,
					   waves - 1);
	return left;
}

/*
 * Waits out the timeout after a wave, matching replies as they come; ends
 * early once every probe of the wave has been answered. The full count of
 * unanswered pairs is taken again only once enough answers have come in
 * to possibly make it zero, so waiting stays linear in the wave's size
 * however often replies wake us.
 */
static void
wait_wave(struct prober *p, struct plan *plan, const struct pair *pairs,
	  size_t n, unsigned waves)
{
	const struct clock *clk = p->cfg.clock;
	int64_t deadline = clock_mono(clk) + (int64_t)(p->cfg.timeout_s * 1e9);
	size_t left = wave_unanswered(plan, pairs, n, waves);
	uint64_t mark = p->answers;

	drain(p, plan, waves);
	while (!stopped(p) && clock_mono(clk) < deadline) {
		int64_t step = clock_mono(clk) + 100000000; /* recheck stop */

		if (p->answers - mark >= left) {
			left = wave_unanswered(plan, pairs, n, waves);
			mark = p->answers;
			if (left == 0)
				break;
		}
		receiver_wait(p->rcv, step < deadline ? step : deadline);
		drain(p, plan, waves);
		show_progress(p);
	}
}

static int
build_templates(struct prober *p, const struct plan *plan,
		struct packet_template *tpl, struct bo_error *err)
{
	size_t m;

	for (m = 0; m < plan->methods.n; m++)
		if (packet_template_build(&tpl[m], &plan->methods.m[m],
					  p->cfg.source, err) < 0)
			return -1;
	return 0;
}

static void
round_counters(struct prober *p, struct round_info *ri)
{
	struct receiver_stats now;

	if (p->rcv == NULL)
		return;
	receiver_stats(p->rcv, &now);
	ri->pcap_received = now.pcap_received - p->last.pcap_received;
	ri->pcap_drops = now.pcap_drops - p->last.pcap_drops;
	ri->queue_drops = now.queue_drops - p->last.queue_drops;
	ri->rejected = now.rejected - p->last.rejected;
	ri->rejected_truncated = now.rejected_truncated -
				 p->last.rejected_truncated;
	ri->rejected_malformed = now.rejected_malformed -
				 p->last.rejected_malformed;
	ri->rejected_checksum = now.rejected_checksum -
				p->last.rejected_checksum;
	p->last = now;
}

/* Judges the window and prints its lines (verdicts.h). */
static int
report(struct prober *p, struct plan *plan, struct round_info *ri, bool last,
       struct bo_error *err)
{
	ri->vantage_name = p->cfg.vantage_name;
	ri->shard = &p->cfg.targets->shard;
	p->route_errno = plan->route_errors > 0 ? plan->route_errno : 0;
	/* A target's line carries the capture counters since the last
	 * line: a part before the last takes none. */
	if (last) {
		round_counters(p, ri);
		p->cfg.baseline->totals.pcap_drops += ri->pcap_drops +
						      ri->queue_drops;
	}
	return verdicts_window(&p->verdicts, plan, ri, last, err);
}

/* Paces the sends that follow at rate (0 = unlimited). */
static void
pace(struct prober *p, double rate)
{
	ratelimit_init(&p->rl, rate, p->cfg.clock);
	p->batch_max = ratelimit_batch(rate, SENDER_BATCH_MAX);
}

/* Sends pairs[0..n) of wave w; after wave 0, measures their tail's
 * answer rate (recheck_tail). Returns what send_wave does. */
static long
send_part(struct prober *p, struct plan *plan, const struct pair *pairs,
	  size_t n, unsigned w, struct bo_error *err)
{
	int64_t t0 = clock_mono(p->cfg.clock);
	long sent = send_wave(p, plan, p->tpl, pairs, n, w, err);

	if (w == 0 && sent > 0) {
		double seconds = (double)(clock_mono(p->cfg.clock) - t0) / 1e9;

		drain(p, plan, w + 1); /* the answers already in */
		recheck_tail(plan, pairs, n, seconds);
	}
	return sent;
}

/*
 * Sends the pairs of wave w, the ICMP probes of E(b) of targets with a
 * known cap last, at their paces (recheck_split), each part's answer rate
 * measured on its own; returns how many went out, or -1 with err. The
 * order is pairs' afterwards.
 */
static long
send_paced(struct prober *p, struct plan *plan, struct pair *pairs, size_t n,
	   unsigned w, struct bo_error *err)
{
	double rate = 0;
	size_t k = p->cfg.dry_run ? n : recheck_split(plan, pairs, n, &rate);
	long first = 0, paced;

	if (k > 0)
		first = send_part(p, plan, pairs, k, w, err);
	if (first < 0 || k == n)
		return first;
	pace(p, p->cfg.rate > 0 && p->cfg.rate < rate ? p->cfg.rate : rate);
	paced = send_part(p, plan, pairs + k, n - k, w, err);
	pace(p, p->cfg.rate);
	return paced < 0 ? -1 : first + paced;
}

/* The waves of one window's plan; returns 0, or -1 with err. */
static int
run_waves(struct prober *p, struct plan *plan, struct round_info *ri,
	  struct bo_error *err)
{
	struct block_cursor *cur = wave_cursors_new(plan->n_blk);
	bool checked = false;
	unsigned w;
	int rc = -1;

	drain(p, plan, 0); /* stragglers from the last round count as late */
	for (w = 0; w < PLAN_WAVES_MAX && !stopped(p); w++) {
		size_t n;
		struct pair *pairs = wave_pairs(plan, cur, w, p->cfg.retries,
						&p->rng, &n);
		long sent;

		if (n == 0 && !checked && !p->cfg.dry_run) {
			checked = true; /* adaptive waves done: spot checks */
			if (spotcheck_schedule(plan, p->cfg.baseline, cur, w) >
			    0) {
				free(pairs);
				pairs = wave_pairs(plan, cur, w, p->cfg.retries,
						   &p->rng, &n);
			}
		}

		p->shown.wave = w;
		p->shown.planned += n;
		sent = n > 0 ? send_paced(p, plan, pairs, n, w, err) : 0;
		if (sent < 0) {
			free(pairs);
			goto out;
		}
		if (n > 0) {
			ri->waves = w + 1;
			if (!p->cfg.dry_run)
				wait_wave(p, plan, pairs, n, w + 1);
			wave_observe(plan, cur, w);
		}
		free(pairs);
		if (n == 0 || p->cfg.dry_run)
			break;
	}
	rc = 0;
out:
	free(cur);
	return rc;
}

/*
 * The recheck waves (recheck.h): the silent E(b) addresses of the targets
 * whose census fell short, re-probed slowly, each with as many retries as
 * a census gives it. Returns 0, or -1 with err.
 */
static int
run_recheck(struct prober *p, struct plan *plan, struct round_info *ri,
	    struct bo_error *err)
{
	size_t n, todo, targets;
	struct pair *all, *pairs;
	unsigned r;
	long sent = 0;

	/* Picked even after a signal: the targets it would recheck are cut
	 * (their census is not whole without it), the others not. */
	if (p->cfg.dry_run || p->cfg.baseline == NULL)
		return 0;
	all = recheck_pick(plan, p->cfg.baseline->t + plan->first_target,
			   &p->rng, &n, &targets);
	if (n == 0)
		return 0;
	pairs = xcalloc(n, sizeof(*pairs));
	memcpy(pairs, all, n * sizeof(*pairs));
	pace(p, recheck_rate(p->cfg.rate, targets));
	for (r = 0, todo = n; r <= p->cfg.retries && todo > 0 && !stopped(p) &&
			      ri->waves < PLAN_WAVES_MAX;
	     r++) {
		sent = send_wave(p, plan, p->tpl, pairs, todo, ri->waves, err);
		if (sent <= 0)
			break;
		ri->waves++;
		wait_wave(p, plan, pairs, todo, ri->waves);
		todo = recheck_silent(plan, pairs, todo);
	}
	recheck_count(plan, all, n);
	if (stopped(p)) /* the waves or their waits cut short */
		recheck_cut(plan, all, n);
	pace(p, p->cfg.rate);
	free(pairs);
	free(all);
	return sent < 0 ? -1 : 0;
}

/*
 * One window of the round: plan its targets (or its target's part), send
 * its waves, judge and print them. *waves receives the most waves a
 * window of the round sent.
 */
static int
run_window(struct prober *p, const struct plan_range *r, struct round_info *ri,
	   int64_t start, unsigned *waves, struct bo_error *err)
{
	const struct target_set *set = p->cfg.targets;
	struct plan plan;
	int rc = -1;

	if (plan_build_range(&plan, set, r, p->cfg.baseline, &p->cfg.methods,
			     p->cfg.sample, p->cfg.exclude, &p->rng, ri->round,
			     err) < 0)
		goto out;
	if (build_templates(p, &plan, p->tpl, err) < 0)
		goto out;
	if (p->cfg.baseline != NULL)
		recheck_caps(&plan, p->cfg.baseline->t + plan.first_target);
	ri->waves = 0;
	if (run_waves(p, &plan, ri, err) < 0)
		goto out;
	/* A signal in the waves cuts every target of the window; one in the
	 * recheck waves after them, only the targets rechecked (run_recheck,
	 * recheck.cut): the others' rounds are whole. */
	plan.cut = stopped(p);
	ri->interrupted = plan.cut;
	if (run_recheck(p, &plan, ri, err) < 0)
		goto out;
	progress_clear(p->cfg.progress);
	if (ri->waves > *waves)
		*waves = ri->waves;
	ri->duration_s = (double)(clock_mono(p->cfg.clock) - start) / 1e9;
	if (!p->cfg.dry_run &&
	    report(p, &plan, ri, !r->part || r->b1 == set->t[r->first].n_blocks,
		   err) < 0)
		goto out;
	rc = 0;
out:
	plan_free(&plan);
	return rc;
}

/* Whether a watch round has anything to do in window r. */
static bool
range_watched(const struct prober *p, const struct plan_range *r)
{
	size_t i;

	for (i = r->first; i < r->first + r->count; i++)
		if (p->cfg.baseline->t[i].watch)
			return true;
	return false;
}

bool
prober_watch_wanted(const struct prober *p)
{
	size_t i;

	for (i = 0; p->cfg.baseline != NULL && i < p->cfg.baseline->n; i++)
		if (p->cfg.baseline->t[i].watch)
			return true;
	return false;
}

static int
one_round(struct prober *p, uint32_t round, bool watch,
	  enum target_state *states, struct bo_error *err)
{
	const struct target_set *set = p->cfg.targets;
	struct round_info ri = { 0 };
	int64_t start = clock_mono(p->cfg.clock);
	struct plan_range r;
	size_t max = p->cfg.window_records ? p->cfg.window_records
					   : PROBER_WINDOW_RECORDS;
	bool more;
	unsigned waves = 0;
	int rc = -1;

	ri.round = round;
	ri.watch = watch;
	ri.blocks = p->cfg.blocks;
	ri.start_real_ns = clock_real(p->cfg.clock);
	memset(&p->shown, 0, sizeof(p->shown));
	p->shown.round = round;
	p->shown.rate = p->cfg.rate;
	p->shown.timeout_s = p->cfg.timeout_s;
	p->answers_at_start = p->answers;
	p->verdicts.states = states;
	progress_round(p->cfg.progress);
	if (p->cfg.baseline != NULL) {
		p->cfg.baseline->hour = baseline_hour(ri.start_real_ns);
		p->cfg.baseline->now_ns = ri.start_real_ns;
		p->cfg.baseline->watching = watch;
		p->cfg.baseline->watch_rounds += watch;
	}
	/* Windows of whole targets, in the targets' order, and a target
	 * wider than a window in parts of its /24s: a round's plan never
	 * holds more than about `max` records. */
	more = plan_next_range(set, p->cfg.baseline, p->cfg.sample, NULL, max,
			       &r);
	while (more) {
		if ((!watch || range_watched(p, &r)) &&
		    run_window(p, &r, &ri, start, &waves, err) < 0)
			goto out;
		more = plan_next_range(set, p->cfg.baseline, p->cfg.sample, &r,
				       max, &r);
	}
	p->prev_waves = waves;
	rc = 0;
out:
	if (p->cfg.baseline != NULL)
		p->cfg.baseline->watching = false;
	progress_clear(p->cfg.progress);
	return rc;
}

int
prober_round(struct prober *p, uint32_t round, enum target_state *states,
	     struct bo_error *err)
{
	return one_round(p, round, false, states, err);
}

int
prober_watch(struct prober *p, uint32_t round, enum target_state *states,
	     struct bo_error *err)
{
	return one_round(p, round, true, states, err);
}

/*
 * verdicts.c - a finished window's verdicts and lines (verdicts.h).
 */
#include "blackout/probe/verdicts.h"

#include <errno.h>
#include <string.h>

#include "blackout/verdict/baseline.h"

static int
emit(struct verdicts *v, json_t *line, struct bo_error *err)
{
	if (output_json(v->out, line) == 0)
		return 0;
	error_set(err, write_status(errno), "writing output: %s",
		  strerror(errno));
	return -1;
}

static void
totals_add(struct run_totals *tot, const struct target_stats *st)
{
	tot->sent += st->sent;
	tot->replies += st->replies;
	tot->invalid += st->invalid;
}

/* Plan target t's summary out: its state, metrics, round and event line.
 * rc: the window's so far (after a failed write, nothing more is). */
static int
print(struct verdicts *v, struct plan *plan, size_t t,
      const struct round_info *ri, const struct target_summary *sum, int rc,
      struct bo_error *err)
{
	size_t i = plan->first_target + t;
	json_t *line;

	v->states[i] = sum->state;
	if (v->metrics != NULL && !sum->cut) /* gauges: the last whole round */
		metrics_target(v->metrics, plan->tg[t].name,
			       plan->tg[t].prefixes, plan->tg[t].n_prefixes,
			       sum, &plan->tg[t].st, &v->baseline->t[i],
			       ri->start_real_ns);
	line = output_round_line(ri, plan, t, sum);
	if (rc == 0)
		rc = emit(v, line, err);
	json_decref(line);
	if (sum->event.kind != EVENT_NONE) {
		line = output_event_line(ri, plan, t, sum);
		if (rc == 0)
			rc = emit(v, line, err);
		json_decref(line);
	}
	return rc;
}

/* When the round was done with the window's targets: its waits over. */
static int64_t
round_ended(const struct round_info *ri)
{
	return ri->start_real_ns + (int64_t)(ri->duration_s * 1e9);
}

/* One part of a target wider than a window; its lines after the last. */
static int
part(struct verdicts *v, struct plan *plan, enum vantage_state vantage,
     struct round_info *ri, bool last, struct bo_error *err)
{
	struct target_memory *tm = &v->baseline->t[plan->first_target];
	struct target_summary sum;
	struct target_stats mine;
	int rc;

	if (plan->range.b0 == 0) {
		classify_begin(&v->acc);
		v->stray = 0;
		v->waves = 0;
	}
	classify_window(&v->acc, plan, 0, vantage, tm, ri->start_real_ns);
	v->stray += plan->stray;
	v->waves = ri->waves > v->waves ? ri->waves : v->waves;
	if (!last)
		return 0;
	if (v->acc.sum.n_blocks == 0) { /* no /24 in this run's shard */
		classify_acc_free(&v->acc);
		return 0;
	}
	tm->ended_ns = round_ended(ri);
	classify_finish(&v->acc, tm, ri->start_real_ns, &sum);
	ri->vantage = v->acc.vantage;
	ri->stray = v->stray;
	ri->waves = v->waves;
	/* The lines read a target's counters from its plan target: lend
	 * them the parts' sums. */
	mine = plan->tg[0].st;
	plan->tg[0].st = v->acc.st;
	rc = print(v, plan, 0, ri, &sum, 0, err);
	plan->tg[0].st = mine;
	classify_acc_free(&v->acc);
	target_summary_free(&sum);
	return rc;
}

int
verdicts_window(struct verdicts *v, struct plan *plan, struct round_info *ri,
		bool last, struct bo_error *err)
{
	enum vantage_state vantage = classify_vantage(plan);
	size_t t;
	int rc = 0;

	for (t = 0; t < plan->n_tg; t++)
		totals_add(&v->baseline->totals, &plan->tg[t].st);
	if (plan->range.part)
		return part(v, plan, vantage, ri, last, err);
	ri->vantage = vantage;
	ri->stray = plan->stray;
	for (t = 0; t < plan->n_tg; t++) {
		struct target_summary sum;
		struct target_memory *tm;

		/* Controls, and targets with no /24 in this run's shard. */
		if (plan->tg[t].control || plan->tg[t].n_blk == 0)
			continue;
		tm = &v->baseline->t[plan->first_target + t];
		tm->ended_ns = round_ended(ri);
		classify_target(plan, t, vantage, tm, ri->start_real_ns, &sum);
		rc = print(v, plan, t, ri, &sum, rc, err);
		target_summary_free(&sum);
	}
	return rc;
}

/*
 * classify.c - round verdicts (see classify.h for the rules).
 */
#include "blackout/classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/sampler.h"

bool
classify_is_routing_error(uint8_t type, uint8_t code)
{
	if (type == 11)
		return code == 0; /* a loop or a path too long */
	if (type != 3)
		return false;
	switch (code) {
	case 0: /* net unreachable */
	case 1: /* host unreachable */
	case 6: /* net unknown */
	case 7: /* host unknown */
	case 11: /* net unreachable for TOS */
	case 12: /* host unreachable for TOS */
		return true;
	default:
		return false;
	}
}

/* Whether a silent record's ICMP error says its path is broken. */
static bool
rec_routing_error(const struct plan_rec *rec)
{
	return rec->err != 0 &&
	       classify_is_routing_error(rec->err_type, rec->err_code);
}

static enum target_state
judge(uint32_t responsive, uint32_t routing_errors)
{
	if (responsive > 0)
		return STATE_UP;
	return routing_errors > 0 ? STATE_DOWN : STATE_UNKNOWN;
}

enum vantage_state
classify_vantage(const struct plan *plan)
{
	const struct plan_target *tg;
	size_t i;

	if (plan->n_tg == 0 || !plan->tg[plan->n_tg - 1].control)
		return VANTAGE_UNKNOWN;
	tg = &plan->tg[plan->n_tg - 1];
	for (i = tg->first; i < tg->first + tg->count; i++)
		if (plan->rec[i].ok != 0)
			return VANTAGE_UP;
	return VANTAGE_DOWN;
}

static int
double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
summarize_blocks(struct plan *plan, size_t ti, struct target_summary *out)
{
	const struct plan_target *tg = &plan->tg[ti];
	size_t b, r = tg->first, end = tg->first + tg->count;
	size_t m;

	out->n_blocks = sampler_block_count(&tg->pfx);
	out->blocks = xcalloc(out->n_blocks, sizeof(*out->blocks));
	for (b = 0; b < out->n_blocks; b++) {
		struct block_summary *bs = &out->blocks[b];

		bs->pfx = sampler_block(&tg->pfx, (uint32_t)b);
		for (; r < end && prefix_contains(&bs->pfx, plan->rec[r].addr);
		     r++) {
			const struct plan_rec *rec = &plan->rec[r];

			bs->probed++;
			if (rec->ok != 0)
				bs->responsive++;
			else if (rec_routing_error(rec))
				bs->routing_errors++;
			for (m = 0; m < plan->methods.n; m++)
				if (rec->ok & (1u << m))
					bs->method_resp[m]++;
		}
		bs->state = judge(bs->responsive, bs->routing_errors);
		out->probed += bs->probed;
		out->responsive += bs->responsive;
	}
}

void
classify_target(struct plan *plan, size_t ti, enum vantage_state vantage,
		struct target_summary *out)
{
	struct target_stats *st = &plan->tg[ti].st;
	uint32_t routing = 0;
	size_t b;

	memset(out, 0, sizeof(*out));
	summarize_blocks(plan, ti, out);
	for (b = 0; b < out->n_blocks; b++)
		routing += out->blocks[b].routing_errors;
	if (st->n_rtt > 0) {
		qsort(st->rtt_ms, st->n_rtt, sizeof(double), double_cmp);
		out->has_rtt = true;
		out->rtt_min = st->rtt_ms[0];
		out->rtt_max = st->rtt_ms[st->n_rtt - 1];
		out->rtt_median = st->n_rtt % 2 ? st->rtt_ms[st->n_rtt / 2] :
			(st->rtt_ms[st->n_rtt / 2 - 1] +
			 st->rtt_ms[st->n_rtt / 2]) / 2;
	}
	if (vantage == VANTAGE_DOWN) {
		out->state = STATE_UNKNOWN;
		snprintf(out->reason, sizeof(out->reason), "vantage down: no "
			 "control address answered");
		return;
	}
	out->state = judge(out->responsive, routing);
	if (out->probed == 0)
		snprintf(out->reason, sizeof(out->reason),
			 "no address probed (all excluded)");
	else if (out->state == STATE_UP)
		snprintf(out->reason, sizeof(out->reason),
			 "%u of %u probed addresses answered", out->responsive,
			 out->probed);
	else if (out->state == STATE_DOWN)
		snprintf(out->reason, sizeof(out->reason),
			 "no address answered; routers reported %u addresses "
			 "unreachable", routing);
	else
		snprintf(out->reason, sizeof(out->reason),
			 "no address answered and no routing evidence");
}

void
target_summary_free(struct target_summary *s)
{
	free(s->blocks);
	s->blocks = NULL;
}

const char *
state_name(enum target_state s)
{
	switch (s) {
	case STATE_UP:
		return "up";
	case STATE_PARTIAL:
		return "partial";
	case STATE_DOWN:
		return "down";
	default:
		return "unknown";
	}
}

const char *
vantage_name(enum vantage_state v)
{
	return v == VANTAGE_UP ? "up" : v == VANTAGE_DOWN ? "down" : "unknown";
}

int
classify_exit_status(const enum target_state *states, size_t n)
{
	bool partial = false, unknown = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (states[i] == STATE_DOWN)
			return 2;
		partial |= states[i] == STATE_PARTIAL;
		unknown |= states[i] == STATE_UNKNOWN;
	}
	return partial ? 1 : unknown ? 3 : 0;
}

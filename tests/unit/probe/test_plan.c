/*
 * test_plan.c - the round's plan (plan.c): plan_build's records (a census,
 * samples, exclusions, targets out of order with their own methods and
 * controls), plan_find and plan_target_of, the per-target counters, and
 * the blocks' modes from what the baseline learnt; then the probe verbs:
 * a probe stamped as sent, one that never left, its fate settled, answers
 * and ICMP errors with the rule of one answer per (address, method, wave),
 * the outcome a wave's probe had, what a wave still waits for, and RTTs
 * from the send time of the answered wave.
 */
#include "blackout/probe/plan.h"
#include "blackout/probe/sampler.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define SEC 1000000000LL
/* What an adaptive block of 30 E addresses queues: its budget, and the
 * spare a confirmation takes fresh addresses from (plan.h). */
#define Q0 (ADAPTIVE_BUDGET + PLAN_QUEUE_SPARE)

/* A census of 175.45.176.0/30 probed with icmp and tcp:80. */
static void
build(struct plan *plan, struct target_set *set)
{
	struct method_list defaults;
	struct rng rng;

	target_set_init(set);
	CHECK(th_add_target(set, "kp", "175.45.176.0/30", SAMPLE_ALL,
			    "icmp,tcp:80") == 0);
	method_list_parse("icmp", "m", &defaults, NULL);
	rng_seed(&rng, 1);
	CHECK(plan_build(plan, set, NULL, &defaults, SAMPLE_AUTO, NULL, &rng, 1,
			 NULL) == 0);
	CHECK_EQ(plan->n_rec, 4);
	CHECK_EQ(plan->methods.n, 2);
}

/*
 * A block's mode comes from what the baseline learnt: a census until the
 * block was censused, and always with --sample all; then adaptive,
 * sparse (|E| < 4) or empty (no E), each exploring one more address.
 * The classifier teaches the baseline, as in a run.
 */
static void
test_plan_modes(void)
{
	struct target_summary s;
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	size_t r, n[4] = { 0, 0, 0, 0 };
	unsigned b;

	TEST("plan_modes");
	/* No baseline yet: a census. */
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	for (b = 0; b < 4; b++)
		CHECK_EQ(plan.blk[b].mode, MODE_CENSUS);
	/* --sample all: still a census after one, E marked in the records. */
	th_answer(&plan, A(175, 45, 179, 200), 2, 2);
	th_answer(&plan, A(175, 45, 179, 201), 3, 1);
	th_answer(&plan, A(175, 45, 179, 202), 1, 0);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &bl.t[0], SEC, &s);
	target_summary_free(&s);
	plan_free(&plan);
	th_census(&plan, &set, &bl, 2);
	for (b = 0; b < 4; b++)
		CHECK_EQ(plan.blk[b].mode, MODE_CENSUS);
	CHECK(th_rec(&plan, A(175, 45, 179, 200))->ever);
	CHECK(!th_rec(&plan, A(175, 45, 179, 203))->ever);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);

	/* SAMPLE_AUTO after a census: adaptive, sparse and empty blocks. */
	th_kp_set(&set, SAMPLE_AUTO, false);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	for (r = 0; r < 4; r++)
		CHECK_EQ(plan.blk[r].mode, MODE_CENSUS);
	CHECK_EQ(plan.n_rec, 1024);
	th_answer_range(&plan, A(175, 45, 176, 0), 1, 30);
	th_answer_range(&plan, A(175, 45, 177, 0), 1, 2);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &bl.t[0], 1000 * SEC, &s);
	target_summary_free(&s);
	plan_free(&plan);
	th_plan_round(&plan, &set, &bl, 2);
	CHECK_EQ(plan.blk[0].mode, MODE_ADAPTIVE);
	/* Two hosts: judged by belief like any block (going round E). */
	CHECK_EQ(plan.blk[1].mode, MODE_ADAPTIVE);
	CHECK_EQ(plan.blk[1].n_queue, 2);
	CHECK_EQ(plan.blk[2].mode, MODE_EMPTY);
	CHECK_EQ(plan.blk[3].mode, MODE_EMPTY);
	for (r = 0; r < plan.n_rec; r++)
		n[plan.rec[r].block]++;
	/* Exploration every other round, alternating by block: in round 2
	 * blocks 0 and 2 explore, 1 and 3 do not. */
	/* 22 of the 30 of E (the budget and its spare) and one explorer */
	CHECK_EQ(n[0], Q0 + 1);
	CHECK_EQ(n[1], 2); /* all of E, no explorer */
	CHECK(n[2] == 1 && n[3] == 0);
	CHECK_EQ(plan.blk[0].n_queue, Q0);
	for (r = 0; r < plan.n_rec; r++)
		if (plan.rec[r].role == ROLE_EXPLORE)
			CHECK_EQ(__builtin_popcount(plan.rec[r].want), 1);
	plan_free(&plan);
	/* Round 3: the other half explores. */
	th_plan_round(&plan, &set, &bl, 3);
	memset(n, 0, sizeof(n));
	for (r = 0; r < plan.n_rec; r++)
		n[plan.rec[r].block]++;
	CHECK(n[0] == Q0 && n[1] == 3 && n[2] == 0 && n[3] == 1);
	plan_free(&plan);
	/* Round 4 after a watch round of another target (round 3 then was
	 * the watch round): its third regular round, so as in round 3 above,
	 * not as in round 2: the alternation goes by regular rounds. */
	bl.watch_rounds = 1;
	th_plan_round(&plan, &set, &bl, 4);
	CHECK_EQ(plan.beat, 3u);
	memset(n, 0, sizeof(n));
	for (r = 0; r < plan.n_rec; r++)
		n[plan.rec[r].block]++;
	CHECK(n[0] == Q0 && n[1] == 3 && n[2] == 0 && n[3] == 1);
	plan_free(&plan);
	/* A watch round of this target, in an outage, explores nothing
	 * and probes all of its /24s. */
	bl.watching = bl.t[0].watch = true;
	bl.t[0].state = STATE_PARTIAL;
	th_plan_round(&plan, &set, &bl, 5);
	memset(n, 0, sizeof(n));
	for (r = 0; r < plan.n_rec; r++)
		n[plan.rec[r].block]++;
	CHECK(plan.watch && n[0] == Q0 && n[1] == 2 && n[2] == 0 && n[3] == 0);
	CHECK(!plan.tg[0].some && !plan.blk[0].carry && !plan.blk[1].carry);
	plan_free(&plan);
	/* Up again, it is watched for its /24s back from down alone: the
	 * others are carried through, with no record. */
	bl.t[0].state = STATE_UP;
	bl.t[0].blocks[1].watch_left = 3;
	th_plan_round(&plan, &set, &bl, 5);
	memset(n, 0, sizeof(n));
	for (r = 0; r < plan.n_rec; r++)
		n[plan.rec[r].block]++;
	CHECK(plan.tg[0].some && plan.blk[0].carry && !plan.blk[1].carry);
	CHECK(n[0] == 0 && n[1] == 2 && n[2] == 0 && n[3] == 0);
	CHECK_EQ(plan.n_blk, 4); /* carried /24s keep their place */
	plan_free(&plan);
	bl.t[0].blocks[1].watch_left = 0;
	/* Nor does a target it does not watch plan anything. */
	bl.t[0].watch = false;
	th_plan_round(&plan, &set, &bl, 5);
	CHECK_EQ(plan.n_blk, 0);
	plan_free(&plan);
	bl.watching = false;
	bl.watch_rounds = 0;
	/* A learned A(b) below 0.1 makes it sparse: all of E, all methods. */
	bl.t[0].blocks[1].avail = 0.05;
	th_plan_round(&plan, &set, &bl, 3);
	CHECK_EQ(plan.blk[1].mode, MODE_SPARSE);
	CHECK_EQ(plan.blk[1].n_queue, 0);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

/* A probe stamped, one that never left, and what a wave waits for. */
static void
test_plan_sent(void)
{
	struct target_set set;
	struct plan plan;
	double ms = -1;

	TEST("plan_sent");
	build(&plan, &set);
	/* Nothing sent yet: no probe, nothing to wait for. */
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 0), PROBE_UNSENT);
	CHECK(!plan_awaits_answer(&plan, 1, 0, 0));

	plan_mark_sent(&plan, 1, 0, 0, 10 * SEC);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 0), PROBE_SILENT);
	CHECK(plan_awaits_answer(&plan, 1, 0, 0));
	/* The same pair in another wave is another probe, not sent yet. */
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 1), PROBE_UNSENT);
	/* Slots are per (record, method): the neighbours are untouched. */
	CHECK_EQ(plan_probe_outcome(&plan, 1, 1, 0), PROBE_UNSENT);
	CHECK_EQ(plan_probe_outcome(&plan, 0, 0, 0), PROBE_UNSENT);
	CHECK_EQ(plan_probe_outcome(&plan, 2, 0, 0), PROBE_UNSENT);
	CHECK(!plan_awaits_answer(&plan, 1, 1, 0));

	/* A send error: the probe never left; no observation, no wait. */
	plan_settle_send(&plan, 1, 0, false);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 0), PROBE_UNSENT);
	CHECK(!plan_awaits_answer(&plan, 1, 0, 0));
	CHECK(!plan_rtt_of(&plan, 1, 0, 0, 11 * SEC, &ms));
	CHECK(ms == -1);

	/* Sent in wave 1: wave 0's probe is gone, wave 1's is waited for. */
	plan_mark_sent(&plan, 1, 0, 1, 20 * SEC);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 0), PROBE_UNSENT);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 1), PROBE_SILENT);
	CHECK(plan_awaits_answer(&plan, 1, 0, 1));
	plan_free(&plan);
	target_set_free(&set);
}

/* The fate of a probe once sent: counted where it belongs, or an error. */
static void
test_plan_settle(void)
{
	const struct target_stats *st;
	struct target_set set;
	struct plan plan;
	struct plan_rec *r;

	TEST("plan_settle");
	build(&plan, &set);
	st = &plan.tg[0].st;
	r = &plan.rec[1];
	/* It left: the record, its /24 and its target count it, per method. */
	plan_mark_sent(&plan, 1, 1, 0, 10 * SEC);
	plan_settle_send(&plan, 1, 1, true);
	CHECK_EQ(r->sent, 2);
	CHECK_EQ(plan.blk[r->block].sent, 1);
	CHECK_EQ(st->sent, 1);
	CHECK_EQ(st->method_sent[1], 1);
	CHECK_EQ(st->method_sent[0], 0);
	CHECK_EQ(st->send_errors, 0);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 1, 0), PROBE_SILENT);
	/* It did not: no observation, nothing counted as sent, one error. */
	plan_mark_sent(&plan, 1, 0, 0, 10 * SEC);
	plan_settle_send(&plan, 1, 0, false);
	CHECK_EQ(r->sent, 2);
	CHECK_EQ(plan.blk[r->block].sent, 1);
	CHECK_EQ(st->sent, 1);
	CHECK_EQ(st->method_sent[0], 0);
	CHECK_EQ(st->send_errors, 1);
	CHECK_EQ(plan_probe_outcome(&plan, 1, 0, 0), PROBE_UNSENT);
	CHECK(!plan_awaits_answer(&plan, 1, 0, 0));
	plan_free(&plan);
	target_set_free(&set);
}

/* Live answers: the first, a duplicate, a later wave's, and the RTT. */
static void
test_plan_answer(void)
{
	struct target_set set;
	struct plan plan;
	double ms = -1;

	TEST("plan_answer");
	build(&plan, &set);
	plan_mark_sent(&plan, 2, 1, 0, 10 * SEC);
	CHECK_EQ(plan_record_answer(&plan, 2, 1, 0), RECORD_FIRST);
	CHECK_EQ(plan.rec[2].ok, 2);
	CHECK_EQ(plan.rec[2].ok_first, 2);
	CHECK_EQ(plan.rec[2].err, 0);
	CHECK_EQ(plan_probe_outcome(&plan, 2, 1, 0), PROBE_ANSWERED);
	CHECK(!plan_awaits_answer(&plan, 2, 1, 0));
	/* One answer per probe. */
	CHECK_EQ(plan_record_answer(&plan, 2, 1, 0), RECORD_DUPLICATE);
	CHECK_EQ(plan.rec[2].ok, 2);
	/* The other method of the same address is its own probe. */
	CHECK_EQ(plan_probe_outcome(&plan, 2, 0, 0), PROBE_UNSENT);
	CHECK_EQ(plan_record_answer(&plan, 2, 0, 0), RECORD_FIRST);
	CHECK_EQ(plan.rec[2].ok, 3);

	/* RTT from the send time of the answered wave. */
	CHECK(plan_rtt_of(&plan, 2, 1, 0, 10 * SEC + 5000000, &ms));
	CHECK(ms > 4.999 && ms < 5.001);
	ms = -1;
	CHECK(!plan_rtt_of(&plan, 2, 1, 1, 10 * SEC + 5000000, &ms));
	CHECK(!plan_rtt_of(&plan, 2, 1, 0, 10 * SEC - 1, &ms));
	CHECK(ms == -1);
	CHECK(plan_rtt_of(&plan, 2, 1, 0, 10 * SEC, &ms) && ms == 0);

	/* A later wave's probe of the pair is a new probe: recorded, but
	 * not the address's first answer, and not a wave-0 answer. */
	plan_mark_sent(&plan, 3, 0, 0, 10 * SEC);
	plan_mark_sent(&plan, 3, 0, 1, 12 * SEC);
	CHECK_EQ(plan_record_answer(&plan, 3, 0, 1), RECORD_FIRST);
	CHECK_EQ(plan.rec[3].ok, 1);
	CHECK_EQ(plan.rec[3].ok_first, 0);
	CHECK_EQ(plan_probe_outcome(&plan, 3, 0, 1), PROBE_ANSWERED);
	CHECK(!plan_rtt_of(&plan, 3, 0, 0, 13 * SEC, &ms));
	CHECK(plan_rtt_of(&plan, 3, 0, 1, 13 * SEC, &ms) && ms == 1000);
	plan_mark_sent(&plan, 3, 0, 2, 20 * SEC);
	CHECK_EQ(plan_probe_outcome(&plan, 3, 0, 2), PROBE_SILENT);
	CHECK(plan_awaits_answer(&plan, 3, 0, 2));
	CHECK_EQ(plan_record_answer(&plan, 3, 0, 2), RECORD_NEW);
	CHECK_EQ(plan_probe_outcome(&plan, 3, 0, 2), PROBE_ANSWERED);
	CHECK(!plan_awaits_answer(&plan, 3, 0, 2));
	plan_free(&plan);
	target_set_free(&set);
}

/* ICMP errors: evidence, not life; a live answer outranks one. */
static void
test_plan_error(void)
{
	struct target_set set;
	struct plan plan;

	TEST("plan_error");
	build(&plan, &set);
	plan_mark_sent(&plan, 0, 0, 0, 10 * SEC);
	CHECK_EQ(plan_record_error(&plan, 0, 0, 0, 3, 1), RECORD_NEW);
	CHECK_EQ(plan.rec[0].err, 1);
	CHECK(plan.rec[0].err_type == 3 && plan.rec[0].err_code == 1);
	CHECK_EQ(plan.rec[0].ok, 0);
	/* Silence for the belief, but nothing more to wait for. */
	CHECK_EQ(plan_probe_outcome(&plan, 0, 0, 0), PROBE_SILENT);
	CHECK(!plan_awaits_answer(&plan, 0, 0, 0));
	/* A second error to the same probe is a duplicate, unrecorded. */
	CHECK_EQ(plan_record_error(&plan, 0, 0, 0, 3, 0), RECORD_DUPLICATE);
	CHECK_EQ(plan.rec[0].err_code, 1);
	/* Life outranks the error ... */
	CHECK_EQ(plan_record_answer(&plan, 0, 0, 0), RECORD_FIRST);
	CHECK_EQ(plan.rec[0].ok, 1);
	CHECK_EQ(plan_probe_outcome(&plan, 0, 0, 0), PROBE_ANSWERED);
	/* ... and nothing outranks life. */
	CHECK_EQ(plan_record_error(&plan, 0, 0, 0, 3, 0), RECORD_DUPLICATE);
	CHECK_EQ(plan_record_answer(&plan, 0, 0, 0), RECORD_DUPLICATE);
	CHECK_EQ(plan.rec[0].err_code, 1);

	/* An error after the answer, to a later wave's probe: recorded. */
	plan_mark_sent(&plan, 0, 0, 1, 12 * SEC);
	CHECK_EQ(plan_record_error(&plan, 0, 0, 1, 11, 0), RECORD_NEW);
	CHECK(plan.rec[0].err_type == 11 && plan.rec[0].err_code == 0);
	CHECK(!plan_awaits_answer(&plan, 0, 0, 1));
	plan_free(&plan);
	target_set_free(&set);
}

/* Round 1 of set with the run's default methods, without a baseline. */
static int
build_default(struct plan *plan, const struct target_set *set, int sample,
	      const struct exclude *ex, uint64_t seed)
{
	struct method_list defaults;
	struct rng rng;
	struct bo_error err = { 0, "" };

	method_list_parse(METHOD_DEFAULT, "m", &defaults, NULL);
	rng_seed(&rng, seed);
	return plan_build(plan, set, NULL, &defaults, sample, ex, &rng, 1,
			  &err);
}

static bool
recs_sorted(const struct plan *plan)
{
	size_t i;

	for (i = 1; i < plan->n_rec; i++)
		if (plan->rec[i - 1].addr >= plan->rec[i].addr)
			return false;
	return true;
}

static void
test_plan_census(void)
{
	struct target_set set;
	struct plan plan;
	size_t i;
	unsigned bad = 0;

	TEST("plan_census");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", SAMPLE_ALL, NULL) ==
	      0);
	CHECK(build_default(&plan, &set, SAMPLE_AUTO, NULL, 1) == 0);
	CHECK_EQ(plan.n_rec, 1024);
	CHECK(recs_sorted(&plan));
	for (i = 0; i < plan.n_rec; i++)
		bad += plan.rec[i].addr != A(175, 45, 176, 0) + i ||
		       plan.rec[i].target != 0 || plan.rec[i].ok != 0;
	CHECK_EQ(bad, 0);
	CHECK_EQ(plan.n_tg, 1);
	CHECK(!plan.tg[0].control);
	CHECK_STREQ(plan.tg[0].name, "kp");
	CHECK_EQ(plan.tg[0].first, 0);
	CHECK_EQ(plan.tg[0].count, 1024);
	CHECK_EQ(plan.methods.n, 3);
	CHECK_EQ(plan.tg[0].methods, 7);
	CHECK_EQ(plan.round, 1);
	plan_free(&plan);
	target_set_free(&set);
}

static void
test_plan_sample(void)
{
	struct target_set set;
	struct exclude *ex;
	struct plan plan, other;
	struct prefix p;
	unsigned per[4] = { 0 }, i, differ = 0;

	TEST("plan_sample");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", 15, NULL) == 0);
	CHECK(build_default(&plan, &set, SAMPLE_AUTO, NULL, 1) == 0);
	CHECK_EQ(plan.n_rec, 60);
	CHECK(recs_sorted(&plan));
	for (i = 0; i < plan.n_rec; i++)
		if (target_contains(&set.t[0], plan.rec[i].addr))
			per[(plan.rec[i].addr >> 8) & 3]++;
	for (i = 0; i < 4; i++)
		CHECK_EQ(per[i], 15);
	/* Another seed picks other addresses. */
	CHECK(build_default(&other, &set, SAMPLE_AUTO, NULL, 2) == 0);
	CHECK_EQ(other.n_rec, 60);
	for (i = 0; i < 60; i++)
		differ += plan_find(&plan, other.rec[i].addr) < 0;
	CHECK(differ > 20);
	plan_free(&other);
	plan_free(&plan);

	/* The run's default sample applies to targets that inherit it. */
	set.t[0].sample = SAMPLE_INHERIT;
	CHECK(build_default(&plan, &set, 3, NULL, 1) == 0);
	CHECK_EQ(plan.n_rec, 12);
	plan_free(&plan);
	CHECK(build_default(&plan, &set, 1, NULL, 1) == 0);
	CHECK_EQ(plan.n_rec, 4); /* one per /24 */
	plan_free(&plan);
	/* ... but not to a target with its own. */
	set.t[0].sample = 256;
	CHECK(build_default(&plan, &set, 3, NULL, 1) == 0);
	CHECK_EQ(plan.n_rec, 1024);
	plan_free(&plan);

	/* Excluded addresses are never planned. */
	ex = exclude_new();
	p.base = A(175, 45, 177, 0);
	p.len = 25;
	exclude_add(ex, &p);
	set.t[0].sample = SAMPLE_ALL;
	CHECK(build_default(&plan, &set, SAMPLE_AUTO, ex, 1) == 0);
	CHECK_EQ(plan.n_rec, 1024 - 128);
	for (i = 0, differ = 0; i < plan.n_rec; i++)
		differ += exclude_contains(ex, plan.rec[i].addr);
	CHECK_EQ(differ, 0);
	plan_free(&plan);
	set.t[0].sample = 200; /* block 1 has only 128 left */
	CHECK(build_default(&plan, &set, SAMPLE_AUTO, ex, 1) == 0);
	CHECK_EQ(plan.n_rec, 200 * 3 + 128);
	plan_free(&plan);
	exclude_free(ex);
	target_set_free(&set);
}

static void
test_plan_lookup(void)
{
	struct target_set set;
	struct plan plan;
	size_t i;
	unsigned bad = 0;
	long ctl;

	TEST("plan_lookup");
	target_set_init(&set);
	/* Out of order on purpose, with their own methods. */
	CHECK(th_add_target(&set, "c", "175.45.180.0/24", SAMPLE_ALL,
			    "tcp:22") == 0);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", 15, NULL) == 0);
	CHECK(th_add_target(&set, "a", "5.6.7.8/30", SAMPLE_ALL, "icmp") == 0);
	th_add_control(&set, A(9, 9, 9, 9));
	th_add_control(&set, A(8, 8, 8, 8));
	th_add_control(&set, A(9, 9, 9, 9)); /* duplicates are planned once */
	CHECK(build_default(&plan, &set, SAMPLE_AUTO, NULL, 9) == 0);
	CHECK_EQ(plan.n_tg, 4);
	CHECK(plan.tg[3].control);
	CHECK_EQ(plan.n_rec, 256 + 60 + 4 + 2);
	CHECK(recs_sorted(&plan));
	CHECK_EQ(plan.methods.n, 4); /* tcp:22, icmp, tcp:80, tcp:443 */
	CHECK_EQ(plan.tg[0].count, 256);
	CHECK_EQ(plan.tg[1].count, 60);
	CHECK_EQ(plan.tg[2].count, 4);
	CHECK_EQ(plan.tg[3].count, 2);
	/* Each target's records are its own, in address order. */
	for (i = 0; i < plan.n_tg; i++) {
		size_t r;

		for (r = 0; r < plan.tg[i].count; r++)
			bad += plan_target_rec(&plan, &plan.tg[i], r)->target !=
				       i ||
			       (r > 0 &&
				plan_target_rec(&plan, &plan.tg[i], r)->addr <=
					plan_target_rec(&plan, &plan.tg[i],
							r - 1)
						->addr);
	}
	CHECK_EQ(bad, 0);
	/* Methods: bits into the run's union. */
	{
		struct method m22 = { METHOD_TCP_SYN, 22 };
		struct method icmp = { METHOD_ICMP_ECHO, 0 };
		int i22 = method_list_find(&plan.methods, &m22);
		int iicmp = method_list_find(&plan.methods, &icmp);

		CHECK(i22 >= 0 && iicmp >= 0);
		CHECK_EQ(plan.tg[0].methods, 1u << i22);
		CHECK_EQ(plan.tg[2].methods, 1u << iicmp);
		CHECK(!(plan.tg[1].methods & (1u << i22)));
		CHECK(plan.tg[3].methods & (1u << iicmp));
	}
	for (i = 0, bad = 0; i < plan.n_rec; i++)
		bad += plan_find(&plan, plan.rec[i].addr) != (long)i;
	CHECK_EQ(bad, 0);
	CHECK(plan_find(&plan, A(5, 6, 7, 7)) == -1);
	CHECK(plan_find(&plan, A(5, 6, 7, 12)) == -1);
	CHECK(plan_find(&plan, 0) == -1);
	CHECK(plan_find(&plan, 0xffffffffu) == -1);

	CHECK(plan_target_of(&plan, A(175, 45, 180, 0)) == 0);
	CHECK(plan_target_of(&plan, A(175, 45, 180, 255)) == 0);
	CHECK(plan_target_of(&plan, A(175, 45, 181, 0)) == -1);
	CHECK(plan_target_of(&plan, A(175, 45, 176, 0)) == 1);
	CHECK(plan_target_of(&plan, A(175, 45, 179, 255)) == 1);
	CHECK(plan_target_of(&plan, A(175, 45, 175, 255)) == -1);
	/* Unsampled addresses of a target still belong to it. */
	for (i = 0, bad = 0; i < 1024; i++)
		bad += plan_target_of(&plan, A(175, 45, 176, 0) + i) != 1;
	CHECK_EQ(bad, 0);
	CHECK(plan_target_of(&plan, A(5, 6, 7, 8)) == 2);
	CHECK(plan_target_of(&plan, A(5, 6, 7, 11)) == 2);
	CHECK(plan_target_of(&plan, A(5, 6, 7, 12)) == -1);
	CHECK(plan_target_of(&plan, A(5, 6, 7, 7)) == -1);
	ctl = plan_target_of(&plan, A(8, 8, 8, 8));
	CHECK(ctl == 3);
	CHECK(plan_target_of(&plan, A(9, 9, 9, 9)) == 3);
	CHECK(plan_target_of(&plan, A(8, 8, 4, 4)) == -1);
	CHECK(plan_target_of(&plan, 0) == -1);
	CHECK(plan_target_of(&plan, 0xffffffffu) == -1);
	plan_free(&plan);
	target_set_free(&set);
}

/*
 * Windows: plan_window takes whole targets while their planned records
 * fit, always at least one; plan_build_window plans just those, numbers
 * the methods the run's way, and plans each target's records as the
 * whole round's plan does.
 */
static void
test_plan_window(void)
{
	struct method_list defaults;
	struct target_set set;
	struct plan all, win;
	struct rng rng;
	size_t i;
	unsigned same = 0;

	TEST("plan_window");
	target_set_init(&set);
	CHECK(th_add_target(&set, "a", "175.45.176.0/22", SAMPLE_ALL, "icmp") ==
	      0);
	CHECK(th_add_target(&set, "b", "175.45.180.0/24", SAMPLE_ALL,
			    "tcp:80") == 0);
	CHECK(th_add_target(&set, "c", "5.6.6.0/23", SAMPLE_ALL,
			    "icmp,tcp:443") == 0);
	th_add_control(&set, A(9, 9, 9, 9));
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 1100), 1);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 1280), 2);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 1, 1100), 2);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 10), 1);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 2, 10), 1);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 3, 10), 0);

	method_list_parse("icmp", "m", &defaults, NULL);
	rng_seed(&rng, 4);
	CHECK(plan_build(&all, &set, NULL, &defaults, SAMPLE_AUTO, NULL, &rng,
			 1, NULL) == 0);
	rng_seed(&rng, 4);
	CHECK(plan_build_window(&win, &set, 1, 2, NULL, &defaults, SAMPLE_AUTO,
				NULL, &rng, 1, NULL) == 0);
	CHECK_EQ(win.first_target, 1);
	CHECK_EQ(win.n_tg, 3);
	CHECK(strcmp(win.tg[0].name, "b") == 0 &&
	      strcmp(win.tg[1].name, "c") == 0 && win.tg[2].control);
	/* icmp, tcp:80, tcp:443 in both, though "a" is not in the window. */
	CHECK_EQ(win.methods.n, 3);
	for (i = 0; i < 3; i++)
		CHECK(method_equal(&win.methods.m[i], &all.methods.m[i]));
	CHECK_EQ(win.n_rec, 256 + 512 + 1);
	CHECK_EQ(win.tg[0].methods, 1u << 1);
	CHECK_EQ(win.tg[1].methods, 1u << 0 | 1u << 2);
	for (i = 0; i < win.n_rec; i++) {
		long r = plan_find(&all, win.rec[i].addr);

		same += r >= 0 && all.rec[r].want == win.rec[i].want &&
			all.rec[r].role == win.rec[i].role;
	}
	CHECK_EQ(same, win.n_rec);
	CHECK(plan_target_of(&win, A(175, 45, 176, 1)) == -1);
	CHECK(plan_target_of(&win, A(5, 6, 7, 255)) == 1);
	CHECK(plan_target_of(&win, A(9, 9, 9, 9)) == 2);
	plan_free(&all);
	plan_free(&win);
	target_set_free(&set);
}

/*
 * Windows and --shard: a window plans only the shard's /24s of its
 * targets, each with the memory of its own /24 in the target (set target
 * first + i, /24 pb->index), and plan_window counts only those records.
 */
static void
test_plan_window_shard(void)
{
	/* Two of E(b) is adaptive: only a low A(b) makes a block sparse. */
	static const enum block_mode want[4] = { MODE_EMPTY, MODE_ADAPTIVE,
						 MODE_ADAPTIVE, MODE_CENSUS };
	struct method_list defaults;
	struct target_set set;
	struct baseline bl;
	struct plan win;
	struct rng rng;
	unsigned i, k, h;
	uint32_t b;

	TEST("plan_window_shard");
	target_set_init(&set);
	CHECK(th_add_target(&set, "a", "175.45.176.0/22", SAMPLE_AUTO, NULL) ==
	      0);
	CHECK(th_add_target(&set, "b", "175.45.180.0/22", SAMPLE_AUTO, NULL) ==
	      0);
	CHECK(th_add_target(&set, "c", "5.6.4.0/22", SAMPLE_AUTO, NULL) == 0);
	th_add_control(&set, A(9, 9, 9, 9));
	set.shard = (struct shard){ 1, 2, 7 };
	/* Two of each target's four /24s in shard 1 of 2: 512 records a
	 * census, so two targets fit 1,024 (four /24s would not). */
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 1024), 2);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 1535), 2);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 0, 1536), 3);
	/* Target c's /24 k remembers a mode of its own. */
	baseline_init(&bl, &set);
	for (k = 0; k < 3; k++) {
		struct block_memory *bm = &bl.t[2].blocks[k];

		bm->censused = true;
		bm->avail = 0.9;
		for (h = 0; h < (k == 0 ? 0u : k == 1 ? 2u : 30u); h++)
			block_mark_ever(bm, h, 1);
	}
	method_list_parse("icmp", "m", &defaults, NULL);
	rng_seed(&rng, 4);
	CHECK(plan_build_window(&win, &set, 1, 2, &bl, &defaults, SAMPLE_AUTO,
				NULL, &rng, 1, NULL) == 0);
	CHECK_EQ(win.first_target, 1);
	for (i = 0; i < 2; i++) {
		const struct plan_target *tg = &win.tg[i];
		const struct prefix *p = &set.t[1 + i].prefixes[0];

		CHECK_EQ(tg->n_blk, 2);
		for (b = 0; b < tg->n_blk; b++) {
			const struct plan_block
				*pb = &win.blk[tg->first_blk + b];

			CHECK(sampler_in_shard(&set.shard, p, pb->index));
			CHECK_EQ(pb->pfx.base,
				 sampler_block(p, pb->index).base);
			CHECK_EQ(pb->mode,
				 i == 0 ? MODE_CENSUS : want[pb->index]);
		}
	}
	plan_free(&win);
	baseline_free(&bl);
	target_set_free(&set);
}

static void
test_plan_stats(void)
{
	struct target_stats st;
	int i;

	TEST("plan_stats");
	memset(&st, 0, sizeof(st));
	for (i = 0; i < 200; i++)
		target_stats_add_rtt(&st, i * 0.5);
	CHECK_EQ(st.n_rtt, 200);
	CHECK(st.rtt_ms[199] == 99.5 && st.rtt_ms[0] == 0.0);
	target_stats_add_unreach(&st, A(1, 1, 1, 1), 3, 0);
	target_stats_add_unreach(&st, A(1, 1, 1, 1), 3, 0);
	target_stats_add_unreach(&st, A(1, 1, 1, 1), 3, 1);
	target_stats_add_unreach(&st, A(2, 2, 2, 2), 3, 0);
	CHECK_EQ(st.n_unreach, 3);
	CHECK(st.unreach[0].router == A(1, 1, 1, 1) &&
	      st.unreach[0].type == 3 && st.unreach[0].code == 0 &&
	      st.unreach[0].count == 2);
	CHECK(st.unreach[1].code == 1 && st.unreach[1].count == 1);
	CHECK(st.unreach[2].router == A(2, 2, 2, 2));
	free(st.rtt_ms);
	free(st.unreach);
}

int
main(void)
{
	test_plan_census();
	test_plan_sample();
	test_plan_lookup();
	test_plan_window();
	test_plan_window_shard();
	test_plan_stats();
	test_plan_modes();
	test_plan_sent();
	test_plan_settle();
	test_plan_answer();
	test_plan_error();
	return test_report("test_plan");
}

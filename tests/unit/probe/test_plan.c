/*
 * test_plan.c - the plan's probe verbs (plan.c): a probe stamped as sent,
 * one that never left, answers and ICMP errors with the rule of one answer
 * per (address, method, wave), the outcome a wave's probe had, what a wave
 * still waits for, and RTTs from the send time of the answered wave.
 */
#include "blackout/probe/plan.h"

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
		       (uint32_t)(c) << 8 | (uint32_t)(d))
#define SEC 1000000000LL

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
	CHECK(plan_build(plan, set, NULL, &defaults, SAMPLE_AUTO, NULL, &rng,
			 1, NULL) == 0);
	CHECK_EQ(plan->n_rec, 4);
	CHECK_EQ(plan->methods.n, 2);
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
	plan_mark_unsent(&plan, 1, 0);
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

int
main(void)
{
	test_plan_sent();
	test_plan_answer();
	test_plan_error();
	return test_report("test_plan");
}

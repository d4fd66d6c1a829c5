/*
 * test_vantage.c - the vantage check (classify.c): silent controls make
 * every target unknown and teach the baseline nothing; an answering
 * control lets the round count; no controls, or only excluded ones, leave
 * the vantage unknown and the target judged.
 */
#include <errno.h>
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define NS(s) ((int64_t)(s)*1000000000LL)

static void
classify(struct plan *plan, struct baseline *bl, enum vantage_state v,
	 int64_t now, struct target_summary *s)
{
	classify_target(plan, 0, v, &bl->t[0], now, s);
}

/* Controls silent: the vantage is down, and so nothing is learned. */
static void
test_classify_vantage(void)
{
	struct target_summary s;
	struct target_set set;
	struct baseline bl;
	struct plan plan;

	TEST("classify_vantage");
	th_kp_set(&set, SAMPLE_ALL, true);
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	CHECK_EQ(plan.n_tg, 2);
	CHECK(plan.tg[1].control);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	/* An ICMP error from a router is no proof that the vantage is up
	 * (it may be our own router saying so). */
	th_set_error(&plan, A(175, 45, 177, 1), 3, 0);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	/* Silent controls whose waits a signal cut short say nothing; an
	 * answer that came before the signal still proves the vantage up. */
	plan.cut = true;
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
	th_answer(&plan, A(175, 45, 176, 9), 1, 1);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UP);
	th_rec(&plan, A(175, 45, 176, 9))->ok = 0;
	plan.cut = false;
	/* A live answer from a target is: the vantage is up, controls or
	 * not (issue 11: a lossy path and one silent control). */
	th_answer(&plan, A(175, 45, 176, 9), 1, 1);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UP);
	th_rec(&plan, A(175, 45, 176, 9))->ok = 0;
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	th_rec(&plan, A(175, 45, 176, 9))->ok = 1;
	classify(&plan, &bl, VANTAGE_DOWN, NS(1000), &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "no control address answered");
	CHECK_EQ(s.responsive, 1);
	CHECK_EQ(bl.t[0].blocks[0].n_ever, 0);
	CHECK(!bl.t[0].blocks[0].censused);
	CHECK(bl.t[0].blocks[0].avail < 0);
	target_summary_free(&s);
	th_rec(&plan, A(9, 9, 9, 9))->ok = 1;
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UP);
	classify(&plan, &bl, VANTAGE_UP, NS(2000), &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK_EQ(bl.t[0].blocks[0].n_ever, 1);
	target_summary_free(&s);
	plan_free(&plan);
	baseline_free(&bl);

	/* No controls: the vantage is unknown, and the target judged. */
	set.n_controls = 0;
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 1);
	CHECK_EQ(plan.n_tg, 1);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
	/* ... unless sends failed for want of a route: down, controls or
	 * not, with the errno in the reason and nothing learned. */
	CHECK(plan_is_route_errno(ENETUNREACH) &&
	      plan_is_route_errno(EHOSTUNREACH) && !plan_is_route_errno(EPERM));
	plan_settle_send_error(&plan, 0, 0, EPERM);
	CHECK_EQ(plan.route_errors, 0);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
	plan_settle_send_error(&plan, 1, 0, ENETUNREACH);
	CHECK_EQ(plan.route_errors, 1);
	CHECK_EQ(plan.tg[0].st.send_errors, 2);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	plan.cut = true; /* a failed send is evidence, cut short or not */
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	plan.cut = false;
	classify(&plan, &bl, VANTAGE_DOWN, NS(1000), &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "no route (ENETUNREACH");
	CHECK_EQ(bl.t[0].blocks[0].n_ever, 0);
	target_summary_free(&s);
	plan_free(&plan);
	/* The only control excluded: never probed, so no evidence that
	 * the vantage is cut off. */
	set.n_controls = 1;
	{
		struct exclude *ex = exclude_new();
		struct prefix p;
		struct method_list m;
		struct rng rng;

		CHECK(prefix_parse("9.9.9.9/32", "test", &p, NULL) == 0);
		exclude_add(ex, &p);
		method_list_parse("icmp", "m", &m, NULL);
		rng_seed(&rng, 1);
		CHECK(plan_build(&plan, &set, &bl, &m, SAMPLE_AUTO, ex, &rng, 1,
				 NULL) == 0);
		CHECK(plan_find(&plan, A(9, 9, 9, 9)) < 0);
		CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
		plan_free(&plan);
		exclude_free(ex);
	}
	baseline_free(&bl);
	target_set_free(&set);
}

int
main(void)
{
	test_classify_vantage();
	return test_report("test_vantage");
}

/*
 * test_wave.c - which waves re-probe the controls (wave.c, wave_pairs):
 * while all are silent, to --retries and CONTROL_RETRIES (3) at least,
 * and while nothing at all has answered in the round, to wave 14, the
 * adaptive budget's last, after which a round that says the vantage down
 * stops the /24s' walks; none once a control answered.
 */
#include "blackout/probe/wave.h"

#include <stdlib.h>

#include "testhelp.h"
#include "testplan.h"

#define KP176 ((uint32_t)175 << 24 | 45 << 16 | 176 << 8)

/* Whether wave w of plan holds a probe of a control. */
static bool
control_in_wave(const struct plan *plan, unsigned w, unsigned retries)
{
	struct block_cursor *cur = wave_cursors_new(plan->n_blk);
	struct rng rng;
	size_t i, n;
	struct pair *pairs;
	bool found = false;

	rng_seed(&rng, w);
	pairs = wave_pairs(plan, cur, w, retries, &rng, &n);
	for (i = 0; i < n; i++)
		if (plan->tg[plan->rec[pairs[i].rec].target].control)
			found = true;
	free(pairs);
	free(cur);
	return found;
}

static void
test_controls(void)
{
	struct target_set set;
	struct plan plan;

	th_kp_set(&set, 0, true);
	th_plan_round(&plan, &set, NULL, 1);
	th_probe_all(&plan, 0);
	th_probe_all(&plan, plan.n_tg - 1);

	TEST("nothing answered: the silent controls to wave 14, not 15");
	CHECK(control_in_wave(&plan, 0, 1));
	CHECK(control_in_wave(&plan, 3, 1));
	CHECK(control_in_wave(&plan, 4, 1));
	CHECK(control_in_wave(&plan, 14, 1));
	CHECK(!control_in_wave(&plan, 15, 1));

	TEST("a target answered: the silent controls to wave 3 only");
	th_answer(&plan, KP176 + 7, 1, 1);
	CHECK(control_in_wave(&plan, 3, 1));
	CHECK(!control_in_wave(&plan, 4, 1));
	CHECK(control_in_wave(&plan, 5, 5)); /* --retries 5 */
	CHECK(!control_in_wave(&plan, 6, 5));

	TEST("a control answered: no retry of the controls");
	th_answer(&plan, (uint32_t)9 << 24 | 9 << 16 | 9 << 8 | 9, 1, 1);
	CHECK(control_in_wave(&plan, 0, 1));
	CHECK(!control_in_wave(&plan, 1, 1));
	plan_free(&plan);
	target_set_free(&set);
}

int
main(void)
{
	test_controls();
	return test_report("test_wave");
}

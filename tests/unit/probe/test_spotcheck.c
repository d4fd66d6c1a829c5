/*
 * test_spotcheck.c - which /24s a confirmation takes (spotcheck.c,
 * spotcheck_turned_down): one whose adaptive probes turned it down from
 * up, or from unknown (a round that could not judge it, such as the one
 * after a total outage ended), and one still down only while another of
 * its target recovers; none whose belief says up, and no census block.
 */
#include "blackout/probe/spotcheck.h"

#include <string.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"

#include "testhelp.h"

/* pb's belief this round: down (0.05) or up (0.95) by the thresholds. */
static void
believe(struct plan_block *pb, bool up)
{
	belief_start(&pb->bb, up ? 0.95 : 0.05, 0.6);
	pb->bb.belief = up ? 0.95 : 0.05;
}

static void
test_turned_down(void)
{
	struct plan_block pb;
	struct block_memory bm;
	struct target_memory tm;

	memset(&pb, 0, sizeof(pb));
	memset(&bm, 0, sizeof(bm));
	memset(&tm, 0, sizeof(tm));
	tm.blocks = &bm;
	tm.n_blocks = 1;
	pb.index = 0;
	pb.mode = MODE_ADAPTIVE;

	TEST("confirmation: a /24 turned down from up");
	believe(&pb, false);
	CHECK_EQ(belief_judge(&pb.bb), BELIEF_SAYS_DOWN);
	bm.state = STATE_UP;
	CHECK(spotcheck_turned_down(&pb, &tm, false));

	TEST("confirmation: a /24 turned down from unknown");
	bm.state = STATE_UNKNOWN;
	CHECK(spotcheck_turned_down(&pb, &tm, false));

	TEST("confirmation: a /24 down and still so, only while recovering");
	bm.state = STATE_DOWN;
	CHECK(!spotcheck_turned_down(&pb, &tm, false));
	CHECK(spotcheck_turned_down(&pb, &tm, true));

	TEST("confirmation: none for a belief that says up, or a census");
	believe(&pb, true);
	CHECK_EQ(belief_judge(&pb.bb), BELIEF_SAYS_UP);
	bm.state = STATE_UNKNOWN;
	CHECK(!spotcheck_turned_down(&pb, &tm, true));
	believe(&pb, false);
	pb.mode = MODE_CENSUS;
	CHECK(!spotcheck_turned_down(&pb, &tm, true));
}

/* Where a check starts in the queue, and how many it takes. */
static void
test_start(void)
{
	struct plan_block pb;
	uint32_t queue[ADAPTIVE_BUDGET + PLAN_QUEUE_SPARE];

	memset(&pb, 0, sizeof(pb));
	memset(queue, 0, sizeof(queue));
	pb.mode = MODE_ADAPTIVE;
	pb.queue = queue;
	pb.n_queue = 15;
	TEST("a check takes what the queue holds from there, within budget");
	CHECK_EQ(spotcheck_start(&pb, 7, 12, 0, 64, 3), 3);
	CHECK_EQ(spotcheck_start(&pb, 7, 12, 20, 15, 3), 0);
	CHECK_EQ(spotcheck_start(&pb, 7, 15, 0, 64, 3), 0);

	TEST("a confirmation goes round the queue again");
	pb.spot_confirm = true;
	CHECK_EQ(spotcheck_start(&pb, 7, 15, 15, BELIEF_DOWN_BUDGET, 16), 7);
	CHECK_EQ(pb.spot_first, 0);
	CHECK_EQ(pb.spot_wave, 16);
	CHECK_EQ(spotcheck_start(&pb, 7, 12, 20, BELIEF_DOWN_BUDGET, 3), 7);
	CHECK_EQ(pb.spot_first, 12);
	CHECK_EQ(spotcheck_start(&pb, 20, 16, 0, BELIEF_DOWN_BUDGET, 3), 15);
	CHECK_EQ(pb.spot_first, 1);
	/* what the budget leaves: (64 - 60) / 2 */
	CHECK_EQ(spotcheck_start(&pb, 7, 16, 60, BELIEF_DOWN_BUDGET, 3), 2);

	/* E(b) larger than the budget: the queue holds PLAN_QUEUE_SPARE
	 * more (plan.h), and a confirmation after 15 silent adaptive probes
	 * takes those, fresh, not the 15 again. */
	TEST("a confirmation takes the spare addresses first");
	pb.n_queue = ADAPTIVE_BUDGET + PLAN_QUEUE_SPARE;
	CHECK_EQ(spotcheck_start(&pb, 7, 15, 15, BELIEF_DOWN_BUDGET, 16), 7);
	CHECK_EQ(pb.spot_first, 15);
}

int
main(void)
{
	test_turned_down();
	test_start();
	return test_report("test_spotcheck");
}

/*
 * test_spotcheck.c - which /24s a confirmation takes (spotcheck.c,
 * spotcheck_turned_down): one whose adaptive probes turned it down from
 * up, or from unknown (a round that could not judge it, such as the one
 * after a total outage ended), and one still down only while another of
 * its target recovers; none whose belief says up, and no census block;
 * and how much of an outage ends (spotcheck_recovering).
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

/*
 * How much of an outage ends (spotcheck_recovering): of five adaptive
 * /24s down at the round's start (and a census one, and one up, which do
 * not count), none, one, or two back; two is a quarter or more, and the
 * others left down are then re-checked from BELIEF_REOPEN.
 */
static void
test_recovering(void)
{
	struct plan_block blk[7];
	struct block_memory bm[7];
	struct target_memory tm;
	struct plan_target tg;
	struct plan plan;
	size_t i;

	memset(blk, 0, sizeof(blk));
	memset(bm, 0, sizeof(bm));
	memset(&tm, 0, sizeof(tm));
	memset(&tg, 0, sizeof(tg));
	memset(&plan, 0, sizeof(plan));
	tm.blocks = bm;
	tm.n_blocks = 7;
	plan.blk = blk;
	tg.first_blk = 0;
	tg.n_blk = 7;
	for (i = 0; i < 7; i++) {
		blk[i].index = (uint32_t)i;
		blk[i].mode = MODE_ADAPTIVE;
		bm[i].state = STATE_DOWN;
		believe(&blk[i], false);
	}
	blk[5].mode = MODE_CENSUS; /* down, says up: not adaptive */
	believe(&blk[5], true);
	bm[6].state = STATE_UP; /* up, and says so */
	believe(&blk[6], true);

	TEST("recovering: none of five back");
	CHECK_EQ(spotcheck_recovering(&plan, &tg, &tm), RECOVERY_NONE);
	TEST("recovering: one of five back, fewer than a quarter");
	believe(&blk[0], true);
	CHECK_EQ(spotcheck_recovering(&plan, &tg, &tm), RECOVERY_FEW);
	TEST("recovering: two of five back, a quarter or more");
	believe(&blk[2], true);
	CHECK_EQ(spotcheck_recovering(&plan, &tg, &tm), RECOVERY_MANY);
	TEST("recovering: one of the first four back, a quarter");
	tg.n_blk = 4;
	believe(&blk[2], false);
	CHECK_EQ(spotcheck_recovering(&plan, &tg, &tm), RECOVERY_MANY);
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
	test_recovering();
	test_start();
	return test_report("test_spotcheck");
}

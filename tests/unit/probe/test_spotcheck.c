/*
 * test_spotcheck.c - which /24s a confirmation takes (spotcheck.c,
 * spotcheck_turned_down): one whose adaptive probes turned it down from
 * up, or from unknown (a round that could not judge it, such as the one
 * after a total outage ended), and one still down only while another of
 * its target recovers; none whose belief says up, and no census block;
 * how much of an outage ends (spotcheck_recovering); and which hosts a
 * check after one in doubt probes again (spotcheck_again).
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
	/* what the budget leaves: 4 probes, 2 addresses */
	CHECK_EQ(spotcheck_start(&pb, 7, 16, BELIEF_DOWN_BUDGET - 4,
				 BELIEF_DOWN_BUDGET, 3),
		 2);

	TEST("a confirmation's room: the silent walk's, or a larger budget");
	pb.budget = 15;
	CHECK_EQ(spotcheck_confirm_budget(&pb), BELIEF_DOWN_BUDGET);
	pb.budget = 120; /* --sample 120: 100 probes leave 10 addresses */
	CHECK_EQ(spotcheck_confirm_budget(&pb), 120);
	CHECK_EQ(spotcheck_start(&pb, 20, 16, 100,
				 spotcheck_confirm_budget(&pb), 3),
		 10);
	pb.budget = 0;

	/* E(b) larger than the budget: the queue holds PLAN_QUEUE_SPARE
	 * more (plan.h), and a confirmation after 15 silent adaptive probes
	 * takes those, fresh, not the 15 again. */
	TEST("a confirmation takes the spare addresses first");
	pb.n_queue = ADAPTIVE_BUDGET + PLAN_QUEUE_SPARE;
	CHECK_EQ(spotcheck_start(&pb, 7, 15, 15, BELIEF_DOWN_BUDGET, 16), 7);
	CHECK_EQ(pb.spot_first, 15);
}

/*
 * The hosts a check in doubt left silent, at the head of the next: those
 * the queue holds past the round's adaptive probes, each once, no more
 * than the check takes; none for a confirmation.
 */
static void
test_again(void)
{
	struct plan plan;
	struct plan_block pb;
	struct plan_rec rec[12];
	struct block_memory bm;
	uint32_t queue[12], r;

	memset(&plan, 0, sizeof(plan));
	memset(&pb, 0, sizeof(pb));
	memset(&bm, 0, sizeof(bm));
	memset(rec, 0, sizeof(rec));
	plan.rec = rec;
	plan.n_rec = 12;
	pb.mode = MODE_ADAPTIVE;
	pb.pfx.base = 0xc6120400; /* 198.18.4.0 */
	pb.queue = queue;
	pb.n_queue = 12;
	for (r = 0; r < 12; r++) {
		rec[r].addr = pb.pfx.base + 10 * r; /* hosts 0, 10, ..., 110 */
		queue[r] = r;
	}
	/* host 20 was probed by this round's adaptive probes (position
	 * 2, before the check's first, 4): not again; 70 and 100 are
	 * moved to positions 4 and 5; 55 is not in the queue */
	bm.silent[0] = 20, bm.silent[1] = 70, bm.silent[2] = 55;
	bm.silent[3] = 100, bm.silent[4] = 70;
	bm.n_silent = 5;
	TEST("a check after one in doubt probes its silent hosts first");
	CHECK_EQ(spotcheck_start(&pb, 5, 4, 4, 15, 3), 5);
	CHECK_EQ(spotcheck_again(&plan, &pb, &bm), 2);
	CHECK_EQ(pb.spot_again, 2);
	CHECK_EQ(queue[4], 7);
	CHECK_EQ(queue[5], 10);
	CHECK_EQ(queue[7], 4); /* swapped with what was at the head */
	CHECK_EQ(queue[10], 5);
	CHECK_EQ(queue[2], 2);

	TEST("no more again than the check takes; none for a confirmation");
	for (r = 0; r < 12; r++)
		queue[r] = r;
	CHECK_EQ(spotcheck_start(&pb, 1, 4, 4, 15, 3), 1);
	CHECK_EQ(spotcheck_again(&plan, &pb, &bm), 1);
	CHECK_EQ(queue[4], 7);
	pb.spot_confirm = true;
	CHECK_EQ(spotcheck_start(&pb, 5, 4, 4, BELIEF_DOWN_BUDGET, 3), 5);
	CHECK_EQ(spotcheck_again(&plan, &pb, &bm), 0);
	CHECK_EQ(pb.spot_again, 0);
}

int
main(void)
{
	test_turned_down();
	test_recovering();
	test_start();
	test_again();
	return test_report("test_spotcheck");
}

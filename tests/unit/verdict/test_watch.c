/*
 * test_watch.c - what watch rounds watch (watch.c), and how the outage
 * edges take a round that looked at some /24s into account (baseline.c,
 * change_estimate through target_memory_observe).
 */
#include "blackout/verdict/watch.h"

#include <string.h>

#include "blackout/verdict/spot.h"

#include "testhelp.h"

#define NS(s) ((int64_t)(s)*1000000000LL)

static void
test_learn(void)
{
	struct block_memory bm;
	int i;

	memset(&bm, 0, sizeof(bm));
	TEST("a /24 up all along is not watched");
	bm.state = STATE_UP;
	watch_learn(&bm, STATE_UP, false);
	CHECK_EQ(bm.watch_left, 0);
	CHECK(!block_is_watched(&bm));

	TEST("a /24 down is watched, with no rounds after");
	watch_learn(&bm, STATE_DOWN, false);
	bm.state = STATE_DOWN;
	CHECK_EQ(bm.watch_left, 0);
	CHECK(block_is_watched(&bm));

	TEST("back from down: watched WATCH_AFTER_ROUNDS regular rounds");
	watch_learn(&bm, STATE_UP, false);
	bm.state = STATE_UP;
	CHECK_EQ(bm.watch_left, WATCH_AFTER_ROUNDS);
	watch_learn(&bm, STATE_UP, true); /* a watch round takes none off */
	CHECK_EQ(bm.watch_left, WATCH_AFTER_ROUNDS);
	for (i = 0; i < WATCH_AFTER_ROUNDS - 1; i++)
		watch_learn(&bm, STATE_UP, false);
	CHECK_EQ(bm.watch_left, 1);
	CHECK(block_is_watched(&bm));
	watch_learn(&bm, STATE_UP, false);
	CHECK_EQ(bm.watch_left, 0);
	CHECK(!block_is_watched(&bm));

	TEST("back from down, then unknown: watched as not up");
	bm.state = STATE_DOWN;
	watch_learn(&bm, STATE_UP, false);
	bm.state = STATE_UP;
	watch_learn(&bm, STATE_UNKNOWN, false);
	bm.state = STATE_UNKNOWN;
	CHECK_EQ(bm.watch_left, 0);
	CHECK(block_is_watched(&bm));
}

static void
test_one(void)
{
	struct block_memory b[3];
	struct block_memory *kept = NULL;
	int i;

	TEST("of /24s back together, the one with the highest A(b) is kept");
	memset(b, 0, sizeof(b));
	b[0].avail = 0.5, b[1].avail = 0.8, b[2].avail = 0.7;
	for (i = 0; i < 3; i++) {
		b[i].watch_left = WATCH_AFTER_ROUNDS;
		kept = watch_one(kept, &b[i]);
	}
	CHECK(kept == &b[1]);
	CHECK(b[0].watch_left == 0 && b[2].watch_left == 0);
	CHECK_EQ(b[1].watch_left, WATCH_AFTER_ROUNDS);
}

static void
test_decide(void)
{
	struct target_memory tm;

	memset(&tm, 0, sizeof(tm));
	TEST("watched: an outage with /24s down, not a census");
	tm.in_outage = true;
	watch_decide(&tm, STATE_DOWN, 4, false, 0);
	CHECK(tm.watch);
	watch_decide(&tm, STATE_DOWN, 4, true, 0);
	CHECK(!tm.watch);
	watch_decide(&tm, STATE_PARTIAL, 1, false, 0);
	CHECK(tm.watch);

	TEST("not watched: a partial outage a spot check found");
	tm.spot.partial = true;
	watch_decide(&tm, STATE_PARTIAL, 1, false, 0);
	CHECK(!tm.watch && tm.outage_inside);
	tm.spot.partial = false; /* a sign since it began is enough */
	watch_decide(&tm, STATE_PARTIAL, 1, false, 0);
	CHECK(!tm.watch && tm.outage_inside);

	TEST("watched: up, with a /24 lately back from down");
	tm.in_outage = false;
	watch_decide(&tm, STATE_UP, 0, false, 1);
	CHECK(tm.watch && !tm.outage_inside);
	watch_decide(&tm, STATE_UP, 0, false, 0);
	CHECK(!tm.watch);
	watch_decide(&tm, STATE_UNKNOWN, 0, false, 1);
	CHECK(!tm.watch);

	TEST("the look of a round");
	CHECK_EQ(watch_look(2, false), LOOK_SOME);
	CHECK_EQ(watch_look(2, true), LOOK_SOME);
	CHECK_EQ(watch_look(0, true), LOOK_PAST_SOME);
	CHECK_EQ(watch_look(0, false), LOOK_ALL);
}

/* One round's verdict at second s, looking at the target as look. */
static void
observe(struct target_memory *tm, enum target_state st, int s,
	enum round_look look, struct event_info *ev)
{
	struct instability ins;

	tm->look = (uint8_t)look;
	target_memory_observe(tm, st, NS(s), 0, -1, ev, &ins);
}

/*
 * A partial outage that a pool of spot checks found in the round of 4000
 * s, after rounds up at 1000 and 3000 and one `second` at 2000; the
 * pool's first check was in the round at sign, the judged round before it
 * at calm (spot_onset, spot.h).
 */
static void
found_by_pool(struct target_memory *tm, enum target_state second, int calm,
	      int sign, struct event_info *ev)
{
	memset(tm, 0, sizeof(*tm));
	observe(tm, STATE_UP, 1000, LOOK_ALL, ev);
	observe(tm, second, 2000, LOOK_ALL, ev);
	observe(tm, STATE_UP, 3000, LOOK_ALL, ev);
	tm->spot.partial = true;
	tm->spot.calm_ns = NS(calm);
	tm->spot.sign_ns = NS(sign);
	observe(tm, STATE_PARTIAL, 4000, LOOK_ALL, ev);
}

static void
test_edges(void)
{
	struct target_memory tm;
	struct event_info ev;

	memset(&tm, 0, sizeof(tm));
	TEST("a start seen by a watch round: half way from the round before");
	observe(&tm, STATE_UP, 0, LOOK_ALL, &ev);
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	observe(&tm, STATE_PARTIAL, 990, LOOK_SOME, &ev);
	CHECK_EQ(ev.kind, EVENT_OUTAGE_START);
	CHECK(ev.start_ns == NS(825));
	CHECK_EQ(tm.look, LOOK_ALL); /* reset once observed */
	CHECK_EQ(target_history_at(&tm, 2)->look, LOOK_SOME);

	TEST("after a watch round that probed it: half way from that one");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	observe(&tm, STATE_UP, 990, LOOK_SOME, &ev);
	observe(&tm, STATE_PARTIAL, 1320, LOOK_ALL, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START && ev.start_ns == NS(1155));

	TEST("after a watch round that did not probe it: from the round before");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	observe(&tm, STATE_UP, 990, LOOK_SOME, &ev);
	observe(&tm, STATE_PARTIAL, 1320, LOOK_PAST_SOME, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START && ev.start_ns == NS(990));
	CHECK(ev.start_after_ns == NS(660) && ev.start_by_ns == NS(1320));
	CHECK_EQ(target_history_at(&tm, 2)->look, LOOK_ALL);

	TEST("after an unknown round that heard nothing: from before it");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	tm.silent = true;
	observe(&tm, STATE_UNKNOWN, 1320, LOOK_ALL, &ev);
	CHECK(!tm.silent); /* reset once observed */
	observe(&tm, STATE_DOWN, 1980, LOOK_ALL, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START && ev.start_ns == NS(990));
	/* the silent round of 1320 was over by the next one's start */
	CHECK(ev.start_after_ns == NS(660) && ev.start_by_ns == NS(1980));

	TEST("by: the end of the round that saw it, when known");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	tm.ended_ns = NS(1320 + 40); /* its waits took 40 s */
	observe(&tm, STATE_DOWN, 1320, LOOK_ALL, &ev);
	CHECK(ev.start_ns == NS(990));
	CHECK(ev.start_after_ns == NS(660) && ev.start_by_ns == NS(1360));
	CHECK(tm.ended_ns == 0); /* reset once observed */
	tm.ended_ns = NS(1980 + 25);
	observe(&tm, STATE_UP, 1980, LOOK_ALL, &ev);
	CHECK(ev.end_after_ns == NS(1320) && ev.end_by_ns == NS(2005));
	CHECK(ev.start_after_ns == NS(660) && ev.start_by_ns == NS(1360));

	TEST("a round that saw nothing (the vantage down) is neither side");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 660, LOOK_ALL, &ev);
	observe(&tm, STATE_UNKNOWN, 1320, LOOK_ALL, &ev); /* rate -1 */
	observe(&tm, STATE_DOWN, 1980, LOOK_ALL, &ev);
	CHECK(ev.start_ns == NS(1320));
	CHECK(ev.start_after_ns == NS(660) && ev.start_by_ns == NS(1980));
	observe(&tm, STATE_UNKNOWN, 2640, LOOK_ALL, &ev);
	observe(&tm, STATE_UP, 3300, LOOK_ALL, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_END && ev.end_ns == NS(2640));
	CHECK(ev.end_after_ns == NS(1980) && ev.end_by_ns == NS(3300));

	TEST("a clock stepped back: the estimate still between its times");
	memset(&tm, 0, sizeof(tm));
	observe(&tm, STATE_UP, 10000, LOOK_ALL, &ev);
	tm.silent = true;
	observe(&tm, STATE_UNKNOWN, 10660, LOOK_ALL, &ev);
	tm.ended_ns = NS(5030);
	observe(&tm, STATE_DOWN, 5000, LOOK_ALL, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START);
	CHECK(ev.start_after_ns <= ev.start_ns &&
	      ev.start_ns <= ev.start_by_ns);

	TEST("found by a pool of checks: from its first check's rounds");
	found_by_pool(&tm, STATE_UP, 2000, 3000, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START && ev.start_ns == NS(2500));
	/* by: the round of the first check, over by the current one's start */
	CHECK(ev.start_after_ns == NS(2000) && ev.start_by_ns == NS(4000));

	TEST("... but not before the target entered the state it leaves");
	found_by_pool(&tm, STATE_UNKNOWN, 1000, 2000, &ev);
	CHECK(ev.kind == EVENT_OUTAGE_START && ev.start_ns == NS(3000));
	CHECK(ev.start_after_ns == NS(3000) && ev.start_by_ns == NS(4000));
}

int
main(void)
{
	test_learn();
	test_one();
	test_decide();
	test_edges();
	return test_report("test_watch");
}

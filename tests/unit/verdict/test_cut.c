/*
 * test_cut.c - rounds cut short by a signal (plan.cut; classify.c): no
 * round of the record. Its silences are no evidence, so the target is
 * unknown and nothing of it is learned or recorded, in a target of one
 * window and in one planned in parts, and a target whose recheck waves
 * it stopped beside one whose round was whole; the vantage:
 * test_vantage.c; on real packets: tests/lab/test_signals.sh and
 * tests/lab/test_ratelimit.sh.
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

#include <string.h>

#include "testhelp.h"
#include "testplan.h"
#include "testround.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define NS(s) ((int64_t)(s)*1000000000LL)
#define B176 A(175, 45, 176, 0)
#define B179 A(175, 45, 179, 0)
#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

/*
 * A round cut short by a signal (plan.cut): its probes left, but the
 * waits for their answers did not run out, so its silences are no
 * evidence. It is no round of the record: the target is unknown, and its
 * memory, the /24s' and the target's, is left as the last whole round
 * left it, with no history entry and no event. The outage that follows
 * is dated from the whole rounds either side of it.
 */
struct cut_saved {
	struct target_memory tm;
	struct block_memory blocks[4];
};

/* Before round 2: the signal, and a copy of the memory. */
static void
cut_short(struct scenario *sc)
{
	struct cut_saved *saved = sc->user;

	sc->plan.cut = true;
	memcpy(&saved->tm, sc->tm, sizeof(saved->tm));
	memcpy(saved->blocks, sc->tm->blocks, sizeof(saved->blocks));
}

/* Round 2: nothing learned, nothing recorded. */
static void
cut_left_alone(struct scenario *sc)
{
	const struct cut_saved *saved = sc->user;
	const struct target_summary *s = &sc->s;
	size_t b;

	CHECK(memcmp(saved->blocks, sc->tm->blocks, sizeof(saved->blocks)) ==
	      0);
	CHECK(memcmp(&saved->tm, sc->tm, sizeof(saved->tm)) == 0);
	CHECK_EQ(sc->tm->n_hist, 1);
	CHECK_EQ(sc->tm->state, STATE_UP);
	CHECK(s->cut && s->since_ns == 0); /* "since": null */
	CHECK(sc->tm->since_ns == NS(1000));
	CHECK(!s->has_belief);
	CHECK_EQ(s->instab.window, 1);
	CHECK_EQ(s->blocks_down, 0);
	for (b = 0; b < s->n_blocks; b++)
		CHECK_EQ(s->blocks[b].state, STATE_UNKNOWN);
}

/* Round 3: a whole silent round: the outage starts half way from round
 * 1, the last whole round with answers, not from the cut round. */
static void
cut_then_down(struct scenario *sc)
{
	CHECK(!sc->s.cut && sc->s.since_ns == NS(3000));
	CHECK_EQ(sc->s.event.from, STATE_UP);
	CHECK(sc->s.event.start_ns == NS(2000));
	CHECK_EQ(sc->tm->n_hist, 2);
}

static const struct round_case cut_rounds[] = {
	{ "both judged /24s answer",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 8), RANGE(B179 + 1, 8) },
	  .state = STATE_UP,
	  .event = EVENT_NONE },
	{ "cut short before any answer came",
	  NS(2000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  .state = STATE_UNKNOWN,
	  .event = EVENT_NONE,
	  .reason = "cut short by a signal",
	  .before = cut_short,
	  .then = cut_left_alone },
	{ "both silent, a whole round",
	  NS(3000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  .state = STATE_DOWN,
	  .event = EVENT_OUTAGE_START,
	  .then = cut_then_down },
};

static void
test_classify_cut(void)
{
	struct cut_saved saved;
	struct scenario sc;

	TEST("classify_cut");
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "classify_cut");
	sc.user = &saved;
	play(&sc, cut_rounds, NITEMS(cut_rounds));
	scenario_free(&sc);
}

/*
 * A target planned in two parts (windows of a round), the second cut
 * short: the first part's /24 keeps what it learned, the second's learns
 * nothing, and the target is no round of the record.
 */
static void
test_classify_cut_parts(void)
{
	struct target_summary s;
	struct target_set set;
	struct method_list m;
	struct target_acc acc;
	struct plan_range r;
	struct baseline bl;
	struct plan plan;
	struct rng rng;
	uint32_t part;

	TEST("classify_cut_parts");
	target_set_init(&set);
	CHECK(th_add_target(&set, "w", "175.45.176.0/23", SAMPLE_AUTO,
			    "icmp") == 0);
	baseline_init(&bl, &set);
	CHECK(method_list_parse("icmp", "m", &m, NULL) == 0);
	rng_seed(&rng, 1);
	classify_begin(&acc);
	CHECK(plan_next_range(&set, &bl, SAMPLE_AUTO, NULL, 300, &r));
	for (part = 0; part < 2; part++) {
		CHECK(r.part && r.b0 == part && r.b1 == part + 1);
		CHECK(plan_build_range(&plan, &set, &r, &bl, &m, SAMPLE_AUTO,
				       NULL, &rng, 1, NULL) == 0);
		th_probe_all(&plan, 0);
		th_answer_range(&plan, B176 + 256 * part, 1, 8);
		plan.cut = part == 1;
		classify_window(&acc, &plan, 0, VANTAGE_UNKNOWN, &bl.t[0],
				NS(1000));
		if (part == 1)
			break;
		CHECK(plan_next_range(&set, &bl, SAMPLE_AUTO, &r, 300, &r));
		plan_free(&plan);
	}
	classify_finish(&acc, &bl.t[0], NS(1000), &s);
	plan_free(&plan);
	classify_acc_free(&acc);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "cut short by a signal");
	CHECK(s.cut && s.since_ns == 0 && s.event.kind == EVENT_NONE);
	CHECK_EQ(s.n_blocks, 2);
	CHECK_EQ(s.blocks[0].state, STATE_UP);
	CHECK_EQ(s.blocks[1].state, STATE_UNKNOWN);
	CHECK(bl.t[0].blocks[0].censused && bl.t[0].blocks[0].n_ever == 8);
	CHECK(!bl.t[0].blocks[1].censused && bl.t[0].blocks[1].n_ever == 0);
	CHECK(!bl.t[0].has_state && bl.t[0].n_hist == 0);
	target_summary_free(&s);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * A signal in the recheck waves after a census's (recheck.cut; prober.c):
 * the target being rechecked is cut as in a round cut short, and learns
 * nothing; the other target of the window, whose round was whole, is
 * judged and learns.
 */
static void
test_classify_cut_recheck(void)
{
	struct target_summary s[2];
	struct target_set set;
	struct method_list m;
	struct target_acc acc;
	struct plan_range r;
	struct baseline bl;
	struct plan plan;
	struct rng rng;
	size_t t;

	TEST("classify_cut_recheck");
	target_set_init(&set);
	CHECK(th_add_target(&set, "a", "175.45.176.0/24", SAMPLE_AUTO,
			    "icmp") == 0);
	CHECK(th_add_target(&set, "b", "175.45.177.0/24", SAMPLE_AUTO,
			    "icmp") == 0);
	baseline_init(&bl, &set);
	CHECK(method_list_parse("icmp", "m", &m, NULL) == 0);
	rng_seed(&rng, 1);
	CHECK(plan_next_range(&set, &bl, SAMPLE_AUTO, NULL, 100000, &r));
	CHECK(!r.part && r.first == 0 && r.count == 2);
	CHECK(plan_build_range(&plan, &set, &r, &bl, &m, SAMPLE_AUTO, NULL,
			       &rng, 1, NULL) == 0);
	th_probe_all(&plan, 0);
	th_answer_range(&plan, B176, 1, 8);
	th_answer_range(&plan, B176 + 256, 1, 8);
	plan.tg[0].recheck.cut = true;
	for (t = 0; t < 2; t++) {
		classify_begin(&acc);
		classify_window(&acc, &plan, t, VANTAGE_UNKNOWN, &bl.t[t],
				NS(1000));
		classify_finish(&acc, &bl.t[t], NS(1000), &s[t]);
		classify_acc_free(&acc);
	}
	plan_free(&plan);
	CHECK_EQ(s[0].state, STATE_UNKNOWN);
	CHECK_HAS(s[0].reason, "cut short by a signal");
	CHECK(s[0].cut && s[0].since_ns == 0);
	CHECK(!bl.t[0].blocks[0].censused && bl.t[0].blocks[0].n_ever == 0);
	CHECK(!bl.t[0].has_state && bl.t[0].n_hist == 0);
	CHECK_EQ(s[1].state, STATE_UP);
	CHECK(!s[1].cut && s[1].since_ns == NS(1000));
	CHECK(bl.t[1].blocks[0].censused && bl.t[1].blocks[0].n_ever == 8);
	CHECK(bl.t[1].has_state && bl.t[1].n_hist == 1);
	for (t = 0; t < 2; t++)
		target_summary_free(&s[t]);
	baseline_free(&bl);
	target_set_free(&set);
}

int
main(void)
{
	test_classify_cut();
	test_classify_cut_parts();
	test_classify_cut_recheck();
	return test_report("test_cut");
}

/*
 * test_classify.c - the verdicts (classify.c): the first census, outages
 * total and partial with their events, the binomial test against the
 * baseline, what each round teaches the baseline (the vantage check:
 * test_vantage.c; adaptive blocks: test_adaptive.c; rounds cut short by
 * a signal: test_cut.c), the exit status for
 * a set of states and which ICMP errors are routing failures (the event
 * and round lines that carry them: test_output.c).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"

#include <math.h>

#include "testhelp.h"
#include "testplan.h"
#include "testround.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define T_2014_12_22_1615 1419264900LL /* 2014-12-22T16:15:00Z */
#define NS(s) ((int64_t)(s)*1000000000LL)
#define T1615 NS(T_2014_12_22_1615)
#define B176 A(175, 45, 176, 0)
#define B177 A(175, 45, 177, 0)
#define B178 A(175, 45, 178, 0)
#define B179 A(175, 45, 179, 0)
#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

static void
test_exit_status(void)
{
	enum target_state s[4] = { STATE_UP, STATE_UP, STATE_UP, STATE_UP };

	TEST("exit_status");
	CHECK_EQ(classify_exit_status(s, 0), 0);
	s[0] = STATE_UP;
	CHECK_EQ(classify_exit_status(s, 1), 0);
	s[1] = STATE_UNKNOWN;
	CHECK_EQ(classify_exit_status(s, 2), 3);
	s[2] = STATE_PARTIAL;
	CHECK_EQ(classify_exit_status(s, 3), 1);
	s[3] = STATE_DOWN;
	CHECK_EQ(classify_exit_status(s, 4), 2);
	s[0] = STATE_DOWN; /* down wins wherever it is */
	s[3] = STATE_UP;
	CHECK_EQ(classify_exit_status(s, 4), 2);
	s[0] = STATE_PARTIAL;
	s[1] = STATE_UP;
	s[2] = STATE_UNKNOWN;
	CHECK_EQ(classify_exit_status(s, 4), 1);
	s[0] = STATE_UNKNOWN;
	CHECK_EQ(classify_exit_status(s, 4), 3);
	CHECK(classify_is_routing_error(3, 0));
	CHECK(classify_is_routing_error(3, 1));
	CHECK(classify_is_routing_error(11, 0));
	CHECK(!classify_is_routing_error(3, 3));  /* port unreachable */
	CHECK(!classify_is_routing_error(3, 13)); /* filtered */
	CHECK(!classify_is_routing_error(11, 1)); /* reassembly */
	CHECK(!classify_is_routing_error(0, 0));
}

static void
classify(struct plan *plan, struct baseline *bl, enum vantage_state v,
	 int64_t now, struct target_summary *s)
{
	classify_target(plan, 0, v, &bl->t[0], now, s);
}

/* The first census: no baseline yet, so silence judges nothing. */
static void
test_classify_first(void)
{
	struct target_summary s;
	struct target_set set;
	struct baseline bl;
	struct plan plan;
	unsigned b;

	TEST("classify_first");
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	CHECK_EQ(bl.n, 1);
	CHECK_EQ(bl.t[0].n_blocks, 4);
	th_census(&plan, &set, &bl, 1);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
	/* Filtered (admin prohibited) is not a routing failure. */
	th_set_error(&plan, A(175, 45, 176, 1), 3, 13);
	/* Net unreachable, on blocks that never answered: still not down. */
	th_set_error(&plan, A(175, 45, 177, 1), 3, 0);
	th_set_error(&plan, A(175, 45, 177, 2), 3, 0);
	th_set_error(&plan, A(175, 45, 178, 2), 11, 0);
	classify(&plan, &bl, VANTAGE_UNKNOWN, T1615, &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "no baseline yet");
	CHECK(s.probed == 1024 && s.responsive == 0);
	CHECK_EQ(s.n_blocks, 4);
	CHECK_EQ(s.blocks_judged, 0);
	CHECK(!s.has_rtt);
	CHECK(!s.has_belief);
	CHECK(s.pvalue < 0);
	CHECK_EQ(s.baseline, 0);
	CHECK_EQ(s.event.kind, EVENT_NONE);
	for (b = 0; b < 4; b++) {
		CHECK(!s.blocks[b].judged);
		CHECK_EQ(s.blocks[b].state, STATE_UNKNOWN);
		CHECK_EQ(s.blocks[b].mode, MODE_CENSUS);
		CHECK_EQ(s.blocks[b].ever, 0);
		CHECK_EQ(s.blocks[b].probes, 512); /* 256 addresses, 2 each */
		CHECK_EQ(bl.t[0].blocks[b].n_ever, 0);
		CHECK(bl.t[0].blocks[b].avail < 0);
		CHECK(bl.t[0].blocks[b].belief == 0.5);
		CHECK_EQ(bl.t[0].blocks[b].state, STATE_UNKNOWN);
		CHECK(bl.t[0].blocks[b].censused);
	}
	CHECK_EQ(s.blocks[0].routing_errors, 0);
	CHECK_EQ(s.blocks[1].routing_errors, 2);
	CHECK_EQ(s.blocks[2].routing_errors, 1);
	CHECK(s.blocks[1].pfx.base == B177 && s.blocks[1].pfx.len == 24);
	CHECK_EQ(s.blocks[1].probed, 256);
	CHECK(bl.t[0].has_state && bl.t[0].state == STATE_UNKNOWN);
	CHECK(bl.t[0].since_ns == T1615 && s.since_ns == T1615);
	CHECK_EQ(bl.t[0].n_hist, 1);
	CHECK(!bl.t[0].in_outage);
	target_summary_free(&s);
	plan_free(&plan);
	baseline_free(&bl);

	/* Nothing probed at all (every record unsent): unknown, and said so. */
	baseline_init(&bl, &set);
	th_plan_round(&plan, &set, &bl, 1);
	classify(&plan, &bl, VANTAGE_UNKNOWN, T1615, &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_EQ(s.probed, 0);
	CHECK_HAS(s.reason, "no address probed");
	/* A census that never went out has not censused anything. */
	CHECK(!bl.t[0].blocks[0].censused);
	target_summary_free(&s);
	/* ... and when the kernel refused every probe, it says so. */
	plan.tg[0].st.send_errors = 1024;
	classify(&plan, &bl, VANTAGE_UNKNOWN, T1615 + NS(660), &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "send error");
	CHECK(!bl.t[0].blocks[0].censused);
	target_summary_free(&s);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

/*
 * One target through first census (up), silence (down, outage-start
 * total), more silence (no event), a vantage outage (unknown, memory left
 * alone) and recovery 9h31m after the outage began (outage-end). The
 * times: T1 is when the outage begins.
 */
#define T1 T1615
#define T0 (T1 - NS(660))
#define T2 (T1 + NS(660))
#define T3 (T1 + NS(1320))
#define T4 (T1 + NS(34260))
/* blackout's estimates: half way between the rounds either side. */
#define T1_EST (T1 - NS(330))
/* T3's round saw nothing (the vantage down): from the last down, T2 */
#define T4_EST (T2 + (T4 - T2) / 2)

static void
add_rtts(struct scenario *sc)
{
	target_stats_add_rtt(&sc->plan.tg[0].st, 5.0);
	target_stats_add_rtt(&sc->plan.tg[0].st, 1.0);
	target_stats_add_rtt(&sc->plan.tg[0].st, 3.0);
	target_stats_add_rtt(&sc->plan.tg[0].st, 2.0);
}

/* Round 1: what a first census with replies in one /24 teaches. */
static void
outage_first(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;
	struct target_memory *tm = sc->tm;
	struct target_summary again;
	struct baseline scratch;
	unsigned b;

	CHECK_EQ(s->responsive, 3);
	CHECK_EQ(s->probed, 1024);
	CHECK_EQ(s->blocks_judged, 1);
	CHECK_EQ(s->blocks_up, 1);
	CHECK(s->blocks[3].judged && s->blocks[3].state == STATE_UP);
	CHECK_EQ(s->blocks[3].responsive, 3);
	CHECK_EQ(s->blocks[3].ever, 3);
	CHECK_EQ(s->blocks[3].method_resp[0], 2); /* icmp: .201, .202 */
	CHECK_EQ(s->blocks[3].method_resp[1], 2); /* tcp:80: .200, .201 */
	for (b = 0; b < 3; b++) {
		CHECK(!s->blocks[b].judged);
		CHECK_EQ(s->blocks[b].state, STATE_UNKNOWN);
		CHECK_EQ(tm->blocks[b].n_ever, 0);
		CHECK(tm->blocks[b].avail < 0);
	}
	CHECK_EQ(tm->blocks[3].n_ever, 3);
	CHECK(block_is_ever(&tm->blocks[3], 200));
	CHECK(block_is_ever(&tm->blocks[3], 202));
	CHECK(!block_is_ever(&tm->blocks[3], 203));
	CHECK_EQ(block_hint(&tm->blocks[3], 200), 2); /* tcp:80 */
	CHECK_EQ(block_hint(&tm->blocks[3], 201), 1); /* icmp, the lowest */
	CHECK_EQ(block_hint(&tm->blocks[3], 202), 1);
	CHECK_EQ(block_hint(&tm->blocks[3], 203), 0);
	/* A(b): two of the three answered in wave 0, (2 + 1) / (3 + 2). */
	CHECK(fabs(tm->blocks[3].avail - 0.6) < 1e-12);
	CHECK(fabs(s->blocks[3].avail - 0.6) < 1e-12);
	CHECK(tm->blocks[3].belief == BELIEF_MAX);
	CHECK_EQ(tm->blocks[3].state, STATE_UP);
	CHECK_EQ(s->baseline, 3);
	CHECK(s->has_belief && s->belief == BELIEF_MAX);
	CHECK(s->pvalue < 0);
	CHECK(tm->census_avail < 0); /* no E address was probed yet */
	CHECK(s->since_ns == T0);
	CHECK(s->has_rtt && s->rtt_min == 1.0 && s->rtt_max == 5.0 &&
	      s->rtt_median == 2.5);
	/* The RTT median of an odd count (the memory is a scratch copy so
	 * that this second look teaches nothing). */
	target_stats_add_rtt(&sc->plan.tg[0].st, 4.0);
	baseline_init(&scratch, &sc->set);
	classify(&sc->plan, &scratch, VANTAGE_UNKNOWN, T0, &again);
	CHECK(again.rtt_median == 3.0);
	target_summary_free(&again);
	baseline_free(&scratch);
}

/* Round 2: the judged block silent, a total outage begins. */
static void
outage_begins(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;
	struct target_memory *tm = sc->tm;
	unsigned b;

	CHECK_HAS(s->reason, "no ICMP errors");
	CHECK(strstr(s->reason, "routers") == NULL);
	CHECK(s->blocks[3].judged && s->blocks[3].state == STATE_DOWN);
	CHECK_EQ(s->blocks_down, 1);
	for (b = 0; b < 3; b++)
		CHECK(!s->blocks[b].judged &&
		      s->blocks[b].state == STATE_UNKNOWN);
	CHECK_EQ(s->event.scope, STATE_DOWN);
	CHECK_EQ(s->event.from, STATE_UP);
	CHECK_EQ(s->event.to, STATE_DOWN);
	CHECK(s->event.start_ns == T1_EST);
	CHECK(s->since_ns == T1);
	CHECK(tm->in_outage && tm->outage_start_ns == T1_EST);
	CHECK_EQ(tm->blocks[3].n_ever, 3); /* silence forgets nobody */
	CHECK(fabs(tm->blocks[3].avail - 0.6) < 1e-12);
	CHECK(tm->blocks[3].belief == BELIEF_MIN);
	CHECK_EQ(tm->blocks[3].state, STATE_DOWN);
	CHECK(s->has_belief && s->belief == BELIEF_MIN);
	CHECK_EQ(s->baseline, 3);
	CHECK_EQ(s->instab.window, 2);
	CHECK_EQ(s->instab.state_changes, 1);
	CHECK_EQ(s->instab.block_changes, 1); /* up -> down */
	CHECK(s->instab.has_rate && s->instab.rate_mean == 0);
}

/* Round 3: still down since the outage began. */
static void
outage_goes_on(struct scenario *sc)
{
	CHECK(sc->s.since_ns == T1);
}

/* What the baseline knew before the vantage was cut off. */
struct outage_saved {
	struct block_memory blocks[4];
	double census_avail;
};

/* Before round 4: a copy of what the baseline knows of the blocks. */
static void
save_memory(struct scenario *sc)
{
	struct outage_saved *saved = sc->user;

	memcpy(saved->blocks, sc->tm->blocks, sizeof(saved->blocks));
	saved->census_avail = sc->tm->census_avail;
}

/* Round 4: the vantage is cut off; a reply came in, but the memory of the
 * blocks is left alone. */
static void
outage_vantage_down(struct scenario *sc)
{
	const struct outage_saved *saved = sc->user;
	struct target_memory *tm = sc->tm;

	CHECK_EQ(sc->s.responsive, 2); /* the counts are still reported */
	CHECK(memcmp(saved->blocks, tm->blocks, sizeof(saved->blocks)) == 0);
	CHECK_EQ(tm->blocks[0].n_ever, 0);
	CHECK(tm->census_avail == saved->census_avail);
	CHECK(tm->in_outage && tm->outage_start_ns == T1_EST);
	CHECK_EQ(tm->state, STATE_UNKNOWN);
	CHECK_EQ(tm->n_hist, 4);
}

/* Round 5: the block answers, 9h31m after the outage began. */
static void
outage_ends(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;
	struct target_memory *tm = sc->tm;

	CHECK_EQ(block_hint(&tm->blocks[3], 200), 2);
	CHECK_EQ(block_hint(&tm->blocks[3], 201), 2);
	CHECK_EQ(tm->blocks[3].n_ever, 3);
	CHECK_EQ(s->event.from, STATE_UNKNOWN);
	CHECK_EQ(s->event.to, STATE_UP);
	CHECK(s->event.end_ns == T4_EST);
	CHECK(s->event.duration_s == (double)(T4_EST - T1_EST) / 1e9);
	CHECK(s->event.start_ns == T1_EST);
	CHECK(s->since_ns == T4);
	CHECK(!tm->in_outage);
	CHECK_EQ(tm->blocks[0].n_ever, 0); /* the vantage-down reply */
}

static const struct round_case outage_rounds[] = {
	{ "replies in 175.45.179.0/24 only",
	  T0,
	  VANTAGE_UNKNOWN,
	  { ONE(A(175, 45, 179, 200), 2, 2), ONE(A(175, 45, 179, 201), 3, 1),
	    ONE(A(175, 45, 179, 202), 1, 0) }, /* .202 only in a retry */
	  .state = STATE_UP,
	  .event = EVENT_NONE,
	  .reason = "1 of 1 judged /24s up",
	  .before = add_rtts,
	  .then = outage_first },
	{ "the judged block is silent",
	  T1,
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  .state = STATE_DOWN,
	  .event = EVENT_OUTAGE_START,
	  .reason = "all 1 judged /24s down",
	  .then = outage_begins },
	{ "still silent",
	  T2,
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  .state = STATE_DOWN,
	  .event = EVENT_NONE,
	  .then = outage_goes_on },
	{ "the vantage is cut off",
	  T3,
	  VANTAGE_DOWN,
	  { ONE(A(175, 45, 176, 77), 1, 1), ONE(A(175, 45, 179, 200), 2, 2) },
	  .state = STATE_UNKNOWN,
	  .event = EVENT_STATE_CHANGE,
	  .reason = "vantage",
	  .before = save_memory,
	  .then = outage_vantage_down },
	{ "the block answers again",
	  T4,
	  VANTAGE_UP,
	  { ONE(A(175, 45, 179, 200), 3, 3),   /* its hint still works */
	    ONE(A(175, 45, 179, 201), 2, 2) }, /* its hint does not */
	  .state = STATE_UP,
	  .event = EVENT_OUTAGE_END,
	  .then = outage_ends },
};

static void
test_classify_outage(void)
{
	struct outage_saved saved;
	struct scenario sc;

	TEST("classify_outage");
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "classify_outage");
	sc.user = &saved;
	play(&sc, outage_rounds, NITEMS(outage_rounds));
	scenario_free(&sc);
}

/*
 * Two judged /24s: one silent is partial (named), both silent is down
 * (total), routers' errors are cited, and a block whose probes never went
 * out is no evidence.
 */
static void
partial_first(struct scenario *sc)
{
	CHECK_EQ(sc->s.blocks_judged, 2);
	CHECK_EQ(sc->s.baseline, 16);
}

/* Round 2: 175.45.179.0/24 is silent, and named. */
static void
partial_begins(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;

	CHECK(strstr(s->reason, "175.45.176.0/24") == NULL);
	CHECK_HAS(s->reason, "1 of 2 judged /24s up");
	CHECK_EQ(s->blocks_up, 1);
	CHECK_EQ(s->blocks_down, 1);
	CHECK(s->blocks[0].state == STATE_UP &&
	      s->blocks[3].state == STATE_DOWN);
	CHECK(fabs(s->belief - (BELIEF_MAX + BELIEF_MIN) / 2) < 1e-12);
	CHECK_EQ(s->event.scope, STATE_PARTIAL);
	/* A /24 a census found down is not watched (probe/prober.h). */
	CHECK(!sc->tm->watch);
}

/* Round 3: both silent, one filtered error: down, a change of scope. */
static void
partial_to_total(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;

	CHECK(strstr(s->reason, "routers") == NULL);
	CHECK_EQ(s->event.from, STATE_PARTIAL);
	CHECK_EQ(s->event.scope, STATE_DOWN);
	/* The outage began earlier: half way from round 1 (1000) to 2. */
	CHECK(s->event.start_ns == NS(1500));
	CHECK(sc->tm->in_outage && sc->tm->outage_scope == STATE_DOWN);
}

/* Round 4: silent, with net-unreachable from a router. */
static void
partial_routers(struct scenario *sc)
{
	CHECK_EQ(sc->s.blocks[3].routing_errors, 1);
	CHECK_EQ(sc->s.blocks[0].routing_errors, 0);
}

/* Round 5: back up, 3000 s after the outage began. */
static void
partial_back(struct scenario *sc)
{
	CHECK(sc->s.event.duration_s == 3000);
}

/* Round 6: the probes to 175.45.179.0/24 never went out (interrupted, or
 * refused by the kernel): no evidence that the block is down. */
static void
partial_unsent(struct scenario *sc)
{
	const struct target_summary *s = &sc->s;

	CHECK_EQ(s->blocks[3].probed, 0);
	CHECK_EQ(s->blocks[3].state, STATE_UNKNOWN);
	CHECK(s->state != STATE_PARTIAL && s->state != STATE_DOWN);
	CHECK(s->event.kind != EVENT_OUTAGE_START);
	CHECK(!sc->tm->in_outage);
	CHECK_EQ(sc->tm->blocks[3].state, STATE_UP); /* remembered as it was */
	CHECK(sc->tm->blocks[3].belief == BELIEF_MAX);
}

static const struct round_case partial_rounds[] = {
	{ "both judged /24s answer",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 8), RANGE(B179 + 1, 8) },
	  .state = STATE_UP,
	  .event = ANY,
	  .then = partial_first },
	{ "175.45.179.0/24 is silent",
	  NS(2000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 8) },
	  .state = STATE_PARTIAL,
	  .event = EVENT_OUTAGE_START,
	  .reason = "175.45.179.0/24",
	  .then = partial_begins },
	{ "both silent, one filtered error",
	  NS(3000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  A(175, 45, 176, 1),
	  3,
	  13,
	  .state = STATE_DOWN,
	  .event = EVENT_STATE_CHANGE,
	  .reason = "all 2 judged /24s down",
	  .then = partial_to_total },
	{ "silent, a router's net-unreachable",
	  NS(4000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  A(175, 45, 179, 1),
	  3,
	  0,
	  .state = STATE_DOWN,
	  .event = EVENT_NONE,
	  .reason = "routers",
	  .then = partial_routers },
	{ "back up",
	  NS(5000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 8), RANGE(B179 + 1, 8) },
	  .state = STATE_UP,
	  .event = EVENT_OUTAGE_END,
	  .then = partial_back },
	{ "175.45.179.0/24's probes never left",
	  NS(6000),
	  VANTAGE_UNKNOWN,
	  { RANGE(B176 + 1, 8) },
	  .unsent = B179,
	  .state = ANY,
	  .event = ANY,
	  .then = partial_unsent },
};

static void
wide_first(struct scenario *sc)
{
	CHECK_EQ(sc->s.blocks_judged, 8);
}

/* Five of eight /24s down: the reason names four and counts the rest. */
static void
wide_partial(struct scenario *sc)
{
	CHECK(strstr(sc->s.reason, "175.45.180.0/24") == NULL);
	CHECK_HAS(sc->s.reason, "3 of 8 judged /24s up");
}

static const struct round_case wide_rounds[] = {
	{ "every /24 answers",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { EACH24(A(175, 45, 176, 1), 8) },
	  .state = STATE_UP,
	  .event = ANY,
	  .then = wide_first },
	{ "five /24s are silent",
	  NS(2000),
	  VANTAGE_UNKNOWN,
	  { EACH24(A(175, 45, 181, 1), 3) },
	  .state = STATE_PARTIAL,
	  .event = ANY,
	  .reason = "175.45.176.0/24, 175.45.177.0/24, 175.45.178.0/24, "
		    "175.45.179.0/24 and 1 more",
	  .then = wide_partial },
};

static void
test_classify_partial(void)
{
	struct scenario sc;

	TEST("classify_partial");
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "classify_partial");
	play(&sc, partial_rounds, NITEMS(partial_rounds));
	scenario_free(&sc);

	target_set_init(&sc.set);
	CHECK(th_add_target(&sc.set, "wide", "175.45.176.0/21", SAMPLE_ALL,
			    "icmp") == 0);
	scenario_init(&sc, "classify_partial");
	play(&sc, wide_rounds, NITEMS(wide_rounds));
	scenario_free(&sc);
}

/* Every block answers, but far fewer of E than the baseline: partial. */
static void
test_classify_binomial(void)
{
	struct target_summary s;
	struct target_set set;
	struct target_memory *tm;
	struct baseline bl;
	struct plan plan;
	double p39;
	unsigned i;

	TEST("classify_binomial");
	th_kp_set(&set, SAMPLE_ALL, false);
	baseline_init(&bl, &set);
	tm = &bl.t[0];
	/* Census 1 builds E: 20 addresses in each of two /24s. */
	th_census(&plan, &set, &bl, 1);
	th_answer_range(&plan, B176, 10, 20);
	th_answer_range(&plan, B178, 10, 20);
	classify(&plan, &bl, VANTAGE_UNKNOWN, NS(1000), &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK_EQ(s.baseline, 40);
	CHECK(s.pvalue < 0);
	CHECK(tm->census_avail < 0);
	target_summary_free(&s);
	plan_free(&plan);
	/* Census 2: all of E answers (half of it only to retries); the
	 * test has no baseline yet. */
	th_census(&plan, &set, &bl, 2);
	th_answer_range(&plan, B176, 10, 20);
	for (i = 10; i < 30; i++)
		th_answer(&plan, B178 + i, 1, 0);
	classify(&plan, &bl, VANTAGE_UNKNOWN, NS(2000), &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK(s.pvalue < 0);
	CHECK(tm->census_avail == 1.0);
	target_summary_free(&s);
	plan_free(&plan);
	/* Census 3: all of E again: p = P(X <= 40) = 1. */
	th_census(&plan, &set, &bl, 3);
	th_answer_range(&plan, B176, 10, 20);
	th_answer_range(&plan, B178, 10, 20);
	classify(&plan, &bl, VANTAGE_UNKNOWN, NS(3000), &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK(s.pvalue == 1.0);
	target_summary_free(&s);
	plan_free(&plan);
	/* Census 4: one of 40 missing is ordinary loss: P = 1 - 0.99^40. */
	th_census(&plan, &set, &bl, 4);
	th_answer_range(&plan, B176, 10, 19);
	th_answer_range(&plan, B178, 10, 20);
	classify(&plan, &bl, VANTAGE_UNKNOWN, NS(4000), &s);
	p39 = 1 - pow(0.99, 40);
	CHECK_EQ(s.state, STATE_UP);
	CHECK(fabs(s.pvalue - p39) < 1e-9);
	CHECK(fabs(tm->census_avail - (0.75 + 0.25 * 39 / 40)) < 1e-12);
	target_summary_free(&s);
	plan_free(&plan);
	/* Census 5: half of E answers, every block still has replies. */
	th_census(&plan, &set, &bl, 5);
	th_answer_range(&plan, B176, 10, 10);
	th_answer_range(&plan, B178, 10, 10);
	classify(&plan, &bl, VANTAGE_UNKNOWN, NS(5000), &s);
	CHECK_EQ(s.blocks_up, 2);
	CHECK_EQ(s.blocks_judged, 2);
	CHECK_EQ(s.blocks_down, 0);
	CHECK_EQ(s.state, STATE_PARTIAL);
	CHECK(s.pvalue >= 0 && s.pvalue < 0.001);
	CHECK(fabs(s.pvalue - binomial_cdf(20, 40, 0.99)) <=
	      1e-9 * binomial_cdf(20, 40, 0.99));
	CHECK_HAS(s.reason, "significantly below baseline");
	CHECK_HAS(s.reason, "20 of 40");
	CHECK_EQ(s.event.kind, EVENT_OUTAGE_START);
	CHECK_EQ(s.event.scope, STATE_PARTIAL);
	/* A partial round does not lower the baseline it is tested on. */
	CHECK(fabs(tm->census_avail - (0.75 + 0.25 * 39 / 40)) < 1e-12);
	target_summary_free(&s);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

int
main(void)
{
	test_exit_status();
	test_classify_first();
	test_classify_outage();
	test_classify_partial();
	test_classify_binomial();
	return test_report("test_classify");
}

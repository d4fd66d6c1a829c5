/*
 * test_output.c - the JSON lines (output.c): the documented fields of
 * round, event and run lines, event lines through an outage total and
 * partial, and whole-line appends to a file, created when missing, stdout
 * borrowed (the verdicts the lines carry: test_classify.c).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"
#include "blackout/output.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "testfile.h"
#include "testhelp.h"
#include "testjson.h"
#include "testplan.h"
#include "testround.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define T_2014_12_22_1615 1419264900LL /* 2014-12-22T16:15:00Z */
#define NS(s) ((int64_t)(s)*1000000000LL)

static bool
is_rfc3339_utc(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (s == NULL || strlen(s) != sizeof(pat) - 1)
		return false;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != pat[i])
			return false;
	return true;
}

#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

/*
 * Round 7 of "kp" (four /24s, icmp and tcp:80, asn 131279, a control):
 * the first census; .9 and .10 of 175.45.176.0/24 answer tcp:80, a router
 * says net-unreachable for two of 175.45.177.0/24, the counters are set
 * by hand.
 */
static const struct th_jcase round7[] = {
	JOBJECT("", -1),
	JSTR("type", "round"),
	JSTR("time", "2014-12-22T16:15:00Z"),
	JINT("round", 7),
	JSTR("target", "kp"),
	JSTR("prefix", "175.45.176.0/22"),
	JINT("asn", 131279),
	JSTR("state", "up"),
	JIS("reason", J_ISSTR),
	/* The mean belief of the judged blocks: only 175.45.176.0/24. */
	JNUM("belief", BELIEF_MAX),
	JSTR("since", "2014-12-22T16:15:00Z"),
	JSTR("vantage", "up"),
	JSTR("vantage_name", "ams1"),
	JIS("interrupted", J_FALSE),
	JINT("waves", 2),
	JOBJECT("probes", -1),
	JINT("probes/sent", 2048),
	JINT("probes/replies", 3),
	JINT("probes/icmp_errors", 2),
	JINT("probes/invalid", 4),
	JINT("probes/late", 5),
	JINT("probes/duplicate", 6),
	JINT("probes/send_errors", 7),
	JINT("probes/stray", 9),
	JINT("probes/rejected", 10),
	JINT("probes/pcap_received", 100),
	JINT("probes/pcap_drops", 9), /* capture and queue */
	JINT("addresses/probed", 1024),
	JINT("addresses/responsive", 2),
	JINT("addresses/baseline", 2), /* |E| after this round */
	JIS("addresses/pvalue", J_PRESENT),
	JIS("addresses/pvalue", J_NULL),
	JARRAY("blocks", 4),
	JSTR("blocks/3/prefix", "175.45.179.0/24"),
	JSTR("blocks/1/prefix", "175.45.177.0/24"),
	/* Never answered: unknown and not judged, whatever routers say. */
	JSTR("blocks/1/state", "unknown"),
	JIS("blocks/1/judged", J_FALSE),
	JSTR("blocks/1/mode", "census"),
	JIS("blocks/1/sparse", J_FALSE), /* A not learned */
	JNUM("blocks/1/belief", 0.5),
	JINT("blocks/1/ever", 0),
	JIS("blocks/1/availability", J_NULL),
	JINT("blocks/1/probes", 512),
	JINT("blocks/1/probed", 256),
	JINT("blocks/1/responsive", 0),
	JINT("blocks/1/unreachable", 2),
	JSTR("blocks/0/state", "up"),
	JIS("blocks/0/judged", J_TRUE),
	JIS("blocks/0/sparse", J_FALSE), /* |E| = 2, A = 0.5 */
	JNUM("blocks/0/belief", BELIEF_MAX),
	JINT("blocks/0/ever", 2),
	JNUM("blocks/0/availability", 0.5),
	JINT("blocks/0/responsive", 2),
	JINT("blocks/0/methods/tcp:80", 2),
	JINT("blocks/0/methods/icmp", 0),
	JOBJECT("methods", 2),
	JINT("methods/icmp/sent", 1024),
	JINT("methods/tcp:80/responsive", 2),
	JINT("methods/tcp:80/synack", 1),
	JINT("methods/tcp:80/rst", 1),
	JARRAY("unreachable", 1),
	JSTR("unreachable/0/router", "219.158.3.1"),
	JINT("unreachable/0/type", 3),
	JINT("unreachable/0/code", 0),
	JSTR("unreachable/0/reason", "net-unreachable"),
	JINT("unreachable/0/count", 2),
	JOBJECT("rtt_ms", -1),
	JIS("rtt_ms/min", J_ISNUM),
	JBETWEEN("rtt_ms/median", 12.345, 12.347),
	JIS("rtt_ms/max", J_ISNUM),
	JOBJECT("instability", -1),
	JINT("instability/window", 1),
	JINT("instability/state_changes", 0),
	JINT("instability/block_changes", 0),
	JIS("instability/rate_mean", J_NULL),
	JIS("instability/rate_sd", J_NULL),
	JNUM("duration_s", 3.25),
};

/* Round 8: only .9 answers. The rate enters the window; the state has not
 * changed since the first round. */
static const struct th_jcase round8[] = {
	JSTR("state", "up"),
	JSTR("time", "2014-12-22T16:26:00Z"),
	JSTR("since", "2014-12-22T16:15:00Z"),
	JINT("instability/window", 2),
	JNUM("instability/rate_mean", 0.5),
	JNUM("instability/rate_sd", 0),
	JIS("addresses/pvalue", J_NULL),
};

/* Round 9: both answer: now the census is tested against its baseline. */
static const struct th_jcase round9[] = {
	JNUM("addresses/pvalue", 1.0),
};

/* Round 10: no RTT: null. Interrupted: true. Vantage down: unknown, and a
 * local outage is not the blocks' outage either. No asn: null. */
static const struct th_jcase round10[] = {
	JIS("rtt_ms", J_NULL),	  JIS("interrupted", J_TRUE),
	JSTR("state", "unknown"), JSTR("vantage", "down"),
	JIS("asn", J_NULL),	  JSTR("blocks/0/state", "unknown"),
	JIS("belief", J_NULL),
};

/* The census rounds after round 7, at 16:26:00: who answers and how. */
static const struct {
	uint32_t round;
	unsigned answers; /* .9, then .10 of 175.45.176.0/24, over tcp:80 */
	bool interrupted;
	enum vantage_state vantage;
	bool no_asn;
	const struct th_jcase *want;
	size_t n_want;
} later_rounds[] = {
	{ 8, 1, false, VANTAGE_UP, false, round8, NITEMS(round8) },
	{ 9, 2, false, VANTAGE_UP, false, round9, NITEMS(round9) },
	{ 10, 0, true, VANTAGE_DOWN, true, round10, NITEMS(round10) },
};

/* The round line of target 0 after classifying plan as of ri. */
static json_t *
round_line(struct plan *plan, struct baseline *bl, const struct round_info *ri,
	   struct target_summary *s)
{
	classify_target(plan, 0, ri->vantage, &bl->t[0], ri->start_real_ns, s);
	return output_round_line(ri, plan, 0, s);
}

static void
test_round_line(void)
{
	static const char *const probes_keys[] = {
		"sent",	    "replies",	     "icmp_errors", "invalid",
		"late",	    "duplicate",     "send_errors", "stray",
		"rejected", "pcap_received", "pcap_drops",
	};
	static const char *const block_keys[] = {
		"prefix",     "state",	     "mode",	     "judged", "sparse",
		"belief",     "ever",	     "availability", "probes", "probed",
		"responsive", "unreachable", "methods",
	};
	struct round_info ri;
	struct target_summary s;
	struct target_set set;
	struct target_stats *st;
	struct baseline bl;
	struct plan plan;
	json_t *o, *v;
	size_t i, k;

	TEST("round_line");
	th_kp_set(&set, SAMPLE_ALL, true);
	set.t[0].asn = 131279;
	baseline_init(&bl, &set);
	th_census(&plan, &set, &bl, 7);
	st = &plan.tg[0].st;
	st->sent = 2048;
	st->replies = 3;
	st->invalid = 4;
	st->late = 5;
	st->duplicate = 6;
	st->send_errors = 7;
	st->method_sent[0] = st->method_sent[1] = 1024;
	st->method_resp[1] = 2;
	st->method_count[1][method_counter(&plan.methods.m[1], "synack")] = 1;
	st->method_count[1][method_counter(&plan.methods.m[1], "rst")] = 1;
	th_answer(&plan, A(175, 45, 176, 9), 2, 2);
	th_answer(&plan, A(175, 45, 176, 10), 2, 0);
	th_set_error(&plan, A(175, 45, 177, 1), 3, 0);
	th_set_error(&plan, A(175, 45, 177, 2), 3, 0);
	target_stats_add_rtt(st, 12.3456789);
	memset(&ri, 0, sizeof(ri));
	ri.round = 7;
	ri.start_real_ns = T_2014_12_22_1615 * 1000000000LL + 999999999;
	ri.duration_s = 3.25;
	ri.vantage = VANTAGE_UP;
	ri.vantage_name = "ams1";
	ri.waves = 2;
	ri.pcap_received = 100;
	ri.pcap_drops = 8;
	ri.queue_drops = 1;
	ri.stray = 9;
	ri.rejected = 10;
	o = round_line(&plan, &bl, &ri, &s);
	th_jcheck(o, round7, NITEMS(round7));
	CHECK(is_rfc3339_utc(th_jstr(o, "time")));
	CHECK_STREQ(th_jstr(o, "reason"), s.reason);
	v = json_object_get(o, "probes");
	for (i = 0; i < NITEMS(probes_keys); i++)
		CHECK(json_is_integer(json_object_get(v, probes_keys[i])));
	v = json_object_get(o, "blocks");
	for (i = 0; i < json_array_size(v); i++)
		for (k = 0; k < NITEMS(block_keys); k++)
			CHECK(json_object_get(json_array_get(v, i),
					      block_keys[k]) != NULL);
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);

	ri.start_real_ns = T_2014_12_22_1615 * 1000000000LL + NS(660);
	for (i = 0; i < NITEMS(later_rounds); i++) {
		th_census(&plan, &set, &bl, later_rounds[i].round);
		for (k = 0; k < later_rounds[i].answers; k++)
			th_answer(&plan, A(175, 45, 176, 9 + k), 2, 2);
		ri.round = later_rounds[i].round;
		ri.interrupted = later_rounds[i].interrupted;
		ri.vantage = later_rounds[i].vantage;
		if (later_rounds[i].no_asn)
			plan.tg[0].asn = 0;
		o = round_line(&plan, &bl, &ri, &s);
		th_jcheck(o, later_rounds[i].want, later_rounds[i].n_want);
		json_decref(o);
		target_summary_free(&s);
		plan_free(&plan);
	}
	baseline_free(&bl);
	target_set_free(&set);
}

/* --- event lines, and round lines carrying a verdict ------------------ */

/* The event line of sc's round, as of its start. */
static void
check_event_line(const struct scenario *sc, const struct th_jcase *want,
		 size_t n)
{
	struct round_info ri;
	json_t *o;

	memset(&ri, 0, sizeof(ri));
	ri.round = sc->round;
	ri.start_real_ns = sc->now;
	ri.vantage = VANTAGE_UP;
	ri.vantage_name = "ams1";
	o = output_event_line(&ri, &sc->plan, 0, &sc->s);
	th_jcheck(o, want, n);
	CHECK_STREQ(th_jstr(o, "vantage_name"), "ams1");
	CHECK(json_object_get(o, "vantage") == NULL);
	CHECK_STREQ(th_jstr(o, "reason"), sc->s.reason);
	json_decref(o);
}

/* The round line of sc's round, with round_info's counters all zero. */
static void
check_round_line(const struct scenario *sc, const struct th_jcase *want,
		 size_t n)
{
	struct round_info ri;
	json_t *o;

	memset(&ri, 0, sizeof(ri));
	ri.round = sc->round;
	ri.start_real_ns = sc->now;
	o = output_round_line(&ri, &sc->plan, 0, &sc->s);
	th_jcheck(o, want, n);
	json_decref(o);
}

static const struct th_jcase outage_start_line[] = {
	JSTR("type", "event"),
	JSTR("time", "2014-12-22T16:15:00Z"),
	JINT("round", 2),
	JSTR("target", "kp"),
	JSTR("prefix", "175.45.176.0/22"),
	JSTR("event", "outage-start"),
	JSTR("scope", "total"),
	JSTR("from", "up"),
	JSTR("to", "down"),
	JARRAY("blocks_down", 1),
	JSTR("blocks_down/0", "175.45.179.0/24"),
	JINT("blocks_down_omitted", 0),
	/* blackout's estimate: half way from the last up round (16:04). */
	JSTR("start", "2014-12-22T16:09:30Z"),
	JIS("end", J_ABSENT),
	JIS("duration_s", J_ABSENT),
	JIS("duration", J_ABSENT),
};

static const struct th_jcase outage_end_line[] = {
	JSTR("event", "outage-end"),
	JSTR("from", "unknown"),
	JSTR("to", "up"),
	JSTR("scope", "total"),
	JIS("duration_s", J_ISINT),
	/* blackout's estimates, half way between the rounds either side:
	 * the last up round 16:04, the last down 16:26 (at 16:37 the vantage
	 * was down: that round saw nothing, the outage stayed open; and the
	 * rest of the night). */
	JINT("duration_s", 17790),
	JSTR("duration", "4h56m"),
	JSTR("start", "2014-12-22T16:09:30Z"),
	JSTR("start_after", "2014-12-22T16:04:00Z"),
	JSTR("start_by", "2014-12-22T16:15:00Z"),
	JSTR("end", "2014-12-22T21:06:00Z"),
	JSTR("end_after", "2014-12-22T16:26:00Z"),
	JSTR("end_by", "2014-12-23T01:46:00Z"),
	JSTR("time", "2014-12-23T01:46:00Z"),
	JARRAY("blocks_down", 0),
};

static const struct th_jcase partial_start_line[] = {
	JSTR("event", "outage-start"),
	JSTR("scope", "partial"),
	JSTR("to", "partial"),
	JARRAY("blocks_down", 1),
	JSTR("blocks_down/0", "175.45.179.0/24"),
};

static const struct th_jcase partial_to_total_line[] = {
	JSTR("event", "state-change"),
	JSTR("scope", "total"),
	JARRAY("blocks_down", 2),
	JINT("blocks_down_omitted", 0),
};

static void
outage_start(struct scenario *sc)
{
	check_event_line(sc, outage_start_line, NITEMS(outage_start_line));
}

static void
outage_end(struct scenario *sc)
{
	check_event_line(sc, outage_end_line, NITEMS(outage_end_line));
}

/* test_classify.c's outage: up, down (total), down, unknown (the vantage
 * cut off), up 9h31m after the outage began. T1 is when it begins. */
#define T1 NS(T_2014_12_22_1615)
static const struct round_case outage_rounds[] = {
	{ "replies in 175.45.179.0/24 only",
	  T1 - NS(660),
	  VANTAGE_UNKNOWN,
	  { ONE(A(175, 45, 179, 200), 2, 2), ONE(A(175, 45, 179, 201), 3, 1),
	    ONE(A(175, 45, 179, 202), 1, 0) },
	  UNCHECKED },
	{ "the judged block is silent",
	  T1,
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  UNCHECKED,
	  .then = outage_start },
	{ "still silent", T1 + NS(660), VANTAGE_UNKNOWN, { { 0 } }, UNCHECKED },
	{ "the vantage is cut off",
	  T1 + NS(1320),
	  VANTAGE_DOWN,
	  { ONE(A(175, 45, 176, 77), 1, 1), ONE(A(175, 45, 179, 200), 2, 2) },
	  UNCHECKED },
	{ "the block answers again",
	  T1 + NS(34260),
	  VANTAGE_UP,
	  { ONE(A(175, 45, 179, 200), 3, 3), ONE(A(175, 45, 179, 201), 2, 2) },
	  UNCHECKED,
	  .then = outage_end },
};

static void
partial_start(struct scenario *sc)
{
	check_event_line(sc, partial_start_line, NITEMS(partial_start_line));
}

static void
partial_to_total(struct scenario *sc)
{
	check_event_line(sc, partial_to_total_line,
			 NITEMS(partial_to_total_line));
}

/* up, partial, down, down, up: three changes; /24 flips 1, 1, 0, 2. */
static const struct th_jcase partial_back_line[] = {
	JINT("instability/window", 5),
	JINT("instability/state_changes", 3),
	JINT("instability/block_changes", 4),
};

static void
partial_back(struct scenario *sc)
{
	check_round_line(sc, partial_back_line, NITEMS(partial_back_line));
}

/* test_classify.c's partial outage: 175.45.176.0/24 and 175.45.179.0/24
 * answer, then the latter is silent, then both, then both answer. */
static const struct round_case partial_rounds[] = {
	{ "both judged /24s answer",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 1), 8), RANGE(A(175, 45, 179, 1), 8) },
	  UNCHECKED },
	{ "175.45.179.0/24 is silent",
	  NS(2000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 1), 8) },
	  UNCHECKED,
	  .then = partial_start },
	{ "both silent, one filtered error",
	  NS(3000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  A(175, 45, 176, 1),
	  3,
	  13,
	  UNCHECKED,
	  .then = partial_to_total },
	{ "silent, a router's net-unreachable",
	  NS(4000),
	  VANTAGE_UNKNOWN,
	  { { 0 } },
	  A(175, 45, 179, 1),
	  3,
	  0,
	  UNCHECKED },
	{ "back up",
	  NS(5000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 1), 8), RANGE(A(175, 45, 179, 1), 8) },
	  UNCHECKED,
	  .then = partial_back },
};

/* A census tested against its baseline carries its p-value, a real. */
static void
binomial_partial(struct scenario *sc)
{
	const json_t *v;
	struct round_info ri;
	json_t *o;

	memset(&ri, 0, sizeof(ri));
	ri.round = sc->round;
	ri.start_real_ns = sc->now;
	o = output_round_line(&ri, &sc->plan, 0, &sc->s);
	v = th_jget(o, "addresses/pvalue");
	CHECK(json_is_real(v) && json_real_value(v) == sc->s.pvalue);
	CHECK_STREQ(th_jstr(o, "state"), "partial");
	json_decref(o);
}

/* test_classify.c's binomial test: E is 20 addresses in each of two /24s;
 * the fifth census hears half of them. */
static const struct round_case binomial_rounds[] = {
	{ "E is learnt",
	  NS(1000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 10), 20), RANGE(A(175, 45, 178, 10), 20) },
	  UNCHECKED },
	{ "half of E only to retries",
	  NS(2000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 10), 20),
	    RANGE_RETRY(A(175, 45, 178, 10), 20) },
	  UNCHECKED },
	{ "all of E",
	  NS(3000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 10), 20), RANGE(A(175, 45, 178, 10), 20) },
	  UNCHECKED },
	{ "one of E missing",
	  NS(4000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 10), 19), RANGE(A(175, 45, 178, 10), 20) },
	  UNCHECKED },
	{ "half of E",
	  NS(5000),
	  VANTAGE_UNKNOWN,
	  { RANGE(A(175, 45, 176, 10), 10), RANGE(A(175, 45, 178, 10), 10) },
	  UNCHECKED,
	  .then = binomial_partial },
};

/* The lines of rounds whose verdicts test_classify.c checks. */
static void
test_verdict_lines(void)
{
	struct scenario sc;

	TEST("verdict_lines");
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "outage lines");
	play(&sc, outage_rounds, NITEMS(outage_rounds));
	scenario_free(&sc);
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "partial lines");
	play(&sc, partial_rounds, NITEMS(partial_rounds));
	scenario_free(&sc);
	th_kp_set(&sc.set, SAMPLE_ALL, false);
	scenario_init(&sc, "binomial line");
	play(&sc, binomial_rounds, NITEMS(binomial_rounds));
	scenario_free(&sc);
}

static void
test_run_line(void)
{
	struct method_list m;
	struct run_info ri;
	struct shard sh = { 0, 0, 0 };
	json_t *o, *v;

	TEST("run_line");
	method_list_parse(METHOD_DEFAULT, "m", &m, NULL);
	memset(&ri, 0, sizeof(ri));
	ri.version = "0.1.0";
	ri.start_real_ns = T_2014_12_22_1615 * 1000000000LL;
	ri.source = A(198, 18, 0, 1);
	ri.methods = &m;
	ri.seed = 42;
	ri.rate = 1000;
	ri.timeout_s = 3;
	ri.sample = SAMPLE_ALL;
	ri.rounds = 1;
	ri.n_targets = 1;
	ri.vantage_name = "ams1";
	ri.shard = &sh;
	ri.watch = "between";
	o = output_run_line(&ri);
	CHECK_STREQ(th_jstr(o, "vantage_name"), "ams1");
	CHECK_STREQ(th_jstr(o, "watch"), "between");
	CHECK(json_object_get(o, "vantage") == NULL);
	CHECK(json_is_null(json_object_get(o, "shard")));
	json_decref(o);
	sh.index = 2;
	sh.count = 4;
	o = output_run_line(&ri);
	CHECK_EQ(th_jint(json_object_get(o, "shard"), "index"), 2);
	CHECK_EQ(th_jint(json_object_get(o, "shard"), "count"), 4);
	json_decref(o);
	ri.shard = NULL;
	o = output_run_line(&ri);
	CHECK_STREQ(th_jstr(o, "type"), "run");
	CHECK_STREQ(th_jstr(o, "time"), "2014-12-22T16:15:00Z");
	CHECK_STREQ(th_jstr(o, "version"), "0.1.0");
	CHECK_STREQ(th_jstr(o, "source"), "198.18.0.1");
	CHECK(json_is_null(json_object_get(o, "interface")));
	v = json_object_get(o, "methods");
	CHECK(json_is_array(v) && json_array_size(v) == 3);
	CHECK_STREQ(json_string_value(json_array_get(v, 2)), "tcp:443");
	CHECK_EQ(th_jint(o, "seed"), 42);
	CHECK_STREQ(th_jstr(o, "sample"), "all");
	CHECK(json_is_false(json_object_get(o, "dry_run")));
	json_decref(o);
	ri.source = 0;
	ri.sample = 15;
	ri.dry_run = true;
	o = output_run_line(&ri);
	CHECK(json_is_null(json_object_get(o, "source")));
	CHECK_EQ(th_jint(o, "sample"), 15);
	CHECK(json_is_true(json_object_get(o, "dry_run")));
	json_decref(o);
}

static void
test_output_file(void)
{
	struct bo_error err = { 0, "" };
	struct output *out;
	char path[256], *text, *nl, *line2;
	json_t *a, *b, *back;
	struct stat sb;
	size_t len;

	TEST("output_file");
	CHECK(th_tempfile("existing line\n", path, sizeof(path)) == 0);
	a = json_pack("{s:s, s:i, s:s}", "type", "test", "n", 1, "text",
		      "two\nlines and \"quotes\"");
	b = json_pack("{s:s, s:[i,i]}", "type", "test", "list", 1, 2);
	out = output_open(path, &err);
	CHECK(out != NULL);
	CHECK(output_json(out, a) == 0);
	output_close(out);
	out = output_open(path, &err); /* appends, keeps what was there */
	CHECK(out != NULL);
	CHECK(output_json(out, b) == 0);
	output_close(out);
	text = th_slurp(path, &len);
	CHECK(text != NULL && len >= 14 &&
	      strncmp(text, "existing line\n", 14) == 0);
	nl = text != NULL && len >= 14 ? strchr(text + 14, '\n') : NULL;
	CHECK(nl != NULL);
	if (nl != NULL) {
		*nl = '\0';
		back = json_loads(text + 14, 0, NULL);
		CHECK(back != NULL && json_equal(back, a));
		json_decref(back);
		line2 = nl + 1;
		nl = strchr(line2, '\n');
		CHECK(nl != NULL && nl[1] == '\0'); /* exactly one more line */
		if (nl != NULL)
			*nl = '\0';
		back = json_loads(line2, 0, NULL);
		CHECK(back != NULL && json_equal(back, b));
		json_decref(back);
	}
	free(text);
	unlink(path);

	/* Created when missing, mode 0644 (less the umask). */
	out = output_open(path, &err);
	CHECK(out != NULL);
	CHECK(output_json(out, b) == 0);
	output_close(out);
	CHECK(stat(path, &sb) == 0 && S_ISREG(sb.st_mode));
	CHECK((sb.st_mode & 0133) == 0);
	text = th_slurp(path, &len);
	CHECK(text != NULL && len > 0 && strchr(text, '\n') == text + len - 1);
	free(text);
	unlink(path);

	/* An output that cannot be opened: status 73, named. */
	memset(&err, 0, sizeof(err));
	CHECK(output_open("/nonexistent/dir/out.jsonl", &err) == NULL);
	CHECK_EQ(err.status, 73);
	CHECK_HAS(err.msg, "/nonexistent/dir/out.jsonl");
	/* stdout is borrowed, never closed. */
	out = output_open("-", &err);
	CHECK(out != NULL);
	output_close(out);
	CHECK(fcntl(STDOUT_FILENO, F_GETFD) != -1);
	json_decref(a);
	json_decref(b);
}

int
main(void)
{
	test_round_line();
	test_verdict_lines();
	test_run_line();
	test_output_file();
	return test_report("test_output");
}

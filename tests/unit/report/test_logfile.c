/*
 * test_logfile.c - reading logs back (logfile) for blackout report: RFC
 * 3339 times, which lines are used and which skipped, ordering and
 * de-duplication, and the words of event and round lines (what a window
 * of them sums up to: test_summary.c).
 */
#define _GNU_SOURCE
#include "blackout/report/logfile.h"

#include "testhelp.h"
#include "testlog.h"

#define T_1615 1419264900LL /* 2014-12-22T16:15:00Z */

static void
test_rfc3339(void)
{
	char buf[32];
	int64_t t = 0;

	TEST("rfc3339");
	CHECK(parse_rfc3339("2014-12-22T16:15:00Z", &t) == 0);
	CHECK_EQ(t, T_1615);
	CHECK_STREQ(format_rfc3339(t * 1000000000LL, buf, sizeof(buf)),
		    "2014-12-22T16:15:00Z");
	CHECK(parse_rfc3339("2014-12-22T16:15:00.75Z", &t) == 0);
	CHECK_EQ(t, T_1615);
	CHECK(parse_rfc3339("2014-12-22T16:15:00+00:00", &t) == 0);
	CHECK_EQ(t, T_1615);
	CHECK(parse_rfc3339("2014-12-22", &t) == 0);
	CHECK_EQ(t, T_1615 - 16 * 3600 - 15 * 60);
	CHECK(parse_rfc3339("2016-02-29T00:00:00Z", &t) == 0);
	CHECK(parse_rfc3339("1970-01-01T00:00:00Z", &t) == 0);
	CHECK_EQ(t, 0);
	CHECK(parse_rfc3339("2015-02-29T00:00:00Z", &t) < 0);
	CHECK(parse_rfc3339("2261-12-31T23:59:59Z", &t) == 0);
	CHECK(parse_rfc3339("2262-04-12T00:00:00Z", &t) < 0); /* ns overflow */
	CHECK(parse_rfc3339("1969-12-31T23:59:59Z", &t) < 0);
	CHECK(parse_rfc3339("2014-12-22T16:15:00", &t) < 0);
	CHECK(parse_rfc3339("2014-12-22T16:15:00+01:00", &t) < 0);
	CHECK(parse_rfc3339("2014-12-22T24:00:00Z", &t) < 0);
	CHECK(parse_rfc3339("2014-13-01", &t) < 0);
	CHECK(parse_rfc3339("2014-1-01", &t) < 0);
	CHECK(parse_rfc3339("+014-12-22", &t) < 0);
	CHECK(parse_rfc3339("2014-12-22x", &t) < 0);
	CHECK(parse_rfc3339("", &t) < 0);
	CHECK(parse_rfc3339(NULL, &t) < 0);
}

static void
test_lines(void)
{
	struct logfile *lf = th_read_log(
		"{\"type\":\"run\",\"time\":\"2014-12-22T16:00:00Z\"}\n"
		"\n" TH_ROUND(
			"2014-12-22T16:11:00Z", 2,
			"down") "not json\n"
				"{\"type\":\"round\",\"time\":\"yesterday\",\"round\":1,"
				"\"target\":\"a\",\"state\":\"up\"}\n"
				"{\"type\":\"round\",\"time\":\"2014-12-22T16:00:00Z\","
				"\"round\":1,\"target\":\"a\",\"state\":\"sideways\"}\n"
				"{\"type\":\"probe\"}\n" TH_ROUND(
					"2014-12-22T16:00:00Z", 1, "up")
					TH_ROUND(
						"2014-12-22T16:00:00Z", 1,
						"up") "{\"type\":\"event\",\"time\":\"2014-12-22T16:11:00Z\","
						      "\"target\":\"a\",\"event\":\"outage-end\",\"from\":\"down\","
						      "\"to\":\"up\"}\n"
						      "{\"type\":\"round\",\"time\":\"2014-12-22T16:22:00Z\",\"rou");
	const struct logfile_target *t = logfile_target(lf, 0);

	TEST("lines");
	CHECK_EQ(logfile_lines(lf), 10);
	CHECK_EQ(logfile_used(lf), 4);
	CHECK_EQ(logfile_skipped(lf), 6);
	CHECK_STREQ(logfile_first_skipped(lf), "t:4");
	CHECK_EQ(logfile_n_targets(lf), 1);
	CHECK_STREQ(t->name, "a");
	CHECK_STREQ(t->prefix, "198.18.0.0/24");
	CHECK_EQ(t->n_rounds, 2); /* sorted, the repeated round dropped */
	CHECK_EQ(t->rounds[0].round, 1);
	CHECK_EQ(t->rounds[1].state, STATE_DOWN);
	CHECK_EQ(t->n_events, 0); /* an outage-end without its start time */
	logfile_free(lf);
}

/* The words of event and round lines, read with vocab.h's parsers. */
static void
test_words(void)
{
	struct logfile *lf = th_read_log(
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:00:00Z\","
		"\"target\":\"a\",\"event\":\"none\",\"from\":\"up\","
		"\"to\":\"down\"}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:00:00Z\","
		"\"target\":\"a\",\"event\":\"outage\",\"from\":\"up\","
		"\"to\":\"down\"}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:01:00Z\","
		"\"target\":\"a\",\"event\":\"outage-start\",\"from\":\"up\","
		"\"to\":\"down\",\"scope\":\"total\"}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:02:00Z\","
		"\"target\":\"a\",\"event\":\"state-change\",\"from\":\"down\","
		"\"to\":\"partial\",\"scope\":\"partial\"}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:03:00Z\","
		"\"target\":\"a\",\"event\":\"state-change\",\"from\":\"partial\","
		"\"to\":\"down\",\"scope\":\"whole\"}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:04:00Z\","
		"\"target\":\"a\",\"event\":\"state-change\",\"from\":\"down\","
		"\"to\":\"unknown\"}\n"
		"{\"type\":\"round\",\"time\":\"2014-12-22T16:05:00Z\",\"round\":1,"
		"\"target\":\"a\",\"state\":\"up\",\"blocks\":["
		"{\"prefix\":\"198.18.0.0/24\",\"state\":\"up\",\"mode\":\"adaptive\"},"
		"{\"prefix\":\"198.18.1.0/24\",\"state\":\"up\",\"mode\":\"census\"},"
		"{\"prefix\":\"198.18.2.0/24\",\"state\":\"down\",\"mode\":\"other\"},"
		"{\"prefix\":\"198.18.3.0/24\",\"state\":\"unknown\"},"
		"{\"prefix\":\"198.18.4.0/24\",\"state\":\"partial\"}]}\n");
	const struct logfile_target *t = logfile_target(lf, 0);

	TEST("words");
	CHECK_EQ(logfile_skipped(lf), 2); /* "none" and "outage" */
	CHECK_EQ(t->n_events, 4);
	CHECK_EQ(t->events[0].kind, EVENT_OUTAGE_START);
	CHECK_EQ(t->events[0].scope, STATE_DOWN);
	CHECK_EQ(t->events[1].kind, EVENT_STATE_CHANGE);
	CHECK_EQ(t->events[1].to, STATE_PARTIAL);
	CHECK_EQ(t->events[1].scope, STATE_PARTIAL);
	CHECK_EQ(t->events[2].scope, STATE_PARTIAL); /* not "total" */
	CHECK_EQ(t->events[3].scope, STATE_UNKNOWN); /* none given */
	CHECK_EQ(t->n_rounds, 1);
	CHECK_EQ(t->rounds[0].n_blocks, 5);
	CHECK(!t->rounds[0].blocks[0].counted); /* adaptive */
	CHECK(t->rounds[0].blocks[1].counted);
	CHECK(t->rounds[0].blocks[2].counted);
	CHECK(t->rounds[0].blocks[3].counted); /* no mode */
	CHECK_EQ(t->rounds[0].blocks[2].state, STATE_DOWN);
	CHECK_EQ(t->rounds[0].blocks[3].state, STATE_UNKNOWN);
	CHECK_EQ(t->rounds[0].blocks[4].state, STATE_PARTIAL);
	logfile_free(lf);
}

/* A round line of target "a" from vantage v, with its state and shard. */
#define V_ROUND(time, v, vs, shard, block)                                  \
	"{\"type\":\"round\",\"time\":\"" time "\",\"round\":1,"            \
	"\"target\":\"a\",\"state\":\"up\",\"vantage\":\"" vs "\","         \
	"\"vantage_name\":\"" v "\",\"shard\":" shard ",\"blocks\":[" block \
	"]}\n"
#define BLK(p, st) "{\"prefix\":\"" p "\",\"state\":\"" st "\"}"
#define SH0 "{\"index\":0,\"count\":2}"
#define SH1 "{\"index\":1,\"count\":2}"

/* An old round line and event line (no "vantage_name"), an event line and
 * a round of vantage x, then two shards of vantage s. */
static const char *const vantage_lines[] = {
	"{\"type\":\"round\",\"time\":\"2014-12-22T16:00:00Z\",\"round\":1,"
	"\"target\":\"a\",\"state\":\"unknown\",\"vantage\":\"down\"}\n",
	"{\"type\":\"event\",\"time\":\"2014-12-22T15:50:00Z\",\"round\":1,"
	"\"target\":\"a\",\"event\":\"outage-start\","
	"\"from\":\"up\",\"to\":\"partial\",\"scope\":\"partial\"}\n",
	"{\"type\":\"event\",\"time\":\"2014-12-22T16:00:00Z\",\"round\":1,"
	"\"target\":\"a\",\"vantage_name\":\"x\",\"event\":\"outage-start\","
	"\"from\":\"up\",\"to\":\"down\",\"scope\":\"total\"}\n",
	V_ROUND("2014-12-22T16:00:01Z", "x", "down", "null",
		BLK("198.18.0.0/24", "unknown")),
	V_ROUND("2014-12-22T16:11:00Z", "s", "up", SH0,
		BLK("198.18.0.0/24", "up")),
	V_ROUND("2014-12-22T16:11:02Z", "s", "up", SH1,
		BLK("198.18.1.0/24", "down")),
	V_ROUND("2014-12-22T16:22:00Z", "s", "up", SH0,
		BLK("198.18.0.0/24", "down")),
	V_ROUND("2014-12-22T16:22:01Z", "s", "up", SH1,
		BLK("198.18.1.0/24", "down")),
	V_ROUND("2014-12-22T16:33:00Z", "s", "up", SH0,
		BLK("198.18.0.0/24", "up")),
};

/*
 * Vantages: rounds and events are grouped by target and vantage name
 * ("vantage_name"); the lines of an old log, which have none, belong to the
 * unnamed vantage "", and a round's "vantage" is read as its vantage state
 * either way; shards of one vantage become whole rounds, their state from
 * the union of their /24s.
 */
static void
test_vantages(void)
{
	char text[4096] = "";
	struct logfile *lf;
	const struct logfile_target *t;
	size_t i;

	TEST("vantages");
	for (i = 0; i < sizeof(vantage_lines) / sizeof(*vantage_lines); i++)
		strcat(text, vantage_lines[i]);
	lf = th_read_log(text);
	CHECK_EQ(logfile_n_targets(lf), 3);
	t = logfile_target(lf, 0);
	CHECK_STREQ(t->vantage, "");
	CHECK(t->n_rounds == 1 && t->rounds[0].vantage_down);
	CHECK(t->rounds[0].state == STATE_UNKNOWN);
	CHECK_EQ(t->n_events, 1);
	t = logfile_target(lf, 1);
	CHECK_STREQ(t->vantage, "x");
	CHECK_EQ(t->n_events, 1);
	CHECK(t->n_rounds == 1 && t->rounds[0].vantage_down);
	t = logfile_target(lf, 2);
	CHECK_STREQ(t->vantage, "s");
	/* shards 0 and 1, 0 and 1, then 0 alone: three whole rounds */
	CHECK_EQ(t->n_rounds, 3);
	CHECK(t->rounds[0].state == STATE_PARTIAL &&
	      t->rounds[0].n_blocks == 2);
	CHECK(t->rounds[1].state == STATE_DOWN && t->rounds[1].n_blocks == 2);
	CHECK(t->rounds[2].state == STATE_UP && t->rounds[2].n_blocks == 1);
	CHECK_EQ(t->rounds[0].time, T_1615 - 4 * 60);
	CHECK_EQ(t->n_events, 0);
	logfile_free(lf);
}

int
main(void)
{
	test_vantages();
	test_rfc3339();
	test_lines();
	test_words();
	return test_report("test_logfile");
}

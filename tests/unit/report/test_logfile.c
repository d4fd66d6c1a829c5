/*
 * test_logfile.c - reading logs back (logfile) and summing them up
 * (summary) for blackout report: RFC 3339 times, which lines are used and
 * which skipped, ordering and de-duplication, outages from events and from
 * round states, availability by rounds and by time, and the window
 * (exact durations: test_vocab.c).
 */
#define _GNU_SOURCE
#include "blackout/report/logfile.h"
#include "blackout/report/summary.h"

#include <math.h>

#include "testhelp.h"

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

/* Reads text as a log named "t". */
static struct logfile *
read_text(const char *text)
{
	struct logfile *lf = logfile_new();
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct bo_error err = { 0, "" };

	CHECK(f != NULL);
	CHECK(logfile_read(lf, f, "t", &err) == 0);
	fclose(f);
	logfile_finish(lf);
	return lf;
}

#define ROUND(time, n, state) \
	"{\"type\":\"round\",\"time\":\"" time "\",\"round\":" #n \
	",\"target\":\"a\",\"prefix\":\"198.18.0.0/24\",\"state\":\"" state "\"}\n"

static void
test_lines(void)
{
	struct logfile *lf = read_text(
		"{\"type\":\"run\",\"time\":\"2014-12-22T16:00:00Z\"}\n"
		"\n"
		ROUND("2014-12-22T16:11:00Z", 2, "down")
		"not json\n"
		"{\"type\":\"round\",\"time\":\"yesterday\",\"round\":1,"
		"\"target\":\"a\",\"state\":\"up\"}\n"
		"{\"type\":\"round\",\"time\":\"2014-12-22T16:00:00Z\","
		"\"round\":1,\"target\":\"a\",\"state\":\"sideways\"}\n"
		"{\"type\":\"probe\"}\n"
		ROUND("2014-12-22T16:00:00Z", 1, "up")
		ROUND("2014-12-22T16:00:00Z", 1, "up")
		"{\"type\":\"event\",\"time\":\"2014-12-22T16:11:00Z\","
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
	struct logfile *lf = read_text(
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

static void
test_outages_from_rounds(void)
{
	struct logfile *lf = read_text(
		ROUND("2014-12-22T16:00:00Z", 1, "up")
		ROUND("2014-12-22T16:10:00Z", 2, "partial")
		ROUND("2014-12-22T16:20:00Z", 3, "unknown")
		ROUND("2014-12-22T16:30:00Z", 4, "down")
		ROUND("2014-12-22T16:40:00Z", 5, "up")
		ROUND("2014-12-22T18:40:00Z", 6, "up")
		ROUND("2014-12-22T18:50:00Z", 7, "down"));
	struct summary s;

	TEST("outages_from_rounds");
	summary_compute(logfile_target(lf, 0), INT64_MIN, INT64_MAX, &s);
	CHECK(!s.from_events);
	CHECK_EQ(s.n_rounds, 7);
	CHECK_EQ(s.n_outages, 2);
	CHECK_EQ(s.outages[0].start, T_1615 - 5 * 60);
	CHECK_EQ(s.outages[0].duration_s, 30 * 60); /* through unknown */
	CHECK_EQ(s.outages[0].scope, STATE_DOWN);
	CHECK(s.outages[1].ongoing);
	CHECK_EQ(s.outages[1].duration_s, 0);
	CHECK_EQ(s.outages[1].scope, STATE_DOWN);
	CHECK_EQ(s.count[STATE_UP], 3);
	CHECK_EQ(s.count[STATE_UNKNOWN], 1);
	CHECK_EQ(s.state_changes, 5);
	CHECK(fabs(s.avail_rounds - 0.5) < 1e-9); /* 3 of 6 known */
	/* Gaps of 600 s, one of 7200 capped at 1200; the last weighs 600. */
	CHECK_EQ(s.median_gap, 600);
	CHECK(fabs(s.avail_time - (600.0 + 1200 + 600) /
		   (600.0 * 4 + 1200 + 600)) < 1e-9);
	summary_free(&s);

	/* The window: the first outage overlaps it, the rounds are cut. */
	parse_rfc3339("2014-12-22T16:35:00Z", &s.median_gap);
	summary_compute(logfile_target(lf, 0), s.median_gap,
			s.median_gap + 3600, &s);
	CHECK_EQ(s.n_rounds, 1);
	CHECK_EQ(s.n_outages, 1);
	CHECK(!s.outages[0].ongoing);
	summary_free(&s);
	logfile_free(lf);
}

static void
test_outages_from_events(void)
{
	struct logfile *lf = read_text(
		ROUND("2014-12-22T16:20:00Z", 9, "down")
		"{\"type\":\"event\",\"time\":\"2014-12-23T01:46:00Z\","
		"\"target\":\"a\",\"event\":\"outage-end\",\"from\":\"down\","
		"\"to\":\"up\",\"scope\":\"total\",\"start\":"
		"\"2014-12-22T16:15:00Z\",\"duration_s\":34260}\n"
		"{\"type\":\"event\",\"time\":\"2014-12-23T02:00:00Z\","
		"\"target\":\"a\",\"event\":\"outage-start\",\"from\":\"up\","
		"\"to\":\"partial\",\"scope\":\"partial\"}\n"
		ROUND("2014-12-23T02:30:00Z", 12, "partial"));
	struct summary s;

	TEST("outages_from_events");
	summary_compute(logfile_target(lf, 0), INT64_MIN, INT64_MAX, &s);
	CHECK(s.from_events);
	CHECK_EQ(s.n_outages, 2);
	CHECK_EQ(s.outages[0].start, T_1615); /* before the log began */
	CHECK_EQ(s.outages[0].duration_s, 34260);
	CHECK_EQ(s.outages[0].scope, STATE_DOWN);
	CHECK(!s.outages[0].ongoing);
	CHECK(s.outages[1].ongoing);
	CHECK_EQ(s.outages[1].scope, STATE_PARTIAL);
	CHECK_EQ(s.outages[1].duration_s, 1800); /* to the last round */
	summary_free(&s);
	logfile_free(lf);
}

int
main(void)
{
	test_rfc3339();
	test_lines();
	test_words();
	test_outages_from_rounds();
	test_outages_from_events();
	return test_report("test_logfile");
}

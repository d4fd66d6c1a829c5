/*
 * test_summary.c - what a log sums up to for blackout report (summary.c):
 * outages from round states and from event lines, availability by rounds
 * and by time, the median gap between rounds, and the window (reading the
 * lines themselves: test_logfile.c; exact durations: test_vocab.c).
 */
#define _GNU_SOURCE
#include "blackout/report/logfile.h"
#include "blackout/report/summary.h"

#include <math.h>

#include "testhelp.h"
#include "testlog.h"

#define T_1615 1419264900LL /* 2014-12-22T16:15:00Z */

static void
test_outages_from_rounds(void)
{
	struct logfile *lf = th_read_log(
		TH_ROUND("2014-12-22T16:00:00Z", 1,
			 "up") TH_ROUND("2014-12-22T16:10:00Z", 2, "partial")
			TH_ROUND("2014-12-22T16:20:00Z", 3,
				 "unknown") TH_ROUND("2014-12-22T16:30:00Z", 4,
						     "down")
				TH_ROUND("2014-12-22T16:40:00Z", 5, "up")
					TH_ROUND("2014-12-22T18:40:00Z", 6,
						 "up")
						TH_ROUND("2014-12-22T18:50:00Z",
							 7, "down"));
	struct summary s;

	TEST("outages_from_rounds");
	summary_compute(logfile_target(lf, 0), INT64_MIN, INT64_MAX, &s);
	CHECK(!s.from_events);
	CHECK_EQ(s.n_rounds, 7);
	CHECK_EQ(s.n_outages, 2);
	/* Each edge half way between the round before and the round that
	 * saw it (an unknown round passed over: 16:30 and 16:40), as
	 * blackout dates them; off by at most half the gap, these lines
	 * having no duration_s. */
	CHECK_EQ(s.outages[0].start, T_1615 - 10 * 60);
	CHECK_EQ(s.outages[0].end, T_1615 + 20 * 60);
	CHECK_EQ(s.outages[0].duration_s, 30 * 60); /* through unknown */
	CHECK_EQ(s.outages[0].start_err_s, 300);
	CHECK_EQ(s.outages[0].end_err_s, 300);
	CHECK_EQ(summary_outage_error(&s.outages[0]), 600);
	CHECK_EQ(s.outages[0].scope, STATE_DOWN);
	CHECK(s.outages[1].ongoing);
	CHECK_EQ(s.outages[1].duration_s, 5 * 60); /* 18:45 to 18:50 */
	CHECK_EQ(summary_outage_error(&s.outages[1]), -1);
	CHECK_EQ(s.outages[1].scope, STATE_DOWN);
	CHECK_EQ(s.count[STATE_UP], 3);
	CHECK_EQ(s.count[STATE_UNKNOWN], 1);
	CHECK_EQ(s.state_changes, 5);
	CHECK(fabs(s.avail_rounds - 0.5) < 1e-9); /* 3 of 6 known */
	/* Gaps of 600 s, one of 7200 capped at 1200; the last weighs 600. */
	CHECK_EQ(s.median_gap, 600);
	CHECK(fabs(s.avail_time -
		   (600.0 + 1200 + 600) / (600.0 * 4 + 1200 + 600)) < 1e-9);
	summary_free(&s);

	/* The window: the first outage overlaps it, the rounds are cut. */
	parse_rfc3339("2014-12-22T16:34:00Z", &s.median_gap);
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
	struct logfile *lf = th_read_log(TH_ROUND(
		"2014-12-22T16:20:00Z", 9,
		"down") "{\"type\":\"event\",\"time\":\"2014-12-23T01:46:00Z\","
			"\"target\":\"a\",\"event\":\"outage-end\",\"from\":\"down\","
			"\"to\":\"up\",\"scope\":\"total\",\"start\":"
			"\"2014-12-22T16:15:00Z\",\"duration_s\":34260}\n"
			"{\"type\":\"event\",\"time\":\"2014-12-23T02:00:00Z\","
			"\"target\":\"a\",\"event\":\"outage-start\",\"from\":\"up\","
			"\"to\":\"partial\",\"scope\":\"partial\"}\n" TH_ROUND(
				"2014-12-23T02:30:00Z", 12, "partial"));
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
	test_outages_from_rounds();
	test_outages_from_events();
	return test_report("test_summary");
}

/*
 * test_merge.c - one target across vantages (merge.c): overlapping outages
 * are one, who saw it, global or local, vantages whose controls were down
 * not counted, a vantage whose round came just before the start counted,
 * the merged availability, and the report order of the groups.
 */
#define _GNU_SOURCE
#include "blackout/report/merge.h"

#include "testhelp.h"
#include "testlog.h"

/* A round of target "a" from vantage v at minute m of 2014-12-22T16:00. */
#define R(m, v, st, vs)                                                 \
	"{\"type\":\"round\",\"time\":\"2014-12-22T16:" m               \
	":00Z\",\"round\":1,"                                           \
	"\"target\":\"a\",\"state\":\"" st "\",\"vantage\":\"" vs "\"," \
	"\"vantage_name\":\"" v "\"}\n"

#define T_16 1419264000LL /* 2014-12-22T16:00:00Z */

/* The merge of target "a" of text, over every vantage. */
static void
merged(const char *text, struct logfile **lf, struct summary *s, size_t *n,
       struct merge *m)
{
	const struct logfile_target **order;
	size_t i;

	*lf = th_read_log(text);
	*n = logfile_n_targets(*lf);
	order = merge_order(*lf);
	for (i = 0; i < *n; i++)
		summary_compute(order[i], INT64_MIN, INT64_MAX, &s[i]);
	merge_compute(s, *n, INT64_MAX, m);
	free(order);
}

static void
done(struct logfile *lf, struct summary *s, size_t n, struct merge *m)
{
	size_t i;

	merge_free(m);
	for (i = 0; i < n; i++)
		summary_free(&s[i]);
	logfile_free(lf);
}

static void
test_local_global(void)
{
	/* b alone 10-20 (a watched: local); both 30-40, a's from 31
	 * (one outage, global); b alone 54-59 while a's controls were down
	 * (global: a is not counted; its last round with them up, at 41,
	 * came 6 minutes before b's outage began at 47, half way from 40 to
	 * 54). a's rounds are 1 minute late. Edges are dated half way
	 * between rounds, as blackout dates them: the merged outage runs
	 * from b's start (25) to a's end (36). */
	const char *text = R("00", "b", "up", "up") R("01", "a", "up", "up")
		R("10", "b", "partial", "up") R("11", "a", "up",
						"up") R("20", "b", "up", "up")
			R("21", "a", "up", "up") R("30", "b", "down", "up")
				R("31", "a", "down", "up") R("40", "b", "up",
							     "up") R("41", "a",
								     "up", "up")
					R("54", "b", "down",
					  "up") R("51", "a", "unknown", "down")
						R("59", "b", "up", "up")
							R("59", "a", "unknown",
							  "down");
	struct summary s[2];
	struct logfile *lf;
	struct merge m;
	size_t n;

	TEST("local_global");
	merged(text, &lf, s, &n, &m);
	CHECK_EQ(n, 2);
	CHECK_STREQ(s[0].t->vantage, "a"); /* name order */
	CHECK_EQ(m.n_outages, 3);
	if (m.n_outages == 3) {
		CHECK_EQ(m.outages[0].n_vantages, 1);
		CHECK_STREQ(m.outages[0].vantages[0], "b");
		CHECK(!m.outages[0].global);
		CHECK(m.outages[0].o.scope == STATE_PARTIAL);
		CHECK_EQ(m.outages[1].n_vantages, 2);
		CHECK(m.outages[1].global);
		CHECK(m.outages[1].o.scope == STATE_DOWN);
		CHECK_EQ(m.outages[1].o.start, T_16 + 25 * 60);
		CHECK_EQ(m.outages[1].o.end, T_16 + 36 * 60);
		CHECK(m.outages[2].global); /* a's controls were down */
	}
	CHECK_EQ(m.n_rounds, 14);
	CHECK_EQ(m.first, T_16);
	CHECK_EQ(m.last, T_16 + 59 * 60);
	done(lf, s, n, &m);
}

/* a's round came 4 minutes before b's outage began at 15 (half way from
 * b's round at 10 to its down one at 20; half a's 10-minute gap is 5): a
 * was watching, so the outage is local. At 6 minutes before, a was not
 * (no round of a in it, to its end at 22:30): global. */
static void
test_watching(void)
{
	const char *near = R("01", "a", "up", "up") R("11", "a", "up", "up")
		R("23", "a", "up", "up") R("33", "a", "up", "up")
			R("00", "b", "up", "up") R("10", "b", "up", "up")
				R("20", "b", "down", "up")
					R("25", "b", "up", "up");
	const char *far = R("03", "a", "up", "up") R("09", "a", "up", "up")
		R("23", "a", "up", "up") R("33", "a", "up", "up")
			R("00", "b", "up", "up") R("10", "b", "up", "up")
				R("20", "b", "down", "up")
					R("25", "b", "up", "up");
	struct summary s[2];
	struct logfile *lf;
	struct merge m;
	size_t n;

	TEST("watching");
	merged(near, &lf, s, &n, &m);
	CHECK(m.n_outages == 1 && !m.outages[0].global);
	done(lf, s, n, &m);
	merged(far, &lf, s, &n, &m);
	CHECK(m.n_outages == 1 && m.outages[0].global);
	done(lf, s, n, &m);
}

/* Up from at least one vantage: a down 10-20, b down 20-30, so the target
 * was up from one of them all the time; both down 30-40: a quarter down. */
static void
test_availability(void)
{
	const char *text = R("00", "a", "up", "up") R("10", "a", "down", "up")
		R("20", "a", "up", "up") R("30", "a", "down", "up")
			R("40", "a", "up", "up") R("00", "b", "up", "up")
				R("10", "b", "up", "up") R("20", "b", "down",
							   "up")
					R("30", "b", "down", "up")
						R("40", "b", "up", "up");
	struct summary s[2];
	struct logfile *lf;
	struct merge m;
	size_t n;

	TEST("availability");
	merged(text, &lf, s, &n, &m);
	/* rounds weigh 10 minutes each (the last the median): 0-50 known,
	 * 30-40 down from both */
	CHECK(m.avail_time > 0.7999 && m.avail_time < 0.8001);
	done(lf, s, n, &m);
}

int
main(void)
{
	test_local_global();
	test_watching();
	test_availability();
	return test_report("test_merge");
}

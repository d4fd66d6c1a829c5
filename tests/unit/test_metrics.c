/*
 * test_metrics.c - the --metrics text (metrics.c): every series with its
 * HELP and TYPE, the state gauges one-hot, label values escaped, the open
 * outage's age, the totals; the file replaced whole, with no temporary
 * file left, and a directory that cannot be written refused with 73.
 * (promtool and a real node-exporter read the file in tests/ops.)
 */
#include "blackout/metrics.h"

#include <sys/stat.h>

#include "testhelp.h"

#define NS(s) ((int64_t)(s)*1000000000LL)

static void
summary(struct target_summary *s, struct block_summary *b, enum target_state st)
{
	memset(s, 0, sizeof(*s));
	s->state = st;
	s->blocks = b;
	s->n_blocks = 4;
	s->responsive = 42;
	s->has_belief = true;
	s->belief = 0.75;
	s->has_rtt = true;
	s->rtt_min = 1.5;
	s->rtt_median = 20;
	s->rtt_max = 250;
}

static void
test_text(void)
{
	struct block_summary b[4];
	struct target_summary s;
	struct target_memory tm;
	struct target_stats st;
	double rtt[3] = { 1.5, 20, 250 };
	struct prefix p = { 0xaf2db000u, 22 }; /* 175.45.176.0/22 */
	struct prefix many[3] = { p, { 0xc6120000u, 24 }, { 0xc6120100u, 24 } };
	struct run_totals tot = { 1000, 300, 2, 1 };
	struct metrics *m = metrics_new("/nonexistent/x.prom", "ams1");
	char *text;

	TEST("text");
	memset(b, 0, sizeof(b));
	b[0].state = b[1].state = STATE_UP;
	b[2].state = STATE_DOWN;
	b[3].state = STATE_UNKNOWN;
	summary(&s, b, STATE_PARTIAL);
	memset(&tm, 0, sizeof(tm));
	memset(&st, 0, sizeof(st));
	tm.in_outage = true;
	tm.outage_start_ns = NS(1000);
	st.rtt_ms = rtt;
	st.n_rtt = 3;
	metrics_target(m, "kp", &p, 1, &s, &st, &tm, NS(1660));
	metrics_target(m, "kp", &p, 1, &s, &st, &tm, NS(1660));
	s.has_rtt = s.has_belief = false;
	s.state = STATE_UP;
	metrics_target(m, "we\"ird\\name", &p, 1, &s, NULL, NULL, NS(1660));
	metrics_target(m, "as", many, 3, &s, NULL, NULL, NS(1660));
	text = metrics_text(m, &tot, NS(1419264900));
	CHECK_HAS(text, "blackout_target_state{target=\"as\",prefix=\"175.45."
			"176.0/22+2\",vantage=\"ams1\",state=\"up\"} 1\n");
	CHECK_HAS(text, "# HELP blackout_target_state ");
	CHECK_HAS(text, "# TYPE blackout_target_state gauge\n");
	CHECK_HAS(text, "blackout_target_state{target=\"kp\",prefix=\"175.45."
			"176.0/22\",vantage=\"ams1\",state=\"partial\"} 1\n");
	CHECK_HAS(text, "blackout_target_state{target=\"kp\",prefix=\"175.45."
			"176.0/22\",vantage=\"ams1\",state=\"up\"} 0\n");
	CHECK_HAS(text, "blackout_target_state{target=\"kp\",prefix=\"175.45."
			"176.0/22\",vantage=\"ams1\",state=\"down\"} 0\n");
	CHECK_HAS(text, "blackout_target_state{target=\"we\\\"ird\\\\name\"");
	CHECK_HAS(text, "blackout_blocks{target=\"kp\",vantage=\"ams1\","
			"state=\"up\"} 2\n");
	CHECK_HAS(text, "blackout_blocks{target=\"kp\",vantage=\"ams1\","
			"state=\"down\"} 1\n");
	CHECK_HAS(text, "blackout_blocks{target=\"kp\",vantage=\"ams1\","
			"state=\"unknown\"} 1\n");
	CHECK_HAS(text, "blackout_responsive_addresses{target=\"kp\","
			"vantage=\"ams1\"} 42\n");
	CHECK_HAS(text, "blackout_belief{target=\"kp\",vantage=\"ams1\"} "
			"0.75\n");
	CHECK(strstr(text, "blackout_belief{target=\"we") == NULL);
	CHECK_HAS(text, "blackout_rtt_seconds{target=\"kp\",vantage=\"ams1\","
			"quantile=\"0.5\"} 0.02\n");
	CHECK_HAS(text, "blackout_rtt_seconds{target=\"kp\",vantage=\"ams1\","
			"quantile=\"1\"} 0.25\n");
	CHECK(strstr(text, "blackout_rtt_seconds{target=\"we") == NULL);
	CHECK_HAS(text, "# TYPE blackout_rtt_seconds summary\n");
	/* Two rounds of the same three samples: sum and count over both. */
	CHECK_HAS(text, "blackout_rtt_seconds_sum{target=\"kp\","
			"vantage=\"ams1\"} 0.543\n");
	CHECK_HAS(text, "blackout_rtt_seconds_count{target=\"kp\","
			"vantage=\"ams1\"} 6\n");
	CHECK_HAS(text, "blackout_outage_seconds{target=\"kp\","
			"vantage=\"ams1\"} 660\n");
	CHECK_HAS(text, "blackout_outage_seconds{target=\"we\\\"ird\\\\name\","
			"vantage=\"ams1\"} 0\n");
	CHECK_HAS(text, "# TYPE blackout_probes_sent_total counter\n"
			"blackout_probes_sent_total{vantage=\"ams1\"} 1000\n");
	CHECK_HAS(text, "blackout_replies_total{vantage=\"ams1\"} 300\n");
	CHECK_HAS(text, "blackout_invalid_replies_total{vantage=\"ams1\"} 2\n");
	CHECK_HAS(text, "blackout_pcap_drops_total{vantage=\"ams1\"} 1\n");
	CHECK_HAS(text, "blackout_last_round_timestamp_seconds{vantage="
			"\"ams1\"} 1419264900.000\n");
	free(text);
	metrics_free(m);
}

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/*
 * Rounds report targets in order, starting again from the first: each
 * name keeps its one series however the lookup wraps, and a state set in
 * round 2 replaces round 1's.
 */
static void
test_rounds(void)
{
	struct block_summary b[4];
	struct target_summary s;
	struct prefix p = { 0xc6120000u, 24 };
	struct run_totals tot = { 0, 0, 0, 0 };
	struct metrics *m = metrics_new("/nonexistent/x.prom", "v");
	const char *names[3] = { "a", "b", "c" };
	char *text;
	int r, i;

	TEST("rounds");
	memset(b, 0, sizeof(b));
	for (r = 0; r < 3; r++)
		for (i = 0; i < 3; i++) {
			summary(&s, b,
				r == 2 && i == 1 ? STATE_DOWN : STATE_UP);
			metrics_target(m, names[(i + r) % 3], &p, 1, &s, NULL,
				       NULL, NS(1));
		}
	text = metrics_text(m, &tot, NS(1));
	CHECK_EQ(count(text, "blackout_target_state{target=\"a\","), 4);
	CHECK_EQ(count(text, "blackout_target_state{target=\"b\","), 4);
	CHECK_EQ(count(text, "blackout_target_state{target=\"c\","), 4);
	/* Round 3 reported c, a, b: the second, a, was down. */
	CHECK_HAS(text, "blackout_target_state{target=\"a\",prefix=\"198.18."
			"0.0/24\",vantage=\"v\",state=\"down\"} 1\n");
	CHECK_HAS(text, "blackout_target_state{target=\"b\",prefix=\"198.18."
			"0.0/24\",vantage=\"v\",state=\"down\"} 0\n");
	free(text);
	metrics_free(m);
}

static void
test_file(void)
{
	char dir[] = "/tmp/test_metrics.XXXXXX", path[300], tmp[300];
	struct run_totals tot = { 5, 4, 0, 0 };
	struct bo_error err = { 0, "" };
	struct metrics *m;
	struct stat st;
	FILE *f;
	char buf[8192];
	size_t n;

	TEST("file");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/blackout.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s/.blackout.prom.%ld.tmp", dir,
		 (long)getpid());
	f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);
	m = metrics_new(path, "v");
	CHECK(metrics_check_writable(m, &err) == 0);
	CHECK(stat(tmp, &st) < 0);
	CHECK(metrics_write(m, &tot, NS(7), &err) == 0);
	CHECK(stat(tmp, &st) < 0);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	CHECK(strncmp(buf, "# HELP", 6) == 0);
	CHECK_HAS(buf, "blackout_probes_sent_total{vantage=\"v\"} 5\n");
	CHECK(buf[n - 1] == '\n');
	metrics_free(m);
	/* A directory nobody may write in (as root every mode is writable:
	 * a path under a regular file fails for everyone). */
	snprintf(path, sizeof(path), "%s/blackout.prom/x.prom", dir);
	m = metrics_new(path, "v");
	CHECK(metrics_check_writable(m, &err) == -1);
	CHECK_EQ(err.status, 73);
	CHECK_HAS(err.msg, "--metrics");
	CHECK(metrics_write(m, &tot, NS(7), &err) == -1);
	CHECK_EQ(err.status, 73);
	metrics_free(m);
	snprintf(path, sizeof(path), "%s/blackout.prom", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	test_text();
	test_rounds();
	test_file();
	return test_report("test_metrics");
}

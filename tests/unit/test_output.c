/*
 * test_output.c - the JSON lines (output.c): the documented fields of round
 * and run lines, and whole-line appends to a file, created when missing,
 * stdout borrowed (the verdicts they carry: test_classify.c).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/belief.h"
#include "blackout/verdict/classify.h"
#include "blackout/output.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "testjson.h"
#include "testplan.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
		       (uint32_t)(c) << 8 | (uint32_t)(d))

#define T_2014_12_22_1615 1419264900LL /* 2014-12-22T16:15:00Z */
#define NS(s) ((int64_t)(s) * 1000000000LL)

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

static void
test_round_line(void)
{
	static const char *const probes_keys[] = {
		"sent", "replies", "icmp_errors", "invalid", "late",
		"duplicate", "send_errors", "stray", "rejected",
		"pcap_received", "pcap_drops",
	};
	static const char *const block_keys[] = {
		"prefix", "state", "mode", "judged", "sparse", "belief", "ever",
		"availability", "probes", "probed", "responsive",
		"unreachable", "methods",
	};
	struct round_info ri;
	struct target_summary s;
	struct target_set set;
	struct target_stats *st;
	struct baseline bl;
	struct plan plan;
	json_t *o, *v, *b, *u;
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
	ri.waves = 2;
	ri.pcap_received = 100;
	ri.pcap_drops = 8;
	ri.queue_drops = 1;
	ri.stray = 9;
	ri.rejected = 10;
	classify_target(&plan, 0, ri.vantage, &bl.t[0], ri.start_real_ns, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	CHECK(json_is_object(o));
	CHECK_STREQ(th_jstr(o, "type"), "round");
	CHECK(is_rfc3339_utc(th_jstr(o, "time")));
	CHECK_STREQ(th_jstr(o, "time"), "2014-12-22T16:15:00Z");
	CHECK_EQ(th_jint(o, "round"), 7);
	CHECK_STREQ(th_jstr(o, "target"), "kp");
	CHECK_STREQ(th_jstr(o, "prefix"), "175.45.176.0/22");
	CHECK_EQ(th_jint(o, "asn"), 131279);
	CHECK_STREQ(th_jstr(o, "state"), "up");
	CHECK(json_is_string(json_object_get(o, "reason")));
	CHECK_STREQ(th_jstr(o, "reason"), s.reason);
	/* The mean belief of the judged blocks: only 175.45.176.0/24. */
	v = json_object_get(o, "belief");
	CHECK(json_is_number(v) && json_number_value(v) == BELIEF_MAX);
	CHECK_STREQ(th_jstr(o, "since"), "2014-12-22T16:15:00Z");
	CHECK_STREQ(th_jstr(o, "vantage"), "up");
	CHECK(json_is_false(json_object_get(o, "interrupted")));
	CHECK_EQ(th_jint(o, "waves"), 2);
	v = json_object_get(o, "probes");
	CHECK(json_is_object(v));
	for (i = 0; i < sizeof(probes_keys) / sizeof(*probes_keys); i++)
		CHECK(json_is_integer(json_object_get(v, probes_keys[i])));
	CHECK_EQ(th_jint(v, "sent"), 2048);
	CHECK_EQ(th_jint(v, "replies"), 3);
	CHECK_EQ(th_jint(v, "icmp_errors"), 2);
	CHECK_EQ(th_jint(v, "invalid"), 4);
	CHECK_EQ(th_jint(v, "late"), 5);
	CHECK_EQ(th_jint(v, "duplicate"), 6);
	CHECK_EQ(th_jint(v, "send_errors"), 7);
	CHECK_EQ(th_jint(v, "stray"), 9);
	CHECK_EQ(th_jint(v, "rejected"), 10);
	CHECK_EQ(th_jint(v, "pcap_received"), 100);
	CHECK_EQ(th_jint(v, "pcap_drops"), 9); /* capture and queue drops */
	v = json_object_get(o, "addresses");
	CHECK_EQ(th_jint(v, "probed"), 1024);
	CHECK_EQ(th_jint(v, "responsive"), 2);
	CHECK_EQ(th_jint(v, "baseline"), 2); /* |E| after this round */
	CHECK(json_object_get(v, "pvalue") != NULL);
	CHECK(json_is_null(json_object_get(v, "pvalue")));
	v = json_object_get(o, "blocks");
	CHECK(json_is_array(v) && json_array_size(v) == 4);
	for (i = 0; i < json_array_size(v); i++)
		for (k = 0; k < sizeof(block_keys) / sizeof(*block_keys); k++)
			CHECK(json_object_get(json_array_get(v, i),
					      block_keys[k]) != NULL);
	CHECK_STREQ(th_jstr(json_array_get(v, 3), "prefix"), "175.45.179.0/24");
	b = json_array_get(v, 1);
	CHECK_STREQ(th_jstr(b, "prefix"), "175.45.177.0/24");
	/* Never answered: unknown and not judged, whatever routers say. */
	CHECK_STREQ(th_jstr(b, "state"), "unknown");
	CHECK(json_is_false(json_object_get(b, "judged")));
	CHECK_STREQ(th_jstr(b, "mode"), "census");
	CHECK(json_is_true(json_object_get(b, "sparse")));
	CHECK(json_number_value(json_object_get(b, "belief")) == 0.5);
	CHECK_EQ(th_jint(b, "ever"), 0);
	CHECK(json_is_null(json_object_get(b, "availability")));
	CHECK_EQ(th_jint(b, "probes"), 512);
	CHECK_EQ(th_jint(b, "probed"), 256);
	CHECK_EQ(th_jint(b, "responsive"), 0);
	CHECK_EQ(th_jint(b, "unreachable"), 2);
	b = json_array_get(v, 0);
	CHECK_STREQ(th_jstr(b, "state"), "up");
	CHECK(json_is_true(json_object_get(b, "judged")));
	CHECK(json_is_true(json_object_get(b, "sparse"))); /* |E| = 2 < 4 */
	CHECK(json_number_value(json_object_get(b, "belief")) == BELIEF_MAX);
	CHECK_EQ(th_jint(b, "ever"), 2);
	CHECK(json_is_number(json_object_get(b, "availability")) &&
	      json_number_value(json_object_get(b, "availability")) == 0.5);
	CHECK_EQ(th_jint(b, "responsive"), 2);
	CHECK_EQ(th_jint(json_object_get(b, "methods"), "tcp:80"), 2);
	CHECK_EQ(th_jint(json_object_get(b, "methods"), "icmp"), 0);
	v = json_object_get(o, "methods");
	CHECK(json_is_object(v) && json_object_size(v) == 2);
	CHECK_EQ(th_jint(json_object_get(v, "icmp"), "sent"), 1024);
	CHECK_EQ(th_jint(json_object_get(v, "tcp:80"), "responsive"), 2);
	CHECK_EQ(th_jint(json_object_get(v, "tcp:80"), "synack"), 1);
	CHECK_EQ(th_jint(json_object_get(v, "tcp:80"), "rst"), 1);
	v = json_object_get(o, "unreachable");
	CHECK(json_is_array(v) && json_array_size(v) == 1);
	u = json_array_get(v, 0);
	CHECK_STREQ(th_jstr(u, "router"), "219.158.3.1");
	CHECK_EQ(th_jint(u, "type"), 3);
	CHECK_EQ(th_jint(u, "code"), 0);
	CHECK_STREQ(th_jstr(u, "reason"), "net-unreachable");
	CHECK_EQ(th_jint(u, "count"), 2);
	v = json_object_get(o, "rtt_ms");
	CHECK(json_is_object(v));
	CHECK(json_is_number(json_object_get(v, "min")));
	CHECK(json_number_value(json_object_get(v, "median")) > 12.345 &&
	      json_number_value(json_object_get(v, "median")) < 12.347);
	CHECK(json_is_number(json_object_get(v, "max")));
	v = json_object_get(o, "instability");
	CHECK(json_is_object(v));
	CHECK_EQ(th_jint(v, "window"), 1);
	CHECK_EQ(th_jint(v, "state_changes"), 0);
	CHECK_EQ(th_jint(v, "block_changes"), 0);
	CHECK(json_object_get(v, "rate_mean") != NULL &&
	      json_is_null(json_object_get(v, "rate_mean")));
	CHECK(json_object_get(v, "rate_sd") != NULL &&
	      json_is_null(json_object_get(v, "rate_sd")));
	CHECK(json_number_value(json_object_get(o, "duration_s")) == 3.25);
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);

	/* The next census: one of the two answers. The rate enters the
	 * window; the state has not changed since the first round. */
	th_census(&plan, &set, &bl, 8);
	th_answer(&plan, A(175, 45, 176, 9), 2, 2);
	ri.round = 8;
	ri.start_real_ns = T_2014_12_22_1615 * 1000000000LL + NS(660);
	classify_target(&plan, 0, ri.vantage, &bl.t[0], ri.start_real_ns, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	CHECK_STREQ(th_jstr(o, "state"), "up");
	CHECK_STREQ(th_jstr(o, "time"), "2014-12-22T16:26:00Z");
	CHECK_STREQ(th_jstr(o, "since"), "2014-12-22T16:15:00Z");
	v = json_object_get(o, "instability");
	CHECK_EQ(th_jint(v, "window"), 2);
	CHECK(json_number_value(json_object_get(v, "rate_mean")) == 0.5);
	CHECK(json_is_number(json_object_get(v, "rate_sd")) &&
	      json_number_value(json_object_get(v, "rate_sd")) == 0);
	CHECK(json_is_null(json_object_get(json_object_get(o, "addresses"),
					   "pvalue")));
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);

	/* Both answer: now the census is tested against its baseline. */
	th_census(&plan, &set, &bl, 9);
	th_answer(&plan, A(175, 45, 176, 9), 2, 2);
	th_answer(&plan, A(175, 45, 176, 10), 2, 2);
	classify_target(&plan, 0, ri.vantage, &bl.t[0], ri.start_real_ns, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	v = json_object_get(json_object_get(o, "addresses"), "pvalue");
	CHECK(json_is_number(v) && json_number_value(v) == 1.0);
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);

	/* No RTT: null. Interrupted: true. Vantage down: unknown. No asn:
	 * null. */
	th_census(&plan, &set, &bl, 10);
	ri.interrupted = true;
	ri.vantage = VANTAGE_DOWN;
	plan.tg[0].asn = 0;
	classify_target(&plan, 0, VANTAGE_DOWN, &bl.t[0], ri.start_real_ns, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	CHECK(json_is_null(json_object_get(o, "rtt_ms")));
	CHECK(json_is_true(json_object_get(o, "interrupted")));
	CHECK_STREQ(th_jstr(o, "state"), "unknown");
	CHECK_STREQ(th_jstr(o, "vantage"), "down");
	CHECK(json_object_get(o, "asn") != NULL &&
	      json_is_null(json_object_get(o, "asn")));
	/* A local outage is not the blocks' outage either. */
	CHECK_STREQ(th_jstr(json_array_get(json_object_get(o, "blocks"), 0),
			 "state"), "unknown");
	CHECK(json_is_null(json_object_get(o, "belief")));
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);
	baseline_free(&bl);
	target_set_free(&set);
}

static void
test_run_line(void)
{
	struct method_list m;
	struct run_info ri;
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

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 65536);

	if (f != NULL) {
		if (fread(buf, 1, 65535, f) == 0)
			buf[0] = '\0';
		fclose(f);
	}
	return buf;
}

static void
test_output_file(void)
{
	struct bo_error err = { 0, "" };
	struct output *out;
	char path[256], *text, *nl, *line2;
	json_t *a, *b, *back;
	struct stat sb;

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
	text = slurp(path);
	CHECK(strncmp(text, "existing line\n", 14) == 0);
	nl = strchr(text + 14, '\n');
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
	text = slurp(path);
	CHECK(strchr(text, '\n') == text + strlen(text) - 1);
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
	test_run_line();
	test_output_file();
	return test_report("test_output");
}

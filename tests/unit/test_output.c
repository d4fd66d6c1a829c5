/*
 * test_output.c - the verdicts (classify) and the JSON lines (output): the
 * documented fields of round and run lines, whole-line appends to a file,
 * and the exit status for a set of states.
 */
#include "blackout/classify.h"
#include "blackout/output.h"
#include "blackout/reply.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
		       (uint32_t)(c) << 8 | (uint32_t)(d))

#define ROUTER A(219, 158, 3, 1)
#define T_2014_12_22_1615 1419264900LL /* 2014-12-22T16:15:00Z */

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
	CHECK_STREQ(state_name(STATE_UP), "up");
	CHECK_STREQ(state_name(STATE_PARTIAL), "partial");
	CHECK_STREQ(state_name(STATE_DOWN), "down");
	CHECK_STREQ(state_name(STATE_UNKNOWN), "unknown");
	CHECK_STREQ(vantage_name(VANTAGE_UP), "up");
	CHECK_STREQ(vantage_name(VANTAGE_DOWN), "down");
	CHECK_STREQ(vantage_name(VANTAGE_UNKNOWN), "unknown");
	CHECK(classify_is_routing_error(3, 0));
	CHECK(classify_is_routing_error(3, 1));
	CHECK(classify_is_routing_error(11, 0));
	CHECK(!classify_is_routing_error(3, 3));  /* port unreachable */
	CHECK(!classify_is_routing_error(3, 13)); /* filtered */
	CHECK(!classify_is_routing_error(11, 1)); /* reassembly */
	CHECK(!classify_is_routing_error(0, 0));
}

/*
 * A /22 target "kp" (census, icmp and tcp:80) and one control. With
 * controls, the plan's last target is the control.
 */
static void
make_plan(struct plan *plan, struct target_set *set, bool control)
{
	struct method_list m;
	struct rng rng;

	target_set_init(set);
	CHECK(th_add_target(set, "kp", "175.45.176.0/22", SAMPLE_ALL,
			    "icmp,tcp:80") == 0);
	if (control)
		th_add_control(set, A(9, 9, 9, 9));
	method_list_parse("icmp", "m", &m, NULL);
	rng_seed(&rng, 1);
	CHECK(plan_build(plan, set, &m, SAMPLE_AUTO, NULL, &rng, 7, NULL) ==
	      0);
}

static struct plan_rec *
rec(struct plan *plan, uint32_t addr)
{
	long i = plan_find(plan, addr);

	CHECK(i >= 0);
	return &plan->rec[i < 0 ? 0 : i];
}

static void
set_error(struct plan *plan, uint32_t addr, uint8_t type, uint8_t code)
{
	struct plan_rec *r = rec(plan, addr);

	r->err |= 1;
	r->err_type = type;
	r->err_code = code;
	target_stats_add_unreach(&plan->tg[0].st, ROUTER, type, code);
	plan->tg[0].st.icmp_errors++;
}

static void
test_classify(void)
{
	struct target_set set;
	struct target_summary s;
	struct plan plan;

	TEST("classify");
	/* Nothing answered, nothing reported: unknown, never down. */
	make_plan(&plan, &set, false);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UNKNOWN);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK(s.probed == 1024 && s.responsive == 0);
	CHECK_EQ(s.n_blocks, 4);
	CHECK(!s.has_rtt);
	CHECK(s.reason[0] != '\0');
	target_summary_free(&s);
	/* Filtered (admin prohibited) is not a routing failure. */
	set_error(&plan, A(175, 45, 176, 1), 3, 13);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	target_summary_free(&s);
	/* Net unreachable from a router: down, block by block. */
	set_error(&plan, A(175, 45, 177, 1), 3, 0);
	set_error(&plan, A(175, 45, 177, 2), 3, 0);
	set_error(&plan, A(175, 45, 178, 2), 11, 0);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &s);
	CHECK_EQ(s.state, STATE_DOWN);
	CHECK_HAS(s.reason, "3"); /* how many addresses routers reported */
	CHECK_EQ(s.blocks[0].state, STATE_UNKNOWN);
	CHECK_EQ(s.blocks[1].state, STATE_DOWN);
	CHECK_EQ(s.blocks[1].routing_errors, 2);
	CHECK_EQ(s.blocks[2].state, STATE_DOWN);
	CHECK_EQ(s.blocks[3].state, STATE_UNKNOWN);
	CHECK(s.blocks[1].pfx.base == A(175, 45, 177, 0) &&
	      s.blocks[1].pfx.len == 24);
	CHECK_EQ(s.blocks[1].probed, 256);
	target_summary_free(&s);
	/* One live answer: up. */
	rec(&plan, A(175, 45, 179, 200))->ok = 2;
	rec(&plan, A(175, 45, 179, 201))->ok = 3;
	target_stats_add_rtt(&plan.tg[0].st, 5.0);
	target_stats_add_rtt(&plan.tg[0].st, 1.0);
	target_stats_add_rtt(&plan.tg[0].st, 3.0);
	target_stats_add_rtt(&plan.tg[0].st, 2.0);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &s);
	CHECK_EQ(s.state, STATE_UP);
	CHECK_EQ(s.responsive, 2);
	CHECK(s.blocks[3].state == STATE_UP && s.blocks[3].responsive == 2);
	CHECK_EQ(s.blocks[3].method_resp[0], 1);
	CHECK_EQ(s.blocks[3].method_resp[1], 2);
	CHECK(s.has_rtt && s.rtt_min == 1.0 && s.rtt_max == 5.0 &&
	      s.rtt_median == 2.5);
	target_summary_free(&s);
	target_stats_add_rtt(&plan.tg[0].st, 4.0);
	classify_target(&plan, 0, VANTAGE_UNKNOWN, &s);
	CHECK(s.rtt_median == 3.0);
	target_summary_free(&s);
	plan_free(&plan);
	target_set_free(&set);

	/* Controls silent: the vantage is down, and so nothing is judged. */
	make_plan(&plan, &set, true);
	CHECK_EQ(plan.n_tg, 2);
	CHECK_EQ(classify_vantage(&plan), VANTAGE_DOWN);
	rec(&plan, A(175, 45, 176, 9))->ok = 1;
	set_error(&plan, A(175, 45, 177, 1), 3, 0);
	classify_target(&plan, 0, classify_vantage(&plan), &s);
	CHECK_EQ(s.state, STATE_UNKNOWN);
	CHECK_HAS(s.reason, "vantage");
	CHECK_EQ(s.responsive, 1); /* the counts are still reported */
	target_summary_free(&s);
	rec(&plan, A(9, 9, 9, 9))->ok = 1;
	CHECK_EQ(classify_vantage(&plan), VANTAGE_UP);
	classify_target(&plan, 0, VANTAGE_UP, &s);
	CHECK_EQ(s.state, STATE_UP);
	target_summary_free(&s);
	plan_free(&plan);
	target_set_free(&set);
}

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
test_names(void)
{
	static const char *const unreach[] = {
		"net-unreachable", "host-unreachable", "protocol-unreachable",
		"port-unreachable", "fragmentation-needed",
		"source-route-failed", "net-unknown", "host-unknown",
		"source-host-isolated", "net-prohibited", "host-prohibited",
		"net-tos-unreachable", "host-tos-unreachable",
		"admin-prohibited", "host-precedence-violation",
		"precedence-cutoff",
	};
	unsigned code;

	TEST("names");
	/* The reasons blackout(8) lists for unreachable[].reason. */
	for (code = 0; code < 16; code++)
		CHECK_STREQ(reply_icmp_error_name(3, (uint8_t)code),
			    unreach[code]);
	CHECK_STREQ(reply_icmp_error_name(3, 16), "unreachable-other");
	CHECK_STREQ(reply_icmp_error_name(3, 255), "unreachable-other");
	CHECK_STREQ(reply_icmp_error_name(11, 0), "ttl-exceeded");
	CHECK_STREQ(reply_icmp_error_name(11, 1), "reassembly-time-exceeded");
	CHECK_STREQ(reply_icmp_error_name(5, 0), "other");
	CHECK_STREQ(reply_kind_name(REPLY_SYNACK), "syn-ack");
	CHECK_STREQ(reply_kind_name(REPLY_NONE), "none");
}

static json_int_t
jint(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	CHECK(json_is_integer(v));
	return json_integer_value(v);
}

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
test_round_line(void)
{
	static const char *const probes_keys[] = {
		"sent", "replies", "icmp_errors", "invalid", "late",
		"duplicate", "send_errors", "stray", "rejected",
		"pcap_received", "pcap_drops",
	};
	struct round_info ri;
	struct target_summary s;
	struct target_set set;
	struct target_stats *st;
	struct plan plan;
	json_t *o, *v, *b, *u;
	size_t i;

	TEST("round_line");
	make_plan(&plan, &set, true);
	st = &plan.tg[0].st;
	st->sent = 2048;
	st->replies = 3;
	st->invalid = 4;
	st->late = 5;
	st->duplicate = 6;
	st->send_errors = 7;
	st->method_sent[0] = st->method_sent[1] = 1024;
	st->method_resp[1] = 2;
	st->synack[1] = 1;
	st->rst[1] = 1;
	rec(&plan, A(175, 45, 176, 9))->ok = 2;
	rec(&plan, A(175, 45, 176, 10))->ok = 2;
	set_error(&plan, A(175, 45, 177, 1), 3, 0);
	set_error(&plan, A(175, 45, 177, 2), 3, 0);
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
	classify_target(&plan, 0, ri.vantage, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	CHECK(json_is_object(o));
	CHECK_STREQ(jstr(o, "type"), "round");
	CHECK(is_rfc3339_utc(jstr(o, "time")));
	CHECK_STREQ(jstr(o, "time"), "2014-12-22T16:15:00Z");
	CHECK_EQ(jint(o, "round"), 7);
	CHECK_STREQ(jstr(o, "target"), "kp");
	CHECK_STREQ(jstr(o, "prefix"), "175.45.176.0/22");
	CHECK_STREQ(jstr(o, "state"), "up");
	CHECK(json_is_string(json_object_get(o, "reason")));
	CHECK_STREQ(jstr(o, "reason"), s.reason);
	CHECK(json_is_null(json_object_get(o, "belief"))); /* for now */
	CHECK_STREQ(jstr(o, "vantage"), "up");
	CHECK(json_is_false(json_object_get(o, "interrupted")));
	CHECK_EQ(jint(o, "waves"), 2);
	v = json_object_get(o, "probes");
	CHECK(json_is_object(v));
	for (i = 0; i < sizeof(probes_keys) / sizeof(*probes_keys); i++)
		CHECK(json_is_integer(json_object_get(v, probes_keys[i])));
	CHECK_EQ(jint(v, "sent"), 2048);
	CHECK_EQ(jint(v, "replies"), 3);
	CHECK_EQ(jint(v, "icmp_errors"), 2);
	CHECK_EQ(jint(v, "invalid"), 4);
	CHECK_EQ(jint(v, "late"), 5);
	CHECK_EQ(jint(v, "duplicate"), 6);
	CHECK_EQ(jint(v, "send_errors"), 7);
	CHECK_EQ(jint(v, "stray"), 9);
	CHECK_EQ(jint(v, "rejected"), 10);
	CHECK_EQ(jint(v, "pcap_received"), 100);
	CHECK_EQ(jint(v, "pcap_drops"), 9); /* capture and queue drops */
	v = json_object_get(o, "addresses");
	CHECK_EQ(jint(v, "probed"), 1024);
	CHECK_EQ(jint(v, "responsive"), 2);
	CHECK(json_is_null(json_object_get(v, "baseline")));
	v = json_object_get(o, "blocks");
	CHECK(json_is_array(v) && json_array_size(v) == 4);
	CHECK_STREQ(jstr(json_array_get(v, 3), "prefix"), "175.45.179.0/24");
	b = json_array_get(v, 1);
	CHECK_STREQ(jstr(b, "prefix"), "175.45.177.0/24");
	CHECK_STREQ(jstr(b, "state"), "down");
	CHECK_EQ(jint(b, "probed"), 256);
	CHECK_EQ(jint(b, "responsive"), 0);
	CHECK_EQ(jint(b, "unreachable"), 2);
	b = json_array_get(v, 0);
	CHECK_STREQ(jstr(b, "state"), "up");
	CHECK_EQ(jint(b, "responsive"), 2);
	CHECK_EQ(jint(json_object_get(b, "methods"), "tcp:80"), 2);
	CHECK_EQ(jint(json_object_get(b, "methods"), "icmp"), 0);
	v = json_object_get(o, "methods");
	CHECK(json_is_object(v) && json_object_size(v) == 2);
	CHECK_EQ(jint(json_object_get(v, "icmp"), "sent"), 1024);
	CHECK_EQ(jint(json_object_get(v, "tcp:80"), "responsive"), 2);
	CHECK_EQ(jint(json_object_get(v, "tcp:80"), "synack"), 1);
	CHECK_EQ(jint(json_object_get(v, "tcp:80"), "rst"), 1);
	v = json_object_get(o, "unreachable");
	CHECK(json_is_array(v) && json_array_size(v) == 1);
	u = json_array_get(v, 0);
	CHECK_STREQ(jstr(u, "router"), "219.158.3.1");
	CHECK_EQ(jint(u, "type"), 3);
	CHECK_EQ(jint(u, "code"), 0);
	CHECK_STREQ(jstr(u, "reason"), "net-unreachable");
	CHECK_EQ(jint(u, "count"), 2);
	v = json_object_get(o, "rtt_ms");
	CHECK(json_is_object(v));
	CHECK(json_is_number(json_object_get(v, "min")));
	CHECK(json_number_value(json_object_get(v, "median")) > 12.345 &&
	      json_number_value(json_object_get(v, "median")) < 12.347);
	CHECK(json_is_number(json_object_get(v, "max")));
	CHECK(json_is_null(json_object_get(o, "instability")));
	CHECK(json_number_value(json_object_get(o, "duration_s")) == 3.25);
	json_decref(o);
	target_summary_free(&s);

	/* No RTT: null. Interrupted: true. */
	st->n_rtt = 0;
	ri.interrupted = true;
	classify_target(&plan, 0, VANTAGE_DOWN, &s);
	o = output_round_line(&ri, &plan, 0, &s);
	CHECK(json_is_null(json_object_get(o, "rtt_ms")));
	CHECK(json_is_true(json_object_get(o, "interrupted")));
	CHECK_STREQ(jstr(o, "state"), "unknown");
	json_decref(o);
	target_summary_free(&s);
	plan_free(&plan);
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
	CHECK_STREQ(jstr(o, "type"), "run");
	CHECK_STREQ(jstr(o, "time"), "2014-12-22T16:15:00Z");
	CHECK_STREQ(jstr(o, "version"), "0.1.0");
	CHECK_STREQ(jstr(o, "source"), "198.18.0.1");
	CHECK(json_is_null(json_object_get(o, "interface")));
	v = json_object_get(o, "methods");
	CHECK(json_is_array(v) && json_array_size(v) == 3);
	CHECK_STREQ(json_string_value(json_array_get(v, 2)), "tcp:443");
	CHECK_EQ(jint(o, "seed"), 42);
	CHECK_STREQ(jstr(o, "sample"), "all");
	CHECK(json_is_false(json_object_get(o, "dry_run")));
	json_decref(o);
	ri.source = 0;
	ri.sample = 15;
	ri.dry_run = true;
	o = output_run_line(&ri);
	CHECK(json_is_null(json_object_get(o, "source")));
	CHECK_EQ(jint(o, "sample"), 15);
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
	test_exit_status();
	test_classify();
	test_round_line();
	test_run_line();
	test_names();
	test_output_file();
	return test_report("test_output");
}

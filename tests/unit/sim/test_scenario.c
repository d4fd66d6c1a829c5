/*
 * test_scenario.c - the scenario file of blackout simulate: the issue's
 * example parses with every default, and every kind of mistake is refused
 * with status 65 and the file:line:col of the key or value at fault.
 */
#include "blackout/sim/scenario.h"

#include "testhelp.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define NS(s) ((int64_t)(s)*1000000000)

/*
 * Loads JSON written with single quotes for readability: each ' becomes ",
 * one character for one, so lines and columns stay as they appear here.
 */
static int
load(struct scenario *sc, const char *text, struct bo_error *err)
{
	char *json = strdup(text), *q;
	int rc;

	for (q = json; *q != '\0'; q++)
		if (*q == '\'')
			*q = '"';
	memset(err, 0, sizeof(*err));
	rc = scenario_load_buffer(sc, json, strlen(json), "s.json", err);
	free(json);
	return rc;
}

/* The text must be refused with status 65 and a message holding want. */
static void
refused(const char *text, const char *want)
{
	struct scenario sc;
	struct bo_error err;

	CHECK_EQ(load(&sc, text, &err), -1);
	CHECK_EQ(err.status, BO_EXIT_DATAERR);
	CHECK_HAS(err.msg, want);
	CHECK(sc.net == NULL && sc.ev == NULL && sc.path == NULL);
	scenario_free(&sc);
}

static const char example[] =
	"{\n"
	"  'start': '2014-12-20T00:00:00Z',\n"
	"  'end': '2014-12-28T00:00:00Z',\n"
	"  'seed': 2014,\n"
	"  'networks': [\n"
	"    { 'prefix': '175.45.176.0/22', 'hosts': 36,\n"
	"      'tcp': { '80': 14, '443': 8 },\n"
	"      'availability': 0.9, 'rtt_ms': [180, 320],\n"
	"      'diurnal': { 'amplitude': 0.5, 'peak': '13:00' } },\n"
	"    { 'prefix': '192.0.2.0/24', 'hosts': 256 },\n"
	"    { 'prefix': '100.64.0.0/10', 'density': 0.2 }\n"
	"  ],\n"
	"  'events': [\n"
	"    { 'kind': 'loss', 'start': '2014-12-20T00:00:00Z',\n"
	"      'end': '2014-12-21T00:00:00Z', 'rate': 0.05 },\n"
	"    { 'kind': 'flap', 'prefix': '175.45.178.0/24',\n"
	"      'start': '2014-12-21T00:00:00Z', 'end': "
	"'2014-12-22T00:00:00Z',\n"
	"      'period_s': 5400, 'duty': 0.3 },\n"
	"    { 'kind': 'dark', 'prefix': '175.45.176.0/22',\n"
	"      'start': '2014-12-22T16:15:00Z', 'end': "
	"'2014-12-23T01:46:00Z' },\n"
	"    { 'kind': 'dark', 'prefix': '175.45.176.0/22', 'fraction': "
	"0.5,\n"
	"      'start': '2014-12-23T09:00:00Z', 'end': "
	"'2014-12-23T10:00:00Z' },\n"
	"    { 'kind': 'unreachable', 'prefix': '175.45.177.0/24',\n"
	"      'router': '203.0.113.1', 'start': '2014-12-24T00:00:00Z',\n"
	"      'end': '2014-12-24T02:00:00Z' },\n"
	"    { 'kind': 'ratelimit', 'prefix': '175.45.176.0/22', 'pps': 50,\n"
	"      'start': '2014-12-25T00:00:00Z', 'end': "
	"'2014-12-25T01:00:00Z' },\n"
	"    { 'kind': 'vantage', 'start': '2014-12-26T00:00:00Z',\n"
	"      'end': '2014-12-26T00:30:00Z' },\n"
	"    { 'kind': 'no-route', 'start': '2014-12-27T00:00:00Z',\n"
	"      'end': '2014-12-27T00:30:00Z' }\n"
	"  ]\n"
	"}\n";

static void
test_example(void)
{
	struct scenario sc;
	struct bo_error err;
	const struct sim_network *n;

	TEST("example");
	CHECK_EQ(load(&sc, example, &err), 0);
	CHECK_STREQ(sc.path, "s.json");
	CHECK_EQ(sc.start_ns, NS(1419033600));
	CHECK(sc.has_end);
	CHECK_EQ(sc.end_ns, NS(1419724800));
	CHECK_EQ(sc.seed, 2014);
	CHECK_EQ(sc.source, A(198, 51, 100, 1));
	CHECK_EQ(sc.n_net, 3);
	n = &sc.net[0];
	CHECK_EQ(n->pfx.base, A(175, 45, 176, 0));
	CHECK_EQ(n->pfx.len, 22);
	CHECK(n->has_hosts);
	CHECK_EQ(n->hosts, 36);
	CHECK_EQ(n->n_tcp, 2);
	CHECK_EQ(n->tcp[0].port, 80);
	CHECK(!n->tcp[0].density);
	CHECK(n->tcp[0].value == 14);
	CHECK_EQ(n->tcp[1].port, 443);
	CHECK(n->availability == 0.9);
	CHECK(n->rtt_min_ms == 180 && n->rtt_max_ms == 320);
	CHECK(n->diurnal && n->amplitude == 0.5);
	CHECK_EQ(n->peak_s, 13 * 3600);
	CHECK(!n->rst);
	n = &sc.net[1];
	CHECK(n->has_hosts && n->hosts == 256 && n->n_tcp == 0);
	CHECK(n->availability == 1 && !n->diurnal && n->dwell_s == 0);
	CHECK(n->rtt_min_ms == 20 && n->rtt_max_ms == 40);
	n = &sc.net[2];
	CHECK(!n->has_hosts && n->density == 0.2);
	CHECK_EQ(n->pfx.len, 10);
	CHECK_EQ(sc.n_ev, 8);
	CHECK_EQ(sc.ev[0].kind, SIM_LOSS);
	CHECK(!sc.ev[0].has_prefix && sc.ev[0].rate == 0.05);
	CHECK_EQ(sc.ev[1].kind, SIM_FLAP);
	CHECK(sc.ev[1].period_s == 5400 && sc.ev[1].duty == 0.3);
	CHECK_EQ(sc.ev[2].kind, SIM_DARK);
	CHECK_EQ(sc.ev[2].start_ns, NS(1419264900));
	CHECK_EQ(sc.ev[2].end_ns, NS(1419299160));
	CHECK(sc.ev[2].fraction == 1);
	CHECK(sc.ev[3].fraction == 0.5);
	CHECK_EQ(sc.ev[4].kind, SIM_UNREACHABLE);
	CHECK_EQ(sc.ev[4].router, A(203, 0, 113, 1));
	CHECK_EQ(sc.ev[4].pfx.base, A(175, 45, 177, 0));
	CHECK_EQ(sc.ev[5].kind, SIM_RATELIMIT);
	CHECK(sc.ev[5].pps == 50);
	CHECK_EQ(sc.ev[6].kind, SIM_VANTAGE);
	CHECK(!sc.ev[6].has_prefix);
	CHECK_EQ(sc.ev[7].kind, SIM_NO_ROUTE);
	scenario_free(&sc);
	CHECK(sc.net == NULL && sc.n_net == 0);
}

static void
test_names(void)
{
	TEST("names");
	CHECK_STREQ(sim_event_name(SIM_DARK), "dark");
	CHECK_STREQ(sim_event_name(SIM_FLAP), "flap");
	CHECK_STREQ(sim_event_name(SIM_UNREACHABLE), "unreachable");
	CHECK_STREQ(sim_event_name(SIM_LOSS), "loss");
	CHECK_STREQ(sim_event_name(SIM_RATELIMIT), "ratelimit");
	CHECK_STREQ(sim_event_name(SIM_VANTAGE), "vantage");
	CHECK_STREQ(sim_event_name(SIM_NO_ROUTE), "no-route");
}

/* Fractions of a second and offsets; no end; density tcp; rst; source. */
static void
test_times_and_options(void)
{
	struct scenario sc;
	struct bo_error err;

	TEST("times");
	CHECK_EQ(load(&sc,
		      "{'start': '2014-12-22T16:15:00.25+09:00', "
		      "'seed': 0, 'source': '192.0.2.9', 'networks': ["
		      "{'prefix': '10.0.0.0/8', 'density': 0.5, 'rst': true, "
		      "'tcp': {'22': 0.01, '65535': 1}}]}",
		      &err),
		 0);
	CHECK_EQ(sc.start_ns, NS(1419264900 - 9 * 3600) + 250000000);
	CHECK(!sc.has_end);
	CHECK_EQ(sc.seed, 0);
	CHECK_EQ(sc.source, A(192, 0, 2, 9));
	CHECK(sc.net[0].rst);
	CHECK(sc.net[0].tcp[0].density && sc.net[0].tcp[0].value == 0.01);
	CHECK(!sc.net[0].tcp[1].density && sc.net[0].tcp[1].port == 65535);
	CHECK_EQ(sc.n_ev, 0);
	scenario_free(&sc);
	CHECK_EQ(load(&sc, "{'start': '2014-12-22', 'networks': []}", &err), 0);
	CHECK_EQ(sc.start_ns, NS(1419206400));
	CHECK_EQ(sc.seed, 1);
	scenario_free(&sc);
}

/* A network line in a frame: the network starts at line 3, column 5. */
#define NET(body)                             \
	"{'start': '2014-12-20T00:00:00Z',\n" \
	" 'networks': [\n"                    \
	"    " body "\n"                      \
	" ]}"

/* An event line in a frame: the event starts at line 4, column 5. */
#define EV(body)                                                 \
	"{'start': '2014-12-20T00:00:00Z',\n"                    \
	" 'networks': [{'prefix': '10.0.0.0/8', 'hosts': 1}],\n" \
	" 'events': [\n"                                         \
	"    " body "\n"                                         \
	" ]}"

#define T0 "'start': '2014-12-20T00:00:00Z', "
#define T1 "'end': '2014-12-21T00:00:00Z'"

/* Each mistake, and the exact place and words of its refusal. */
static void
test_errors_exact(void)
{
	struct scenario sc;
	struct bo_error err;

	TEST("errors exact");
	refused("{'start': '2014-12-20T00:00:00Z',\n 'networks': [\n]",
		"s.json:3:1: '}' expected");
	refused("", "s.json: the scenario file is empty");
	refused("[1]", "s.json:1:1: expected an object");
	refused("{'start': '2014-12-20T00:00:00Z', 'networks': [],\n"
		"  'sede': 3}",
		"s.json:2:3: unknown key \"sede\" in the scenario");
	refused("{'networks': []}", "s.json:1:1: needs \"start\"");
	refused("{'start': '2014-12-20 00:00', 'networks': []}",
		"s.json:1:11: \"start\" must be an RFC 3339 time");
	refused("{'start': '2014-12-20',\n 'end': '2014-12-19', "
		"'networks': []}",
		"s.json:2:9: \"end\" must come after \"start\"");
	refused("{'start': '2014-12-20', 'seed': -1, 'networks': []}",
		"s.json:1:33: \"seed\" must be a whole number");
	refused("{'start': '2014-12-20'}", "s.json:1:1: needs a \"networks\"");
	refused(NET("{'prefix': '175.45.176.1/22', 'hosts': 3}"),
		"s.json:3:16: ");
	refused(NET("{'prefix': '175.45.176.0/22', 'hosts': 1025}"),
		"s.json:3:44: \"hosts\" must be a count from 0 to 1024");
	refused(NET("{'prefix': '175.45.176.0/22'}"),
		"s.json:3:5: a network takes either \"hosts\"");
	refused(NET("{'prefix': '175.45.176.0/22', 'hosts': 3, 'density': "
		    "0.5}"),
		"s.json:3:44: a network takes either");
	refused(NET("{'prefix': '175.45.176.0/22', 'hosts': 3, 'rtt': [1, "
		    "2]}"),
		"s.json:3:47: unknown key \"rtt\" in a network");
	refused(NET("{'prefix': '175.45.176.0/22', 'density': 1.5}"),
		"s.json:3:46: \"density\" must be between 0 and 1");
	refused(NET("{'prefix': '10.0.0.0/22', 'hosts': 3, 'rtt_ms': [50, "
		    "20]}"),
		"s.json:3:53: \"rtt_ms\" must be [min, max] with 0 <= min");
	refused(NET("{'prefix': '10.0.0.0/22', 'hosts': 3, 'tcp': {'0': 1}}"),
		"s.json:3:51: \"tcp\" keys must be ports 1 to 65535, not \"0\"");
	refused(NET("{'prefix': '10.0.0.0/22', 'hosts': 3, 'tcp': {'080': "
		    "1}}"),
		"s.json:3:51: \"tcp\" keys must be ports");
	refused(NET("{'prefix': '10.0.0.0/30', 'hosts': 3, 'tcp': {'80': "
		    "5}}"),
		"s.json:3:57: port 80: expected a count of addresses (at most "
		"4)");
	refused(NET("{'prefix': '10.0.0.0/30', 'hosts': 3, 'tcp': {'80': "
		    "1.5}}"),
		"s.json:3:57: port 80");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3, 'availability': "
		    "-0.1}"),
		"s.json:3:58: \"availability\" must be between 0 and 1");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3, 'dwell_s': "
		    "2592001}"),
		"s.json:3:53: \"dwell_s\" must be between 0 and 2592000");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3, 'diurnal': "
		    "{'amplitude': 0.5, 'peak': '24:00'}}"),
		"s.json:3:80: \"diurnal\" needs a \"peak\"");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3, 'diurnal': "
		    "{'amplitude': 0.5, 'peak': '13:00', 'trough': '1:00'}}"),
		"s.json:3:89: unknown key \"trough\" in \"diurnal\"");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3, 'rst': 1}"),
		"s.json:3:49: \"rst\" must be true or false");
	refused(NET("{'prefix': '10.0.0.0/8', 'hosts': 3},\n"
		    "    {'prefix': '10.1.0.0/16', 'hosts': 3}"),
		"s.json:4:16: network 10.1.0.0/16 overlaps network 10.0.0.0/8 "
		"(networks[0])");
	refused(NET("{'prefix': '10.1.0.0/16', 'hosts': 3},\n"
		    "    {'prefix': '10.0.0.0/8', 'hosts': 3}"),
		"s.json:4:16: network 10.0.0.0/8 overlaps network 10.1.0.0/16");
	refused(EV("{'kind': 'blackhole', " T0 T1 "}"),
		"s.json:4:14: an event needs a \"kind\"");
	refused(EV("{" T0 T1 "}"), "s.json:4:5: an event needs a \"kind\"");
	refused(EV("{'kind': 'dark', " T0 T1 "}"),
		"s.json:4:5: a dark event needs \"prefix\"");
	refused(EV("{'kind': 'dark', 'prefix': '10.0.0.0/8', " T0 T1
		   ", 'rate': 0.5}"),
		"s.json:4:110: no field \"rate\" in a dark event (it takes "
		"prefix, fraction)");
	refused(EV("{'kind': 'loss', 'rate': 0.1, 'sped': 1, " T0 T1 "}"),
		"s.json:4:35: unknown key \"sped\" in a loss event (it takes "
		"rate, prefix)");
	refused(EV("{'kind': 'vantage', 'prefix': '10.0.0.0/8', " T0 T1 "}"),
		"s.json:4:25: no field \"prefix\" in a vantage event (it "
		"takes nothing more)");
	refused(EV("{'kind': 'loss', " T0 "'end': '2014-12-20T00:00:00Z', "
		   "'rate': 0.1}"),
		"s.json:4:62: the event's \"end\" must come after");
	refused(EV("{'kind': 'loss', " T0 T1 ", 'rate': 1.1}"),
		"s.json:4:94: \"rate\" must be between 0 and 1");
	refused(EV("{'kind': 'flap', 'prefix': '10.0.0.0/8', " T0 T1
		   ", 'period_s': 0, 'duty': 0.5}"),
		"s.json:4:122: \"period_s\" must be more than 0");
	refused(EV("{'kind': 'flap', 'prefix': '10.0.0.0/8', " T0 T1
		   ", 'period_s': 60}"),
		"s.json:4:5: a flap event needs \"duty\"");
	refused(EV("{'kind': 'unreachable', 'prefix': '10.0.0.0/8', "
		   "'router': '10.0.0.0/24', " T0 T1 "}"),
		"s.json:4:63: \"router\" must be an IPv4 address");
	refused(EV("{'kind': 'ratelimit', 'prefix': '10.0.0.0/8', 'pps': 0, " T0
			   T1 "}"),
		"s.json:4:58: \"pps\" must be more than 0");
	refused(EV("{'kind': 'loss', 'prefix': '10.0.0.0/33', " T0 T1
		   ", 'rate': 0.1}"),
		"s.json:4:32: ");
	refused("{'start': '2014-12-20', 'networks': [], 'events': {}}",
		"s.json:1:51: \"events\" must be an array");
	/* The syntax errors are jansson's, with its position. */
	CHECK_EQ(load(&sc, "{'start': '2014-12-20',\n 'networks': [,]}", &err),
		 -1);
	CHECK_EQ(err.status, BO_EXIT_DATAERR);
	CHECK_HAS(err.msg, "s.json:2:");
	CHECK_EQ(load(&sc, "{'start': 1, 'start': 2}", &err), -1);
	CHECK_HAS(err.msg, "duplicate");
}

static void
test_files(void)
{
	struct scenario sc;
	struct bo_error err;
	char path[128];

	TEST("files");
	CHECK_EQ(scenario_load(&sc, "/nonexistent/s.json", &err), -1);
	CHECK_EQ(err.status, BO_EXIT_NOINPUT);
	CHECK_HAS(err.msg, "/nonexistent/s.json: ");
	CHECK_EQ(th_tempfile("{\"start\": \"2014-12-20T00:00:00Z\",\n"
			     " \"networks\": [{\"prefix\": \"10.0.0.0/8\", "
			     "\"hosts\": 1, \"tpc\": {}}]}",
			     path, sizeof(path)),
		 0);
	CHECK_EQ(scenario_load(&sc, path, &err), -1);
	CHECK_EQ(err.status, BO_EXIT_DATAERR);
	CHECK_HAS(err.msg, path);
	CHECK_HAS(err.msg, ":2:52: unknown key \"tpc\"");
	unlink(path);
	CHECK_EQ(th_tempfile(example, path, sizeof(path)), 0);
	CHECK_EQ(scenario_load(&sc, path, &err), -1); /* single quotes */
	CHECK_HAS(err.msg, ":2:3: ");
	unlink(path);
}

/* A large file of /24s loads in one pass (positions are walked onward). */
static void
test_many_networks(void)
{
	size_t n = 20000, i, len = 0, cap = n * 64 + 128;
	char *buf = malloc(cap);
	struct scenario sc;
	struct bo_error err;

	TEST("many networks");
	len += (size_t)snprintf(buf + len, cap - len,
				"{\"start\": \"2014-12-20\", \"networks\": [");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"%s{\"prefix\": \"10.%zu.%zu.0/24\", "
					"\"hosts\": 10}",
					i ? ",\n" : "", i >> 8, i & 255);
	/* The last one overlaps the first. */
	len += (size_t)snprintf(buf + len, cap - len,
				",\n{\"prefix\": \"10.0.0.0/16\", "
				"\"hosts\": 1}]}");
	CHECK_EQ(scenario_load_buffer(&sc, buf, len, "big.json", &err), -1);
	CHECK_HAS(err.msg, "big.json:20001:12: network 10.0.0.0/16 overlaps");
	len -= strlen(",\n{\"prefix\": \"10.0.0.0/16\", \"hosts\": 1}]}");
	len += (size_t)snprintf(buf + len, cap - len, "]}");
	CHECK_EQ(scenario_load_buffer(&sc, buf, len, "big.json", &err), 0);
	CHECK_EQ(sc.n_net, n);
	scenario_free(&sc);
	free(buf);
}

/*
 * The example of blackout-simulate(8) parses, and its misspelt field is
 * refused at the place the page says (EXAMPLES are tests).
 */
static void
test_manpage_example(void)
{
	FILE *f = fopen(SOURCE_DIR "/man/blackout-simulate.8", "r");
	char line[512], json[8192] = "", *typo;
	bool in_examples = false, in_json = false;
	struct scenario sc;
	struct bo_error err;

	TEST("man page example");
	CHECK(f != NULL);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, ".Sh ", 4) == 0)
			in_examples = strcmp(line, ".Sh EXAMPLES\n") == 0;
		else if (in_examples && strncmp(line, ".Bd -literal", 12) == 0)
			in_json = json[0] == '\0';
		else if (strncmp(line, ".Ed", 3) == 0)
			in_json = false;
		else if (in_json)
			strncat(json, line, sizeof(json) - strlen(json) - 1);
	}
	if (f != NULL)
		fclose(f);
	CHECK_EQ(scenario_load_buffer(&sc, json, strlen(json), "kp.json", &err),
		 0);
	CHECK_EQ(sc.n_net, 3);
	CHECK_EQ(sc.n_ev, 8);
	CHECK_EQ(sc.ev[2].start_ns, NS(1419264900));
	CHECK_EQ(sc.ev[2].end_ns, NS(1419299160));
	scenario_free(&sc);
	typo = strstr(json, "availability");
	CHECK(typo != NULL);
	if (typo == NULL)
		return;
	memmove(typo + 9, typo + 10, strlen(typo + 10) + 1); /* availabilty */
	CHECK_EQ(scenario_load_buffer(&sc, json, strlen(json), "kp.json", &err),
		 -1);
	CHECK_STREQ(err.msg, "kp.json:8:7: unknown key \"availabilty\" in a "
			     "network");
}

int
main(void)
{
	test_example();
	test_names();
	test_times_and_options();
	test_errors_exact();
	test_files();
	test_many_networks();
	test_manpage_example();
	return test_report("test_scenario");
}

/*
 * test_model.c - the simulated network: exact host counts and densities
 * by hashing, memory that ignores the address space, one test per event
 * kind, the diurnal factor, determinism, and answers as real bytes that
 * blackout's own reply parser and cookie check accept (probes built with
 * blackout's own packet templates).
 */
#include <errno.h>
#include <math.h>
#include <sys/resource.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/packet.h"
#include "blackout/probe/reply.h"
#include "blackout/sim/model.h"

#include "testhelp.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define SEC 1000000000LL
#define T0 (1419033600LL * SEC) /* 2014-12-20T00:00:00Z */
#define HEAD "{'start': '2014-12-20T00:00:00Z', "

static const struct method icmp = { METHOD_ICMP_ECHO, 0 };
static const struct method tcp80 = { METHOD_TCP_SYN, 80 };
static const struct method tcp443 = { METHOD_TCP_SYN, 443 };
static struct cookie_key key;
static int64_t last_now; /* of the latest probe, to check the tests' order */

/* A model, whose clock starts anew. */
static struct sim_model *
new_model(const struct scenario *sc)
{
	last_now = INT64_MIN;
	return sim_model_new(sc);
}

/* A scenario from JSON written with single quotes. */
static void
load(struct scenario *sc, const char *text)
{
	char *json = strdup(text), *q;
	struct bo_error err = { 0, "" };

	for (q = json; *q != '\0'; q++)
		if (*q == '\'')
			*q = '"';
	if (scenario_load_buffer(sc, json, strlen(json), "t.json", &err) < 0) {
		fprintf(stderr, "scenario refused: %s\n", err.msg);
		abort();
	}
	free(json);
}

/*
 * Sends blackout's probe for (dst, m) in round `round` at now through the
 * model. Returns what sim_model_probe returns.
 */
static int
probe(struct sim_model *mdl, const struct scenario *sc, int64_t now,
      uint32_t dst, const struct method *m, uint32_t round,
      struct sim_answer *ans)
{
	struct packet_template tpl;
	struct cookie c = cookie_make(&key, dst, m, round, 0);
	uint8_t pkt[PACKET_MAX];
	size_t len;

	/* The model's contract: calls in nondecreasing time. */
	CHECK(now >= last_now);
	last_now = now;
	if (packet_template_build(&tpl, m, sc->source, NULL) < 0)
		abort();
	len = packet_fill(&tpl, dst, &c, (uint16_t)round, pkt);
	return sim_model_probe(mdl, now, pkt, len, ans);
}

/* Whether a probe at now is answered at all. */
static bool
answered(struct sim_model *mdl, const struct scenario *sc, int64_t now,
	 uint32_t dst, const struct method *m)
{
	struct sim_answer ans;

	CHECK_EQ(probe(mdl, sc, now, dst, m, 1, &ans), 0);
	return ans.len > 0;
}

/*
 * The answer must parse with reply_parse, name method m, and carry the
 * cookie of the probe to dst in round, as the matcher checks it.
 */
static void
check_answer(const struct sim_answer *ans, uint32_t dst, const struct method *m,
	     uint32_t round, enum reply_kind kind, struct reply *r)
{
	struct method got = { 0, 0 };
	struct cookie c;

	r->ts_ns = ans->at_ns;
	CHECK_EQ(reply_parse(ans->bytes, ans->len, r), REJECT_NONE);
	CHECK_EQ(r->kind, kind);
	CHECK_EQ(r->probe_dst, dst);
	CHECK(method_of_reply(r, &got));
	CHECK(method_equal(&got, m));
	c = cookie_make(&key, r->probe_dst, &got, round, 0);
	CHECK(method_ops(got.kind)->cookie_fits(r, &c));
	/* The cookie of another round does not fit. */
	c = cookie_make(&key, r->probe_dst, &got, round + 1, 0);
	CHECK(!method_ops(got.kind)->cookie_fits(r, &c));
}

static void
test_answer_bytes(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	struct sim_answer ans;
	struct reply r;
	uint32_t dst = A(175, 45, 176, 7);

	TEST("answer bytes");
	load(&sc, HEAD "'networks': [{'prefix': '175.45.176.0/22', "
		       "'hosts': 1024, 'tcp': {'80': 1024}, 'rst': true}], "
		       "'events': [{'kind': 'unreachable', "
		       "'prefix': '175.45.177.0/24', 'router': '203.0.113.1', "
		       "'start': '2014-12-21', 'end': '2014-12-22'}]}");
	mdl = new_model(&sc);
	CHECK_EQ(probe(mdl, &sc, T0, dst, &icmp, 5, &ans), 0);
	CHECK_EQ(ans.len, 20 + 8 + strlen(PACKET_PAYLOAD));
	CHECK(ans.at_ns >= T0 + 20000000 && ans.at_ns <= T0 + 40000000);
	check_answer(&ans, dst, &icmp, 5, REPLY_ECHO, &r);
	CHECK_EQ(r.src, dst);
	CHECK_EQ(r.dst, A(198, 51, 100, 1));
	CHECK(r.ttl > 40 && r.ttl <= 60);
	CHECK(memcmp(ans.bytes + 28, PACKET_PAYLOAD, strlen(PACKET_PAYLOAD)) ==
	      0);

	CHECK_EQ(probe(mdl, &sc, T0, dst, &tcp80, 6, &ans), 0);
	CHECK_EQ(ans.len, 40);
	check_answer(&ans, dst, &tcp80, 6, REPLY_SYNACK, &r);
	CHECK_EQ(ans.bytes[33], 0x12);

	CHECK_EQ(probe(mdl, &sc, T0, dst, &tcp443, 7, &ans), 0);
	check_answer(&ans, dst, &tcp443, 7, REPLY_RST, &r);
	CHECK_EQ(ans.bytes[33], 0x14);

	/* Unreachable: type 3 code 0 from the router, quoting the probe. */
	dst = A(175, 45, 177, 9);
	CHECK_EQ(probe(mdl, &sc, T0 + 86400 * SEC, dst, &icmp, 8, &ans), 0);
	CHECK_EQ(ans.len, 20 + 8 + 20 + 8);
	check_answer(&ans, dst, &icmp, 8, REPLY_ICMP_ERROR, &r);
	CHECK_EQ(r.src, A(203, 0, 113, 1));
	CHECK_EQ(r.icmp_type, 3);
	CHECK_EQ(r.icmp_code, 0);
	CHECK_STREQ(reply_icmp_error_name(r.icmp_type, r.icmp_code),
		    "net-unreachable");
	CHECK_EQ(probe(mdl, &sc, T0 + 86400 * SEC, dst, &tcp80, 9, &ans), 0);
	check_answer(&ans, dst, &tcp80, 9, REPLY_ICMP_ERROR, &r);
	CHECK_EQ(r.probe_proto, 6);
	/* Outside the event's prefix the host answers itself. */
	CHECK_EQ(probe(mdl, &sc, T0 + 86400 * SEC, A(175, 45, 176, 9), &icmp, 8,
		       &ans),
		 0);
	check_answer(&ans, A(175, 45, 176, 9), &icmp, 8, REPLY_ECHO, &r);
	/* Outside every network: silence. */
	CHECK(!answered(mdl, &sc, T0 + 86400 * SEC, A(175, 45, 180, 1), &icmp));
	/* Not a probe: the send fails. */
	CHECK_EQ(sim_model_probe(mdl, T0 + 86400 * SEC, (const uint8_t *)"junk",
				 4, &ans),
		 EINVAL);
	CHECK_EQ(ans.len, 0);
	sim_model_free(mdl);
	scenario_free(&sc);
}

/* How many addresses of p are ICMP hosts (port 0) or TCP hosts on port. */
static uint64_t
census(const struct sim_model *mdl, uint32_t base, uint64_t size, uint16_t port)
{
	uint64_t i, n = 0;

	for (i = 0; i < size; i++)
		n += port == 0 ? sim_model_icmp_host(mdl, base + (uint32_t)i)
			       : sim_model_tcp_host(mdl, base + (uint32_t)i,
						    port);
	return n;
}

static void
test_exact_counts(void)
{
	static const struct {
		const char *pfx;
		uint32_t base;
		unsigned len;
		uint64_t hosts;
	} cases[] = {
		{ "10.0.0.7/32", A(10, 0, 0, 7), 32, 1 },
		{ "10.0.0.8/31", A(10, 0, 0, 8), 31, 1 },
		{ "10.0.0.16/29", A(10, 0, 0, 16), 29, 5 },
		{ "10.0.1.0/24", A(10, 0, 1, 0), 24, 0 },
		{ "10.0.2.0/24", A(10, 0, 2, 0), 24, 256 },
		{ "10.0.4.0/23", A(10, 0, 4, 0), 23, 100 },
		{ "10.1.0.0/16", A(10, 1, 0, 0), 16, 12345 },
	};
	struct scenario sc;
	struct sim_model *mdl;
	char text[512];
	uint64_t seed;
	size_t i;

	TEST("exact counts");
	for (seed = 1; seed <= 3; seed++) {
		snprintf(text, sizeof(text),
			 HEAD "'seed': %llu, 'networks': [{'prefix': "
			      "'175.45.176.0/22', 'hosts': 36, 'tcp': {'80': "
			      "14, '443': 8}}]}",
			 (unsigned long long)seed);
		load(&sc, text);
		mdl = new_model(&sc);
		CHECK_EQ(census(mdl, A(175, 45, 176, 0), 1024, 0), 36);
		CHECK_EQ(census(mdl, A(175, 45, 176, 0), 1024, 80), 14);
		CHECK_EQ(census(mdl, A(175, 45, 176, 0), 1024, 443), 8);
		CHECK_EQ(census(mdl, A(175, 45, 176, 0), 1024, 22), 0);
		/* Neighbours outside the network answer nothing. */
		CHECK_EQ(census(mdl, A(175, 45, 172, 0), 1024, 0), 0);
		CHECK_EQ(census(mdl, A(175, 45, 180, 0), 1024, 80), 0);
		sim_model_free(mdl);
		scenario_free(&sc);
	}
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(text, sizeof(text),
			 HEAD "'networks': [{'prefix': '%s', 'hosts': %llu, "
			      "'tcp': {'25': %llu}}]}",
			 cases[i].pfx, (unsigned long long)cases[i].hosts,
			 (unsigned long long)(cases[i].hosts ? cases[i].hosts
							     : 1));
		load(&sc, text);
		mdl = new_model(&sc);
		CHECK_EQ(census(mdl, cases[i].base, 1ULL << (32 - cases[i].len),
				0),
			 cases[i].hosts);
		CHECK_EQ(census(mdl, cases[i].base, 1ULL << (32 - cases[i].len),
				25),
			 cases[i].hosts ? cases[i].hosts : 1);
		sim_model_free(mdl);
		scenario_free(&sc);
	}
}

/* Within 5 standard deviations of a binomial(n, p) mean. */
static bool
near_binomial(uint64_t got, uint64_t n, double p)
{
	double mean = (double)n * p, sd = sqrt((double)n * p * (1 - p));

	return fabs((double)got - mean) <= 5 * sd + 1;
}

static void
test_density(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	uint64_t icmp_n = 0, tcp_n = 0, both = 0, i;
	uint32_t a;

	TEST("density");
	load(&sc, HEAD "'networks': [{'prefix': '100.64.0.0/16', "
		       "'density': 0.2, 'tcp': {'80': 0.5}}]}");
	mdl = new_model(&sc);
	for (i = 0; i < 65536; i++) {
		a = A(100, 64, 0, 0) + (uint32_t)i;
		icmp_n += sim_model_icmp_host(mdl, a);
		tcp_n += sim_model_tcp_host(mdl, a, 80);
		both += sim_model_icmp_host(mdl, a) &&
			sim_model_tcp_host(mdl, a, 80);
	}
	CHECK(near_binomial(icmp_n, 65536, 0.2));
	CHECK(near_binomial(tcp_n, 65536, 0.5));
	/* Drawn independently: the overlap is the product. */
	CHECK(near_binomial(both, 65536, 0.1));
	CHECK(icmp_n != 13107 || tcp_n != 32768); /* not a fixed share */
	sim_model_free(mdl);
	scenario_free(&sc);
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A /8 with density and a /9 with an exact count: no growth with size. */
static void
test_memory(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	long before = max_rss_kb();
	uint64_t n = 0, i;

	TEST("memory");
	load(&sc, HEAD "'networks': [{'prefix': '10.0.0.0/8', 'density': "
		       "0.2}, {'prefix': '11.0.0.0/9', 'hosts': 8000000}, "
		       "{'prefix': '128.0.0.0/1', 'density': 0.001}]}");
	mdl = new_model(&sc);
	for (i = 0; i < 1000000; i++)
		n += sim_model_icmp_host(mdl,
					 A(10, 0, 0, 0) + (uint32_t)i * 16);
	CHECK(near_binomial(n, 1000000, 0.2));
	n = 0;
	for (i = 0; i < 1000000; i++)
		n += sim_model_icmp_host(mdl, A(11, 0, 0, 0) + (uint32_t)i * 8);
	CHECK(near_binomial(n, 1000000, 8000000.0 / 8388608));
	CHECK(answered(mdl, &sc, T0, A(10, 255, 255, 254), &icmp) ==
	      sim_model_icmp_host(mdl, A(10, 255, 255, 254)));
	/* Far less than a bit per address of the 2^31 + 2^24 + 2^23. */
	CHECK(max_rss_kb() - before < 2048);
	sim_model_free(mdl);
	scenario_free(&sc);
}

/* Every address of 175.45.176.0/22 lives (ICMP and tcp:80); plus events. */
#define LIVE22(events)                                                    \
	HEAD "'networks': [{'prefix': '175.45.176.0/22', 'hosts': 1024, " \
	     "'tcp': {'80': 1024}}], 'events': [" events "]}"
#define D1 "'start': '2014-12-21T00:00:00Z', 'end': '2014-12-22T00:00:00Z'"
#define IN_D1 (T0 + 86400 * SEC)

/* How many of the /22's addresses answer m at now. */
static unsigned
sweep(struct sim_model *mdl, const struct scenario *sc, int64_t now,
      const struct method *m)
{
	unsigned i, n = 0;

	for (i = 0; i < 1024; i++)
		n += answered(mdl, sc, now, A(175, 45, 176, 0) + i, m);
	return n;
}

static void
test_dark(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	unsigned i, n, same = 0;
	bool lit[512];

	TEST("dark");
	load(&sc, LIVE22("{'kind': 'dark', 'prefix': '175.45.177.0/24', " D1
			 "}, {'kind': 'dark', 'fraction': 0.5, "
			 "'prefix': '175.45.178.0/23', " D1 "}"));
	mdl = new_model(&sc);
	CHECK_EQ(sweep(mdl, &sc, T0, &icmp), 1024);
	CHECK_EQ(sweep(mdl, &sc, IN_D1 - 1, &tcp80), 1024);
	n = sweep(mdl, &sc, IN_D1, &icmp);
	/* the /24 all dark, about half of the /23 */
	CHECK(n >= 256 + 256 - 60 && n <= 256 + 256 + 60);
	for (i = 0; i < 256; i++)
		CHECK(!answered(mdl, &sc, IN_D1, A(175, 45, 177, i), &tcp80));
	/* The same hosts stay dark all through the event, for every method. */
	for (i = 0; i < 512; i++)
		lit[i] = answered(mdl, &sc, IN_D1 + 60 * SEC,
				  A(175, 45, 178, 0) + i, &icmp);
	for (i = 0; i < 512; i++)
		same += lit[i] == answered(mdl, &sc, IN_D1 + 3600 * SEC,
					   A(175, 45, 178, 0) + i, &tcp80);
	CHECK_EQ(same, 512);
	CHECK_EQ(sweep(mdl, &sc, IN_D1 + 86400 * SEC, &icmp), 1024);
	sim_model_free(mdl);
	scenario_free(&sc);
}

static void
test_flap(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	uint32_t a = A(175, 45, 176, 1), b = A(175, 45, 177, 1);
	int64_t t;

	TEST("flap");
	load(&sc, LIVE22("{'kind': 'flap', 'prefix': '175.45.176.0/24', "
			 "'period_s': 100, 'duty': 0.3, " D1 "}"));
	mdl = new_model(&sc);
	CHECK(answered(mdl, &sc, IN_D1 - SEC, a, &icmp));
	for (t = 0; t < 1000; t += 10) {
		bool dark_phase = t % 100 < 30;

		CHECK_EQ(answered(mdl, &sc, IN_D1 + t * SEC, a, &icmp),
			 !dark_phase);
		CHECK(answered(mdl, &sc, IN_D1 + t * SEC, b, &icmp));
	}
	CHECK(answered(mdl, &sc, IN_D1 + 86400 * SEC, a, &icmp));
	sim_model_free(mdl);
	/* The edges of a dark phase, to the millisecond. */
	mdl = new_model(&sc);
	CHECK(!answered(mdl, &sc, IN_D1 + 129999 * (SEC / 1000), a, &icmp));
	CHECK(answered(mdl, &sc, IN_D1 + 130 * SEC, a, &icmp));
	CHECK(answered(mdl, &sc, IN_D1 + 199999 * (SEC / 1000), a, &icmp));
	CHECK(!answered(mdl, &sc, IN_D1 + 200 * SEC, a, &icmp));
	sim_model_free(mdl);
	scenario_free(&sc);
}

static void
test_loss(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	unsigned i, n = 0, m = 0;

	TEST("loss");
	load(&sc, LIVE22("{'kind': 'loss', 'rate': 0.2, " D1
			 "}, {'kind': 'loss', 'rate': 1, 'prefix': "
			 "'10.0.0.0/8', " D1 "}"));
	mdl = new_model(&sc);
	CHECK_EQ(sweep(mdl, &sc, T0, &icmp), 1024);
	for (i = 0; i < 20; i++) {
		n += sweep(mdl, &sc, IN_D1 + i * SEC, &icmp);
		m += sweep(mdl, &sc, IN_D1 + i * SEC, &tcp80);
	}
	/* Each probe and each answer lost with 0.2: 0.64 get through. */
	CHECK(near_binomial(n, 20480, 0.64));
	CHECK(near_binomial(m, 20480, 0.64));
	sim_model_free(mdl);
	scenario_free(&sc);
}

static void
test_ratelimit(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	unsigned i, n = 0, m = 0;

	TEST("ratelimit");
	load(&sc, LIVE22("{'kind': 'ratelimit', 'prefix': '175.45.176.0/22', "
			 "'pps': 10, " D1 "}"));
	mdl = new_model(&sc);
	/* 1000 probes a second for 5 s: a burst of 10, then 10 a second. */
	for (i = 0; i < 5000; i++) {
		n += answered(mdl, &sc, IN_D1 + i * (SEC / 1000),
			      A(175, 45, 176, 0) + i % 1024, &icmp);
		m += answered(mdl, &sc, IN_D1 + i * (SEC / 1000),
			      A(175, 45, 176, 0) + i % 1024, &tcp80);
	}
	CHECK(n >= 58 && n <= 61);
	CHECK_EQ(m, 5000); /* TCP answers are not ICMP: not capped */
	CHECK_EQ(sweep(mdl, &sc, IN_D1 + 86400 * SEC, &icmp), 1024);
	sim_model_free(mdl);
	scenario_free(&sc);
}

static void
test_vantage_and_no_route(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	struct sim_answer ans;
	uint32_t a = A(175, 45, 176, 3);

	TEST("vantage, no-route");
	load(&sc, LIVE22("{'kind': 'vantage', " D1 "}, {'kind': 'no-route', "
			 "'start': '2014-12-23T00:00:00Z', "
			 "'end': '2014-12-23T00:10:00Z'}"));
	mdl = new_model(&sc);
	CHECK(answered(mdl, &sc, IN_D1 - 1, a, &icmp));
	CHECK_EQ(sweep(mdl, &sc, IN_D1, &icmp), 0);
	CHECK_EQ(sweep(mdl, &sc, IN_D1, &tcp80), 0);
	CHECK(answered(mdl, &sc, IN_D1 + 86400 * SEC, a, &tcp80));
	CHECK_EQ(probe(mdl, &sc, T0 + 3 * 86400 * SEC, a, &icmp, 1, &ans),
		 ENETUNREACH);
	CHECK_EQ(ans.len, 0);
	CHECK_EQ(probe(mdl, &sc, T0 + 3 * 86400 * SEC + 599 * SEC,
		       A(8, 8, 8, 8), &tcp80, 1, &ans),
		 ENETUNREACH);
	CHECK_EQ(probe(mdl, &sc, T0 + 3 * 86400 * SEC + 600 * SEC, a, &icmp, 1,
		       &ans),
		 0);
	CHECK(ans.len > 0);
	sim_model_free(mdl);
	scenario_free(&sc);
}

static void
test_availability_and_diurnal(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	const int64_t h = 3600 * SEC;
	unsigned n;

	TEST("availability, diurnal");
	load(&sc, HEAD "'networks': [{'prefix': '175.45.176.0/22', 'hosts': "
		       "1024, 'diurnal': {'amplitude': 1, 'peak': '13:00'}}, "
		       "{'prefix': '175.45.180.0/22', 'hosts': 1024, "
		       "'availability': 0.5, 'diurnal': {'amplitude': 0.5, "
		       "'peak': '06:30'}}]}");
	mdl = new_model(&sc);
	CHECK(fabs(sim_model_availability(&sc.net[0], T0 + 13 * h) - 1) <
	      1e-12);
	CHECK(fabs(sim_model_availability(&sc.net[0], T0 + 1 * h)) < 1e-12);
	CHECK(fabs(sim_model_availability(&sc.net[0], T0 + 7 * h) - 0.5) <
	      1e-12);
	CHECK(fabs(sim_model_availability(&sc.net[0],
					  T0 + 86400 * 3 * SEC + 19 * h) -
		   0.5) < 1e-12);
	/* availability 0.5 times the factor: 0.5 at peak, 0.25 at trough */
	CHECK(fabs(sim_model_availability(&sc.net[1], T0 + 6 * h + h / 2) -
		   0.5) < 1e-12);
	CHECK(fabs(sim_model_availability(&sc.net[1], T0 + 18 * h + h / 2) -
		   0.25) < 1e-12);
	CHECK_EQ(sweep(mdl, &sc, T0 + 1 * h, &icmp), 0);
	n = sweep(mdl, &sc, T0 + 7 * h, &icmp);
	CHECK_EQ(sweep(mdl, &sc, T0 + 13 * h, &icmp), 1024);
	CHECK(near_binomial(n, 1024, 0.5));
	sim_model_free(mdl);
	scenario_free(&sc);
}

/*
 * dwell_s: a host keeps its availability draw for the dwell, so two
 * sweeps a second apart find the same hosts, and sweeps a dwell apart
 * find fresh draws; either way about half of them.
 */
static void
test_dwell(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	const int64_t h = 3600 * SEC;
	static bool at[3][1024];
	const int64_t when[3] = { T0 + h, T0 + h + SEC, T0 + 5 * h };
	uint32_t i, k, same = 0, again = 0, n = 0, later = 0;

	TEST("dwell");
	load(&sc, HEAD "'networks': [{'prefix': '175.45.176.0/22', 'hosts': "
		       "1024, 'availability': 0.5, 'dwell_s': 7200}]}");
	mdl = new_model(&sc);
	for (k = 0; k < 3; k++) /* the model's clock only moves forward */
		for (i = 0; i < 1024; i++)
			at[k][i] = answered(mdl, &sc, when[k],
					    A(175, 45, 176, 0) + i, &icmp);
	for (i = 0; i < 1024; i++) {
		n += at[0][i];
		same += at[0][i] == at[1][i];
		again += at[0][i] && at[2][i];
		later += at[2][i];
	}
	CHECK(near_binomial(n, 1024, 0.5));
	CHECK(near_binomial(later, 1024, 0.5));
	/* a second later: all but those whose dwell just ended (1 s in
	 * 7200, per host) */
	CHECK(same >= 1020);
	/* 4 h later, two dwells on: independent draws */
	CHECK(near_binomial(again, n, 0.5));
	sim_model_free(mdl);
	scenario_free(&sc);
}

/*
 * Events listed out of time order, one that falls between two probes, and
 * overlapping unreachables (the first in the file answers): each holds
 * exactly over its own [start, end).
 */
static void
test_event_times(void)
{
	struct scenario sc;
	struct sim_model *mdl;
	struct sim_answer ans;
	struct reply r;
	const int64_t d = 86400 * SEC;
	uint32_t a = A(175, 45, 176, 1), b = A(175, 45, 177, 1);

	TEST("event times");
	load(&sc, LIVE22("{'kind': 'dark', 'prefix': '175.45.176.0/24', "
			 "'start': '2014-12-23', 'end': '2014-12-24'}, "
			 "{'kind': 'vantage', 'start': '2014-12-22T12:00:00Z', "
			 "'end': '2014-12-22T12:00:01Z'}, "
			 "{'kind': 'unreachable', 'prefix': '175.45.177.0/24', "
			 "'router': '192.0.2.1', 'start': '2014-12-21', "
			 "'end': '2014-12-22'}, "
			 "{'kind': 'unreachable', 'prefix': '175.45.176.0/22', "
			 "'router': '192.0.2.2', 'start': '2014-12-21', "
			 "'end': '2014-12-22'}"));
	mdl = new_model(&sc);
	CHECK(answered(mdl, &sc, T0, a, &icmp) &&
	      answered(mdl, &sc, T0, b, &icmp));
	CHECK_EQ(probe(mdl, &sc, T0 + d, b, &icmp, 1, &ans), 0);
	check_answer(&ans, b, &icmp, 1, REPLY_ICMP_ERROR, &r);
	CHECK_EQ(r.src, A(192, 0, 2, 1));
	CHECK_EQ(probe(mdl, &sc, T0 + d, a, &icmp, 1, &ans), 0);
	check_answer(&ans, a, &icmp, 1, REPLY_ICMP_ERROR, &r);
	CHECK_EQ(r.src, A(192, 0, 2, 2));
	CHECK_EQ(probe(mdl, &sc, T0 + 2 * d - 1, a, &icmp, 1, &ans), 0);
	CHECK_EQ(ans.len > 0 ? ans.bytes[20] : 255, 3);
	/* The vantage cut lies between these two probes: never seen. */
	CHECK(answered(mdl, &sc, T0 + 2 * d, a, &icmp));
	CHECK(answered(mdl, &sc, T0 + 2 * d + d / 2 + 2 * SEC, a, &icmp));
	CHECK(!answered(mdl, &sc, T0 + 3 * d, a, &icmp));
	CHECK(answered(mdl, &sc, T0 + 3 * d, b, &icmp));
	CHECK(answered(mdl, &sc, T0 + 4 * d, a, &icmp));
	sim_model_free(mdl);
	mdl = new_model(&sc);
	CHECK(!answered(mdl, &sc, T0 + 2 * d + d / 2, a, &icmp));
	CHECK(!answered(mdl, &sc, T0 + 2 * d + d / 2 + SEC - 1, b, &icmp));
	CHECK(answered(mdl, &sc, T0 + 2 * d + d / 2 + SEC, b, &icmp));
	sim_model_free(mdl);
	scenario_free(&sc);
}

/* The same calls give the same bytes and times; another seed does not. */
static void
test_determinism(void)
{
	static const char *const text[] = {
		LIVE22("{'kind': 'loss', 'rate': 0.3, " D1 "}"),
		HEAD "'seed': 2, 'networks': [{'prefix': '175.45.176.0/22', "
		     "'hosts': 1024, 'tcp': {'80': 1024}}], 'events': "
		     "[{'kind': 'loss', 'rate': 0.3, " D1 "}]}",
	};
	struct scenario sc[3];
	struct sim_model *mdl[3];
	struct sim_answer a[3];
	unsigned i, k, differ = 0, equal = 0;

	TEST("determinism");
	for (k = 0; k < 3; k++) {
		load(&sc[k], text[k == 2]);
		mdl[k] = new_model(&sc[k]);
	}
	for (i = 0; i < 2000; i++) {
		for (k = 0; k < 3; k++)
			probe(mdl[k], &sc[k], IN_D1 + i * (SEC / 100),
			      A(175, 45, 176, 0) + i % 1024,
			      i % 2 ? &icmp : &tcp80, i, &a[k]);
		equal += a[0].len == a[1].len && a[0].at_ns == a[1].at_ns &&
			 memcmp(a[0].bytes, a[1].bytes, a[0].len) == 0;
		differ += a[0].len != a[2].len || a[0].at_ns != a[2].at_ns;
	}
	CHECK_EQ(equal, 2000);
	CHECK(differ > 500);
	for (k = 0; k < 3; k++) {
		sim_model_free(mdl[k]);
		scenario_free(&sc[k]);
	}
}

int
main(void)
{
	cookie_key_from_seed(&key, 42);
	test_answer_bytes();
	test_exact_counts();
	test_density();
	test_memory();
	test_dark();
	test_flap();
	test_loss();
	test_ratelimit();
	test_vantage_and_no_route();
	test_availability_and_diurnal();
	test_dwell();
	test_event_times();
	test_determinism();
	return test_report("test_model");
}

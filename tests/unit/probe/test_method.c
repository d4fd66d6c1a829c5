/*
 * test_method.c - method lists: parsing, refusals, and naming.
 */
#include "blackout/probe/method.h"

#include "testhelp.h"

static void
test_default(void)
{
	struct method_list l;
	struct bo_error err = { 0, "" };
	char buf[16];

	TEST("default");
	CHECK(method_list_parse(METHOD_DEFAULT, "--methods", &l, &err) == 0);
	CHECK_EQ(l.n, 3);
	CHECK_EQ(l.m[0].kind, METHOD_ICMP_ECHO);
	CHECK_EQ(l.m[0].port, 0);
	CHECK_EQ(l.m[1].kind, METHOD_TCP_SYN);
	CHECK_EQ(l.m[1].port, 80);
	CHECK_EQ(l.m[2].kind, METHOD_TCP_SYN);
	CHECK_EQ(l.m[2].port, 443);
	CHECK_STREQ(method_format(&l.m[0], buf, sizeof(buf)), "icmp");
	CHECK_STREQ(method_format(&l.m[1], buf, sizeof(buf)), "tcp:80");
	CHECK_STREQ(method_format(&l.m[2], buf, sizeof(buf)), "tcp:443");

	CHECK(method_list_parse("tcp:1,tcp:65535", "m", &l, &err) == 0);
	CHECK_EQ(l.n, 2);
	CHECK_EQ(l.m[0].port, 1);
	CHECK_EQ(l.m[1].port, 65535);
	/* Order is kept as given. */
	CHECK(method_list_parse("tcp:22,icmp", "m", &l, &err) == 0);
	CHECK_EQ(l.m[0].kind, METHOD_TCP_SYN);
	CHECK_EQ(l.m[1].kind, METHOD_ICMP_ECHO);
}

static void
test_refused(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "icmp,icmp", "twice" },
		{ "tcp:80,icmp,tcp:80", "twice" },
		{ "tcp:80,tcp:080", "twice" }, /* same port, other spelling */
		{ "tcp:0", "1 to 65535" },
		{ "tcp:65536", "1 to 65535" },
		{ "tcp:-1", "1 to 65535" },
		{ "tcp:", "1 to 65535" },
		{ "tcp:80x", "1 to 65535" },
		{ "tcp:99999999999999999999", "1 to 65535" },
		{ "udp:53", "unknown method" },
		{ "ICMP", "unknown method" },
		{ "tcp", "unknown method" },
		{ "icmp, tcp:80", "unknown method" },
		{ "syn:80", "unknown method" },
		{ "", "no methods" },
		{ ",", "no methods" },
	};
	struct method_list l, keep;
	struct bo_error err;
	size_t i;

	TEST("refused");
	CHECK(method_list_parse("icmp", "m", &keep, NULL) == 0);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		l = keep;
		CHECK(method_list_parse(bad[i].text, "--methods", &l, &err) <
		      0);
		CHECK_EQ(err.status, 64);
		CHECK_HAS(err.msg, "--methods");
		CHECK_HAS(err.msg, bad[i].want);
		/* The output is left alone on failure. */
		CHECK(l.n == 1 && l.m[0].kind == METHOD_ICMP_ECHO);
	}
}

static void
test_limits(void)
{
	char text[512] = "";
	struct method_list l;
	struct bo_error err = { 0, "" };
	int i;

	TEST("limits");
	for (i = 1; i <= METHOD_MAX; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "%stcp:%d", i > 1 ? "," : "", i);
	CHECK(method_list_parse(text, "m", &l, &err) == 0);
	CHECK_EQ(l.n, METHOD_MAX);
	strcat(text, ",icmp");
	CHECK(method_list_parse(text, "m", &l, &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "16");
}

static void
test_roundtrip(void)
{
	struct method m, back;
	struct method_list l;
	char buf[16];
	unsigned port, bad = 0;

	TEST("roundtrip");
	m.kind = METHOD_ICMP_ECHO;
	m.port = 0;
	CHECK(method_list_parse(method_format(&m, buf, sizeof(buf)), "m", &l,
				NULL) == 0);
	CHECK(l.n == 1 && method_equal(&l.m[0], &m));
	for (port = 1; port <= 65535; port++) {
		m.kind = METHOD_TCP_SYN;
		m.port = (uint16_t)port;
		method_format(&m, buf, sizeof(buf));
		if (method_list_parse(buf, "m", &l, NULL) < 0 || l.n != 1) {
			bad++;
			continue;
		}
		back = l.m[0];
		if (!method_equal(&back, &m))
			bad++;
	}
	CHECK_EQ(bad, 0);
	m.port = 65535;
	CHECK_STREQ(method_format(&m, buf, sizeof(buf)), "tcp:65535");
	CHECK(strlen(buf) < 10); /* fits the documented 10-byte buffer */
}

static void
test_list_ops(void)
{
	struct method_list l = { 0 };
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t80 = { METHOD_TCP_SYN, 80 };
	struct method t81 = { METHOD_TCP_SYN, 81 };
	struct method i80 = { METHOD_ICMP_ECHO, 80 };
	int i;

	TEST("list_ops");
	CHECK(method_equal(&t80, &t80));
	CHECK(!method_equal(&t80, &t81));
	CHECK(!method_equal(&icmp, &i80));
	CHECK(!method_equal(&t80, &i80));
	CHECK(method_list_find(&l, &icmp) == -1);
	CHECK_EQ(method_list_add(&l, &icmp), 0);
	CHECK_EQ(method_list_add(&l, &t80), 1);
	CHECK_EQ(method_list_add(&l, &icmp), 0); /* already there */
	CHECK_EQ(l.n, 2);
	CHECK_EQ(method_list_find(&l, &t80), 1);
	CHECK(method_list_find(&l, &t81) == -1);
	for (i = 2; i < METHOD_MAX; i++) {
		struct method m = { METHOD_TCP_SYN, (uint16_t)(1000 + i) };

		CHECK_EQ(method_list_add(&l, &m), i);
	}
	CHECK_EQ(l.n, METHOD_MAX);
	CHECK(method_list_add(&l, &t81) == -1);
	CHECK_EQ(method_list_add(&l, &t80), 1); /* present: still found */
	CHECK_EQ(l.n, METHOD_MAX);
}

int
main(void)
{
	test_default();
	test_refused();
	test_limits();
	test_roundtrip();
	test_list_ops();
	return test_report("test_method");
}

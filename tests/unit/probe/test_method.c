/*
 * test_method.c - method lists: parsing, refusals, and naming; and the
 * table of method ops: complete, and found by kind, name and reply.
 */
#include "blackout/probe/method.h"

#include <netinet/in.h>

#include "blackout/probe/cookie.h"
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

static void
test_table(void)
{
	static const enum method_kind kinds[] = {
		METHOD_ICMP_ECHO,
		METHOD_TCP_SYN,
	};
	const struct method_ops *ops, *other;
	size_t i, j, k, n = 0;

	TEST("table");
	for (i = 0; (ops = method_ops_nth(i)) != NULL; i++) {
		n++;
		/* Complete: every field filled. */
		CHECK(ops->name != NULL && ops->name[0] != '\0');
		CHECK(ops->ip_proto != 0);
		CHECK(ops->filter != NULL && ops->filter[0] != '\0');
		CHECK(ops->build != NULL);
		CHECK(ops->template_checksum != NULL);
		CHECK(ops->fill != NULL);
		CHECK(ops->parse_reply != NULL);
		CHECK(ops->parse_quoted != NULL);
		CHECK(ops->answers != NULL);
		CHECK(ops->cookie_fits != NULL);
		CHECK(ops->count != NULL);
		CHECK(ops->field_values != NULL);
		CHECK(ops->fields[0] != NULL); /* a probe line shows one */
		for (k = 0; k < METHOD_COUNTERS_MAX && ops->counters[k]; k++)
			CHECK(ops->counters[k][0] != '\0');
		/* Found again by its kind and its name. */
		CHECK(method_ops(ops->kind) == ops);
		CHECK(method_ops_find(ops->name) == ops);
		/* Kinds and names are unique. */
		for (j = 0; (other = method_ops_nth(j)) != NULL; j++)
			if (j != i)
				CHECK(other->kind != ops->kind &&
				      strcmp(other->name, ops->name) != 0);
	}
	CHECK_EQ(n, sizeof(kinds) / sizeof(*kinds));
	for (i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		CHECK(method_ops(kinds[i]) != NULL &&
		      method_ops(kinds[i])->kind == kinds[i]);
	CHECK(method_ops((enum method_kind)0) == NULL);
	CHECK(method_ops_nth(n) == NULL);
	CHECK(method_ops_find("udp") == NULL);
	CHECK(method_ops_find("") == NULL);
	CHECK(method_ops_find("tcp:80") == NULL); /* names carry no port */
	CHECK_STREQ(method_ops_find("icmp")->name, "icmp");
	CHECK(!method_ops_find("icmp")->has_port);
	CHECK(method_ops_find("tcp")->has_port);
}

static void
test_of_reply(void)
{
	struct method m, icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t443 = { METHOD_TCP_SYN, 443 };
	struct reply r;

	TEST("of_reply");
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_ECHO;
	r.probe_proto = IPPROTO_ICMP;
	r.tcp_dport = 80; /* not an ICMP field: ignored */
	CHECK(method_of_reply(&r, &m) && method_equal(&m, &icmp));
	r.kind = REPLY_SYNACK;
	r.probe_proto = IPPROTO_TCP;
	r.tcp_dport = 443;
	CHECK(method_of_reply(&r, &m) && method_equal(&m, &t443));
	/* An ICMP error maps to the probe it quotes. */
	r.kind = REPLY_ICMP_ERROR;
	CHECK(method_of_reply(&r, &m) && method_equal(&m, &t443));
	r.probe_proto = IPPROTO_ICMP;
	CHECK(method_of_reply(&r, &m) && method_equal(&m, &icmp));
	r.probe_proto = IPPROTO_UDP;
	CHECK(!method_of_reply(&r, &m));
}

static void
test_ops(void)
{
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t80 = { METHOD_TCP_SYN, 80 };
	const struct method_ops *oi = method_ops(METHOD_ICMP_ECHO);
	const struct method_ops *ot = method_ops(METHOD_TCP_SYN);
	struct cookie c = { .echo_id = 0x1234,
			    .echo_seq = 0x5678,
			    .tcp_sport = 0x9abc,
			    .tcp_seq = 0xdeadbeef };
	uint32_t v[METHOD_FIELDS_MAX];
	struct reply r;
	char buf[1024];

	TEST("ops");
	/* Counters: named by the ops, found by name. */
	CHECK(oi->counters[0] == NULL);
	CHECK_STREQ(ot->counters[0], "synack");
	CHECK_STREQ(ot->counters[1], "rst");
	CHECK_EQ(method_counter(&t80, "synack"), 0);
	CHECK_EQ(method_counter(&t80, "rst"), 1);
	CHECK(method_counter(&t80, "echo") == -1);
	CHECK(method_counter(&icmp, "synack") == -1);
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_SYNACK;
	CHECK_EQ(ot->count(&r), 0);
	r.kind = REPLY_RST;
	CHECK_EQ(ot->count(&r), 1);
	r.kind = REPLY_ECHO;
	CHECK(ot->count(&r) == -1 && oi->count(&r) == -1);

	/* The probe line's cookie fields. */
	CHECK_STREQ(oi->fields[0], "icmp_id");
	CHECK_STREQ(oi->fields[1], "seq");
	oi->field_values(&c, v);
	CHECK(v[0] == 0x1234 && v[1] == 0x5678);
	CHECK_STREQ(ot->fields[0], "sport");
	CHECK_STREQ(ot->fields[1], "seq");
	ot->field_values(&c, v);
	CHECK(v[0] == 0x9abc && v[1] == 0xdeadbeef);

	/* The cookie check reads each method's own fields. */
	r.echo_id = 0x1234;
	r.echo_seq = 0x5678;
	CHECK(oi->cookie_fits(&r, &c) && !ot->cookie_fits(&r, &c));
	r.echo_seq ^= 1;
	CHECK(!oi->cookie_fits(&r, &c));
	r.tcp_sport = 0x9abc;
	r.tcp_seq = 0xdeadbeef;
	CHECK(ot->cookie_fits(&r, &c));
	r.tcp_seq ^= 1u << 31;
	CHECK(!ot->cookie_fits(&r, &c));

	/* The capture filter: ICMP errors, then each method's replies. */
	CHECK(method_filter(buf, sizeof(buf)) == 0);
	CHECK_HAS(buf, "icmp-unreach");
	CHECK_HAS(buf, "icmp-timxceed");
	CHECK_HAS(buf, oi->filter);
	CHECK_HAS(buf, ot->filter);
	CHECK(method_filter(buf, 40) == -1);
}

int
main(void)
{
	test_default();
	test_refused();
	test_limits();
	test_roundtrip();
	test_list_ops();
	test_table();
	test_of_reply();
	test_ops();
	return test_report("test_method");
}

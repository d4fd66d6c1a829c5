/*
 * test_reply.c - reply_parse on crafted bytes: good replies, every
 * truncation, every refusal, and random damage; the names of ICMP errors
 * (what the matcher does with a parsed reply: test_matcher.c).
 */
#include "blackout/probe/packet.h"
#include "blackout/probe/reply.h"

#include "testhelp.h"
#include "testpkt.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define US A(198, 18, 0, 1)
#define HOST A(175, 45, 176, 5)
#define ROUTER A(219, 158, 3, 1)

static struct cookie_key key;
static const char payload[] = PACKET_PAYLOAD;

/* Parses from an exact-size heap copy, so a sanitizer sees any overread. */
static enum reply_reject
parse(const uint8_t *buf, size_t len, struct reply *r)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum reply_reject rej;

	memcpy(copy, buf, len);
	r->ts_ns = 0;
	rej = reply_parse(copy, len, r);
	free(copy);
	return rej;
}

static size_t
probe(uint8_t *out, const struct method *m, uint32_t dst, uint32_t round,
      uint8_t wave)
{
	return tp_probe(out, &key, m, US, dst, round, wave);
}

#define answer_echo tp_answer_echo
#define answer_tcp tp_answer_tcp
#define answer_error(p, out, type, code) \
	tp_answer_error(p, out, ROUTER, type, code)

/*
 * Every prefix of pkt is refused as truncated; with the lengths rewritten
 * to match (total length, checksums), prefixes shorter than `need` are
 * still refused and longer ones parse like the whole packet.
 */
static void
check_truncations(const uint8_t *pkt, size_t len, size_t need)
{
	uint8_t b[PACKET_MAX * 2];
	struct reply whole, r;
	unsigned bad_raw = 0, bad_short = 0, bad_long = 0;
	size_t n;

	CHECK(parse(pkt, len, &whole) == REJECT_NONE);
	for (n = 0; n < len; n++)
		bad_raw += parse(pkt, n, &r) != REJECT_TRUNCATED;
	for (n = 20; n <= len; n++) {
		enum reply_reject rej;

		memcpy(b, pkt, n);
		tp_put16(b + 2, (uint16_t)n);
		tp_fix_ip(b);
		if (b[9] == TP_ICMP && n >= 24)
			tp_fix_icmp(b + 20, n - 20);
		if (b[9] == TP_TCP && n >= 38)
			tp_fix_tcp(b, n);
		rej = parse(b, n, &r);
		if (n < need)
			bad_short += rej == REJECT_NONE;
		else
			bad_long += rej != REJECT_NONE ||
				    r.kind != whole.kind ||
				    r.probe_dst != whole.probe_dst ||
				    r.echo_id != whole.echo_id ||
				    r.tcp_seq != whole.tcp_seq;
	}
	CHECK_EQ(bad_raw, 0);
	CHECK_EQ(bad_short, 0);
	CHECK_EQ(bad_long, 0);
}

static void
test_good_replies(void)
{
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t80 = { METHOD_TCP_SYN, 80 };
	uint8_t b[PACKET_MAX * 2], p[PACKET_MAX];
	struct cookie c;
	struct reply r;
	size_t len;

	TEST("good_replies");
	len = tp_echo(b, 0, HOST, US, 0x1234, 0x5678, payload, 20);
	r.ts_ns = 777;
	CHECK(reply_parse(b, len, &r) == REJECT_NONE);
	CHECK_EQ(r.ts_ns, 777); /* the receiver's capture time survives */
	CHECK_EQ(r.kind, REPLY_ECHO);
	CHECK(r.src == HOST && r.dst == US && r.probe_dst == HOST);
	CHECK_EQ(r.probe_proto, TP_ICMP);
	CHECK(r.echo_id == 0x1234 && r.echo_seq == 0x5678);
	CHECK_EQ(r.ttl, 57);
	check_truncations(b, len, 28);
	/* Ethernet padding after the total length is ignored. */
	memset(b + len, 0, 6);
	CHECK(parse(b, len + 6, &r) == REJECT_NONE && r.kind == REPLY_ECHO);

	len = tp_tcp(b, HOST, US, 80, 40000, 0xdeadbeef, 0x11223345,
		     TP_SYN | TP_ACK);
	CHECK(parse(b, len, &r) == REJECT_NONE);
	CHECK_EQ(r.kind, REPLY_SYNACK);
	CHECK(r.src == HOST && r.probe_dst == HOST && r.dst == US);
	CHECK_EQ(r.probe_proto, TP_TCP);
	CHECK_EQ(r.tcp_sport, 40000); /* the probe's source port */
	CHECK_EQ(r.tcp_dport, 80);
	CHECK_EQ(r.tcp_seq, 0x11223344); /* ack - 1 */
	check_truncations(b, len, 40);
	len = tp_tcp(b, HOST, US, 80, 40000, 1, 0, TP_SYN | TP_ACK);
	CHECK(parse(b, len, &r) == REJECT_NONE && r.tcp_seq == 0xffffffffu);

	len = tp_tcp(b, HOST, US, 443, 1024, 0, 0x80000000u, TP_RST | TP_ACK);
	CHECK(parse(b, len, &r) == REJECT_NONE);
	CHECK_EQ(r.kind, REPLY_RST);
	CHECK(r.tcp_sport == 1024 && r.tcp_dport == 443 &&
	      r.tcp_seq == 0x7fffffffu);
	check_truncations(b, len, 40);

	/* Net unreachable quoting an echo request: 28 bytes, as RFC 792. */
	c = cookie_make(&key, A(175, 45, 177, 9), &icmp, 3, 0);
	probe(p, &icmp, A(175, 45, 177, 9), 3, 0);
	len = answer_error(p, b, 3, 0);
	CHECK(parse(b, len, &r) == REJECT_NONE);
	CHECK_EQ(r.kind, REPLY_ICMP_ERROR);
	CHECK(r.src == ROUTER && r.dst == US);
	CHECK_EQ(r.probe_dst, A(175, 45, 177, 9));
	CHECK_EQ(r.probe_proto, TP_ICMP);
	CHECK(r.icmp_type == 3 && r.icmp_code == 0);
	CHECK(r.echo_id == c.echo_id && r.echo_seq == c.echo_seq);
	CHECK_EQ(r.ttl, 250);
	check_truncations(b, len, 56);
	/* Quoting the whole probe, as Linux does. */
	len = tp_icmp_error(b, ROUTER, US, 3, 0, p, tp_get16(p + 2));
	CHECK(parse(b, len, &r) == REJECT_NONE && r.echo_seq == c.echo_seq);

	/* Host unreachable quoting a TCP SYN. */
	c = cookie_make(&key, A(175, 45, 178, 1), &t80, 3, 1);
	probe(p, &t80, A(175, 45, 178, 1), 3, 1);
	len = answer_error(p, b, 3, 1);
	CHECK(parse(b, len, &r) == REJECT_NONE);
	CHECK_EQ(r.kind, REPLY_ICMP_ERROR);
	CHECK(r.src == ROUTER && r.probe_dst == A(175, 45, 178, 1));
	CHECK_EQ(r.probe_proto, TP_TCP);
	CHECK(r.tcp_sport == c.tcp_sport && r.tcp_dport == 80 &&
	      r.tcp_seq == c.tcp_seq);
	CHECK(r.icmp_type == 3 && r.icmp_code == 1);
	check_truncations(b, len, 56);

	/* Time exceeded in transit. */
	probe(p, &icmp, A(175, 45, 179, 3), 3, 0);
	len = answer_error(p, b, 11, 0);
	CHECK(parse(b, len, &r) == REJECT_NONE);
	CHECK(r.kind == REPLY_ICMP_ERROR && r.icmp_type == 11 &&
	      r.icmp_code == 0 && r.probe_dst == A(175, 45, 179, 3));
	check_truncations(b, len, 56);

	/* IP options (IHL 6) on the reply are skipped. */
	len = tp_echo(p, 0, HOST, US, 9, 10, payload, 8);
	memcpy(b, p, 20);
	memset(b + 20, 1, 4); /* four NOPs */
	memcpy(b + 24, p + 20, len - 20);
	b[0] = 0x46;
	tp_put16(b + 2, (uint16_t)(len + 4));
	tp_fix_ip(b);
	CHECK(parse(b, len + 4, &r) == REJECT_NONE);
	CHECK(r.kind == REPLY_ECHO && r.echo_id == 9 && r.echo_seq == 10);
}

static void
test_refusals(void)
{
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	uint8_t b[PACKET_MAX * 2], p[PACKET_MAX];
	struct reply r;
	size_t len;
	uint64_t pseudo;

	TEST("refusals");
	len = tp_echo(b, 0, HOST, US, 1, 2, payload, 16);
	b[10] ^= 0x01; /* IP checksum */
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	b[10] ^= 0x01;
	b[22] ^= 0x80; /* ICMP checksum */
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	b[22] ^= 0x80;
	b[len - 1] ^= 0x01; /* payload changed, checksum not */
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	b[len - 1] ^= 0x01;
	CHECK_EQ(parse(b, len, &r), REJECT_NONE);

	/* Fragments, other versions, short headers. */
	tp_put16(b + 6, 0x2000); /* more fragments */
	tp_fix_ip(b);
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	tp_put16(b + 6, 0x0010); /* a later fragment */
	tp_fix_ip(b);
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	tp_put16(b + 6, 0x4000);
	tp_fix_ip(b);
	CHECK_EQ(parse(b, len, &r), REJECT_NONE);
	b[0] = 0x65;
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	b[0] = 0x60;
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	b[0] = 0x44;
	tp_fix_ip(b);
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	b[0] = 0x40;
	CHECK_EQ(parse(b, len, &r), REJECT_MALFORMED);
	b[0] = 0x45;
	tp_put16(b + 2, 19); /* total length shorter than the header */
	tp_fix_ip(b);
	CHECK(parse(b, len, &r) != REJECT_NONE);
	b[0] = 0x4f; /* a 60-byte header in a 44-byte packet */
	tp_put16(b + 2, (uint16_t)len);
	CHECK(parse(b, 44, &r) != REJECT_NONE);

	/* Well-formed, but not a reply. */
	len = tp_echo(b, 8, HOST, US, 1, 2, payload, 16);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	len = tp_echo(b, 5, HOST, US, 1, 2, payload, 16); /* redirect */
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 0, TP_SYN);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 2, TP_ACK);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 2, TP_FIN | TP_ACK);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 2, TP_SYN | TP_FIN | TP_ACK);
	CHECK(parse(b, len, &r) != REJECT_NONE);
	b[9] = TP_UDP;
	tp_fix_ip(b);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	/* An error quoting something we never send. */
	probe(p, &icmp, HOST, 1, 0);
	p[9] = TP_UDP;
	len = answer_error(p, b, 3, 3);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	p[9] = TP_ICMP;
	p[20] = 0; /* quotes an echo reply */
	len = answer_error(p, b, 3, 0);
	CHECK_EQ(parse(b, len, &r), REJECT_UNINTERESTING);
	p[20] = 8;
	len = answer_error(p, b, 3, 0);
	b[28] = 0x44; /* quoted IHL 4 */
	tp_fix_icmp(b + 20, len - 20);
	CHECK(parse(b, len, &r) != REJECT_NONE);
	b[28] = 0x45;
	tp_fix_icmp(b + 20, len - 20);
	CHECK_EQ(parse(b, len, &r), REJECT_NONE);
	b[22] ^= 0x01; /* ICMP checksum of the error */
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);

	/* TCP checksums: wrong is refused ... */
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 2, TP_SYN | TP_ACK);
	b[36] ^= 0x01;
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	b[36] ^= 0x01;
	b[34] ^= 0x01; /* window changed, checksum not */
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	b[34] ^= 0x01;
	/* ... but the folded pseudo-header sum (CHECKSUM_PARTIAL) is not. */
	pseudo = tp_pseudo(HOST, US, TP_TCP, 20);
	while (pseudo > 0xffff)
		pseudo = (pseudo & 0xffff) + (pseudo >> 16);
	tp_put16(b + 36, (uint16_t)pseudo);
	CHECK_EQ(parse(b, len, &r), REJECT_NONE);
	CHECK_EQ(r.kind, REPLY_SYNACK);
	tp_put16(b + 36, (uint16_t)(pseudo + 1));
	CHECK_EQ(parse(b, len, &r), REJECT_CHECKSUM);
	/* Bad data offsets. */
	len = tp_tcp(b, HOST, US, 80, 4000, 1, 2, TP_SYN | TP_ACK);
	b[32] = 4 << 4;
	tp_fix_tcp(b, len);
	CHECK(parse(b, len, &r) != REJECT_NONE);
	b[32] = 15 << 4;
	tp_fix_tcp(b, len);
	CHECK(parse(b, len, &r) != REJECT_NONE);
}

/* Random damage to good packets must never crash or yield a kindless reply. */
static void
test_fuzz(void)
{
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t80 = { METHOD_TCP_SYN, 80 };
	uint8_t seeds[4][PACKET_MAX], b[PACKET_MAX], p[PACKET_MAX];
	size_t lens[4];
	unsigned i, bad = 0;
	uint64_t st = 11;
	struct reply r;

	TEST("fuzz");
	lens[0] = tp_echo(seeds[0], 0, HOST, US, 1, 2, payload, 16);
	lens[1] = tp_tcp(seeds[1], HOST, US, 80, 4000, 1, 2, TP_SYN | TP_ACK);
	probe(p, &icmp, HOST, 1, 0);
	lens[2] = answer_error(p, seeds[2], 3, 0);
	probe(p, &t80, HOST, 1, 0);
	lens[3] = answer_error(p, seeds[3], 11, 0);
	for (i = 0; i < 200000; i++) {
		unsigned s = i % 4, k, flips = 1 + (unsigned)(th_rand(&st) % 4);
		size_t len = lens[s];

		memcpy(b, seeds[s], len);
		for (k = 0; k < flips; k++)
			b[th_rand(&st) % len] ^= (uint8_t)(1 +
							   th_rand(&st) % 255);
		if (th_rand(&st) % 4 == 0)
			len = (size_t)(th_rand(&st) % (len + 1));
		if (i % 8 == 0) { /* keep the IP header valid, go deeper */
			tp_fix_ip(b);
			if (b[9] == TP_ICMP && len > 24)
				tp_fix_icmp(b + 20, len - 20);
		}
		if (parse(b, len, &r) == REJECT_NONE && r.kind == REPLY_NONE)
			bad++;
	}
	CHECK_EQ(bad, 0);
}

/* The names of ICMP errors in round lines' unreachable[].reason. */
static void
test_names(void)
{
	static const char *const unreach[] = {
		"net-unreachable",
		"host-unreachable",
		"protocol-unreachable",
		"port-unreachable",
		"fragmentation-needed",
		"source-route-failed",
		"net-unknown",
		"host-unknown",
		"source-host-isolated",
		"net-prohibited",
		"host-prohibited",
		"net-tos-unreachable",
		"host-tos-unreachable",
		"admin-prohibited",
		"host-precedence-violation",
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
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(key.k); i++)
		key.k[i] = (uint8_t)(0x5a ^ (i * 29));
	test_good_replies();
	test_refusals();
	test_fuzz();
	test_names();
	return test_report("test_reply");
}

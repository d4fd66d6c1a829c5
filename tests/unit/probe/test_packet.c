/*
 * test_packet.c - probe packets: headers, cookie placement and checksums,
 * verified with the independent checksum in testpkt.h.
 */
#define _GNU_SOURCE /* memmem */
#include "blackout/probe/packet.h"

#include "testhelp.h"
#include "testpkt.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

#define SRC A(198, 18, 0, 1)
#define DST A(175, 45, 176, 10)

static struct cookie_key key;

static void
check_ip(const uint8_t *ip, size_t len, uint8_t proto, uint32_t dst,
	 uint16_t ip_id)
{
	CHECK_EQ(ip[0], 0x45);
	CHECK_EQ(tp_get16(ip + 2), len);
	CHECK_EQ(tp_get16(ip + 4), ip_id);
	CHECK_EQ(tp_get16(ip + 6) & 0x3fff, 0); /* no fragment */
	CHECK_EQ(ip[8], PACKET_TTL);
	CHECK_EQ(ip[8], 64);
	CHECK_EQ(ip[9], proto);
	CHECK_EQ(tp_get32(ip + 12), SRC);
	CHECK_EQ(tp_get32(ip + 16), dst);
	CHECK_EQ(tp_sum(ip, 20, 0), 0xffff); /* header checksum verifies */
}

static void
test_icmp(void)
{
	struct method m = { METHOD_ICMP_ECHO, 0 };
	struct packet_template tpl;
	struct bo_error err = { 0, "" };
	uint8_t out[PACKET_MAX];
	struct cookie c = cookie_make(&key, DST, &m, 1, 0);
	size_t len, plen = strlen(PACKET_PAYLOAD);

	TEST("icmp");
	CHECK(packet_template_build(&tpl, &m, SRC, &err) == 0);
	CHECK_EQ(tpl.len, 20 + 8 + plen);
	CHECK_EQ(tpl.src, SRC);
	CHECK(method_equal(&tpl.method, &m));
	memset(out, 0xee, sizeof(out));
	len = packet_fill(&tpl, DST, &c, 0xbeef, out);
	CHECK_EQ(len, tpl.len);
	check_ip(out, len, 1, DST, 0xbeef);
	CHECK_EQ(out[20], 8); /* echo request */
	CHECK_EQ(out[21], 0);
	CHECK_EQ(tp_get16(out + 24), c.echo_id);
	CHECK_EQ(tp_get16(out + 26), c.echo_seq);
	CHECK_EQ(tp_sum(out + 20, len - 20, 0), 0xffff);
	CHECK(memcmp(out + 28, PACKET_PAYLOAD, plen) == 0);
	CHECK(memmem(out + 28, len - 28, "blackout", 8) != NULL);
	CHECK_EQ(out[len], 0xee); /* nothing written past the length */
}

static void
test_tcp(void)
{
	struct method m = { METHOD_TCP_SYN, 80 };
	struct packet_template tpl;
	struct bo_error err = { 0, "" };
	uint8_t out[PACKET_MAX], *t = out + 20;
	struct cookie c = cookie_make(&key, DST, &m, 1, 0);
	size_t len, doff, i;
	int mss = 0;

	TEST("tcp");
	CHECK(packet_template_build(&tpl, &m, SRC, &err) == 0);
	memset(out, 0xee, sizeof(out));
	len = packet_fill(&tpl, DST, &c, 7, out);
	CHECK_EQ(len, tpl.len);
	CHECK(len >= 40);
	check_ip(out, len, 6, DST, 7);
	CHECK_EQ(tp_get16(t), c.tcp_sport);
	CHECK_EQ(tp_get16(t + 2), 80);
	CHECK_EQ(tp_get32(t + 4), c.tcp_seq);
	CHECK_EQ(tp_get32(t + 8), 0);
	CHECK_EQ(t[13], TP_SYN);      /* SYN and nothing else */
	CHECK(tp_get16(t + 14) != 0); /* a window */
	doff = (size_t)(t[12] >> 4) * 4;
	CHECK(doff > 20);
	CHECK_EQ(doff, len - 20); /* options, no payload */
	/* Walk the options for an MSS (kind 2, length 4). */
	for (i = 20; i < doff && i < len - 20;) {
		if (t[i] == 0)
			break;
		if (t[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= doff || t[i + 1] < 2)
			break;
		if (t[i] == 2 && t[i + 1] == 4 && tp_get16(t + i + 2) >= 536)
			mss = 1;
		i += t[i + 1];
	}
	CHECK(mss);
	CHECK_EQ(tp_sum(t, len - 20, tp_pseudo(SRC, DST, 6, len - 20)), 0xffff);
	CHECK_EQ(out[len], 0xee);

	/* Another port. */
	m.port = 443;
	CHECK(packet_template_build(&tpl, &m, SRC, &err) == 0);
	len = packet_fill(&tpl, DST, &c, 7, out);
	CHECK_EQ(tp_get16(t + 2), 443);
	CHECK_EQ(tp_sum(t, len - 20, tp_pseudo(SRC, DST, 6, len - 20)), 0xffff);
}

/* Refilling one buffer never leaves a stale field or checksum. */
static void
test_refill(void)
{
	struct method mi = { METHOD_ICMP_ECHO, 0 };
	struct method mt = { METHOD_TCP_SYN, 65535 };
	struct packet_template ti, tt;
	uint8_t out[PACKET_MAX];
	unsigned i, bad_ip = 0, bad_l4 = 0, bad_field = 0;
	uint64_t st = 1;

	TEST("refill");
	CHECK(packet_template_build(&ti, &mi, SRC, NULL) == 0);
	CHECK(packet_template_build(&tt, &mt, SRC, NULL) == 0);
	for (i = 0; i < 20000; i++) {
		uint32_t dst = (uint32_t)th_rand(&st);
		struct cookie c;
		size_t len;

		c.echo_id = (uint16_t)th_rand(&st);
		c.echo_seq = (uint16_t)th_rand(&st);
		c.tcp_sport = (uint16_t)th_rand(&st);
		c.tcp_seq = (uint32_t)th_rand(&st);
		if (i < 4) { /* the extremes */
			uint16_t v = i & 1 ? 0xffff : 0;

			c.echo_id = c.echo_seq = c.tcp_sport = v;
			c.tcp_seq = i & 1 ? 0xffffffffu : 0;
			dst = i & 2 ? 0xffffffffu : 0;
		}
		len = packet_fill(&ti, dst, &c, (uint16_t)i, out);
		bad_ip += tp_sum(out, 20, 0) != 0xffff;
		bad_l4 += tp_sum(out + 20, len - 20, 0) != 0xffff;
		bad_field += tp_get32(out + 16) != dst ||
			     tp_get16(out + 24) != c.echo_id ||
			     tp_get16(out + 26) != c.echo_seq;
		len = packet_fill(&tt, dst, &c, (uint16_t)i, out);
		bad_ip += tp_sum(out, 20, 0) != 0xffff;
		bad_l4 += tp_sum(out + 20, len - 20,
				 tp_pseudo(SRC, dst, 6, len - 20)) != 0xffff;
		bad_field += tp_get32(out + 16) != dst ||
			     tp_get16(out + 20) != c.tcp_sport ||
			     tp_get32(out + 24) != c.tcp_seq ||
			     tp_get16(out + 22) != 65535;
	}
	CHECK_EQ(bad_ip, 0);
	CHECK_EQ(bad_l4, 0);
	CHECK_EQ(bad_field, 0);
}

/* packet.c's own checksum helpers agree with the independent one. */
static void
test_checksum(void)
{
	uint8_t buf[301];
	unsigned i, len, bad = 0;
	uint16_t want;
	uint64_t st = 5;

	TEST("checksum");
	for (i = 0; i < 2000; i++) {
		size_t k;

		len = (unsigned)(th_rand(&st) % sizeof(buf));
		for (k = 0; k < len; k++)
			buf[k] = i < 10 ? 0xff : (uint8_t)th_rand(&st);
		bad += packet_csum_partial(buf, len, 0) != tp_sum(buf, len, 0);
		want = (uint16_t)~tp_sum(buf, len, 0);
		bad += packet_checksum(buf, len) != want;
		bad += packet_csum_partial(buf, len, 0x1234u) !=
		       tp_sum(buf, len, 0x1234u);
	}
	CHECK_EQ(bad, 0);
	/* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2. */
	{
		static const uint8_t ex[] = { 0x00, 0x01, 0xf2, 0x03,
					      0xf4, 0xf5, 0xf6, 0xf7 };

		CHECK_EQ(packet_csum_partial(ex, sizeof(ex), 0), 0xddf2);
		CHECK_EQ(tp_sum(ex, sizeof(ex), 0), 0xddf2);
		CHECK_EQ(packet_checksum(ex, sizeof(ex)), 0x220d);
	}
	CHECK_EQ(packet_checksum(buf, 0), 0xffff);
}

/* The checksum at off of len bytes, recomputed in full with it zeroed. */
static uint16_t
full_sum(const uint8_t *pkt, size_t len, size_t off, uint64_t init)
{
	uint8_t copy[PACKET_MAX];

	memcpy(copy, pkt, len);
	copy[off] = copy[off + 1] = 0;
	return (uint16_t)~tp_sum(copy, len, init);
}

/*
 * The incremental checksums (RFC 1624) equal a full recomputation bit for
 * bit, not merely verify, for many random patches of both templates.
 */
static void
test_incremental(void)
{
	struct method mi = { METHOD_ICMP_ECHO, 0 },
		      mt = { METHOD_TCP_SYN, 443 };
	struct packet_template ti, tt;
	uint8_t out[PACKET_MAX];
	unsigned i, bad = 0;
	uint64_t st = 11;

	TEST("incremental");
	CHECK(packet_template_build(&ti, &mi, SRC, NULL) == 0);
	CHECK(packet_template_build(&tt, &mt, SRC, NULL) == 0);
	for (i = 0; i < 100000; i++) {
		uint32_t dst = (uint32_t)th_rand(&st);
		uint16_t id = (uint16_t)th_rand(&st);
		struct cookie c;
		size_t len;

		c.echo_id = (uint16_t)th_rand(&st);
		c.echo_seq = (uint16_t)th_rand(&st);
		c.tcp_sport = (uint16_t)th_rand(&st);
		c.tcp_seq = (uint32_t)th_rand(&st);
		if (i % 7 == 0) /* words that sum to the edges of the range */
			c.echo_seq = (uint16_t)(0xffff - c.echo_id);
		len = packet_fill(&ti, dst, &c, id, out);
		bad += tp_get16(out + 10) != full_sum(out, 20, 10, 0);
		bad += tp_get16(out + 22) != full_sum(out + 20, len - 20, 2, 0);
		len = packet_fill(&tt, dst, &c, id, out);
		bad += tp_get16(out + 10) != full_sum(out, 20, 10, 0);
		bad += tp_get16(out + 36) !=
		       full_sum(out + 20, len - 20, 16,
				tp_pseudo(SRC, dst, 6, len - 20));
	}
	CHECK_EQ(bad, 0);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(key.k); i++)
		key.k[i] = (uint8_t)(i * 17 + 3);
	test_icmp();
	test_tcp();
	test_refill();
	test_checksum();
	test_incremental();
	return test_report("test_packet");
}

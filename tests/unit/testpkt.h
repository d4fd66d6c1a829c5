/*
 * testpkt.h - packet bytes for the unit tests: an Internet checksum written
 * independently of packet.c (byte sums weighted by position rather than
 * 16-bit words), and builders for the replies a prober sees. Addresses are
 * host order, like everywhere in blackout.
 */
#ifndef BLACKOUT_TESTPKT_H
#define BLACKOUT_TESTPKT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TP_ICMP 1
#define TP_TCP 6
#define TP_UDP 17

#define TP_FIN 0x01
#define TP_SYN 0x02
#define TP_RST 0x04
#define TP_ACK 0x10

/*
 * The ones'-complement sum of data (RFC 1071), folded to 16 bits, plus
 * init: high bytes (even offsets) weigh 256, low bytes 1.
 */
static inline uint16_t
tp_sum(const uint8_t *data, size_t len, uint64_t init)
{
	uint64_t hi = 0, lo = 0, s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 2 == 0)
			hi += data[i];
		else
			lo += data[i];
	}
	s = init + hi * 256 + lo;
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The TCP/UDP pseudo-header's contribution to the sum. */
static inline uint64_t
tp_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t l4len)
{
	return (uint64_t)(src >> 16) + (src & 0xffff) + (dst >> 16) +
	       (dst & 0xffff) + proto + l4len;
}

static inline uint16_t
tp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
tp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void
tp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
tp_put32(uint8_t *p, uint32_t v)
{
	tp_put16(p, (uint16_t)(v >> 16));
	tp_put16(p + 2, (uint16_t)v);
}

/* Recomputes the IPv4 header checksum (header length from IHL). */
static inline void
tp_fix_ip(uint8_t *ip)
{
	size_t hlen = (size_t)(ip[0] & 0x0f) * 4;

	tp_put16(ip + 10, 0);
	tp_put16(ip + 10, (uint16_t)~tp_sum(ip, hlen, 0));
}

/* A 20-byte IPv4 header. */
static inline void
tp_ip(uint8_t *ip, uint8_t proto, uint32_t src, uint32_t dst, size_t total,
      uint8_t ttl)
{
	memset(ip, 0, 20);
	ip[0] = 0x45;
	tp_put16(ip + 2, (uint16_t)total);
	tp_put16(ip + 4, 0x4242);
	tp_put16(ip + 6, 0x4000); /* DF, as Linux sends */
	ip[8] = ttl;
	ip[9] = proto;
	tp_put32(ip + 12, src);
	tp_put32(ip + 16, dst);
	tp_fix_ip(ip);
}

/* Recomputes the ICMP checksum of the ICMP message at icmp[0..len). */
static inline void
tp_fix_icmp(uint8_t *icmp, size_t len)
{
	tp_put16(icmp + 2, 0);
	tp_put16(icmp + 2, (uint16_t)~tp_sum(icmp, len, 0));
}

/* Recomputes the TCP checksum of the packet at ip (20-byte header). */
static inline void
tp_fix_tcp(uint8_t *ip, size_t total)
{
	uint8_t *tcp = ip + 20;

	tp_put16(tcp + 16, 0);
	tp_put16(tcp + 16, (uint16_t)~tp_sum(tcp, total - 20,
					     tp_pseudo(tp_get32(ip + 12),
						       tp_get32(ip + 16),
						       TP_TCP, total - 20)));
}

/* An ICMP echo (type 0 reply, 8 request) with a payload. Returns length. */
static inline size_t
tp_echo(uint8_t *b, uint8_t type, uint32_t src, uint32_t dst, uint16_t id,
	uint16_t seq, const void *payload, size_t plen)
{
	size_t len = 20 + 8 + plen;

	tp_ip(b, TP_ICMP, src, dst, len, 57);
	memset(b + 20, 0, 8);
	b[20] = type;
	tp_put16(b + 24, id);
	tp_put16(b + 26, seq);
	memcpy(b + 28, payload, plen);
	tp_fix_icmp(b + 20, 8 + plen);
	return len;
}

/* A 40-byte TCP segment with no options. Returns length. */
static inline size_t
tp_tcp(uint8_t *b, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
       uint32_t seq, uint32_t ack, uint8_t flags)
{
	uint8_t *t = b + 20;

	tp_ip(b, TP_TCP, src, dst, 40, 57);
	memset(t, 0, 20);
	tp_put16(t, sport);
	tp_put16(t + 2, dport);
	tp_put32(t + 4, seq);
	tp_put32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = flags;
	tp_put16(t + 14, 29200);
	tp_fix_tcp(b, 40);
	return 40;
}

/*
 * An ICMP error from router to dst quoting quote[0..qlen) (the probe's IP
 * header and the start of its payload). Returns length.
 */
static inline size_t
tp_icmp_error(uint8_t *b, uint32_t router, uint32_t dst, uint8_t type,
	      uint8_t code, const uint8_t *quote, size_t qlen)
{
	size_t len = 20 + 8 + qlen;

	tp_ip(b, TP_ICMP, router, dst, len, 250);
	memset(b + 20, 0, 8);
	b[20] = type;
	b[21] = code;
	memcpy(b + 28, quote, qlen);
	tp_fix_icmp(b + 20, 8 + qlen);
	return len;
}

#ifdef BLACKOUT_PACKET_H
/*
 * A probe as blackout sends it from src, with its cookie; returns its
 * length (0 if libnet failed). Include blackout/packet.h first to get it.
 */
static inline size_t
tp_probe(uint8_t *out, const struct cookie_key *key, const struct method *m,
	 uint32_t src, uint32_t dst, uint32_t round, uint8_t wave)
{
	struct packet_template tpl;
	struct cookie c = cookie_make(key, dst, m, round, wave);

	if (packet_template_build(&tpl, m, src, NULL) < 0)
		return 0;
	return packet_fill(&tpl, dst, &c, 1, out);
}
#endif

/* The echo reply the probed host sends to the echo request p. */
static inline size_t
tp_answer_echo(const uint8_t *p, uint8_t *out)
{
	return tp_echo(out, 0, tp_get32(p + 16), tp_get32(p + 12),
		       tp_get16(p + 24), tp_get16(p + 26), p + 28,
		       tp_get16(p + 2) - 28u);
}

/* The SYN-ACK or RST the probed host sends to the SYN p. */
static inline size_t
tp_answer_tcp(const uint8_t *p, uint8_t *out, uint8_t flags)
{
	return tp_tcp(out, tp_get32(p + 16), tp_get32(p + 12), tp_get16(p + 22),
		      tp_get16(p + 20), 0x600dcafe, tp_get32(p + 24) + 1,
		      flags);
}

/* An ICMP error from router about probe p, quoting 28 bytes (RFC 792). */
static inline size_t
tp_answer_error(const uint8_t *p, uint8_t *out, uint32_t router, uint8_t type,
		uint8_t code)
{
	return tp_icmp_error(out, router, tp_get32(p + 12), type, code, p, 28);
}

#endif /* BLACKOUT_TESTPKT_H */

/*
 * method_tcp.c - the "tcp:PORT" probe method: a TCP SYN to a port.
 *
 * The SYN carries an MSS option, as a real stack's does. The cookie lands
 * in the source port (1024 + bits 0..15 of the hash mod 64512, never a
 * privileged port) and the sequence number (bits 32..63): a SYN-ACK or a
 * RST answers from our destination port to that source port and acks the
 * sequence plus one, so about 48 bits come back. Either is a live host (a
 * RST means a closed port on a host that is up); it counts them apart as
 * "synack" and "rst".
 *
 * Checksums: a reply's TCP checksum must verify, or else hold exactly the
 * folded pseudo-header sum: that is how Linux leaves a segment with
 * checksum offload (CHECKSUM_PARTIAL) when it crosses a veth or a virtio
 * link inside one host, and the kernel itself accepts it. Any other
 * mismatch is refused; the cookie check that follows is what authenticates
 * a reply.
 */
#include "blackout/probe/method.h"

#include <libnet.h>
#include <netinet/in.h>
#include <string.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/packet.h"

#define TCP_HLEN 20
#define TCP_OPTLEN 4 /* MSS, as a real stack's SYN carries */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

/* Its counters, in the order of method_tcp_ops.counters. */
enum { COUNT_SYNACK, COUNT_RST };

static int
tcp_build(libnet_t *l, const struct method *m, uint32_t *l4len)
{
	static const uint8_t mss[TCP_OPTLEN] = { 2, 4, 0x05, 0xb4 };

	*l4len = TCP_HLEN + TCP_OPTLEN;
	if (libnet_build_tcp_options(mss, sizeof(mss), l, 0) == -1)
		return -1;
	if (libnet_build_tcp(1024, m->port, 0, 0, TH_SYN, 65535, 0, 0,
			     TCP_HLEN + TCP_OPTLEN, NULL, 0, l, 0) == -1)
		return -1;
	return 0;
}

static void
tcp_template_checksum(struct packet_template *tpl)
{
	uint8_t *ip = tpl->bytes, *l4 = tpl->bytes + PACKET_IP_HLEN;
	size_t l4len = tpl->len - PACKET_IP_HLEN;
	uint32_t sum;

	memset(l4 + 0, 0, 2); /* source port */
	memset(l4 + 4, 0, 4); /* sequence */
	packet_put16(l4 + 16, 0);
	sum = packet_csum_partial(ip + 12, 8, 0);
	sum += IPPROTO_TCP + (uint32_t)l4len;
	packet_put16(l4 + 16, (uint16_t)~packet_csum_partial(l4, l4len, sum));
}

static void
tcp_fill(const struct packet_template *tpl, uint8_t *out,
	 const struct cookie *c)
{
	const uint8_t *t = tpl->bytes, *tl4 = tpl->bytes + PACKET_IP_HLEN;
	uint8_t *ip = out, *l4 = out + PACKET_IP_HLEN;
	uint32_t sum;

	packet_put16(l4 + 0, c->tcp_sport);
	packet_put32(l4 + 4, c->tcp_seq);
	/* The pseudo-header's destination changed too. */
	sum = (uint16_t)~packet_get16(tl4 + 16) + packet_csum_delta(tl4, l4) +
	      packet_csum_delta(tl4 + 4, l4 + 4) +
	      packet_csum_delta(tl4 + 6, l4 + 6) +
	      packet_csum_delta(t + 16, ip + 16) +
	      packet_csum_delta(t + 18, ip + 18);
	packet_put16(l4 + 16, packet_csum_fold(sum));
}

static enum reply_reject
tcp_parse_reply(const uint8_t *ip, const uint8_t *p, size_t len,
		struct reply *r)
{
	uint32_t sum;
	uint8_t flags;

	if (len < 20)
		return REJECT_TRUNCATED;
	if ((size_t)(p[12] >> 4) * 4 < 20 || (size_t)(p[12] >> 4) * 4 > len)
		return REJECT_MALFORMED;
	sum = packet_csum_partial(ip + 12, 8, 0);
	sum += IPPROTO_TCP + (uint32_t)len;
	if (packet_csum_partial(p, len, sum) != 0xffff &&
	    packet_get16(p + 16) != packet_csum_partial(NULL, 0, sum))
		return REJECT_CHECKSUM;
	flags = p[13];
	if (!(flags & TCP_ACK))
		return REJECT_UNINTERESTING;
	if (flags & TCP_RST)
		r->kind = REPLY_RST;
	else if ((flags & (TCP_SYN | TCP_FIN)) == TCP_SYN)
		r->kind = REPLY_SYNACK;
	else
		return REJECT_UNINTERESTING;
	r->tcp_dport = packet_get16(p);	      /* they answer from our port */
	r->tcp_sport = packet_get16(p + 2);   /* to our source port */
	r->tcp_seq = packet_get32(p + 8) - 1; /* and ack what we sent + 1 */
	return REJECT_NONE;
}

static enum reply_reject
tcp_parse_quoted(const uint8_t *q, struct reply *r)
{
	r->tcp_sport = packet_get16(q);
	r->tcp_dport = packet_get16(q + 2);
	r->tcp_seq = packet_get32(q + 4);
	return REJECT_NONE;
}

static bool
tcp_answers(const struct reply *r, struct method *m)
{
	if (r->probe_proto != IPPROTO_TCP)
		return false;
	m->kind = METHOD_TCP_SYN;
	m->port = r->tcp_dport;
	return true;
}

static bool
tcp_cookie_fits(const struct reply *r, const struct cookie *c)
{
	return r->tcp_sport == c->tcp_sport && r->tcp_seq == c->tcp_seq;
}

static int
tcp_count(const struct reply *r)
{
	if (r->kind == REPLY_SYNACK)
		return COUNT_SYNACK;
	if (r->kind == REPLY_RST)
		return COUNT_RST;
	return -1;
}

static void
tcp_field_values(const struct cookie *c, uint32_t values[METHOD_FIELDS_MAX])
{
	values[0] = c->tcp_sport;
	values[1] = c->tcp_seq;
}

const struct method_ops method_tcp_ops = {
	.kind = METHOD_TCP_SYN,
	.name = "tcp",
	.has_port = true,
	.ip_proto = IPPROTO_TCP,
	.filter = "tcp and tcp[tcpflags] & tcp-ack != 0 and "
		  "tcp[tcpflags] & (tcp-syn|tcp-rst) != 0",
	.build = tcp_build,
	.template_checksum = tcp_template_checksum,
	.fill = tcp_fill,
	.parse_reply = tcp_parse_reply,
	.parse_quoted = tcp_parse_quoted,
	.answers = tcp_answers,
	.cookie_fits = tcp_cookie_fits,
	.counters = { [COUNT_SYNACK] = "synack", [COUNT_RST] = "rst" },
	.count = tcp_count,
	.fields = { "sport", "seq" },
	.field_values = tcp_field_values,
};

/*
 * reply.c - turns captured IPv4 bytes into reply records.
 *
 * Every length is checked before it is read; nothing here trusts a header
 * field. Fragments are refused (a probe's reply is never fragmented, and
 * reassembly is an attack surface we do not need). Ethernet padding beyond
 * the IPv4 total length is ignored.
 *
 * Checksums: IPv4 and ICMP checksums must verify. A TCP segment whose
 * checksum field holds exactly the folded pseudo-header sum is accepted as
 * well: that is how Linux leaves a segment with checksum offload
 * (CHECKSUM_PARTIAL) when it crosses a veth or a virtio link inside one
 * host, and the kernel itself accepts it. Any other mismatch is refused;
 * the cookie check that follows is what authenticates a reply.
 */
#include "blackout/probe/reply.h"

#include <netinet/in.h>
#include <string.h>

#include "blackout/probe/packet.h"

#define ICMP_ECHOREPLY_TYPE 0
#define ICMP_UNREACH_TYPE 3
#define ICMP_ECHO_TYPE 8
#define ICMP_TIMXCEED_TYPE 11

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* Validates an IPv4 header; sets *hlen and *total. */
static enum reply_reject
ipv4_header(const uint8_t *buf, size_t len, size_t *hlen, size_t *total)
{
	if (len < 20)
		return REJECT_TRUNCATED;
	if (buf[0] >> 4 != 4 || (buf[0] & 0x0f) < 5)
		return REJECT_MALFORMED;
	*hlen = (size_t)(buf[0] & 0x0f) * 4;
	*total = get16(buf + 2);
	if (*total < *hlen)
		return REJECT_MALFORMED;
	if (*hlen > len)
		return REJECT_TRUNCATED;
	return REJECT_NONE;
}

/* The quoted packet inside an ICMP error: what we sent. */
static enum reply_reject
parse_quoted(const uint8_t *q, size_t len, struct reply *r)
{
	size_t hlen, total;
	enum reply_reject rej = ipv4_header(q, len, &hlen, &total);

	if (rej != REJECT_NONE)
		return rej;
	if (len < hlen + 8)
		return REJECT_TRUNCATED; /* RFC 792 quotes 8 bytes at least */
	r->probe_dst = get32(q + 16);
	r->probe_proto = q[9];
	q += hlen;
	if (r->probe_proto == IPPROTO_ICMP) {
		if (q[0] != ICMP_ECHO_TYPE)
			return REJECT_UNINTERESTING;
		r->echo_id = get16(q + 4);
		r->echo_seq = get16(q + 6);
	} else if (r->probe_proto == IPPROTO_TCP) {
		r->tcp_sport = get16(q);
		r->tcp_dport = get16(q + 2);
		r->tcp_seq = get32(q + 4);
	} else {
		return REJECT_UNINTERESTING;
	}
	return REJECT_NONE;
}

static enum reply_reject
parse_icmp(const uint8_t *p, size_t len, struct reply *r)
{
	if (len < 8)
		return REJECT_TRUNCATED;
	if (packet_checksum(p, len) != 0)
		return REJECT_CHECKSUM;
	r->icmp_type = p[0];
	r->icmp_code = p[1];
	switch (p[0]) {
	case ICMP_ECHOREPLY_TYPE:
		if (p[1] != 0)
			return REJECT_MALFORMED;
		r->kind = REPLY_ECHO;
		r->probe_dst = r->src;
		r->probe_proto = IPPROTO_ICMP;
		r->echo_id = get16(p + 4);
		r->echo_seq = get16(p + 6);
		return REJECT_NONE;
	case ICMP_UNREACH_TYPE:
	case ICMP_TIMXCEED_TYPE:
		r->kind = REPLY_ICMP_ERROR;
		return parse_quoted(p + 8, len - 8, r);
	default:
		return REJECT_UNINTERESTING;
	}
}

static enum reply_reject
parse_tcp(const uint8_t *ip, const uint8_t *p, size_t len, struct reply *r)
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
	    get16(p + 16) != packet_csum_partial(NULL, 0, sum))
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
	r->probe_dst = r->src;
	r->probe_proto = IPPROTO_TCP;
	r->tcp_dport = get16(p);     /* they answer from our destination port */
	r->tcp_sport = get16(p + 2); /* to our source port */
	r->tcp_seq = get32(p + 8) - 1; /* and ack what we sent plus one */
	return REJECT_NONE;
}

enum reply_reject
reply_parse(const uint8_t *buf, size_t len, struct reply *r)
{
	size_t hlen, total;
	enum reply_reject rej;
	int64_t ts = r->ts_ns;

	memset(r, 0, sizeof(*r));
	r->ts_ns = ts;
	rej = ipv4_header(buf, len, &hlen, &total);
	if (rej != REJECT_NONE)
		return rej;
	if (total > len)
		return REJECT_TRUNCATED;
	if (packet_checksum(buf, hlen) != 0)
		return REJECT_CHECKSUM;
	if ((get16(buf + 6) & 0x3fff) != 0)
		return REJECT_MALFORMED; /* a fragment */
	r->ttl = buf[8];
	r->src = get32(buf + 12);
	r->dst = get32(buf + 16);
	if (buf[9] == IPPROTO_ICMP)
		return parse_icmp(buf + hlen, total - hlen, r);
	if (buf[9] == IPPROTO_TCP)
		return parse_tcp(buf, buf + hlen, total - hlen, r);
	return REJECT_UNINTERESTING;
}

const char *
reply_icmp_error_name(uint8_t type, uint8_t code)
{
	static const char *const unreach[] = {
		"net-unreachable", "host-unreachable", "protocol-unreachable",
		"port-unreachable", "fragmentation-needed", "source-route-failed",
		"net-unknown", "host-unknown", "source-host-isolated",
		"net-prohibited", "host-prohibited", "net-tos-unreachable",
		"host-tos-unreachable", "admin-prohibited",
		"host-precedence-violation", "precedence-cutoff",
	};

	if (type == ICMP_UNREACH_TYPE && code < sizeof(unreach) /
	    sizeof(*unreach))
		return unreach[code];
	if (type == ICMP_TIMXCEED_TYPE)
		return code == 0 ? "ttl-exceeded" : "reassembly-time-exceeded";
	return type == ICMP_UNREACH_TYPE ? "unreachable-other" : "other";
}

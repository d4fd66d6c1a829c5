/*
 * reply.c - turns captured IPv4 bytes into reply records.
 *
 * Every length is checked before it is read; nothing here trusts a header
 * field. Fragments are refused (a probe's reply is never fragmented, and
 * reassembly is an attack surface we do not need). Ethernet padding beyond
 * the IPv4 total length is ignored.
 *
 * This file reads what every reply shares: the IPv4 header, and the ICMP
 * error that may come back for any probe with the probe's IPv4 header
 * quoted in it. The layer-4 part, a method's own reply or the start of its
 * probe quoted in an error, is read by the ops of the methods whose probes
 * use that IP protocol (method.h), so that a new method brings its own
 * parser. IPv4 and ICMP checksums must verify here; a method checks its own
 * (method_tcp.c explains TCP's). The cookie check that follows, in the
 * matcher, is what authenticates a reply.
 */
#include "blackout/probe/reply.h"

#include <netinet/in.h>
#include <string.h>

#include "blackout/probe/method.h"
#include "blackout/probe/packet.h"

#define ICMP_UNREACH_TYPE 3
#define ICMP_TIMXCEED_TYPE 11

/* Validates an IPv4 header; sets *hlen and *total. */
static enum reply_reject
ipv4_header(const uint8_t *buf, size_t len, size_t *hlen, size_t *total)
{
	if (len < 20)
		return REJECT_TRUNCATED;
	if (buf[0] >> 4 != 4 || (buf[0] & 0x0f) < 5)
		return REJECT_MALFORMED;
	*hlen = (size_t)(buf[0] & 0x0f) * 4;
	*total = packet_get16(buf + 2);
	if (*total < *hlen)
		return REJECT_MALFORMED;
	if (*hlen > len)
		return REJECT_TRUNCATED;
	return REJECT_NONE;
}

/*
 * Hands l4[0..len) of IPv4 packet ip, protocol proto, to the methods whose
 * probes use proto: the first that does not find it uninteresting parses
 * it. quoted: l4 is the start of a probe an ICMP error quotes.
 */
static enum reply_reject
parse_layer4(uint8_t proto, const uint8_t *ip, const uint8_t *l4, size_t len,
	     bool quoted, struct reply *r)
{
	const struct method_ops *ops;
	enum reply_reject rej;
	size_t i;

	for (i = 0; (ops = method_ops_nth(i)) != NULL; i++) {
		if (ops->ip_proto != proto)
			continue;
		rej = quoted ? ops->parse_quoted(l4, r)
			     : ops->parse_reply(ip, l4, len, r);
		if (rej != REJECT_UNINTERESTING)
			return rej;
	}
	return REJECT_UNINTERESTING;
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
	r->probe_dst = packet_get32(q + 16);
	r->probe_proto = q[9];
	return parse_layer4(q[9], q, q + hlen, 8, true, r);
}

/* A method's own reply to its probe: it came from the address probed. */
static enum reply_reject
parse_direct(const uint8_t *ip, const uint8_t *p, size_t len, struct reply *r)
{
	enum reply_reject rej = parse_layer4(ip[9], ip, p, len, false, r);

	if (rej == REJECT_NONE) {
		r->probe_dst = r->src;
		r->probe_proto = ip[9];
	}
	return rej;
}

static enum reply_reject
parse_icmp(const uint8_t *ip, const uint8_t *p, size_t len, struct reply *r)
{
	if (len < 8)
		return REJECT_TRUNCATED;
	if (packet_checksum(p, len) != 0)
		return REJECT_CHECKSUM;
	r->icmp_type = p[0];
	r->icmp_code = p[1];
	if (p[0] == ICMP_UNREACH_TYPE || p[0] == ICMP_TIMXCEED_TYPE) {
		r->kind = REPLY_ICMP_ERROR;
		return parse_quoted(p + 8, len - 8, r);
	}
	return parse_direct(ip, p, len, r);
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
	if ((packet_get16(buf + 6) & 0x3fff) != 0)
		return REJECT_MALFORMED; /* a fragment */
	r->ttl = buf[8];
	r->src = packet_get32(buf + 12);
	r->dst = packet_get32(buf + 16);
	if (buf[9] == IPPROTO_ICMP)
		return parse_icmp(buf, buf + hlen, total - hlen, r);
	return parse_direct(buf, buf + hlen, total - hlen, r);
}

const char *
reply_icmp_error_name(uint8_t type, uint8_t code)
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

	if (type == ICMP_UNREACH_TYPE &&
	    code < sizeof(unreach) / sizeof(*unreach))
		return unreach[code];
	if (type == ICMP_TIMXCEED_TYPE)
		return code == 0 ? "ttl-exceeded" : "reassembly-time-exceeded";
	return type == ICMP_UNREACH_TYPE ? "unreachable-other" : "other";
}

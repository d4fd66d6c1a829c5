/*
 * method_icmp.c - the "icmp" probe method: an ICMP echo request.
 *
 * The cookie lands in the echo identifier (bits 0..15 of the hash) and
 * sequence number (bits 16..31): 32 bits that an echo reply, and the echo
 * request an ICMP error quotes, carry back unchanged. The payload names the
 * tool (PACKET_PAYLOAD). It keeps no counters of its own: an echo reply is
 * simply a live answer.
 */
#include "blackout/probe/method.h"

#include <libnet.h>
#include <netinet/in.h>
#include <string.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/packet.h"

#define ICMP_ECHOREPLY_TYPE 0
#define ICMP_ECHO_TYPE 8

static int
icmp_build(libnet_t *l, const struct method *m, uint32_t *l4len)
{
	(void)m;
	*l4len = LIBNET_ICMPV4_ECHO_H + sizeof(PACKET_PAYLOAD) - 1;
	if (libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0, 0,
				     (const uint8_t *)PACKET_PAYLOAD,
				     sizeof(PACKET_PAYLOAD) - 1, l, 0) == -1)
		return -1;
	return 0;
}

static void
icmp_template_checksum(struct packet_template *tpl)
{
	uint8_t *l4 = tpl->bytes + PACKET_IP_HLEN;
	size_t l4len = tpl->len - PACKET_IP_HLEN;

	memset(l4 + 4, 0, 4); /* echo id and sequence */
	packet_put16(l4 + 2, 0);
	packet_put16(l4 + 2, packet_checksum(l4, l4len));
}

static void
icmp_fill(const struct packet_template *tpl, uint8_t *out,
	  const struct cookie *c)
{
	const uint8_t *tl4 = tpl->bytes + PACKET_IP_HLEN;
	uint8_t *l4 = out + PACKET_IP_HLEN;
	uint32_t sum;

	packet_put16(l4 + 4, c->echo_id);
	packet_put16(l4 + 6, c->echo_seq);
	sum = (uint16_t)~packet_get16(tl4 + 2) +
	      packet_csum_delta(tl4 + 4, l4 + 4) +
	      packet_csum_delta(tl4 + 6, l4 + 6);
	packet_put16(l4 + 2, packet_csum_fold(sum));
}

/* reply.c has checked the 8-byte header and the checksum of any ICMP. */
static enum reply_reject
icmp_parse_reply(const uint8_t *ip, const uint8_t *p, size_t len,
		 struct reply *r)
{
	(void)ip;
	(void)len;
	if (p[0] != ICMP_ECHOREPLY_TYPE)
		return REJECT_UNINTERESTING;
	if (p[1] != 0)
		return REJECT_MALFORMED;
	r->kind = REPLY_ECHO;
	r->echo_id = packet_get16(p + 4);
	r->echo_seq = packet_get16(p + 6);
	return REJECT_NONE;
}

static enum reply_reject
icmp_parse_quoted(const uint8_t *q, struct reply *r)
{
	if (q[0] != ICMP_ECHO_TYPE)
		return REJECT_UNINTERESTING;
	r->echo_id = packet_get16(q + 4);
	r->echo_seq = packet_get16(q + 6);
	return REJECT_NONE;
}

static bool
icmp_answers(const struct reply *r, struct method *m)
{
	if (r->probe_proto != IPPROTO_ICMP)
		return false;
	m->kind = METHOD_ICMP_ECHO;
	m->port = 0;
	return true;
}

static bool
icmp_cookie_fits(const struct reply *r, const struct cookie *c)
{
	return r->echo_id == c->echo_id && r->echo_seq == c->echo_seq;
}

static int
icmp_count(const struct reply *r)
{
	(void)r;
	return -1;
}

static void
icmp_field_values(const struct cookie *c, uint32_t values[METHOD_FIELDS_MAX])
{
	values[0] = c->echo_id;
	values[1] = c->echo_seq;
}

const struct method_ops method_icmp_ops = {
	.kind = METHOD_ICMP_ECHO,
	.name = "icmp",
	.has_port = false,
	.ip_proto = IPPROTO_ICMP,
	.filter = "icmp and icmp[icmptype] == icmp-echoreply",
	.build = icmp_build,
	.template_checksum = icmp_template_checksum,
	.fill = icmp_fill,
	.parse_reply = icmp_parse_reply,
	.parse_quoted = icmp_parse_quoted,
	.answers = icmp_answers,
	.cookie_fits = icmp_cookie_fits,
	.counters = { NULL },
	.count = icmp_count,
	.fields = { "icmp_id", "seq" },
	.field_values = icmp_field_values,
};

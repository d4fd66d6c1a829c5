/*
 * packet.c - probe templates built by libnet, patched per probe.
 *
 * libnet builds each template once (in LIBNET_NONE mode: construction only,
 * no socket, no privilege); we then zero the per-probe fields and compute
 * the template's checksums ourselves. packet_fill() writes destination, IP
 * id and cookie into a copy and adjusts both checksums for just the words
 * it changed (RFC 1624, eqn. 3) instead of summing the whole packet again:
 * a handful of additions per probe, whatever the payload. The unit tests
 * compare the result with a full recomputation for many random patches.
 */
#include "blackout/probe/packet.h"

#include <arpa/inet.h>
#include <libnet.h>
#include <string.h>

#define IP_HLEN 20
#define TCP_HLEN 20
#define TCP_OPTLEN 4 /* MSS, as a real stack's SYN carries */

uint16_t
packet_csum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len == 1)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t
packet_checksum(const void *data, size_t len)
{
	return (uint16_t)~packet_csum_partial(data, len, 0);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* ~m + m' for one 16-bit word: its part of a checksum adjustment. */
static uint32_t
word_delta(const uint8_t *old, const uint8_t *new)
{
	return (uint32_t)(uint16_t)~get16(old) + get16(new);
}

static uint16_t
fold_invert(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The per-probe fields zeroed, both checksums computed over the rest. */
static void
template_checksums(struct packet_template *tpl)
{
	uint8_t *ip = tpl->bytes, *l4 = tpl->bytes + IP_HLEN;
	size_t l4len = tpl->len - IP_HLEN;
	uint32_t sum;

	memset(ip + 4, 0, 2);  /* IP id */
	memset(ip + 16, 0, 4); /* destination */
	put16(ip + 10, 0);
	put16(ip + 10, packet_checksum(ip, IP_HLEN));
	if (tpl->method.kind == METHOD_ICMP_ECHO) {
		memset(l4 + 4, 0, 4); /* echo id and sequence */
		put16(l4 + 2, 0);
		put16(l4 + 2, packet_checksum(l4, l4len));
	} else {
		memset(l4 + 0, 0, 2); /* source port */
		memset(l4 + 4, 0, 4); /* sequence */
		put16(l4 + 16, 0);
		sum = packet_csum_partial(ip + 12, 8, 0);
		sum += IPPROTO_TCP + (uint32_t)l4len;
		put16(l4 + 16, (uint16_t)~packet_csum_partial(l4, l4len, sum));
	}
}

static libnet_ptag_t
build_icmp(libnet_t *l)
{
	return libnet_build_icmpv4_echo(ICMP_ECHO, 0, 0, 0, 0,
					(const uint8_t *)PACKET_PAYLOAD,
					sizeof(PACKET_PAYLOAD) - 1, l, 0);
}

static libnet_ptag_t
build_tcp(libnet_t *l, uint16_t port)
{
	static const uint8_t mss[TCP_OPTLEN] = { 2, 4, 0x05, 0xb4 };

	if (libnet_build_tcp_options(mss, sizeof(mss), l, 0) == -1)
		return -1;
	return libnet_build_tcp(1024, port, 0, 0, TH_SYN, 65535, 0, 0,
				TCP_HLEN + TCP_OPTLEN, NULL, 0, l, 0);
}

int
packet_template_build(struct packet_template *tpl, const struct method *m,
		      uint32_t src, struct bo_error *err)
{
	char ebuf[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, ebuf);
	uint8_t *bytes = NULL;
	uint32_t len = 0, l4len;
	uint8_t proto;
	int rc = -1;

	if (l == NULL) {
		error_set(err, BO_EXIT_OSERR, "libnet: %s", ebuf);
		return -1;
	}
	if (m->kind == METHOD_ICMP_ECHO) {
		proto = IPPROTO_ICMP;
		l4len = LIBNET_ICMPV4_ECHO_H + sizeof(PACKET_PAYLOAD) - 1;
		if (build_icmp(l) == -1)
			goto fail;
	} else {
		proto = IPPROTO_TCP;
		l4len = TCP_HLEN + TCP_OPTLEN;
		if (build_tcp(l, m->port) == -1)
			goto fail;
	}
	if (libnet_build_ipv4(IP_HLEN + l4len, 0, 0, 0, PACKET_TTL, proto, 0,
			      htonl(src), htonl(0), NULL, 0, l, 0) == -1)
		goto fail;
	if (libnet_pblock_coalesce(l, &bytes, &len) == -1)
		goto fail;
	if (len > sizeof(tpl->bytes) || len != IP_HLEN + l4len) {
		error_set(err, BO_EXIT_OSERR, "libnet built a %u-byte packet; "
			  "expected %u", len, IP_HLEN + l4len);
		goto out;
	}
	memcpy(tpl->bytes, bytes, len);
	tpl->len = len;
	tpl->method = *m;
	tpl->src = src;
	template_checksums(tpl);
	rc = 0;
	goto out;
fail:
	error_set(err, BO_EXIT_OSERR, "libnet: %s", libnet_geterror(l));
out:
	if (bytes != NULL)
		libnet_adv_free_packet(l, bytes);
	libnet_destroy(l);
	return rc;
}

size_t
packet_fill(const struct packet_template *tpl, uint32_t dst,
	    const struct cookie *c, uint16_t ip_id, uint8_t *out)
{
	const uint8_t *t = tpl->bytes, *tl4 = tpl->bytes + IP_HLEN;
	uint8_t *ip = out, *l4 = out + IP_HLEN;
	uint32_t sum;

	memcpy(out, t, tpl->len);
	put16(ip + 4, ip_id);
	put32(ip + 16, dst);
	sum = (uint16_t)~get16(t + 10) + word_delta(t + 4, ip + 4) +
	      word_delta(t + 16, ip + 16) + word_delta(t + 18, ip + 18);
	put16(ip + 10, fold_invert(sum));
	if (tpl->method.kind == METHOD_ICMP_ECHO) {
		put16(l4 + 4, c->echo_id);
		put16(l4 + 6, c->echo_seq);
		sum = (uint16_t)~get16(tl4 + 2) + word_delta(tl4 + 4, l4 + 4) +
		      word_delta(tl4 + 6, l4 + 6);
		put16(l4 + 2, fold_invert(sum));
	} else {
		put16(l4 + 0, c->tcp_sport);
		put32(l4 + 4, c->tcp_seq);
		/* The pseudo-header's destination changed too. */
		sum = (uint16_t)~get16(tl4 + 16) + word_delta(tl4, l4) +
		      word_delta(tl4 + 4, l4 + 4) +
		      word_delta(tl4 + 6, l4 + 6) +
		      word_delta(t + 16, ip + 16) + word_delta(t + 18, ip + 18);
		put16(l4 + 16, fold_invert(sum));
	}
	return tpl->len;
}

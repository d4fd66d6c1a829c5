/*
 * packet.c - probe templates built by libnet, patched per probe.
 *
 * libnet builds each template once (in LIBNET_NONE mode: construction only,
 * no socket, no privilege). packet_fill() then writes destination, IP id and
 * cookie into a copy and recomputes the IPv4 and ICMP/TCP checksums; the
 * unit tests verify those against an independent checksum routine.
 */
#include "blackout/packet.h"

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

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
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
	uint8_t *ip = out, *l4 = out + IP_HLEN;
	size_t l4len = tpl->len - IP_HLEN;
	uint32_t sum;

	memcpy(out, tpl->bytes, tpl->len);
	put16(ip + 4, ip_id);
	put32(ip + 16, dst);
	put16(ip + 10, 0);
	put16(ip + 10, packet_checksum(ip, IP_HLEN));
	if (tpl->method.kind == METHOD_ICMP_ECHO) {
		put16(l4 + 4, c->echo_id);
		put16(l4 + 6, c->echo_seq);
		put16(l4 + 2, 0);
		put16(l4 + 2, packet_checksum(l4, l4len));
	} else {
		put16(l4 + 0, c->tcp_sport);
		put32(l4 + 4, c->tcp_seq);
		put16(l4 + 16, 0);
		/* Pseudo-header: source, destination, protocol, length. */
		sum = packet_csum_partial(ip + 12, 8, 0);
		sum += IPPROTO_TCP + (uint32_t)l4len;
		put16(l4 + 16, (uint16_t)~packet_csum_partial(l4, l4len, sum));
	}
	return tpl->len;
}

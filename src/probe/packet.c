/*
 * packet.c - probe templates built by libnet, patched per probe.
 *
 * libnet builds each template once (in LIBNET_NONE mode: construction only,
 * no socket, no privilege) from the IPv4 header here and the layer-4 part
 * the method's ops build; we then zero the per-probe fields and compute
 * the template's checksums ourselves. packet_fill() writes destination and
 * IP id into a copy, the method's fill the cookie, and each adjusts its
 * checksum for just the words it changed (RFC 1624, eqn. 3) instead of
 * summing the whole packet again: a handful of additions per probe,
 * whatever the payload. The unit tests compare the result with a full
 * recomputation for many random patches.
 */
#include "blackout/probe/packet.h"

#include <arpa/inet.h>
#include <libnet.h>
#include <string.h>

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

/* The per-probe fields zeroed, both checksums computed over the rest. */
static void
template_checksums(struct packet_template *tpl, const struct method_ops *ops)
{
	uint8_t *ip = tpl->bytes;

	memset(ip + 4, 0, 2);  /* IP id */
	memset(ip + 16, 0, 4); /* destination */
	packet_put16(ip + 10, 0);
	packet_put16(ip + 10, packet_checksum(ip, PACKET_IP_HLEN));
	ops->template_checksum(tpl);
}

int
packet_template_build(struct packet_template *tpl, const struct method *m,
		      uint32_t src, struct bo_error *err)
{
	char ebuf[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, ebuf);
	const struct method_ops *ops = method_ops(m->kind);
	uint8_t *bytes = NULL;
	uint32_t len = 0, l4len = 0;
	int rc = -1;

	if (l == NULL) {
		error_set(err, BO_EXIT_OSERR, "libnet: %s", ebuf);
		return -1;
	}
	if (ops == NULL) {
		error_set(err, BO_EXIT_OSERR, "no probe method of kind %d",
			  (int)m->kind);
		goto out;
	}
	if (ops->build(l, m, &l4len) < 0)
		goto fail;
	if (libnet_build_ipv4(PACKET_IP_HLEN + l4len, 0, 0, 0, PACKET_TTL,
			      ops->ip_proto, 0, htonl(src), htonl(0), NULL, 0,
			      l, 0) == -1)
		goto fail;
	if (libnet_pblock_coalesce(l, &bytes, &len) == -1)
		goto fail;
	if (len > sizeof(tpl->bytes) || len != PACKET_IP_HLEN + l4len) {
		error_set(err, BO_EXIT_OSERR,
			  "libnet built a %u-byte packet; expected %u", len,
			  PACKET_IP_HLEN + l4len);
		goto out;
	}
	memcpy(tpl->bytes, bytes, len);
	tpl->len = len;
	tpl->method = *m;
	tpl->ops = ops;
	tpl->src = src;
	template_checksums(tpl, ops);
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
	const uint8_t *t = tpl->bytes;
	uint8_t *ip = out;
	uint32_t sum;

	memcpy(out, t, tpl->len);
	packet_put16(ip + 4, ip_id);
	packet_put32(ip + 16, dst);
	sum = (uint16_t)~packet_get16(t + 10) +
	      packet_csum_delta(t + 4, ip + 4) +
	      packet_csum_delta(t + 16, ip + 16) +
	      packet_csum_delta(t + 18, ip + 18);
	packet_put16(ip + 10, packet_csum_fold(sum));
	tpl->ops->fill(tpl, out, c);
	return tpl->len;
}

/*
 * packet.h - probe packets, built with libnet.
 *
 * For each method libnet builds one template (IPv4 header plus the layer-4
 * part the method's ops build: an ICMP echo, a TCP SYN) at start; each
 * probe is then a copy of the template with destination, IP id and cookie
 * patched and the checksums adjusted for the changed words only (RFC 1624).
 * That keeps libnet as the authority on packet layout without paying its
 * allocation cost, or a full checksum, for every probe. This file does the
 * IPv4 part; the method's ops (method.h) place the cookie and adjust the
 * layer-4 checksum, with the helpers below.
 *
 * A payload names the tool, so an operator who sees a probe in a capture
 * can tell what sent it.
 */
#ifndef BLACKOUT_PACKET_H
#define BLACKOUT_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/method.h"
#include "blackout/util.h"

#define PACKET_MAX 128
#define PACKET_PAYLOAD "blackout reachability probe; see blackout(8)"
#define PACKET_TTL 64
#define PACKET_IP_HLEN 20 /* a probe's IPv4 header: no options */

struct packet_template {
	struct method method;
	const struct method_ops *ops; /* method's, looked up once at build */
	uint32_t src;		      /* host order */
	size_t len;
	uint8_t bytes[PACKET_MAX];
};

/*
 * Builds the template for method m from source address src with libnet
 * (no privileges needed). Returns 0, or -1 with err.
 */
int packet_template_build(struct packet_template *tpl, const struct method *m,
			  uint32_t src, struct bo_error *err);

/*
 * Writes the probe for dst with cookie c into out (>= tpl->len bytes),
 * with valid IPv4 and layer-4 checksums (adjusted incrementally from the
 * template's). Returns the length.
 */
size_t packet_fill(const struct packet_template *tpl, uint32_t dst,
		   const struct cookie *c, uint16_t ip_id, uint8_t *out);

/* The Internet checksum (RFC 1071) of len bytes, folded, not inverted. */
uint16_t packet_csum_partial(const void *data, size_t len, uint32_t sum);

/* Returns the finished (inverted) checksum of the given bytes. */
uint16_t packet_checksum(const void *data, size_t len);

/* The big-endian 16-bit word at p. */
static inline uint16_t
packet_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The big-endian 32-bit word at p. */
static inline uint32_t
packet_get32(const uint8_t *p)
{
	return (uint32_t)packet_get16(p) << 16 | packet_get16(p + 2);
}

/* Stores v big-endian at p. */
static inline void
packet_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Stores v big-endian at p. */
static inline void
packet_put32(uint8_t *p, uint32_t v)
{
	packet_put16(p, (uint16_t)(v >> 16));
	packet_put16(p + 2, (uint16_t)v);
}

/*
 * ~m + m' for the 16-bit word that was at old and is at new: its part of
 * an RFC 1624 adjustment. Sum the parts with ~HC, then packet_csum_fold.
 */
static inline uint32_t
packet_csum_delta(const uint8_t *old, const uint8_t *new)
{
	return (uint32_t)(uint16_t)~packet_get16(old) + packet_get16(new);
}

/* Folds an adjustment sum to 16 bits and inverts it: the new checksum. */
static inline uint16_t
packet_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

#endif /* BLACKOUT_PACKET_H */

/*
 * packet.h - probe packets, built with libnet.
 *
 * For each method libnet builds one template (IPv4 header plus ICMP echo or
 * TCP SYN) at start; each probe is then a copy of the template with
 * destination, IP id and cookie patched and the checksums adjusted for the
 * changed words only (RFC 1624). That keeps libnet as the authority on
 * packet layout without paying its allocation cost, or a full checksum, for
 * every probe.
 *
 * The ICMP payload names the tool, so an operator who sees a probe in a
 * capture can tell what sent it.
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

struct packet_template {
	struct method method;
	uint32_t src; /* host order */
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
 * with valid IPv4 and ICMP/TCP checksums (adjusted incrementally from the
 * template's). Returns the length.
 */
size_t packet_fill(const struct packet_template *tpl, uint32_t dst,
		   const struct cookie *c, uint16_t ip_id, uint8_t *out);

/* The Internet checksum (RFC 1071) of len bytes, folded, not inverted. */
uint16_t packet_csum_partial(const void *data, size_t len, uint32_t sum);

/* Returns the finished (inverted) checksum of the given bytes. */
uint16_t packet_checksum(const void *data, size_t len);

#endif /* BLACKOUT_PACKET_H */

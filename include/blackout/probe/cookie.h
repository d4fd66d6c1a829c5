/*
 * cookie.h - stateless probe validation (the ZMap idea): a keyed hash of
 * what we sent goes into the fields a reply must echo, so a reply can be
 * checked without remembering each probe, and forged or stray packets fail.
 *
 * The hash is SipHash-2-4 with a random 128-bit key drawn once per run, over
 * (destination, method kind, method port, round, wave). struct cookie holds
 * it cut into header-sized fields; which of them a probe carries, and where,
 * is its method's fill op (method.h):
 *   ICMP echo: identifier = bits 0..15, sequence = bits 16..31 (32 bits);
 *   TCP SYN:   source port = 1024 + bits 0..15 mod 64512, sequence =
 *              bits 32..63 (about 48 bits: a SYN-ACK or RST acks seq+1).
 */
#ifndef BLACKOUT_COOKIE_H
#define BLACKOUT_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/method.h"

struct cookie_key {
	uint8_t k[16];
};

/* The fields a probe carries and its reply must echo. */
struct cookie {
	uint16_t echo_id;
	uint16_t echo_seq;
	uint16_t tcp_sport;
	uint32_t tcp_seq;
};

/* Fills key from the kernel's random source. Returns 0 or -1 (errno). */
int cookie_key_random(struct cookie_key *key);

/*
 * Derives a key from a seed. Only for dry runs, whose output should be
 * reproducible with --seed; a run that sends draws a random key, so the
 * seed it reports cannot help anyone forge replies.
 */
void cookie_key_from_seed(struct cookie_key *key, uint64_t seed);

/* SipHash-2-4 of in[0..len) under key (the reference algorithm). */
uint64_t cookie_siphash(const struct cookie_key *key, const void *in,
			size_t len);

/* The cookie for a probe to dst (host order) with method m. */
struct cookie cookie_make(const struct cookie_key *key, uint32_t dst,
			  const struct method *m, uint32_t round, uint8_t wave);

#endif /* BLACKOUT_COOKIE_H */

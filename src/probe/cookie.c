/*
 * cookie.c - SipHash-2-4 (Aumasson and Bernstein's reference algorithm) and
 * the mapping from its output to the header fields a reply echoes.
 */
#include "blackout/probe/cookie.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* The reference code's four lines of one round, kept as they are. */
/* clang-format off */
#define SIPROUND                                                       \
	do {                                                           \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                 \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                 \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)
/* clang-format on */

static uint64_t
load_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t
cookie_siphash(const struct cookie_key *key, const void *in, size_t len)
{
	const uint8_t *p = in, *end = p + (len - len % 8);
	uint64_t k0 = load_le64(key->k), k1 = load_le64(key->k + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t m, b = (uint64_t)len << 56;
	size_t left = len & 7, i;

	for (; p != end; p += 8) {
		m = load_le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < left; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

int
cookie_key_random(struct cookie_key *key)
{
	size_t got = 0;

	while (got < sizeof(key->k)) {
		ssize_t n = getrandom(key->k + got, sizeof(key->k) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

void
cookie_key_from_seed(struct cookie_key *key, uint64_t seed)
{
	uint64_t x = seed ^ 0x626c61636b6f7574ULL; /* "blackout" */
	int i;

	for (i = 0; i < 16; i++) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		key->k[i] = (uint8_t)(z ^ (z >> 31));
	}
}

struct cookie
cookie_make(const struct cookie_key *key, uint32_t dst, const struct method *m,
	    uint32_t round, uint8_t wave)
{
	uint8_t in[12];
	struct cookie c;
	uint64_t h;

	/* A fixed little-endian layout, so cookies do not depend on the host. */
	in[0] = (uint8_t)dst;
	in[1] = (uint8_t)(dst >> 8);
	in[2] = (uint8_t)(dst >> 16);
	in[3] = (uint8_t)(dst >> 24);
	in[4] = (uint8_t)m->kind;
	in[5] = (uint8_t)m->port;
	in[6] = (uint8_t)(m->port >> 8);
	in[7] = (uint8_t)round;
	in[8] = (uint8_t)(round >> 8);
	in[9] = (uint8_t)(round >> 16);
	in[10] = (uint8_t)(round >> 24);
	in[11] = wave;
	h = cookie_siphash(key, in, sizeof(in));
	c.echo_id = (uint16_t)h;
	c.echo_seq = (uint16_t)(h >> 16);
	c.tcp_sport = (uint16_t)(1024 + (uint16_t)h % 64512);
	c.tcp_seq = (uint32_t)(h >> 32);
	return c;
}

/*
 * test_cookie.c - SipHash-2-4 against the reference vectors, and the cookie
 * mapping: deterministic, sensitive to every input, ports in range.
 */
#include "blackout/probe/cookie.h"

#include "testhelp.h"

/*
 * vectors_sip64 from the SipHash reference implementation (Aumasson and
 * Bernstein): key 00 01 .. 0f, message 00 01 .. (len-1), as 64-bit values
 * (the reference lists the little-endian bytes of each).
 */
static const uint64_t sip64[64] = {
	0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL, 0x0d6c8009d9a94f5aULL,
	0x85676696d7fb7e2dULL, 0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
	0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL, 0x93f5f5799a932462ULL,
	0x9e0082df0ba9e4b0ULL, 0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
	0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL, 0xf723ca908e7af2eeULL,
	0xa129ca6149be45e5ULL, 0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
	0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL, 0xbed65cf21aa2ee98ULL,
	0xd0f2cbb02e3b67c7ULL, 0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
	0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL, 0x17d835b85bbb15f3ULL,
	0x2f2e6163076bcfadULL, 0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
	0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL, 0x7127512f72f27cceULL,
	0xa7f32346f95978e3ULL, 0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
	0x314dffbe0815a3b4ULL, 0x027990f029623981ULL, 0xcadcd4e59ef40c4dULL,
	0x9abfd8766a33735cULL, 0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
	0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL, 0xf935451de4f21df2ULL,
	0xa9538f0419755787ULL, 0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL,
	0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL, 0xee64435a9752fe72ULL,
	0xa192d576b245165aULL, 0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL,
	0x7fa8220ba3b2eceaULL, 0x245731c13ca42499ULL, 0xb78dbfaf3a8d83bdULL,
	0xea1ad565322a1a0bULL, 0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
	0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL, 0xe51b38608ef25f57ULL,
	0x958a324ceb064572ULL,
};

static void
test_vectors(void)
{
	struct cookie_key key;
	uint8_t msg[64], *copy;
	size_t i;

	TEST("vectors");
	for (i = 0; i < 16; i++)
		key.k[i] = (uint8_t)i;
	for (i = 0; i < 64; i++)
		msg[i] = (uint8_t)i;
	for (i = 0; i < 64; i++) {
		/* An exact-size heap copy, so a sanitizer sees any overread. */
		copy = malloc(i ? i : 1);
		memcpy(copy, msg, i);
		CHECK_EQ(cookie_siphash(&key, copy, i), sip64[i]);
		free(copy);
	}
	/* Unaligned input gives the same answer. */
	{
		uint8_t shifted[65];

		memcpy(shifted + 1, msg, 64);
		CHECK_EQ(cookie_siphash(&key, shifted + 1, 63), sip64[63]);
		CHECK_EQ(cookie_siphash(&key, shifted + 1, 15), sip64[15]);
	}
	/* Another key, another hash. */
	key.k[15] ^= 1;
	CHECK(cookie_siphash(&key, msg, 8) != sip64[8]);
}

static bool
cookie_same(const struct cookie *a, const struct cookie *b)
{
	return a->echo_id == b->echo_id && a->echo_seq == b->echo_seq &&
	       a->tcp_sport == b->tcp_sport && a->tcp_seq == b->tcp_seq;
}

/*
 * Both halves differ: the ICMP fields (hash bits 0..31) and the TCP
 * sequence (bits 32..63), so neither probe kind could accept the other
 * input's cookie.
 */
static bool
cookie_differs(const struct cookie *a, const struct cookie *b)
{
	return (a->echo_id != b->echo_id || a->echo_seq != b->echo_seq) &&
	       a->tcp_seq != b->tcp_seq;
}

static void
test_sensitivity(void)
{
	struct cookie_key key, k2;
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method tcp = { METHOD_TCP_SYN, 0x1bb }, m;
	uint32_t dst = 0xaf2db00a; /* 175.45.176.10 */
	uint32_t round = 0x01020304;
	struct cookie base, c;
	unsigned bit, i;
	unsigned same = 0;

	TEST("sensitivity");
	for (i = 0; i < 16; i++)
		key.k[i] = (uint8_t)(0xa0 + i * 7);
	base = cookie_make(&key, dst, &tcp, round, 1);
	c = cookie_make(&key, dst, &tcp, round, 1);
	CHECK(cookie_same(&base, &c));

	/* Every bit of the destination, not only every byte. */
	for (bit = 0; bit < 32; bit++) {
		c = cookie_make(&key, dst ^ (1u << bit), &tcp, round, 1);
		same += !cookie_differs(&base, &c);
	}
	CHECK_EQ(same, 0);
	/* Method kind (same port), and each byte of the port. */
	m = tcp;
	m.kind = METHOD_ICMP_ECHO;
	c = cookie_make(&key, dst, &m, round, 1);
	CHECK(cookie_differs(&base, &c));
	m = tcp;
	m.port ^= 0x0001;
	c = cookie_make(&key, dst, &m, round, 1);
	CHECK(cookie_differs(&base, &c));
	m = tcp;
	m.port ^= 0x0100;
	c = cookie_make(&key, dst, &m, round, 1);
	CHECK(cookie_differs(&base, &c));
	/* Each byte of the round. */
	for (i = 0, same = 0; i < 4; i++) {
		c = cookie_make(&key, dst, &tcp, round ^ (1u << (8 * i)), 1);
		same += !cookie_differs(&base, &c);
	}
	CHECK_EQ(same, 0);
	c = cookie_make(&key, dst, &tcp, round + 1, 1);
	CHECK(cookie_differs(&base, &c));
	/* The wave. */
	for (i = 0, same = 0; i < 256; i++) {
		if (i == 1)
			continue;
		c = cookie_make(&key, dst, &tcp, round, (uint8_t)i);
		same += !cookie_differs(&base, &c);
	}
	CHECK_EQ(same, 0);
	/* Every byte (every bit) of the key. */
	for (bit = 0, same = 0; bit < 128; bit++) {
		k2 = key;
		k2.k[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		c = cookie_make(&k2, dst, &tcp, round, 1);
		same += !cookie_differs(&base, &c);
	}
	CHECK_EQ(same, 0);
	/* An ICMP cookie, likewise. */
	base = cookie_make(&key, dst, &icmp, 7, 0);
	c = cookie_make(&key, dst, &icmp, 8, 0);
	CHECK(cookie_differs(&base, &c));
	c = cookie_make(&key, dst + 1, &icmp, 7, 0);
	CHECK(cookie_differs(&base, &c));
}

static void
test_fields(void)
{
	struct cookie_key key;
	struct method tcp = { METHOD_TCP_SYN, 80 };
	unsigned i, bad_range = 0, bad_map = 0;
	uint16_t lo = 0xffff, hi = 0;
	uint64_t st = 99;

	TEST("fields");
	for (i = 0; i < 16; i++)
		key.k[i] = (uint8_t)th_rand(&st);
	for (i = 0; i < 200000; i++) {
		uint32_t dst = (uint32_t)th_rand(&st);
		struct cookie c = cookie_make(&key, dst, &tcp, i, (uint8_t)i);

		if (c.tcp_sport < 1024)
			bad_range++;
		/* source port = 1024 + (bits 0..15 mod 64512), cookie.h */
		if (c.tcp_sport != 1024 + c.echo_id % 64512)
			bad_map++;
		if (c.tcp_sport < lo)
			lo = c.tcp_sport;
		if (c.tcp_sport > hi)
			hi = c.tcp_sport;
	}
	CHECK_EQ(bad_range, 0);
	CHECK_EQ(bad_map, 0);
	/* The whole range is used, both ends. */
	CHECK(lo < 1100);
	CHECK(hi > 65400);
}

static void
test_random_key(void)
{
	struct cookie_key a, b;
	uint8_t zero[16] = { 0 };

	TEST("random_key");
	CHECK(cookie_key_random(&a) == 0);
	CHECK(cookie_key_random(&b) == 0);
	CHECK(memcmp(a.k, b.k, 16) != 0);
	CHECK(memcmp(a.k, zero, 16) != 0);
}

int
main(void)
{
	test_vectors();
	test_sensitivity();
	test_fields();
	test_random_key();
	return test_report("test_cookie");
}

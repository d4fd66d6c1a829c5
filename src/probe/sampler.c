/*
 * sampler.c - seeded permutations of each /24 sub-block.
 */
#include "blackout/probe/sampler.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *rng, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t
rng_below(struct rng *rng, uint64_t bound)
{
	uint64_t threshold = -bound % bound, r;

	do {
		r = rng_next(rng);
	} while (r < threshold);
	return r % bound;
}

void
rng_shuffle(struct rng *rng, void *base, size_t n, size_t size)
{
	uint8_t *a = base;
	size_t i, k;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(rng, i);
		uint8_t *x = a + (i - 1) * size, *y = a + j * size;

		for (k = 0; j != i - 1 && k < size; k++) {
			uint8_t t = x[k];

			x[k] = y[k];
			y[k] = t;
		}
	}
}

uint32_t
sampler_block_count(const struct prefix *p)
{
	return p->len >= 24 ? 1 : (uint32_t)1 << (24 - p->len);
}

struct prefix
sampler_block(const struct prefix *p, uint32_t idx)
{
	struct prefix b;

	if (p->len >= 24)
		return *p;
	b.base = p->base + (idx << 8);
	b.len = 24;
	return b;
}

size_t
sampler_block_addresses(struct rng *rng, const struct prefix *block,
			const struct exclude *ex, uint32_t *out)
{
	uint64_t i, size = prefix_size(block);
	size_t n = 0;

	for (i = 0; i < size && i < 256; i++) {
		uint32_t a = block->base + (uint32_t)i;

		if (!exclude_contains(ex, a))
			out[n++] = a;
	}
	rng_shuffle(rng, out, n, sizeof(*out));
	return n;
}

/*
 * Where /24 number `block` falls in an order of the nb (a power of two
 * above 256) /24s of a wide prefix: a bijection of [0, nb) drawn from rng
 * (xor, multiply by an odd number, xorshift, each one to one modulo nb),
 * so that no /8 needs an array of its 65536 /24s.
 */
static uint32_t
wide_position(struct rng *rng, uint32_t nb, uint32_t block)
{
	uint32_t mask = nb - 1, bits = 0, x = block, i;

	while ((1u << bits) < nb)
		bits++;
	for (i = 0; i < 2; i++) {
		x = (x ^ (uint32_t)rng_below(rng, nb)) & mask;
		x = (x * ((uint32_t)rng_below(rng, nb) | 1u)) & mask;
		x ^= x >> (bits / 2);
	}
	return x;
}

bool
sampler_in_shard(const struct shard *sh, const struct prefix *p, uint32_t block)
{
	uint32_t order[256], nb = sampler_block_count(p), i;
	struct rng rng;
	uint64_t first;

	if (sh->count <= 1)
		return true;
	rng_seed(&rng, sh->seed ^ ((uint64_t)p->base << 8 | p->len) ^
			       0x5348415244ULL); /* "SHARD" */
	first = rng_below(&rng, sh->count);
	if (nb > 256)
		return (first + wide_position(&rng, nb, block)) % sh->count ==
		       sh->index;
	for (i = 0; i < nb; i++)
		order[i] = i;
	rng_shuffle(&rng, order, nb, sizeof(order[0]));
	for (i = 0; i < nb; i++)
		if (order[i] == block)
			break;
	return (first + i) % sh->count == sh->index;
}

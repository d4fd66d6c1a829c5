/*
 * test_sampler.c - the seeded generator, the per-/24 permutations and the
 * /24 blocks of a prefix (the round plan built from them: test_plan.c).
 */
#include "blackout/probe/sampler.h"

#include "testhelp.h"

#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

static struct prefix
P(uint32_t base, uint8_t len) {
	struct prefix p = { base, len };

	return p;
}

/* Every address of block not in ex appears exactly once in out[0..n). */
static void
check_permutation(const struct prefix *block, const struct exclude *ex,
		  const uint32_t *out, size_t n)
{
	static uint8_t seen[256];
	uint64_t i, size = prefix_size(block);
	size_t want = 0, dup = 0, outside = 0, missing = 0;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		if (!prefix_contains(block, out[i]) ||
		    exclude_contains(ex, out[i])) {
			outside++;
			continue;
		}
		if (seen[out[i] - block->base]++)
			dup++;
	}
	for (i = 0; i < size; i++) {
		if (exclude_contains(ex, block->base + (uint32_t)i))
			continue;
		want++;
		if (!seen[i])
			missing++;
	}
	CHECK_EQ(n, want);
	CHECK_EQ(dup, 0);
	CHECK_EQ(outside, 0);
	CHECK_EQ(missing, 0);
}

static void
test_permutation(void)
{
	struct prefix blk = P(A(175, 45, 176, 0), 24), small;
	struct exclude *ex = exclude_new();
	uint32_t a[256], b[256];
	struct rng rng;
	struct prefix p;
	size_t n, i, same;
	int seed;

	TEST("permutation");
	for (seed = 0; seed < 20; seed++) {
		rng_seed(&rng, (uint64_t)seed);
		n = sampler_block_addresses(&rng, &blk, NULL, a);
		check_permutation(&blk, NULL, a, n);
	}
	/* With exclusions: a /26, a /32 and the first address. */
	p = P(A(175, 45, 176, 64), 26);
	exclude_add(ex, &p);
	p = P(A(175, 45, 176, 200), 32);
	exclude_add(ex, &p);
	p = P(A(175, 45, 176, 0), 32);
	exclude_add(ex, &p);
	rng_seed(&rng, 7);
	n = sampler_block_addresses(&rng, &blk, ex, a);
	CHECK_EQ(n, 256 - 64 - 1 - 1);
	check_permutation(&blk, ex, a, n);
	/* All excluded. */
	p = P(A(175, 45, 176, 0), 22);
	exclude_add(ex, &p);
	CHECK_EQ(sampler_block_addresses(&rng, &blk, ex, a), 0);
	exclude_free(ex);

	/* A target narrower than a /24 is its own block. */
	small = P(A(175, 45, 177, 4), 30);
	rng_seed(&rng, 3);
	n = sampler_block_addresses(&rng, &small, NULL, a);
	CHECK_EQ(n, 4);
	check_permutation(&small, NULL, a, n);
	small.len = 32;
	n = sampler_block_addresses(&rng, &small, NULL, a);
	CHECK(n == 1 && a[0] == small.base);

	/* Same seed, same order; another seed, another order. */
	rng_seed(&rng, 42);
	sampler_block_addresses(&rng, &blk, NULL, a);
	rng_seed(&rng, 42);
	sampler_block_addresses(&rng, &blk, NULL, b);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	rng_seed(&rng, 43);
	sampler_block_addresses(&rng, &blk, NULL, b);
	for (i = 0, same = 0; i < 256; i++)
		same += a[i] == b[i];
	CHECK(same < 16); /* expected about 1 */
	/* Not the identity either. */
	for (i = 0, same = 0; i < 256; i++)
		same += a[i] == blk.base + i;
	CHECK(same < 16);
}

/* Each address of a /30 should lead the permutation a quarter of the time. */
static void
test_shuffle_uniform(void)
{
	struct prefix blk = P(A(1, 2, 3, 4), 30);
	unsigned first[4] = { 0 }, last[4] = { 0 }, i, trials = 40000, bad = 0;
	double chi_f = 0, chi_l = 0, e = trials / 4.0;
	uint32_t a[256];
	struct rng rng;

	TEST("shuffle_uniform");
	rng_seed(&rng, 2014);
	for (i = 0; i < trials; i++) {
		bad += sampler_block_addresses(&rng, &blk, NULL, a) != 4;
		first[a[0] - blk.base]++;
		last[a[3] - blk.base]++;
	}
	CHECK_EQ(bad, 0);
	for (i = 0; i < 4; i++) {
		chi_f += (first[i] - e) * (first[i] - e) / e;
		chi_l += (last[i] - e) * (last[i] - e) / e;
	}
	/* 3 degrees of freedom: 16.3 is p = 0.001. */
	CHECK(chi_f < 16.3);
	CHECK(chi_l < 16.3);
}

static void
test_rng(void)
{
	enum { K = 10, DRAWS = 100000 };
	unsigned count[K] = { 0 }, i, oob = 0;
	uint64_t bounds[] = {
		1, 2, 3, 7, 256, 1000003, (1ULL << 63) + 1, UINT64_MAX
	};
	struct rng rng, rng2;
	double chi = 0, e = DRAWS / (double)K;
	size_t b;
	uint64_t hi = 0;

	TEST("rng");
	rng_seed(&rng, 1);
	rng_seed(&rng2, 1);
	for (i = 0; i < 100; i++)
		CHECK_EQ(rng_next(&rng), rng_next(&rng2));
	rng_seed(&rng2, 2);
	CHECK(rng_next(&rng) != rng_next(&rng2));

	rng_seed(&rng, 12345);
	for (i = 0; i < DRAWS; i++) {
		uint64_t v = rng_below(&rng, K);

		if (v >= K)
			oob++;
		else
			count[v]++;
	}
	CHECK_EQ(oob, 0);
	for (i = 0; i < K; i++)
		chi += (count[i] - e) * (count[i] - e) / e;
	CHECK(chi < 27.9); /* 9 degrees of freedom, p = 0.001 */

	for (b = 0; b < sizeof(bounds) / sizeof(*bounds); b++) {
		oob = 0;
		hi = 0;
		for (i = 0; i < 2000; i++) {
			uint64_t v = rng_below(&rng, bounds[b]);

			oob += v >= bounds[b];
			if (v > hi)
				hi = v;
		}
		CHECK_EQ(oob, 0);
		/* Large bounds reach their upper half. */
		if (bounds[b] > 4)
			CHECK(hi >= bounds[b] / 2);
	}
	CHECK_EQ(rng_below(&rng, 1), 0);
	/*
	 * No modulo bias: with bound = 2/3 of 2^64, a plain r % bound would
	 * put two thirds of the draws in the lower half, not one half.
	 */
	{
		uint64_t bound = 0xaaaaaaaaaaaaaaaaULL;
		unsigned lower = 0;

		for (i = 0; i < 10000; i++)
			lower += rng_below(&rng, bound) < bound / 2;
		CHECK(lower > 4700 && lower < 5300);
	}

	/* rng_shuffle: a permutation of what it was given. */
	{
		uint16_t v[1000];
		unsigned seen[1000] = { 0 }, bad = 0;

		for (i = 0; i < 1000; i++)
			v[i] = (uint16_t)i;
		rng_shuffle(&rng, v, 1000, sizeof(v[0]));
		for (i = 0; i < 1000; i++)
			seen[v[i]]++;
		for (i = 0; i < 1000; i++)
			bad += seen[i] != 1;
		CHECK_EQ(bad, 0);
		rng_shuffle(&rng, v, 0, sizeof(v[0]));
		rng_shuffle(&rng, v, 1, sizeof(v[0]));
	}
}

static void
test_blocks(void)
{
	struct prefix p16 = P(A(5, 6, 0, 0), 16);
	struct prefix p22 = P(A(175, 45, 176, 0), 22);
	struct prefix p24 = P(A(5, 7, 8, 0), 24), p28 = P(A(5, 7, 9, 16), 28);
	struct prefix b;
	uint32_t i;
	unsigned bad = 0;

	TEST("blocks");
	CHECK_EQ(sampler_block_count(&p16), 256);
	CHECK_EQ(sampler_block_count(&p22), 4);
	CHECK_EQ(sampler_block_count(&p24), 1);
	CHECK_EQ(sampler_block_count(&p28), 1);
	for (i = 0; i < 256; i++) {
		b = sampler_block(&p16, i);
		bad += b.base != A(5, 6, i, 0) || b.len != 24;
	}
	CHECK_EQ(bad, 0);
	b = sampler_block(&p22, 3);
	CHECK(b.base == A(175, 45, 179, 0) && b.len == 24);
	b = sampler_block(&p22, 0);
	CHECK(b.base == A(175, 45, 176, 0) && b.len == 24);
	b = sampler_block(&p24, 0);
	CHECK(b.base == p24.base && b.len == 24);
	b = sampler_block(&p28, 0);
	CHECK(b.base == p28.base && b.len == 28);
}

/*
 * --shard I/N: for several target sizes, seeds and N, every /24 is in
 * exactly one shard, the shards' sizes differ by one at most, the split
 * depends on the seed, and no sharding (N = 0 or 1) keeps every /24.
 */
static void
test_shards(void)
{
	static const uint8_t lens[] = { 12, 18, 22, 24, 28 };
	static const uint32_t counts[] = { 2, 3, 7, 300 };
	struct shard sh = { 0, 0, 1 };
	size_t l, c, differs = 0;
	uint64_t seed;

	TEST("shards");
	CHECK(sampler_in_shard(&sh, &(struct prefix){ A(198, 18, 0, 0), 16 },
			       5));
	for (l = 0; l < NITEMS(lens); l++)
		for (c = 0; c < NITEMS(counts); c++)
			for (seed = 1; seed <= 3; seed++) {
				struct prefix p = P(A(198, 18, 0, 0), lens[l]);
				uint32_t nb = sampler_block_count(&p), b, i;
				uint32_t min = UINT32_MAX, max = 0;
				unsigned owners_bad = 0;

				for (b = 0; b < nb; b++) {
					unsigned owners = 0;

					for (i = 0; i < counts[c]; i++) {
						sh = (struct shard){ i,
								     counts[c],
								     seed };
						owners += sampler_in_shard(&sh,
									   &p,
									   b);
					}
					owners_bad += owners != 1;
				}
				CHECK_EQ(owners_bad, 0);
				for (i = 0; i < counts[c]; i++) {
					uint32_t n = 0;

					sh = (struct shard){ i, counts[c],
							     seed };
					for (b = 0; b < nb; b++)
						n += sampler_in_shard(&sh, &p,
								      b);
					min = n < min ? n : min;
					max = n > max ? n : max;
				}
				CHECK(max - min <= 1);
			}
	/* Another seed, another split (of a /16 in two). */
	for (seed = 0; seed < 8; seed++) {
		struct prefix p = P(A(198, 18, 0, 0), 16);
		struct shard a = { 0, 2, 1 }, b = { 0, 2, 2 + seed };
		uint32_t k;

		for (k = 0; k < 256; k++)
			differs += sampler_in_shard(&a, &p, k) !=
				   sampler_in_shard(&b, &p, k);
	}
	CHECK(differs > 0);
}

int
main(void)
{
	test_shards();
	test_permutation();
	test_shuffle_uniform();
	test_rng();
	test_blocks();
	return test_report("test_sampler");
}

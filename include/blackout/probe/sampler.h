/*
 * sampler.h - which addresses of a target to probe this round.
 *
 * A target is cut into its /24 sub-blocks (a target narrower than a /24 is
 * one sub-block). For each sub-block the sampler lists the eligible
 * addresses (inside the target, not excluded) and returns them in a
 * uniformly random order from a seeded generator, so a run is reproducible
 * with --seed and a sample of k is the first k of a permutation: no address
 * twice, and all of them when k covers the block.
 */
#ifndef BLACKOUT_SAMPLER_H
#define BLACKOUT_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#include "blackout/prefix.h"
#include "blackout/probe/targets.h"

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. */
struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *rng, uint64_t seed);
uint64_t rng_next(struct rng *rng);

/* Uniform in [0, bound) without modulo bias; bound > 0. */
uint64_t rng_below(struct rng *rng, uint64_t bound);

/* Shuffles n elements of `size` bytes in place (Fisher-Yates). */
void rng_shuffle(struct rng *rng, void *base, size_t n, size_t size);

/* Number of /24 sub-blocks of p (1 for a /24 or longer). */
uint32_t sampler_block_count(const struct prefix *p);

/* The idx-th sub-block of p, as a prefix (a /24, or p itself if longer). */
struct prefix sampler_block(const struct prefix *p, uint32_t idx);

/*
 * Writes into out (room for 256) the addresses of `block` that are not
 * excluded, in a random order, and returns how many there are. The first
 * k of them are a uniform sample of k.
 */
size_t sampler_block_addresses(struct rng *rng, const struct prefix *block,
			       const struct exclude *ex, uint32_t *out);

/*
 * True when /24 number `block` of target prefix p belongs to shard sh (always
 * when sh->count is 0 or 1). The /24s of p are put in an order drawn from
 * sh->seed and p (a shuffle up to a /16; wider, a drawn one-to-one map of
 * the /24 numbers, computed per /24), and dealt out to the shards in turn from a shard that also
 * depends on them: every /24 has exactly one shard, each shard gets a fair
 * share (their sizes differ by one at most), and a target of one /24 is
 * not always shard 0's.
 */
bool sampler_in_shard(const struct shard *sh, const struct prefix *p,
		      uint32_t block);

#endif /* BLACKOUT_SAMPLER_H */

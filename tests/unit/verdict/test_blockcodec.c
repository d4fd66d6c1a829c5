/*
 * test_blockcodec.c - version 2 block records (blockcodec.c): random
 * blocks round-trip exactly, uniform and mixed hints, hints of methods
 * the run dropped or renumbered, sizes, an unknown optional field
 * skipped, and records that are not well formed refused.
 */
#include "blackout/verdict/blockcodec.h"

#include <string.h>

#include "testhelp.h"

static bool
same(const struct block_memory *a, const struct block_memory *b)
{
	unsigned h;

	for (h = 0; h < 256; h++)
		if (block_is_ever(a, h) != block_is_ever(b, h) ||
		    (block_is_ever(a, h) &&
		     block_hint(a, h) != block_hint(b, h)))
			return false;
	return a->n_ever == b->n_ever && a->avail == b->avail &&
	       a->belief == b->belief && a->state == b->state &&
	       a->censused == b->censused;
}

static void
random_block(struct block_memory *bm, uint64_t *seed, unsigned hosts,
	     bool mixed)
{
	static const enum target_state st[] = { STATE_UP, STATE_DOWN,
						STATE_UNKNOWN };
	unsigned i;

	memset(bm, 0, sizeof(*bm));
	for (i = 0; i < hosts; i++)
		block_mark_ever(bm, (unsigned)(th_rand(seed) & 255),
				(uint8_t)(mixed ? 1 + th_rand(seed) % 15 : 2));
	bm->avail = th_rand(seed) % 4 == 0
			    ? -1
			    : (double)(th_rand(seed) % 1000001) / 1e6;
	bm->belief = (double)(th_rand(seed) % 1000001) / 1e6;
	bm->state = st[th_rand(seed) % 3];
	bm->censused = th_rand(seed) & 1;
}

static void
test_roundtrip(void)
{
	int map[15];
	char text[BLOCKCODEC_TEXT_MAX];
	struct block_memory a, b;
	const char *why;
	uint64_t seed = 5;
	unsigned i, bad = 0;
	size_t len;

	TEST("roundtrip");
	for (i = 0; i < 15; i++)
		map[i] = (int)i; /* the file's methods are the run's */
	for (i = 0; i < 3000; i++) {
		random_block(&a, &seed, (unsigned)(th_rand(&seed) % 300),
			     i % 2);
		len = blockcodec_encode(&a, text);
		bad += len != strlen(text) || len >= BLOCKCODEC_TEXT_MAX ||
		       blockcodec_decode(text, len, map, 15, &b, &why) < 0 ||
		       !same(&a, &b);
	}
	CHECK_EQ(bad, 0);
	/* Sizes: nothing known, and an adaptive block on one method. */
	memset(&a, 0, sizeof(a));
	a.avail = -1;
	a.belief = 0.5;
	a.state = STATE_UNKNOWN;
	CHECK_EQ(blockcodec_encode(&a, text), 12); /* 9 bytes */
	for (i = 0; i < 51; i++)
		block_mark_ever(&a, i * 5, 1);
	a.avail = 0.8;
	CHECK_EQ(blockcodec_encode(&a, text), 68); /* 50 bytes */
	block_set_hint(&a, 5, 2); /* one other: 26 bytes of hints */
	CHECK_EQ(blockcodec_encode(&a, text), 100); /* 75 bytes */
}

/* The file's method 1 is the run's 0, its 0 is gone from the run. */
static void
test_remap(void)
{
	int map[2] = { -1, 0 };
	char text[BLOCKCODEC_TEXT_MAX];
	struct block_memory a, b;
	const char *why;

	TEST("remap");
	memset(&a, 0, sizeof(a));
	a.avail = -1;
	block_mark_ever(&a, 3, 1);
	block_mark_ever(&a, 4, 2);
	blockcodec_encode(&a, text);
	CHECK(blockcodec_decode(text, strlen(text), map, 2, &b, &why) == 0);
	CHECK(block_is_ever(&b, 3) && block_is_ever(&b, 4));
	CHECK_EQ(block_hint(&b, 3), 0); /* its method is not run: none */
	CHECK_EQ(block_hint(&b, 4), 1);
	/* A file listing one method cannot name a second. */
	CHECK(blockcodec_decode(text, strlen(text), map, 1, &b, &why) < 0);
	CHECK(strstr(why, "hints") != NULL);
}

static void
test_fields(void)
{
	int map[1] = { 0 };
	struct block_memory b;
	const char *why = "";

	TEST("fields");
	/* B = 0.5 and an optional field of type 2, 2 bytes: skipped. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/AgIHBw==", 20, map, 1, &b, &why) ==
	      0);
	CHECK(b.belief == 0.5 && b.avail == -1 && b.n_ever == 0);
	/* Type 1 is A(b) by hour: 24 bytes, or refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/AQIHBw==", 20, map, 1, &b, &why) <
	      0);
	{
		struct block_memory h;
		char text[BLOCKCODEC_TEXT_MAX];
		int i, same = 0;

		memset(&h, 0, sizeof(h));
		h.belief = 0.9;
		h.avail = 0.5;
		for (i = 0; i < 24; i++)
			h.avail_hour[i] = (uint8_t)(i * 10 + 1);
		blockcodec_encode(&h, text);
		CHECK(blockcodec_decode(text, strlen(text), map, 1, &b, &why) ==
		      0);
		for (i = 0; i < 24; i++)
			same += b.avail_hour[i] == h.avail_hour[i];
		CHECK_EQ(same, 24);
	}
	/* The same field of type 128: required, unknown, refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/gAIHBw==", 20, map, 1, &b, &why) <
	      0);
	CHECK(strstr(why, "fields") != NULL);
	/* Not base64, or not a whole record. */
	CHECK(blockcodec_decode("AAAAAAAAAOA", 11, map, 1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AQIHBw=", 19, map, 1, &b, &why) <
	      0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AQIHBw==", 16, map, 1, &b, &why) <
	      0); /* a field cut short */
}

int
main(void)
{
	test_roundtrip();
	test_remap();
	test_fields();
	return test_report("test_blockcodec");
}

/*
 * test_blockcodec.c - version 2 block records (blockcodec.c): random
 * blocks round-trip exactly, uniform and mixed hints, hints of methods
 * the run dropped or renumbered, sizes, an unknown optional field
 * skipped, hourly A(b) in 5 bits and in the older 8, a spot check's
 * silent hosts and watch, and records that are not well formed refused.
 */
#include "blackout/verdict/blockcodec.h"

#include <math.h>
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
	if (memcmp(a->avail_hour, b->avail_hour, sizeof(a->avail_hour)) != 0 ||
	    a->n_silent != b->n_silent || a->watch_left != b->watch_left ||
	    memcmp(a->silent, b->silent, a->n_silent) != 0)
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
	if (th_rand(seed) % 2 == 0) /* a learned hourly profile */
		for (i = 0; i < 24; i++)
			bm->avail_hour[i] = (uint8_t)(th_rand(seed) %
						      (AVAIL_LEVELS + 1));
	if (th_rand(seed) % 2 == 0) /* a spot check's silent hosts */
		for (i = th_rand(seed) % BLOCK_SILENT_MAX + 1; i > 0; i--)
			bm->silent[bm->n_silent++] = (uint8_t)(th_rand(seed) &
							       255);
	bm->watch_left = (uint8_t)(th_rand(seed) % (WATCH_AFTER_ROUNDS + 1));
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

/* A(b) by hour: every level (0 unknown to AVAIL_LEVELS) round-trips in
 * 5 bits, 15 bytes; type 1 (a byte an hour, blackout before 5-bit hours)
 * is read as the nearest level; either at the wrong length is refused. */
static void
test_hours(void)
{
	int map[1] = { 0 };
	struct block_memory h, b;
	char text[BLOCKCODEC_TEXT_MAX];
	const char *why = "";
	int i, same = 0;

	TEST("hours");
	memset(&h, 0, sizeof(h));
	h.belief = 0.9;
	h.avail = 0.5;
	for (i = 0; i < 24; i++) /* 0, 7, ..., 28, 3, ..., 31, ... */
		h.avail_hour[i] = (uint8_t)(i * 7 % (AVAIL_LEVELS + 1));
	CHECK_EQ(blockcodec_encode(&h, text),
		 48); /* 1 + 8 + 8 + 2 + 15 bytes */
	CHECK(blockcodec_decode(text, strlen(text), map, 1, &b, &why) == 0);
	for (i = 0; i < 24; i++)
		same += b.avail_hour[i] == h.avail_hour[i];
	CHECK_EQ(same, 24);
	/* Type 1: hour 0 unknown, then 1 + A x 254 for A 0.9, 0.5, 0.1,
	 * 1.0 and 0 (19 hours). */
	CHECK(blockcodec_decode(
		      "AAAAAAAAAOA/ARgA5oAa/wEBAQEBAQEBAQEBAQEBAQEBAQE=", 48,
		      map, 1, &b, &why) == 0);
	CHECK(b.belief == 0.5 && b.avail == -1);
	CHECK_EQ(b.avail_hour[0], 0);
	CHECK_EQ(b.avail_hour[1], avail_level_of(0.9));
	CHECK_EQ(b.avail_hour[2], 16);
	CHECK_EQ(b.avail_hour[3], avail_level_of(0.1));
	CHECK_EQ(b.avail_hour[4], AVAIL_LEVELS);
	CHECK_EQ(b.avail_hour[23], 1);
	CHECK(fabs(avail_level_value(b.avail_hour[1]) - 0.9) < 0.02);
	CHECK(fabs(avail_level_value(b.avail_hour[3]) - 0.1) < 0.02);
	/* Type 2 of 14 or 16 bytes, type 1 of 2: refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/Ag4AAAAAAAAAAAAAAAAAAA==", 36, map,
				1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AhAAAAAAAAAAAAAAAAAAAAAA", 36, map,
				1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AQIHBw==", 20, map, 1, &b, &why) <
	      0);
}

/* Levels: 0.5 in the middle, 0.011 and 0.989 at the ends, each value
 * back to its own level, and monotonic. */
static void
test_levels(void)
{
	unsigned q, back = 0, up = 0;

	TEST("levels");
	CHECK_EQ(avail_level_of(0.5), 16);
	CHECK(fabs(avail_level_value(1) - 0.011) < 0.001);
	CHECK(fabs(avail_level_value(AVAIL_LEVELS) - 0.989) < 0.001);
	CHECK_EQ(avail_level_of(0), 1);
	CHECK_EQ(avail_level_of(1), AVAIL_LEVELS);
	for (q = 1; q <= AVAIL_LEVELS; q++) {
		back += avail_level_of(avail_level_value((uint8_t)q)) == q;
		up += q == 1 || avail_level_value((uint8_t)q) >
					avail_level_value((uint8_t)(q - 1));
	}
	CHECK_EQ(back, AVAIL_LEVELS);
	CHECK_EQ(up, AVAIL_LEVELS);
}

static void
test_fields(void)
{
	int map[1] = { 0 };
	struct block_memory b;
	const char *why = "";

	TEST("fields");
	/* B = 0.5 and an optional field of type 127, 2 bytes: skipped. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/fwIHBw==", 20, map, 1, &b, &why) ==
	      0);
	CHECK(b.belief == 0.5 && b.avail == -1 && b.n_ever == 0);
	CHECK_EQ(b.n_silent, 0);
	/* Type 3: silent hosts 9 and 200; none, or 8, refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/AwIJyA==", 20, map, 1, &b, &why) ==
	      0);
	CHECK(b.n_silent == 2 && b.silent[0] == 9 && b.silent[1] == 200);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AwA=", 16, map, 1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AwgAAAAAAAAAAA==", 28, map, 1, &b,
				&why) < 0);
	/* Type 4: 5 rounds still watched; 200 read as the most; 0, or
	 * two bytes, refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/BAEF", 16, map, 1, &b, &why) == 0);
	CHECK_EQ(b.watch_left, 5);
	CHECK(blockcodec_decode("AAAAAAAAAOA/BAHI", 16, map, 1, &b, &why) == 0);
	CHECK_EQ(b.watch_left, WATCH_AFTER_ROUNDS);
	CHECK(blockcodec_decode("AAAAAAAAAOA/BAEA", 16, map, 1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/BAIBAQ==", 20, map, 1, &b, &why) <
	      0);
	/* The same field of type 128: required, unknown, refused. */
	CHECK(blockcodec_decode("AAAAAAAAAOA/gAIHBw==", 20, map, 1, &b, &why) <
	      0);
	CHECK(strstr(why, "fields") != NULL);
	/* Not base64, or not a whole record. */
	CHECK(blockcodec_decode("AAAAAAAAAOA", 11, map, 1, &b, &why) < 0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AwIHBw=", 19, map, 1, &b, &why) <
	      0);
	CHECK(blockcodec_decode("AAAAAAAAAOA/AwIHBw==", 16, map, 1, &b, &why) <
	      0); /* a field cut short */
}

int
main(void)
{
	test_roundtrip();
	test_remap();
	test_fields();
	test_hours();
	test_levels();
	return test_report("test_blockcodec");
}

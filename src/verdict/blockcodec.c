/*
 * blockcodec.c - the version 2 block record (layout in blockcodec.h).
 *
 * Decoding is as strict as the JSON loader: exact base64 with padding,
 * flags without unknown bits, numbers in range, a length that matches
 * what the flags announce, hints naming methods the file lists.
 */
#include "blackout/verdict/blockcodec.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define F_CENSUSED 0x01
#define F_STATE_SHIFT 1
#define F_STATE_MASK 0x06
#define F_AVAIL 0x08
#define F_EVER 0x10
#define F_UNIFORM 0x20
#define F_KNOWN 0x3f
#define FIELD_REQUIRED 0x80  /* extra field types from here on */
#define FIELD_AVAIL_HOUR_8 1 /* A(b) by UTC hour, 8 bits: read only */
#define FIELD_AVAIL_HOUR 2   /* A(b) by UTC hour, 5 bits: 15 bytes */
#define FIELD_SILENT 3	     /* the last check's silent hosts, 1 to 7 */
#define FIELD_WATCH 4	     /* regular rounds still watched, 1 byte */
#define HOUR_BITS 5

static const char b64
	[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t
b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

static int
b64_value(char c)
{
	const char *p = c != '\0' ? strchr(b64, c) : NULL;

	return p != NULL ? (int)(p - b64) : -1;
}

/* Decodes exact, padded base64; returns the byte count or -1. */
static long
b64_decode(const char *in, size_t len, uint8_t *out, size_t max)
{
	size_t i, o = 0;

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i += 4) {
		int a = b64_value(in[i]), b = b64_value(in[i + 1]);
		int c = b64_value(in[i + 2]), d = b64_value(in[i + 3]);
		bool last = i + 4 == len;
		size_t k = 3;

		if (last && in[i + 3] == '=' && d < 0) {
			k = in[i + 2] == '=' && c < 0 ? 1 : 2;
			d = 0;
			c = k == 1 ? 0 : c;
		}
		if (a < 0 || b < 0 || c < 0 || d < 0 || o + k > max)
			return -1;
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		if (k > 1)
			out[o++] = (uint8_t)(b << 4 | c >> 2);
		if (k > 2)
			out[o++] = (uint8_t)(c << 6 | d);
	}
	return (long)o;
}

static void
put_double(uint8_t *p, double v)
{
	uint64_t u;
	int i;

	memcpy(&u, &v, 8);
	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(u >> (8 * i));
}

static double
get_double(const uint8_t *p)
{
	uint64_t u = 0;
	double v;
	int i;

	for (i = 0; i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	memcpy(&v, &u, 8);
	return v;
}

static unsigned
state_code(enum target_state s)
{
	return s == STATE_UP ? 1 : s == STATE_DOWN ? 2 : 0;
}

/* The hints of E(b)'s hosts, uniform or one nibble each; returns bytes. */
static size_t
put_hints(const struct block_memory *bm, uint8_t *p, uint8_t *flags)
{
	unsigned h, k = 0;
	int first = -1;
	bool uniform = true;

	for (h = 0; h < 256; h++)
		if (block_is_ever(bm, h)) {
			if (first < 0)
				first = block_hint(bm, h);
			uniform = uniform && block_hint(bm, h) == first;
		}
	if (uniform) {
		*flags |= F_UNIFORM;
		p[0] = (uint8_t)(first < 0 ? 0 : first);
		return 1;
	}
	memset(p, 0, 128);
	for (h = 0; h < 256; h++)
		if (block_is_ever(bm, h)) {
			p[k / 2] |= (uint8_t)(block_hint(bm, h) << (k % 2 * 4));
			k++;
		}
	return (k + 1) / 2;
}

/* The extra fields of bm at p; returns their bytes. */
static size_t
put_fields(const struct block_memory *bm, uint8_t *p)
{
	static const uint8_t none[24];
	unsigned i, bit;
	size_t n = 0;

	if (memcmp(bm->avail_hour, none, sizeof(none)) != 0) {
		p[0] = FIELD_AVAIL_HOUR;
		p[1] = 24 * HOUR_BITS / 8;
		memset(p + 2, 0, p[1]);
		for (i = 0; i < 24; i++)
			for (bit = 0; bit < HOUR_BITS; bit++)
				if (bm->avail_hour[i] >> bit & 1) {
					unsigned k = i * HOUR_BITS + bit;

					p[2 + k / 8] |= (uint8_t)(1u << k % 8);
				}
		n = 2u + p[1];
	}
	if (bm->n_silent > 0) {
		p[n] = FIELD_SILENT;
		p[n + 1] = bm->n_silent;
		memcpy(p + n + 2, bm->silent, bm->n_silent);
		n += 2u + bm->n_silent;
	}
	if (bm->watch_left > 0) {
		p[n] = FIELD_WATCH;
		p[n + 1] = 1;
		p[n + 2] = bm->watch_left;
		n += 3;
	}
	return n;
}

size_t
blockcodec_encode(const struct block_memory *bm, char *out)
{
	uint8_t raw[BLOCKCODEC_RAW_MAX];
	size_t n = 9;

	raw[0] = (uint8_t)((bm->censused ? F_CENSUSED : 0) |
			   state_code(bm->state) << F_STATE_SHIFT);
	put_double(raw + 1, bm->belief);
	if (bm->avail >= 0) {
		raw[0] |= F_AVAIL;
		put_double(raw + n, bm->avail);
		n += 8;
	}
	if (bm->n_ever > 0) {
		raw[0] |= F_EVER;
		memcpy(raw + n, bm->ever, 32);
		n += 32;
		n += put_hints(bm, raw + n, &raw[0]);
	}
	n += put_fields(bm, raw + n);
	return b64_encode(raw, n, out);
}

/* One file hint (1 + file method index, 0 none) as the run's. */
static int
map_hint(unsigned fh, const int *method_map, size_t n_file, uint8_t *out)
{
	if (fh == 0) {
		*out = 0;
		return 0;
	}
	if (fh - 1 >= n_file)
		return -1;
	*out = method_map[fh - 1] < 0 ? 0 : (uint8_t)(method_map[fh - 1] + 1);
	return 0;
}

/* Reads the hints at p (end at `end`) into E(b)'s hosts; returns bytes. */
static long
get_hints(const uint8_t *p, const uint8_t *end, uint8_t flags,
	  const int *method_map, size_t n_file, struct block_memory *bm)
{
	size_t need = flags & F_UNIFORM ? 1 : ((size_t)bm->n_ever + 1) / 2;
	unsigned h, k = 0;
	uint8_t hint;

	if ((size_t)(end - p) < need)
		return -1;
	for (h = 0; h < 256; h++) {
		if (!block_is_ever(bm, h))
			continue;
		if (map_hint(flags & F_UNIFORM ? p[0]
					       : p[k / 2] >> (k % 2 * 4) & 15,
			     method_map, n_file, &hint) < 0)
			return -1;
		block_set_hint(bm, h, hint);
		k++;
	}
	return (long)need;
}

/* A(b) by hour from field type 1 (8 bits each, 0 unknown, else 1 + A x
 * 254: files of blackout before 5-bit hours) or 2 (5-bit levels). */
static int
get_hours(const uint8_t *p, struct block_memory *bm)
{
	unsigned i, bit;

	if (p[0] == FIELD_AVAIL_HOUR_8) {
		if (p[1] != 24)
			return -1;
		for (i = 0; i < 24; i++)
			bm->avail_hour[i] = p[2 + i] == 0
						    ? 0
						    : avail_level_of(
							      (p[2 + i] - 1) /
							      254.0);
		return 0;
	}
	if (p[1] != 24 * HOUR_BITS / 8)
		return -1;
	for (i = 0; i < 24; i++) {
		bm->avail_hour[i] = 0;
		for (bit = 0; bit < HOUR_BITS; bit++) {
			unsigned k = i * HOUR_BITS + bit;

			bm->avail_hour[i] |= (uint8_t)((p[2 + k / 8] >> k % 8 &
							1)
						       << bit);
		}
	}
	return 0;
}

/*
 * The extra fields from p to end into bm: reads those it knows, skips
 * unknown optional ones, refuses unknown required ones.
 */
static int
get_fields(const uint8_t *p, const uint8_t *end, struct block_memory *bm)
{
	while (p < end) {
		if (end - p < 2 || end - p - 2 < p[1] || p[0] >= FIELD_REQUIRED)
			return -1;
		if ((p[0] == FIELD_AVAIL_HOUR_8 || p[0] == FIELD_AVAIL_HOUR) &&
		    get_hours(p, bm) < 0)
			return -1;
		if (p[0] == FIELD_SILENT) {
			if (p[1] == 0 || p[1] > BLOCK_SILENT_MAX)
				return -1;
			memcpy(bm->silent, p + 2, p[1]);
			bm->n_silent = p[1];
		}
		if (p[0] == FIELD_WATCH) {
			if (p[1] != 1 || p[2] == 0)
				return -1;
			/* A file of a blackout that watched longer */
			bm->watch_left = p[2] < WATCH_AFTER_ROUNDS
						 ? p[2]
						 : WATCH_AFTER_ROUNDS;
		}
		p += 2 + p[1];
	}
	return 0;
}

static int
fail(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

int
blockcodec_decode(const char *text, size_t len, const int *method_map,
		  size_t n_file_methods, struct block_memory *bm,
		  const char **why)
{
	uint8_t raw[BLOCKCODEC_RAW_MAX + 512];
	long n = b64_decode(text, len, raw, sizeof(raw)), k;
	const uint8_t *p = raw + 9, *end;
	unsigned st;
	int i;

	if (n < 9)
		return fail(why, "not a block record (base64)");
	end = raw + n;
	if (raw[0] & ~F_KNOWN)
		return fail(why, "unknown flags");
	memset(bm, 0, sizeof(*bm));
	bm->censused = raw[0] & F_CENSUSED;
	st = (raw[0] & F_STATE_MASK) >> F_STATE_SHIFT;
	if (st == 3)
		return fail(why, "bad state");
	bm->state = st == 1 ? STATE_UP : st == 2 ? STATE_DOWN : STATE_UNKNOWN;
	bm->belief = get_double(raw + 1);
	bm->avail = -1;
	if (!(bm->belief >= 0 && bm->belief <= 1))
		return fail(why, "belief out of range");
	if (raw[0] & F_AVAIL) {
		if (end - p < 8)
			return fail(why, "truncated");
		bm->avail = get_double(p);
		p += 8;
		if (!(bm->avail >= 0 && bm->avail <= 1))
			return fail(why, "avail out of range");
	}
	if (!(raw[0] & F_EVER))
		return (raw[0] & F_UNIFORM) || get_fields(p, end, bm) < 0
			       ? fail(why, "bad hints or fields")
			       : 0;
	if (end - p < 32)
		return fail(why, "truncated");
	memcpy(bm->ever, p, 32);
	p += 32;
	for (i = 0; i < 32; i++)
		bm->n_ever += (uint16_t)__builtin_popcount(bm->ever[i]);
	if (bm->n_ever == 0)
		return fail(why, "empty E(b) announced");
	k = get_hints(p, end, raw[0], method_map, n_file_methods, bm);
	if (k < 0 || get_fields(p + k, end, bm) < 0)
		return fail(why, "bad hints or fields");
	return 0;
}

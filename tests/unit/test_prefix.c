/*
 * test_prefix.c - prefix parsing and arithmetic, the RFC 6890 check, and the
 * exclusion list (merging checked against a brute-force model).
 */
#include "blackout/prefix.h"

#include "testhelp.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

static struct prefix
P(uint32_t base, uint8_t len) {
	struct prefix p = { base, len };

	return p;
}

static void
test_parse_good(void)
{
	struct bo_error err = { 0, "" };
	struct prefix p;
	char buf[32];

	TEST("parse_good");
	CHECK(prefix_parse("175.45.176.0/22", "t", &p, &err) == 0);
	CHECK_EQ(p.base, A(175, 45, 176, 0));
	CHECK_EQ(p.len, 22);
	CHECK_STREQ(prefix_format(&p, buf, sizeof(buf)), "175.45.176.0/22");

	CHECK(prefix_parse("175.45.176.7", "t", &p, &err) == 0);
	CHECK_EQ(p.base, A(175, 45, 176, 7));
	CHECK_EQ(p.len, 32);
	CHECK_STREQ(prefix_format(&p, buf, sizeof(buf)), "175.45.176.7/32");

	CHECK(prefix_parse("0.0.0.0/0", "t", &p, &err) == 0);
	CHECK_EQ(p.base, 0);
	CHECK_EQ(p.len, 0);
	CHECK(prefix_parse("255.255.255.255/32", "t", &p, &err) == 0);
	CHECK_EQ(p.base, 0xffffffffu);
	CHECK_EQ(p.len, 32);
	CHECK(prefix_parse("128.0.0.0/1", "t", &p, &err) == 0);
	CHECK_EQ(p.base, 0x80000000u);
	/* Errors are optional for callers that only ask. */
	CHECK(prefix_parse("10.0.0.0/8", "t", &p, NULL) == 0);
	CHECK(prefix_parse("10.0.0.1/8", "t", &p, NULL) < 0);
}

static void
test_parse_bad(void)
{
	static const char *const bad[] = {
		"1.2.3/24",  "1.2.3.4/33", "",		 "1.2.3.4/",
		"256.1.1.1", "1.2.3.4/-1", "1.2.3.4/2x", "1.2.3.4/ 24",
		"/24",	     "a.b.c.d",	   "1.2.3.4.5",	 "1.2.3.4/24/",
		"01.2.3.4x", " 1.2.3.4",
	};
	struct bo_error err;
	struct prefix p;
	size_t i;

	TEST("parse_bad");
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		CHECK(prefix_parse(bad[i], "--opt", &p, &err) < 0);
		CHECK_EQ(err.status, 64);
		CHECK_HAS(err.msg, "--opt");
		if (strcmp(bad[i], "1.2.3.4/33") == 0)
			CHECK_HAS(err.msg, "0 to 32");
	}

	memset(&err, 0, sizeof(err));
	CHECK(prefix_parse("198.18.0.1/22", "targets.json:3:17", &p, &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "targets.json:3:17");
	CHECK_HAS(err.msg, "host bits");
	CHECK_HAS(err.msg, "198.18.0.0/22"); /* suggests the network */

	memset(&err, 0, sizeof(err));
	CHECK(prefix_parse("175.45.177.0/22", "x", &p, &err) < 0);
	CHECK_HAS(err.msg, "175.45.176.0/22");
	CHECK(prefix_parse("0.0.0.1/0", "x", &p, &err) < 0);
	CHECK_HAS(err.msg, "0.0.0.0/0");

	memset(&err, 0, sizeof(err));
	CHECK(prefix_parse("2001:db8::/32", "x", &p, &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "IPv6");
	CHECK(prefix_parse("::ffff:1.2.3.4", "x", &p, &err) < 0);
	CHECK_HAS(err.msg, "IPv6");
}

static void
test_arith(void)
{
	struct prefix all = P(0, 0), kp = P(A(175, 45, 176, 0), 22);
	struct prefix one = P(A(175, 45, 178, 9), 32);
	struct prefix top = P(0xffffffffu, 32), half = P(0x80000000u, 1);

	TEST("arith");
	CHECK_EQ(prefix_size(&all), 1ULL << 32);
	CHECK_EQ(prefix_size(&kp), 1024);
	CHECK_EQ(prefix_size(&one), 1);
	CHECK_EQ(prefix_size(&half), 1ULL << 31);
	CHECK_EQ(prefix_last(&all), 0xffffffffu);
	CHECK_EQ(prefix_last(&kp), A(175, 45, 179, 255));
	CHECK_EQ(prefix_last(&one), A(175, 45, 178, 9));
	CHECK_EQ(prefix_last(&top), 0xffffffffu);

	CHECK(prefix_contains(&kp, A(175, 45, 176, 0)));
	CHECK(prefix_contains(&kp, A(175, 45, 179, 255)));
	CHECK(!prefix_contains(&kp, A(175, 45, 175, 255)));
	CHECK(!prefix_contains(&kp, A(175, 45, 180, 0)));
	CHECK(prefix_contains(&all, 0) && prefix_contains(&all, 0xffffffffu));
	CHECK(prefix_contains(&one, A(175, 45, 178, 9)));
	CHECK(!prefix_contains(&one, A(175, 45, 178, 10)));
	CHECK(prefix_contains(&top, 0xffffffffu));
	CHECK(!prefix_contains(&half, 0x7fffffffu));

	CHECK(prefix_overlaps(&kp, &one) && prefix_overlaps(&one, &kp));
	CHECK(prefix_overlaps(&all, &kp) && prefix_overlaps(&kp, &all));
	CHECK(prefix_overlaps(&kp, &kp));
	{
		struct prefix next = P(A(175, 45, 180, 0), 22);
		struct prefix prev = P(A(175, 45, 172, 0), 22);
		struct prefix wide = P(A(175, 45, 160, 0), 19);

		CHECK(!prefix_overlaps(&kp, &next) &&
		      !prefix_overlaps(&next, &kp));
		CHECK(!prefix_overlaps(&kp, &prev) &&
		      !prefix_overlaps(&prev, &kp));
		CHECK(prefix_overlaps(&wide, &kp) &&
		      prefix_overlaps(&kp, &wide));
		CHECK(!prefix_overlaps(&top, &kp));
		CHECK(prefix_overlaps(&top, &half));
	}
}

static void
test_reserved(void)
{
	/* The RFC 6890 list of man/blackout.8, SAFETY, with an address just
	 * outside each. */
	static const struct {
		const char *range;
		const char *below, *above; /* NULL: also reserved / none */
	} r[] = {
		{ "0.0.0.0/8", NULL, "1.0.0.0" },
		{ "10.0.0.0/8", "9.255.255.255", "11.0.0.0" },
		{ "100.64.0.0/10", "100.63.255.255", "100.128.0.0" },
		{ "127.0.0.0/8", "126.255.255.255", "128.0.0.0" },
		{ "169.254.0.0/16", "169.253.255.255", "169.255.0.0" },
		{ "172.16.0.0/12", "172.15.255.255", "172.32.0.0" },
		{ "192.0.0.0/24", "191.255.255.255", "192.0.1.0" },
		{ "192.0.2.0/24", "192.0.1.255", "192.0.3.0" },
		{ "192.168.0.0/16", "192.167.255.255", "192.169.0.0" },
		{ "198.18.0.0/15", "198.17.255.255", "198.20.0.0" },
		{ "198.51.100.0/24", "198.51.99.255", "198.51.101.0" },
		{ "203.0.113.0/24", "203.0.112.255", "203.0.114.0" },
		{ "224.0.0.0/4", "223.255.255.255", NULL },
		{ "240.0.0.0/4", NULL, NULL },
		{ "255.255.255.255/32", NULL, NULL },
	};
	struct prefix p;
	size_t i;

	TEST("reserved");
	for (i = 0; i < sizeof(r) / sizeof(*r); i++) {
		CHECK(prefix_parse(r[i].range, "t", &p, NULL) == 0);
		/* The broadcast address is also in 240/4, listed first. */
		if (p.len == 32)
			CHECK(prefix_reserved(&p) != NULL);
		else
			CHECK_STREQ(prefix_reserved(&p), r[i].range);
		/* Its first and last addresses, and a /32 inside it. */
		p.len = 32;
		CHECK(prefix_reserved(&p) != NULL);
		CHECK(prefix_parse(r[i].range, "t", &p, NULL) == 0);
		p.base = prefix_last(&p);
		p.len = 32;
		CHECK(prefix_reserved(&p) != NULL);
		if (r[i].below != NULL) {
			CHECK(prefix_parse(r[i].below, "t", &p, NULL) == 0);
			CHECK(prefix_reserved(&p) == NULL);
		}
		if (r[i].above != NULL) {
			CHECK(prefix_parse(r[i].above, "t", &p, NULL) == 0);
			CHECK(prefix_reserved(&p) == NULL);
		}
	}
	p = P(0xfffffffeu, 32); /* 255.255.255.254 is in 240/4 */
	CHECK_STREQ(prefix_reserved(&p), "240.0.0.0/4");
	p = P(A(175, 45, 176, 0), 22);
	CHECK(prefix_reserved(&p) == NULL);
	p = P(A(8, 8, 8, 8), 32);
	CHECK(prefix_reserved(&p) == NULL);
	/* Partial overlaps: a wider prefix that holds special-use space. */
	p = P(A(198, 0, 0, 0), 8);
	CHECK_STREQ(prefix_reserved(&p), "198.18.0.0/15");
	p = P(A(198, 51, 0, 0), 16);
	CHECK_STREQ(prefix_reserved(&p), "198.51.100.0/24");
	p = P(A(100, 0, 0, 0), 8);
	CHECK_STREQ(prefix_reserved(&p), "100.64.0.0/10");
	p = P(A(192, 0, 0, 0), 16);
	CHECK(prefix_reserved(&p) != NULL);
	p = P(A(172, 0, 0, 0), 8);
	CHECK_STREQ(prefix_reserved(&p), "172.16.0.0/12");
	p = P(0, 0);
	CHECK(prefix_reserved(&p) != NULL);
	p = P(A(198, 19, 255, 0), 24);
	CHECK_STREQ(prefix_reserved(&p), "198.18.0.0/15");
}

/*
 * Brute force: prefixes inside a 4096-address window (10.0.0.0/20), set bit
 * by bit in a map with one address of margin on each side, then every
 * address compared and the runs counted.
 */
static void
exclude_vs_bitmap(uint64_t seed, unsigned n_add)
{
	enum { WIN = 4096 };
	static uint8_t map[WIN + 2];
	uint32_t base = A(10, 0, 0, 0);
	struct exclude *ex = exclude_new();
	uint64_t st = seed;
	size_t runs = 0;
	unsigned i, mismatches = 0;
	uint32_t a;

	memset(map, 0, sizeof(map));
	for (i = 0; i < n_add; i++) {
		uint8_t len = (uint8_t)(20 + th_rand(&st) % 13);
		uint32_t off = (uint32_t)(th_rand(&st) % WIN);
		struct prefix p;

		p.len = len;
		p.base = (base + off) &
			 (len == 0 ? 0 : 0xffffffffu << (32 - len));
		exclude_add(ex, &p);
		for (a = p.base; a <= prefix_last(&p); a++)
			map[a - base + 1] = 1;
	}
	for (i = 0; i < WIN + 2; i++) {
		if (map[i] && (i == 0 || !map[i - 1]))
			runs++;
		if (exclude_contains(ex, base + i - 1) != (map[i] != 0))
			mismatches++;
	}
	CHECK_EQ(mismatches, 0);
	CHECK_EQ(exclude_count(ex), runs);
	exclude_free(ex);
}

struct range {
	uint32_t lo, hi;
};

static int
range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/*
 * Anywhere in the address space: the model is the plain list of what was
 * added (contains = any of them holds it) and a sort-and-merge count.
 */
static void
exclude_vs_list(uint64_t seed, unsigned n_add)
{
	struct range *r = calloc(n_add, sizeof(*r));
	struct exclude *ex = exclude_new();
	uint64_t st = seed;
	size_t merged = 0;
	unsigned i, j, k, bad = 0;

	for (i = 0; i < n_add; i++) {
		uint8_t len = (uint8_t)(1 + th_rand(&st) % 32);
		struct prefix p;

		p.len = len;
		p.base = (uint32_t)th_rand(&st) & (0xffffffffu << (32 - len));
		exclude_add(ex, &p);
		r[i].lo = p.base;
		r[i].hi = prefix_last(&p);
	}
	for (i = 0; i < n_add; i++) {
		uint32_t probe[5] = { r[i].lo, r[i].hi, r[i].lo - 1,
				      r[i].hi + 1, (uint32_t)th_rand(&st) };

		for (k = 0; k < 5; k++) {
			bool in = false;

			for (j = 0; j < n_add && !in; j++)
				in = probe[k] >= r[j].lo && probe[k] <= r[j].hi;
			if (exclude_contains(ex, probe[k]) != in)
				bad++;
		}
	}
	qsort(r, n_add, sizeof(*r), range_cmp);
	for (i = 0; i < n_add; merged++) {
		uint64_t hi = r[i].hi;

		for (i++; i < n_add && (uint64_t)r[i].lo <= hi + 1; i++)
			if (r[i].hi > hi)
				hi = r[i].hi;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(exclude_count(ex), merged);
	free(r);
	exclude_free(ex);
}

static void
test_exclude_edges(void)
{
	struct exclude *ex = exclude_new();
	struct prefix p;

	TEST("exclude_edges");
	CHECK_EQ(exclude_count(ex), 0);
	CHECK(!exclude_contains(ex, 0));
	CHECK(!exclude_contains(NULL, 0));
	/* Out of order, then adjacent on both sides: one range. */
	p = P(A(10, 0, 2, 0), 24);
	exclude_add(ex, &p);
	p = P(A(10, 0, 0, 0), 24);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 2);
	p = P(A(10, 0, 1, 0), 24);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	CHECK(exclude_contains(ex, A(10, 0, 1, 128)));
	CHECK(!exclude_contains(ex, A(10, 0, 3, 0)));
	CHECK(!exclude_contains(ex, A(9, 255, 255, 255)));
	/* Nested: nothing changes. */
	p = P(A(10, 0, 1, 7), 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	/* Overlapping from outside: swallows it. */
	p = P(A(10, 0, 0, 0), 16);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	CHECK(exclude_contains(ex, A(10, 0, 255, 255)));
	CHECK(!exclude_contains(ex, A(10, 1, 0, 0)));
	/* The ends of the address space. */
	p = P(0xffffffffu, 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 2);
	CHECK(exclude_contains(ex, 0xffffffffu));
	CHECK(!exclude_contains(ex, 0xfffffffeu));
	p = P(0xfffffffeu, 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 2);
	p = P(0, 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 3);
	CHECK(exclude_contains(ex, 0) && !exclude_contains(ex, 1));
	p = P(1, 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 3);
	/* Everything: one range. */
	p = P(0, 0);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	CHECK(exclude_contains(ex, 0) && exclude_contains(ex, 0x7fffffffu) &&
	      exclude_contains(ex, 0xffffffffu));
	p = P(A(1, 2, 3, 4), 32);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	exclude_free(ex);

	/* 0.0.0.0/0 into an empty list, and two halves that meet. */
	ex = exclude_new();
	p = P(0x80000000u, 1);
	exclude_add(ex, &p);
	p = P(0, 1);
	exclude_add(ex, &p);
	CHECK_EQ(exclude_count(ex), 1);
	CHECK(exclude_contains(ex, 0x7fffffffu));
	CHECK(exclude_contains(ex, 0x80000000u));
	exclude_free(ex);
}

static void
test_exclude_model(void)
{
	uint64_t seed;

	TEST("exclude_model");
	for (seed = 1; seed <= 40; seed++) {
		exclude_vs_bitmap(seed, (unsigned)(1 + seed * 3));
		exclude_vs_list(seed * 7919, (unsigned)(1 + seed * 5));
	}
}

static void
test_exclude_load(void)
{
	const char *good = "# opt-out list\n"
			   "\n"
			   "10.0.0.0/8\n"
			   "   192.0.2.7   # one host, indented\n"
			   "\t10.1.0.0/16\r\n"
			   "   \n"
			   "203.0.113.0/24";
	char path[256], want[300];
	struct bo_error err = { 0, "" };
	struct exclude *ex = exclude_new();

	TEST("exclude_load");
	CHECK(th_tempfile(good, path, sizeof(path)) == 0);
	CHECK(exclude_load(ex, path, &err) == 0);
	CHECK_EQ(exclude_count(ex), 3);
	CHECK(exclude_contains(ex, A(10, 200, 0, 1)));
	CHECK(exclude_contains(ex, A(192, 0, 2, 7)));
	CHECK(!exclude_contains(ex, A(192, 0, 2, 8)));
	CHECK(exclude_contains(ex, A(203, 0, 113, 255)));
	unlink(path);
	exclude_free(ex);

	ex = exclude_new();
	CHECK(th_tempfile("# ok\n10.0.0.0/8\n  1.2.3.4/33\n", path,
			  sizeof(path)) == 0);
	memset(&err, 0, sizeof(err));
	CHECK(exclude_load(ex, path, &err) < 0);
	CHECK_EQ(err.status, 65);
	snprintf(want, sizeof(want), "%s:3:3", path);
	CHECK_HAS(err.msg, want);
	unlink(path);

	CHECK(th_tempfile("10.0.0.0/8\n10.0.0.1/8 # host bits\n", path,
			  sizeof(path)) == 0);
	memset(&err, 0, sizeof(err));
	CHECK(exclude_load(ex, path, &err) < 0);
	CHECK_EQ(err.status, 65);
	snprintf(want, sizeof(want), "%s:2:1", path);
	CHECK_HAS(err.msg, want);
	CHECK_HAS(err.msg, "10.0.0.0/8");
	unlink(path);

	CHECK(th_tempfile("2001:db8::/32\n", path, sizeof(path)) == 0);
	memset(&err, 0, sizeof(err));
	CHECK(exclude_load(ex, path, &err) < 0);
	CHECK_EQ(err.status, 65);
	snprintf(want, sizeof(want), "%s:1:1", path);
	CHECK_HAS(err.msg, want);
	CHECK_HAS(err.msg, "IPv6");
	unlink(path);

	/* A file that cannot be opened is an OS error, named by its path. */
	memset(&err, 0, sizeof(err));
	CHECK(exclude_load(ex, "/nonexistent/blackout/exclude.txt", &err) < 0);
	CHECK_HAS(err.msg, "/nonexistent/blackout/exclude.txt");
	CHECK(err.status == 66 || err.status == 71);
	exclude_free(ex);
}

/* A /8: its size, its last address, exclusions and special-use space. */
static void
test_slash8(void)
{
	struct prefix eight, hole, p;
	struct exclude *ex = exclude_new();

	TEST("slash8");
	CHECK(prefix_parse("5.0.0.0/8", "t", &eight, NULL) == 0);
	CHECK_EQ(prefix_size(&eight), 16777216);
	CHECK_EQ(prefix_last(&eight), 0x05ffffffu);
	CHECK(prefix_reserved(&eight) == NULL);
	CHECK(prefix_parse("198.0.0.0/8", "t", &p, NULL) == 0);
	CHECK_STREQ(prefix_reserved(&p), "198.18.0.0/15");
	CHECK(prefix_parse("5.128.0.0/9", "t", &hole, NULL) == 0);
	exclude_add(ex, &hole);
	CHECK(!exclude_contains(ex, 0x057fffffu));
	CHECK(exclude_contains(ex, 0x05800000u));
	CHECK(exclude_contains(ex, 0x05ffffffu));
	CHECK(!exclude_covers(ex, &eight));
	CHECK(exclude_covers(ex, &hole));
	CHECK(prefix_parse("5.0.0.0/9", "t", &p, NULL) == 0);
	exclude_add(ex, &p); /* adjacent: the two halves merge */
	CHECK_EQ(exclude_count(ex), 1);
	CHECK(exclude_covers(ex, &eight));
	CHECK(!exclude_covers(NULL, &eight));
	/* A /8 whose special-use parts are all excluded is fine. */
	CHECK(prefix_parse("198.0.0.0/8", "t", &p, NULL) == 0);
	CHECK(prefix_parse("198.18.0.0/15", "t", &hole, NULL) == 0);
	exclude_add(ex, &hole);
	CHECK_STREQ(prefix_reserved_except(&p, ex), "198.51.100.0/24");
	CHECK(prefix_parse("198.51.100.0/24", "t", &hole, NULL) == 0);
	exclude_add(ex, &hole);
	CHECK(prefix_reserved_except(&p, ex) == NULL);
	CHECK_STREQ(prefix_reserved(&p), "198.18.0.0/15");
	exclude_free(ex);
}

int
main(void)
{
	test_slash8();
	test_parse_good();
	test_parse_bad();
	test_arith();
	test_reserved();
	test_exclude_edges();
	test_exclude_model();
	test_exclude_load();
	return test_report("test_prefix");
}

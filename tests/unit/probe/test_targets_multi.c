/*
 * test_targets_multi.c - targets of many prefixes ("prefixes": an AS, a
 * country) and prefixes from /8 to /32: the list is parsed and sorted, its
 * /24s numbered over all its prefixes; an overlap inside one target or
 * across two is refused at the later prefix's exact line:column with
 * status 65; special-use space inside a /8 is refused unless excluded; a
 * plan finds the target of an address in any of its prefixes.
 */
#include "blackout/probe/plan.h"
#include "blackout/probe/targets.h"

#include "testhelp.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

/* Loads JSON written with ' for " (one for one: columns stay). */
static int
load(struct target_set *set, const char *text, struct bo_error *err)
{
	char *json = strdup(text), *q;
	int rc;

	for (q = json; *q != '\0'; q++)
		if (*q == '\'')
			*q = '"';
	memset(err, 0, sizeof(*err));
	target_set_init(set);
	rc = targets_load_buffer(set, json, strlen(json), "t.json", err);
	free(json);
	return rc;
}

/* Loads text, validates it, and expects a refusal: status and message. */
static void
refused(const char *text, int status, const char *want)
{
	struct target_set set;
	struct bo_error err;
	int rc = load(&set, text, &err);

	if (rc == 0)
		rc = targets_validate(&set, false, &err);
	CHECK(rc < 0);
	CHECK_EQ(err.status, status);
	CHECK_HAS(err.msg, want);
	target_set_free(&set);
}

static void
test_load(void)
{
	const char *text = "{ 'targets': [\n"
			   "  { 'name': 'as1',\n"
			   "    'prefixes': [ '5.9.0.0/23', '5.1.0.0/24',\n"
			   "                  '5.7.7.128/25' ] },\n"
			   "  { 'prefixes': ['6.0.0.0/24'], 'name': 'as2' },\n"
			   "  { 'name': 'one', 'prefix': '7.0.0.0/24' }\n"
			   "] }\n";
	struct target_set set;
	struct bo_error err;
	struct prefix b;
	const struct target *t;

	TEST("load");
	CHECK(load(&set, text, &err) == 0);
	CHECK(targets_validate(&set, false, &err) == 0);
	CHECK_EQ(set.n, 3);
	if (set.n != 3)
		return;
	t = &set.t[0];
	CHECK_EQ(t->n_prefixes, 3);
	/* Sorted by address, each with the place it is written at. */
	CHECK_EQ(t->prefixes[0].base, A(5, 1, 0, 0));
	CHECK_EQ(t->prefixes[1].base, A(5, 7, 7, 128));
	CHECK_EQ(t->prefixes[2].base, A(5, 9, 0, 0));
	CHECK(t->pos != NULL);
	CHECK_EQ(t->pos[0].line, 3);
	CHECK_EQ(t->pos[0].col, 33);
	CHECK_EQ(t->pos[1].line, 4);
	CHECK_EQ(t->pos[1].col, 19);
	CHECK_EQ(t->pos[2].line, 3);
	CHECK_EQ(t->pos[2].col, 19);
	CHECK_STREQ(t->where, "t.json:2:13");
	/* /24s over all prefixes, in address order: 1 + 1 + 2. */
	CHECK_EQ(t->n_blocks, 4);
	b = target_block(t, 0);
	CHECK(b.base == A(5, 1, 0, 0) && b.len == 24);
	b = target_block(t, 1);
	CHECK(b.base == A(5, 7, 7, 128) && b.len == 25);
	b = target_block(t, 3);
	CHECK(b.base == A(5, 9, 1, 0) && b.len == 24);
	{
		uint32_t off = 99;

		CHECK_EQ(target_block_prefix(t, 3, &off), 2);
		CHECK_EQ(off, 1);
		CHECK_EQ(target_block_prefix(t, 0, &off), 0);
		CHECK_EQ(off, 0);
	}
	CHECK(target_contains(t, A(5, 9, 1, 200)));
	CHECK(target_contains(t, A(5, 7, 7, 200)));
	CHECK(!target_contains(t, A(5, 7, 7, 1)));
	CHECK(!target_contains(t, A(5, 9, 2, 0)));
	CHECK(!target_contains(t, A(5, 0, 0, 0)));
	/* A list may come before the name; one prefix is still a list. */
	CHECK_EQ(set.t[1].n_prefixes, 1);
	CHECK_STREQ(set.t[1].where, "t.json:5:41");
	CHECK(set.t[2].pos == NULL);
	CHECK_EQ(set.t[2].n_blocks, 1);
	target_set_free(&set);
}

static void
test_overlap(void)
{
	TEST("overlap");
	/* Inside one target: at the later prefix, line and column. */
	refused("{ 'targets': [\n"
		"  { 'name': 'as1', 'prefixes': [\n"
		"      '5.1.0.0/16',\n"
		"      '5.2.0.0/24', '5.1.7.0/24' ] } ] }\n",
		65,
		"t.json:4:21: target \"as1\": 5.1.7.0/24 overlaps 5.1.0.0/16, "
		"another of its prefixes");
	/* The same prefix twice: the second one. */
	refused("{ 'targets': [\n"
		"  { 'name': 'as1', 'prefixes': [ '5.1.0.0/16',\n"
		"                                 '5.1.0.0/16' ] } ] }\n",
		65, "t.json:3:34: target \"as1\": 5.1.0.0/16 overlaps");
	/* Across targets: a list's prefix inside an earlier single one. */
	refused("{ 'targets': [\n"
		"  { 'name': 'a', 'prefix': '5.0.0.0/8' },\n"
		"  { 'name': 'b', 'prefixes': [ '6.0.0.0/8',\n"
		"                              '5.200.1.0/24' ] } ] }\n",
		65,
		"t.json:4:31: target \"b\" (5.200.1.0/24) overlaps target "
		"\"a\" (5.0.0.0/8)");
	/* A single prefix inside an earlier list: at the later name. */
	refused("{ 'targets': [\n"
		"  { 'name': 'a', 'prefixes': [ '6.0.0.0/8', '5.1.0.0/16' ] },\n"
		"  { 'name': 'b', 'prefix': '5.1.2.3' } ] }\n",
		65,
		"t.json:3:13: target \"b\" (5.1.2.3/32) overlaps target \"a\" "
		"(5.1.0.0/16)");
}

static void
test_bad_lists(void)
{
	TEST("bad_lists");
	refused("{ 'targets': [ { 'name': 'a', 'prefix': '5.0.0.0/8',\n"
		"  'prefixes': [ '6.0.0.0/8' ] } ] }",
		65, "t.json:1:26: target \"a\" has both");
	refused("{ 'targets': [ { 'name': 'a',\n  'prefixes': [] } ] }", 65,
		"t.json:2:3: target \"a\": \"prefixes\" must be a non-empty");
	refused("{ 'targets': [ { 'name': 'a', 'prefixes': '5.0.0.0/8' } ] }",
		65, "\"prefixes\" must be a non-empty list");
	refused("{ 'targets': [ { 'name': 'a',\n"
		"  'prefixes': [ '6.0.0.0/8',\n"
		"     '5.1.0.1/16' ] } ] }",
		65, "t.json:3:6: '5.1.0.1/16' has host bits set");
	refused("{ 'targets': [ { 'name': 'a', 'prefixes': [ 5 ] } ] }", 65,
		"\"prefixes\" must hold prefix strings");
	refused("{ 'targets': [ { 'name': 'a' } ] }", 65,
		"needs a \"prefix\" string such as \"175.45.176.0/22\" or a "
		"\"prefixes\" list");
}

static void
test_widths(void)
{
	struct target_set set;
	struct bo_error err;
	struct exclude *ex = exclude_new();
	struct prefix p;

	TEST("widths");
	CHECK(load(&set,
		   "{ 'targets': [ { 'name': 'eight', 'prefix': '5.0.0.0/8' },"
		   " { 'name': 'host', 'prefix': '6.1.2.3/32' } ] }",
		   &err) == 0);
	CHECK(targets_validate(&set, false, &err) == 0);
	CHECK_EQ(set.t[0].n_blocks, 65536);
	p = target_block(&set.t[0], 65535);
	CHECK(p.base == A(5, 255, 255, 0) && p.len == 24);
	CHECK_EQ(set.t[1].n_blocks, 1);
	target_set_free(&set);
	refused("{ 'targets': [ { 'name': 'seven', 'prefix': '4.0.0.0/7' } ] "
		"}",
		65, "4.0.0.0/7 is wider than a /8; split it into /8s");
	/* A /8 around special-use space: refused, unless that part is
	 * excluded (then it is never probed). */
	CHECK(load(&set,
		   "{ 'targets': [ { 'name': 'a', 'prefixes': [ '5.0.0.0/8',\n"
		   "  '198.0.0.0/8' ] } ] }",
		   &err) == 0);
	CHECK(targets_validate_excluding(&set, false, ex, &err) < 0);
	CHECK_HAS(err.msg, "t.json:2:3: target \"a\": 198.0.0.0/8 is "
			   "special-use space (198.18.0.0/15)");
	CHECK_HAS(err.msg, "--exclude that part");
	prefix_parse("198.18.0.0/16", "t", &p, NULL);
	exclude_add(ex, &p);
	CHECK(targets_validate_excluding(&set, false, ex, &err) < 0);
	prefix_parse("198.19.0.0/16", "t", &p, NULL);
	exclude_add(ex, &p);
	/* 198.51.100.0/24 is special-use too. */
	CHECK(targets_validate_excluding(&set, false, ex, &err) < 0);
	CHECK_HAS(err.msg, "(198.51.100.0/24)");
	prefix_parse("198.51.100.0/24", "t", &p, NULL);
	exclude_add(ex, &p);
	CHECK(targets_validate_excluding(&set, false, ex, &err) == 0);
	target_set_free(&set);
	exclude_free(ex);
}

/* A plan finds a reply's target through any of its prefixes. */
static void
test_plan(void)
{
	struct target_set set;
	struct bo_error err;
	struct method_list m;
	struct plan plan;
	struct rng rng;

	TEST("plan");
	CHECK(load(&set,
		   "{ 'targets': [ { 'name': 'a', 'prefixes': [ '5.9.0.0/23',"
		   " '5.1.0.0/24' ] }, { 'name': 'b', 'prefix': '5.5.0.0/24' "
		   "} ] }",
		   &err) == 0);
	CHECK(method_list_parse("icmp", "t", &m, &err) == 0);
	rng_seed(&rng, 1);
	CHECK(plan_build(&plan, &set, NULL, &m, 1, NULL, &rng, 1, &err) == 0);
	CHECK_EQ(plan.n_blk, 4);
	CHECK_EQ(plan.tg[0].n_blk, 3);
	CHECK_EQ(plan.tg[0].count, 3); /* --sample 1: one address a /24 */
	CHECK_EQ(plan_target_of(&plan, A(5, 9, 1, 7)), 0);
	CHECK_EQ(plan_target_of(&plan, A(5, 1, 0, 7)), 0);
	CHECK_EQ(plan_target_of(&plan, A(5, 5, 0, 7)), 1);
	CHECK_EQ(plan_target_of(&plan, A(5, 3, 0, 7)), -1);
	CHECK_EQ(plan.blk[2].pfx.base, A(5, 9, 1, 0));
	plan_free(&plan);
	target_set_free(&set);
}

/*
 * A window of a round (plan_build_window) whose middle target has two
 * prefixes around another target's, and controls between them: the
 * records are not planned in address order, so the whole is sorted; each
 * target's records are its own and in order through plan_target_rec; a
 * reply finds its record, and its target by the window's numbering.
 */
static void
test_plan_window(void)
{
	struct target_set set;
	struct bo_error err;
	struct method_list m;
	struct plan plan;
	struct rng rng;
	size_t i, k, bad = 0;

	TEST("plan_window");
	CHECK(load(&set,
		   "{ 'targets': [ { 'name': 'z', 'prefix': '5.0.0.0/24' },"
		   " { 'name': 'a', 'prefixes': [ '5.9.0.0/24', '5.1.0.0/24'"
		   " ] }, { 'name': 'b', 'prefix': '5.5.0.0/24' } ],"
		   " 'controls': [ '5.3.0.1', '5.7.0.1' ] }",
		   &err) == 0);
	CHECK(method_list_parse("icmp", "t", &m, &err) == 0);
	rng_seed(&rng, 1);
	/* Target a plans both its /24s: 512 records, then b's 256. */
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 1, 767), 1);
	CHECK_EQ(plan_window(&set, NULL, SAMPLE_AUTO, 1, 768), 2);
	CHECK(plan_build_window(&plan, &set, 1, 2, NULL, &m, SAMPLE_AUTO, NULL,
				&rng, 1, &err) == 0);
	CHECK_EQ(plan.n_tg, 3);
	CHECK_EQ(plan.n_rec, 256 + 256 + 256 + 2);
	for (i = 1; i < plan.n_rec; i++)
		bad += plan.rec[i - 1].addr >= plan.rec[i].addr;
	CHECK_EQ(bad, 0);
	CHECK_EQ(plan.tg[0].count, 512);
	CHECK_EQ(plan.tg[1].count, 256);
	CHECK_EQ(plan.tg[2].count, 2);
	for (i = 0; i < plan.n_tg; i++)
		for (k = 0; k < plan.tg[i].count; k++) {
			const struct plan_rec *r = plan_target_rec(&plan,
								   &plan.tg[i],
								   k);

			bad += r->target != i ||
			       plan_find(&plan, r->addr) != r - plan.rec ||
			       (k > 0 &&
				plan_target_rec(&plan, &plan.tg[i], k - 1)
						->addr >= r->addr);
		}
	CHECK_EQ(bad, 0);
	CHECK_EQ(plan_target_rec(&plan, &plan.tg[0], 0)->addr, A(5, 1, 0, 0));
	CHECK_EQ(plan_target_rec(&plan, &plan.tg[0], 256)->addr, A(5, 9, 0, 0));
	CHECK_EQ(plan_target_of(&plan, A(5, 9, 0, 7)), 0);
	CHECK_EQ(plan_target_of(&plan, A(5, 1, 0, 7)), 0);
	CHECK_EQ(plan_target_of(&plan, A(5, 5, 0, 7)), 1);
	CHECK_EQ(plan_target_of(&plan, A(5, 7, 0, 1)), 2);
	CHECK_EQ(plan_target_of(&plan, A(5, 0, 0, 7)),
		 -1); /* not this window */
	plan_free(&plan);
	target_set_free(&set);
}

/*
 * Parts: a target whose records exceed a window is cut into parts of as
 * many of its /24s as fit (plan_next_range), whole targets around it as
 * before. A part plans its own /24s (their index in the target), and the
 * controls; a reply to another part's /24 finds no target (stray).
 */
static void
test_plan_parts(void)
{
	struct plan_range r, want[] = {
		{ 0, 1, false, 0, 1 }, /* z: 256 records */
		{ 1, 1, true, 0, 2 },  /* a: 2 of its 3 /24s fit 600 */
		{ 1, 1, true, 2, 3 },  /* ... and the last */
		{ 2, 1, false, 0, 1 }, /* b */
	};
	struct target_set set;
	struct bo_error err;
	struct method_list m;
	struct plan plan;
	struct rng rng;
	size_t i, n = 0;
	bool more;

	TEST("plan_parts");
	CHECK(load(&set,
		   "{ 'targets': [ { 'name': 'z', 'prefix': '5.0.0.0/24' },"
		   " { 'name': 'a', 'prefixes': [ '5.9.0.0/24', '5.1.0.0/24',"
		   " '5.2.0.0/24' ] }, { 'name': 'b', 'prefix': '5.5.0.0/24' } ],"
		   " 'controls': [ '5.3.0.1' ] }",
		   &err) == 0);
	CHECK(method_list_parse("icmp", "t", &m, &err) == 0);
	CHECK_EQ(plan_range_records(&set, NULL, SAMPLE_AUTO, 1, 0, 3), 768);
	CHECK_EQ(plan_range_records(&set, NULL, SAMPLE_AUTO, 1, 1, 3), 512);
	for (more = plan_next_range(&set, NULL, SAMPLE_AUTO, NULL, 600, &r);
	     more && n < 8;
	     more = plan_next_range(&set, NULL, SAMPLE_AUTO, &r, 600, &r), n++)
		CHECK(n < 4 && r.first == want[n].first &&
		      r.count == want[n].count && r.part == want[n].part &&
		      (!r.part || (r.b0 == want[n].b0 && r.b1 == want[n].b1)));
	CHECK_EQ(n, 4);
	/* The whole round fits 2000: one window of three targets. */
	CHECK(plan_next_range(&set, NULL, SAMPLE_AUTO, NULL, 2000, &r) &&
	      r.count == 3 && !r.part);

	rng_seed(&rng, 1);
	CHECK(plan_build_range(&plan, &set, &want[2], NULL, &m, SAMPLE_AUTO,
			       NULL, &rng, 1, &err) == 0);
	CHECK_EQ(plan.n_tg, 2);
	CHECK_EQ(plan.n_blk, 1);
	CHECK_EQ(plan.tg[0].n_blk, 1);
	CHECK_EQ(plan.blk[0].index, 2);
	CHECK_EQ(plan.n_rec, 256 + 1);
	CHECK_EQ(plan.tg[0].count, 256);
	n = 0;
	for (i = 0; i < plan.tg[0].count; i++)
		n += plan_target_rec(&plan, &plan.tg[0], i)->addr >> 8 !=
		     A(5, 9, 0, 0) >> 8;
	CHECK_EQ(n, 0); /* the part's /24 is a's third: 5.9.0.0/24 */
	CHECK_EQ(plan_target_of(&plan, A(5, 9, 0, 7)), 0);
	CHECK_EQ(plan_target_of(&plan, A(5, 1, 0, 7)), -1); /* another part */
	CHECK_EQ(plan_target_of(&plan, A(5, 3, 0, 1)), 1);
	plan_free(&plan);
	target_set_free(&set);
}

int
main(void)
{
	test_load();
	test_overlap();
	test_bad_lists();
	test_widths();
	test_plan();
	test_plan_window();
	test_plan_parts();
	return test_report("test_targets_multi");
}

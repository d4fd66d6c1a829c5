/*
 * test_sources.c - the address sources of `blackout targets`: ranges cut
 * into the fewest CIDR prefixes (counts that are not powers of two, the
 * top of the address space, nothing wider than a /8); RIR delegated
 * statistics (version, summary, ipv6 and asn rows skipped; available and
 * reserved space left out; a bad line refused at file:line, 65); CAIDA
 * pfx2as (multi-origin "a_b", AS sets "a,b", the most specific prefix
 * wins; a bad line refused at file:line).
 */
#define _GNU_SOURCE
#include "blackout/sources/sources.h"

#include "testhelp.h"

/* The prefixes of group g of set, as "a/b a/b ...". */
static const char *
prefixes_of(struct source_group *g, char *buf, size_t len)
{
	struct prefix *p;
	size_t n = range_list_prefixes(&g->ranges, &p), i, at = 0;
	char one[24];

	buf[0] = '\0';
	for (i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "",
				       prefix_format(&p[i], one, sizeof(one)));
	free(p);
	return buf;
}

static void
test_ranges(void)
{
	struct source_group g;
	char buf[512];

	TEST("ranges");
	memset(&g, 0, sizeof(g));
	range_list_add(&g.ranges, 0x01004000u, 0x01004000u + 1536 - 1);
	CHECK_STREQ(prefixes_of(&g, buf, sizeof(buf)),
		    "1.0.64.0/22 1.0.68.0/23");
	range_list_free(&g.ranges);
	/* Out of order, overlapping and adjacent: merged first. */
	range_list_add(&g.ranges, 0x0a000100u, 0x0a0001ffu);
	range_list_add(&g.ranges, 0x0a000000u, 0x0a0000ffu);
	range_list_add(&g.ranges, 0x0a000080u, 0x0a00017fu);
	CHECK_STREQ(prefixes_of(&g, buf, sizeof(buf)), "10.0.0.0/23");
	range_list_free(&g.ranges);
	/* Unaligned: 1.0.0.1 .. 1.0.0.6. */
	range_list_add(&g.ranges, 0x01000001u, 0x01000006u);
	CHECK_STREQ(prefixes_of(&g, buf, sizeof(buf)),
		    "1.0.0.1/32 1.0.0.2/31 1.0.0.4/31 1.0.0.6/32");
	range_list_free(&g.ranges);
	/* Nothing wider than a /8, up to the last address. */
	range_list_add(&g.ranges, 0xfe000000u, 0xffffffffu);
	CHECK_STREQ(prefixes_of(&g, buf, sizeof(buf)),
		    "254.0.0.0/8 255.0.0.0/8");
	range_list_free(&g.ranges);
}

/* Reads text as a file named "f" with reader; returns its status. */
static int
read_text(int (*reader)(FILE *, const char *, struct source_set *,
			struct bo_error *),
	  const char *text, struct source_set *set, struct bo_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	memset(err, 0, sizeof(*err));
	rc = reader(f, "f", set, err);
	fclose(f);
	return rc < 0 ? err->status : 0;
}

static void
test_delegated(void)
{
	const char *
		text = "2|apnic|20141222|8|19830613|20141219|+1000\n"
		       "# a comment\n"
		       "\n"
		       "apnic|*|ipv4|*|5|summary\n"
		       "apnic|KP|asn|131279|1|20091118|allocated\n"
		       "apnic|KP|ipv4|175.45.176.0|1024|20091118|allocated|A9\n"
		       "apnic|KP|ipv6|2400:9f00::|32|20091118|allocated\n"
		       "apnic|jp|ipv4|1.0.64.0|1536|20110412|assigned\r\n"
		       "apnic|JP|ipv4|1.0.96.0|256|20110412|reserved\n"
		       "apnic||ipv4|1.0.128.0|2048||available\n";
	struct source_set set = { NULL, 0 };
	struct bo_error err;
	char buf[256];

	TEST("delegated");
	CHECK(source_set_countries(&set, "kp,JP,KP", "--country", &err) == 0);
	CHECK_EQ(set.n, 2);
	CHECK_EQ(read_text(delegated_read, text, &set, &err), 0);
	CHECK_STREQ(set.g[0].name, "KP");
	CHECK_STREQ(prefixes_of(&set.g[0], buf, sizeof(buf)),
		    "175.45.176.0/22");
	CHECK_STREQ(prefixes_of(&set.g[1], buf, sizeof(buf)),
		    "1.0.64.0/22 1.0.68.0/23");
	CHECK_EQ(read_text(delegated_read, "apnic|KP|ipv4|1.2.3.0|256\n", &set,
			   &err),
		 65);
	CHECK_HAS(err.msg, "f:1: expected registry|cc|type|start|value|date|"
			   "status, got 5 fields");
	CHECK_EQ(read_text(delegated_read,
			   "apnic|KP|ipv4|1.2.3.0|256|1|allocated\n"
			   "apnic|KP|ipv5|1.2.3.0|256|1|allocated\n",
			   &set, &err),
		 65);
	CHECK_HAS(err.msg, "f:2: unknown record type 'ipv5'");
	CHECK_EQ(read_text(delegated_read,
			   "\napnic|ZZ|ipv4|255.255.255.0|257|1|allocated\n",
			   &set, &err),
		 65);
	CHECK_HAS(err.msg, "f:2: the count of addresses: 257 is too large");
	CHECK_EQ(read_text(delegated_read, "apnic|KP|ipv4|1.2.3|256|1|x\n",
			   &set, &err),
		 65);
	CHECK_HAS(err.msg, "f:1: '1.2.3' is not an IPv4 start address");
	CHECK_EQ(read_text(delegated_read, "7\n", &set, &err), 65);
	CHECK(source_set_countries(&set, "KPR", "--country", &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK(source_set_countries(&set, "KP,", "--country", &err) < 0);
	source_set_free(&set);
}

static void
test_pfx2as(void)
{
	const char *text = "1.0.0.0\t24\t13335\n"
			   "1.0.4.0\t22\t38803\n"
			   "1.0.5.0\t24\t38803_56203\n"
			   "1.0.16.0\t24\t2519,4713\n"
			   "1.0.64.0\t18\t18144\n"
			   "1.0.65.0\t24\t7670\n"
			   "1.0.128.0\t17\t23969\n"
			   "1.0.129.0\t24\t23969\n";
	struct source_set set = { NULL, 0 };
	struct bo_error err;
	char buf[256];

	TEST("pfx2as");
	CHECK(source_set_asns(&set, "56203,AS38803,4713,18144,as23969,7670",
			      "--asn", &err) == 0);
	CHECK_EQ(set.n, 6);
	CHECK_EQ(set.g[1].asn, 38803);
	CHECK_STREQ(set.g[1].name, "AS38803");
	CHECK_EQ(read_text(pfx2as_read, text, &set, &err), 0);
	/* Multi-origin: the first AS asked for of the two. */
	CHECK_STREQ(prefixes_of(&set.g[0], buf, sizeof(buf)), "1.0.5.0/24");
	CHECK_STREQ(prefixes_of(&set.g[1], buf, sizeof(buf)),
		    "1.0.4.0/24 1.0.6.0/23");
	/* An AS set. */
	CHECK_STREQ(prefixes_of(&set.g[2], buf, sizeof(buf)), "1.0.16.0/24");
	/* The most specific prefix wins: 7670's /24 leaves 18144's /18. */
	CHECK_STREQ(prefixes_of(&set.g[3], buf, sizeof(buf)),
		    "1.0.64.0/24 1.0.66.0/23 1.0.68.0/22 1.0.72.0/21 "
		    "1.0.80.0/20 1.0.96.0/19");
	CHECK_STREQ(prefixes_of(&set.g[4], buf, sizeof(buf)), "1.0.128.0/17");
	CHECK_STREQ(prefixes_of(&set.g[5], buf, sizeof(buf)), "1.0.65.0/24");
	CHECK_EQ(read_text(pfx2as_read, "1.0.0.0\t24\t13335\n1.0.1.0\t24\n",
			   &set, &err),
		 65);
	CHECK_HAS(err.msg, "f:2: expected prefix<TAB>length<TAB>origin AS");
	CHECK_EQ(read_text(pfx2as_read, "1.0.0.1\t24\t1\n", &set, &err), 65);
	CHECK_HAS(err.msg, "f:1: '1.0.0.1/24' has host bits set");
	CHECK_EQ(read_text(pfx2as_read, "1.0.0.0\t24\t1_x\n", &set, &err), 65);
	CHECK_HAS(err.msg, "f:1: origin AS: 'x' is not a number");
	CHECK_EQ(read_text(pfx2as_read, "1.0.0.0\t33\t1\n", &set, &err), 65);
	CHECK_HAS(err.msg, "f:1:");
	CHECK(source_set_asns(&set, "AS4294967296", "--asn", &err) < 0);
	CHECK_EQ(err.status, 64);
	source_set_free(&set);
}

int
main(void)
{
	test_ranges();
	test_delegated();
	test_pfx2as();
	return test_report("test_sources");
}

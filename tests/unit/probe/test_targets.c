/*
 * test_targets.c - the targets file parser (every error must name
 * origin:line:column and carry status 65), command-line targets (status
 * 64), and targets_validate's invariants.
 */
#include "blackout/probe/targets.h"

#include "testhelp.h"
#include "testplan.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))

/*
 * Loads JSON written with single quotes for readability: each ' becomes ",
 * one character for one, so lines and columns stay as they appear here.
 */
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

/* The buffer must be refused with status 65 and a message holding want. */
static void
refused(const char *text, const char *want, const char *also)
{
	struct target_set set;
	struct bo_error err;

	CHECK(load(&set, text, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, want);
	if (also != NULL)
		CHECK_HAS(err.msg, also);
	target_set_free(&set);
}

/* Forgets the last target of set (as if it had never been added). */
static void
drop_last(struct target_set *set)
{
	struct target *t = &set->t[--set->n];

	free(t->name);
	free(t->prefixes);
	free(t->pos);
	free(t->first_block);
}

static void
test_good(void)
{
	const char *text =
		"{\n"
		"  'description': 'test',\n"
		"  'targets': [\n"
		"    { 'name': 'kp', 'prefix': '175.45.176.0/22',\n"
		"      'asn': 131279, 'methods': 'icmp,tcp:80',\n"
		"      'sample': 15, 'description': 'STAR-KP' },\n"
		"    { 'name': 'one', 'prefix': '1.2.3.4',\n"
		"      'methods': ['tcp:443', 'icmp'], 'sample': 'all' },\n"
		"    { 'name': 'b', 'prefix': '5.6.0.0/16',\n"
		"      'sample': 'auto' },\n"
		"    { 'name': 'c', 'prefix': '5.7.0.0/24', 'sample': 256 },\n"
		"    { 'name': 'd', 'prefix': '5.8.0.0/24', 'sample': 1, "
		"'asn': 4294967295 }\n"
		"  ],\n"
		"  'controls': [ '8.8.8.8', '9.9.9.9/32' ]\n"
		"}\n";
	struct target_set set;
	struct bo_error err;
	char buf[16];

	TEST("good");
	CHECK(load(&set, text, &err) == 0);
	CHECK_EQ(set.n, 5);
	if (set.n == 5) {
		CHECK_STREQ(set.t[0].name, "kp");
		CHECK_EQ(set.t[0].prefixes[0].base, A(175, 45, 176, 0));
		CHECK_EQ(set.t[0].prefixes[0].len, 22);
		CHECK_EQ(set.t[0].asn, 131279);
		CHECK(set.t[0].has_methods);
		CHECK_EQ(set.t[0].methods.n, 2);
		CHECK_STREQ(method_format(&set.t[0].methods.m[0], buf,
					  sizeof(buf)),
			    "icmp");
		CHECK_STREQ(method_format(&set.t[0].methods.m[1], buf,
					  sizeof(buf)),
			    "tcp:80");
		CHECK_EQ(set.t[0].sample, 15);
		CHECK(!set.t[0].from_cli);

		CHECK_STREQ(set.t[1].name, "one");
		CHECK_EQ(set.t[1].prefixes[0].base, A(1, 2, 3, 4));
		CHECK_EQ(set.t[1].prefixes[0].len, 32);
		CHECK_EQ(set.t[1].asn, 0);
		CHECK(set.t[1].has_methods);
		CHECK_EQ(set.t[1].methods.n, 2);
		CHECK_EQ(set.t[1].methods.m[0].kind, METHOD_TCP_SYN);
		CHECK_EQ(set.t[1].methods.m[0].port, 443);
		CHECK_EQ(set.t[1].methods.m[1].kind, METHOD_ICMP_ECHO);
		CHECK_EQ(set.t[1].sample, SAMPLE_ALL);

		CHECK(!set.t[2].has_methods);
		CHECK_EQ(set.t[2].sample, SAMPLE_AUTO);
		CHECK_EQ(set.t[2].prefixes[0].len, 16);
		CHECK_EQ(set.t[3].sample, 256);
		CHECK_EQ(set.t[4].sample, 1);
		CHECK_EQ(set.t[4].asn, 4294967295u);
	}
	CHECK_EQ(set.n_controls, 2);
	if (set.n_controls == 2) {
		CHECK_EQ(set.controls[0], A(8, 8, 8, 8));
		CHECK_EQ(set.controls[1], A(9, 9, 9, 9));
	}
	CHECK(targets_validate(&set, false, &err) == 0);
	/* Loading appends: a second buffer adds to the same set. */
	text = "{\"targets\":[{\"name\":\"e\",\"prefix\":\"5.9.0.0/24\"}]}";
	CHECK(targets_load_buffer(&set, text, strlen(text), "u.json", &err) ==
	      0);
	CHECK_EQ(set.n, 6);
	CHECK_EQ(set.n_controls, 2);
	target_set_free(&set);
	CHECK_EQ(set.n, 0);
}

static void
test_syntax(void)
{
	TEST("syntax");
	/* jansson's position: the second comma on line 3. */
	refused("{\n  'targets': [\n"
		"    { 'name': 'a', 'prefix': '1.2.3.0/24' ,, }\n"
		"  ]\n"
		"}\n",
		"t.json:3:44:", NULL);
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		" 'targets': []}",
		"t.json:2:10:", "duplicate");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"  'name': 'b'}]}",
		"t.json:2:8:", "duplicate");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}]\n",
		"t.json:2:", NULL);
	refused("[{'name': 'a'}]", "t.json:1:1:", "\"targets\"");
	refused("'targets'", "t.json:1:", NULL);
	refused("   \n", "t.json:", NULL);
}

static void
test_empty(void)
{
	struct target_set set;
	struct bo_error err = { 0, "" };

	TEST("empty");
	target_set_init(&set);
	CHECK(targets_load_buffer(&set, "", 0, "t.json", &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "t.json");
	CHECK_HAS(err.msg, "empty");
	target_set_free(&set);
	refused("{}", "t.json", "\"targets\"");
	refused("{'controls': ['8.8.8.8']}", "t.json", "\"targets\"");
	refused("{'targets': []}", "t.json", "non-empty");
	refused("{'targets': {}}", "t.json", "\"targets\"");
}

static void
test_bad_values(void)
{
	TEST("bad_values");
	/* A bad prefix in the second target, located on its own line. */
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24'},\n"
		"  {'name': 'b', 'prefix': '1.2.4.1/24'}\n"
		"]}",
		"t.json:3:27", "1.2.4.0/24");
	refused("{'targets': [\n"
		"  {'name': 'v6', 'prefix': '2001:db8::/32'}\n"
		"]}",
		"t.json:2:28", "IPv6");
	refused("{'targets': [\n  {'name': 'a', 'prefix': 5}\n]}", "t.json",
		"\"prefix\"");
	refused("{'targets': [\n  {'prefix': '1.2.3.0/24'}\n]}", "t.json:1:2",
		"\"name\"");
	refused("{'targets': [\n  {'name': '', 'prefix': '1.2.3.0/24'}"
		"\n]}",
		"t.json:1:2", "\"name\"");
	refused("{'targets': [\n  {'name': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'prefix': '1.2.3.0/24'}\n"
		"]}",
		"t.json:1:2", "64");
	refused("{'targets': [1]}", "t.json:1:2", "object");
	/* Unknown keys, in a target and at the top. */
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'colour': 'red'}\n"
		"]}",
		"t.json:3:4", "\"colour\"");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		"  'extra': 1}",
		"t.json:2:3", "\"extra\"");
	/* Methods. */
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'methods': 'udp:53'}\n"
		"]}",
		"t.json:3:4", "udp:53");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'methods': ['icmp', 80]}\n"
		"]}",
		"t.json:3:4", "methods");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'methods': 'tcp:0'}\n"
		"]}",
		"t.json:3:4", "tcp:0");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'methods': []}\n"
		"]}",
		"t.json:3:4", NULL);
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24',\n"
		"   'methods': 1}\n"
		"]}",
		"t.json:3:4", "methods");
	/* Sample. */
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'sample': 0}\n"
		"]}",
		"t.json:2:41", "sample");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'sample': 257}\n"
		"]}",
		"t.json:2:41", "sample");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'sample': 'some'}\n]}",
		"t.json:2:41", "sample");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'sample': 1.5}\n"
		"]}",
		"t.json:2:41", "sample");
	/* ASN. */
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'asn': -1}\n"
		"]}",
		"t.json:2:41", "asn");
	refused("{'targets': [\n"
		"  {'name': 'a', 'prefix': '1.2.3.0/24', 'asn': 'AS1'}\n"
		"]}",
		"t.json:2:41", "asn");
	/* Controls. */
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		"  'controls': ['8.8.8.8',\n  'not-an-address']}",
		"t.json:3:3", "not-an-address");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		"  'controls': ['8.8.8.0/24']}",
		"t.json:2:16", "single address");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		"  'controls': '8.8.8.8'}",
		"t.json:2:3", "controls");
	refused("{'targets': [{'name': 'a', 'prefix': '1.2.3.0/24'}],\n"
		"  'controls': [8]}",
		"t.json:2:3", "controls");
}

/*
 * The same key in an earlier target must not steal the location of a bad
 * value in a later one.
 */
static void
test_location_later_target(void)
{
	TEST("location_later_target");
	{
		struct target_set set;
		struct bo_error err;

		CHECK(load(&set,
			   "{'targets': [\n"
			   "  {'name': 'a', 'prefix': '1.2.3.0/24', 'methods': "
			   "'icmp'},\n"
			   "  {'name': 'b', 'prefix': '1.2.4.0/24', 'methods': "
			   "'udp:53'}\n"
			   "]}",
			   &err) < 0);
		CHECK_EQ(err.status, 65);
		CHECK(strstr(err.msg, "t.json:3:") != NULL);
		target_set_free(&set);

		CHECK(load(&set,
			   "{'targets': [\n"
			   "  {'name': 'a', 'prefix': '1.2.3.0/24', 'sample': "
			   "15},\n"
			   "  {'name': 'b', 'prefix': '1.2.4.0/24', 'sample': "
			   "0}\n"
			   "]}",
			   &err) < 0);
		CHECK_EQ(err.status, 65);
		CHECK(strstr(err.msg, "t.json:3:") != NULL);
		target_set_free(&set);
	}
}

static void
add_file(struct target_set *set, const char *name, const char *pfx)
{
	CHECK(th_add_target(set, name, pfx, SAMPLE_AUTO, NULL) == 0);
}

#define add_control th_add_control

static int
validate(struct target_set *set, bool allow, struct bo_error *err)
{
	memset(err, 0, sizeof(*err));
	return targets_validate(set, allow, err);
}

static void
test_validate(void)
{
	struct target_set set;
	struct bo_error err;

	TEST("validate");
	target_set_init(&set);
	CHECK(validate(&set, false, &err) < 0); /* nothing to probe */
	CHECK_EQ(err.status, 64);

	add_file(&set, "kp", "175.45.176.0/22");
	add_file(&set, "b", "5.6.0.0/16");
	CHECK(validate(&set, false, &err) == 0);

	add_file(&set, "kp", "5.7.0.0/24");
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "duplicate");
	CHECK_HAS(err.msg, "\"kp\"");
	target_set_free(&set);

	target_set_init(&set);
	add_file(&set, "wide", "5.6.0.0/16");
	add_file(&set, "narrow", "5.6.7.0/24");
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "overlaps");
	CHECK_HAS(err.msg, "5.6.7.0/24");
	CHECK_HAS(err.msg, "5.6.0.0/16");
	target_set_free(&set);

	target_set_init(&set);
	add_file(&set, "too-wide", "4.0.0.0/7");
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "4.0.0.0/7");
	CHECK_HAS(err.msg, "/8");
	CHECK(validate(&set, true, &err) < 0); /* not a reserved matter */
	target_set_free(&set);

	target_set_init(&set);
	add_file(&set, "lab", "198.18.0.0/22");
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "198.18.0.0/15");
	CHECK_HAS(err.msg, "--allow-reserved");
	CHECK(validate(&set, true, &err) == 0);

	/* A control inside a target; then a reserved control. */
	add_control(&set, A(198, 18, 1, 1));
	CHECK(validate(&set, true, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "198.18.1.1");
	CHECK_HAS(err.msg, "\"lab\"");
	set.controls[0] = A(198, 19, 0, 1);
	CHECK(validate(&set, true, &err) == 0);
	target_set_free(&set);

	target_set_init(&set);
	add_file(&set, "kp", "175.45.176.0/22");
	add_control(&set, A(192, 0, 2, 1));
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, "192.0.2.1");
	CHECK(validate(&set, true, &err) == 0);
	set.controls[0] = A(8, 8, 8, 8);
	CHECK(validate(&set, false, &err) == 0);
	target_set_free(&set);
}

static void
test_cli(void)
{
	struct target_set set;
	struct bo_error err = { 0, "" };

	TEST("cli");
	target_set_init(&set);
	CHECK(targets_add_arg(&set, "175.45.176.0/22", &err) == 0);
	CHECK(targets_add_arg(&set, "8.8.8.8", &err) == 0);
	CHECK_EQ(set.n, 2);
	CHECK_STREQ(set.t[0].name, "175.45.176.0/22");
	CHECK(set.t[0].from_cli);
	CHECK_STREQ(set.t[1].name, "8.8.8.8/32");
	CHECK_EQ(set.t[1].prefixes[0].len, 32);
	CHECK_EQ(set.t[0].sample, SAMPLE_INHERIT); /* the run's --sample */
	CHECK(!set.t[0].has_methods);
	CHECK(validate(&set, false, &err) == 0);

	memset(&err, 0, sizeof(err));
	CHECK(targets_add_arg(&set, "1.2.3.4/33", &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK(targets_add_arg(&set, "198.18.0.1/22", &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "198.18.0.0/22");
	CHECK(targets_add_arg(&set, "2001:db8::/32", &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_EQ(set.n, 2); /* nothing appended on failure */

	/* Invariant violations by command-line targets are usage errors. */
	CHECK(targets_add_arg(&set, "175.45.176.0/22", &err) == 0);
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 64);
	drop_last(&set);
	CHECK(targets_add_arg(&set, "175.45.178.0/24", &err) == 0);
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "overlaps");
	drop_last(&set);
	CHECK(targets_add_arg(&set, "12.0.0.0/7", &err) == 0);
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 64);
	drop_last(&set);
	CHECK(targets_add_arg(&set, "10.1.2.0/24", &err) == 0);
	CHECK(validate(&set, false, &err) < 0);
	CHECK_EQ(err.status, 64);
	CHECK_HAS(err.msg, "10.0.0.0/8");
	CHECK(validate(&set, true, &err) == 0);
	target_set_free(&set);
}

static void
test_files(void)
{
	struct target_set set;
	struct bo_error err = { 0, "" };
	char path[256];

	TEST("files");
	target_set_init(&set);
	CHECK(targets_load_file(&set, SOURCE_DIR "/targets.example.json",
				&err) == 0);
	CHECK_EQ(set.n, 1);
	if (set.n == 1) {
		CHECK_STREQ(set.t[0].name, "kp-star-jv");
		CHECK_EQ(set.t[0].prefixes[0].base, A(175, 45, 176, 0));
		CHECK_EQ(set.t[0].prefixes[0].len, 22);
		CHECK_EQ(set.t[0].asn, 131279);
		CHECK_EQ(set.t[0].methods.n, 3);
	}
	CHECK_EQ(set.n_controls, 3);
	/* It runs as shipped: no special-use target or control. */
	CHECK(targets_validate(&set, false, &err) == 0);
	target_set_free(&set);

	/* A file's errors are named by its path. */
	CHECK(th_tempfile("{\"targets\": [\n  {\"name\": \"a\", "
			  "\"prefix\": \"1.2.3.0/33\"}\n]}\n",
			  path, sizeof(path)) == 0);
	target_set_init(&set);
	memset(&err, 0, sizeof(err));
	CHECK(targets_load_file(&set, path, &err) < 0);
	CHECK_EQ(err.status, 65);
	CHECK_HAS(err.msg, path);
	CHECK_HAS(err.msg, ":2:27");
	target_set_free(&set);
	unlink(path);

	target_set_init(&set);
	memset(&err, 0, sizeof(err));
	CHECK(targets_load_file(&set, "/nonexistent/targets.json", &err) < 0);
	CHECK_EQ(err.status, 66);
	CHECK_HAS(err.msg, "/nonexistent/targets.json");
	target_set_free(&set);
}

/* A file of n /24 targets in 100.64.0.0/10, each with every key. */
static char *
big_file(size_t n)
{
	size_t cap = n * 128 + 64, len = 0, i;
	char *buf = malloc(cap);

	len += (size_t)snprintf(buf + len, cap - len, "{ \"targets\": [\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"%s{ \"name\": \"n%zu\", \"prefix\": "
					"\"100.%zu.%zu.0/24\", \"sample\": "
					"\"all\", \"methods\": \"icmp\" }\n",
					i ? "," : "", i, 64 + i / 256, i % 256);
	snprintf(buf + len, cap - len, "] }\n");
	return buf;
}

static double
seconds_since(int64_t t0)
{
	return (double)(clock_mono_ns() - t0) / 1e9;
}

/*
 * 10,000 targets load and validate in well under a second (they took
 * minutes when every target and key was located by scanning the file, and
 * every pair of targets compared); errors found by sorting are still the
 * first a reader of the file meets, at the right line.
 */
static void
test_scale(void)
{
	struct target_set set;
	struct bo_error err = { 0, "" };
	char *buf = big_file(10000), *p;
	int64_t t0 = clock_mono_ns();

	TEST("scale");
	target_set_init(&set);
	CHECK(targets_load_buffer(&set, buf, strlen(buf), "big.json", &err) ==
	      0);
	CHECK(validate(&set, true, &err) == 0);
	printf("10,000 targets loaded and validated in %.3f s\n",
	       seconds_since(t0));
	CHECK(seconds_since(t0) < 2.0);
	CHECK_EQ(set.n, 10000);
	CHECK_STREQ(set.t[9999].where, "big.json:10001:12");
	CHECK_EQ(set.t[9999].sample, SAMPLE_ALL);
	/* Late in the file: a duplicate name, then an overlap after it. */
	free(set.t[7000].name);
	set.t[7000].name = strdup("n12");
	set.t[8000].prefixes[0] = set.t[3].prefixes[0];
	CHECK(validate(&set, true, &err) < 0);
	CHECK_HAS(err.msg, "big.json:7002:12");
	CHECK_HAS(err.msg, "duplicate target name \"n12\"");
	free(set.t[7000].name);
	set.t[7000].name = strdup("n7000");
	CHECK(validate(&set, true, &err) < 0);
	CHECK_HAS(err.msg, "big.json:8002:12");
	CHECK_HAS(err.msg, "overlaps target \"n3\"");
	target_set_free(&set);
	/* A bad key late in a big file is still placed exactly. */
	p = strstr(buf, "\"n9000\"");
	memcpy(strstr(p, "\"icmp\""), "\"icmq\"", 6);
	CHECK(targets_load_buffer(&set, buf, strlen(buf), "big.json", &err) <
	      0);
	CHECK_HAS(err.msg, "big.json:9002:");
	CHECK_HAS(err.msg, "icmq");
	target_set_free(&set);
	free(buf);
}

/* Nested prefixes out of order: the first clash in file order wins. */
static void
test_overlap_order(void)
{
	struct target_set set;
	struct bo_error err;

	TEST("overlap_order");
	target_set_init(&set);
	add_file(&set, "b16", "5.1.0.0/16");
	add_file(&set, "c24", "5.1.1.0/24");
	add_file(&set, "a8", "5.0.0.0/8");
	CHECK(validate(&set, true, &err) < 0);
	CHECK_HAS(err.msg, "\"c24\" (5.1.1.0/24) overlaps target \"b16\"");
	target_set_free(&set);
	target_set_init(&set);
	add_file(&set, "x", "5.1.0.0/16");
	add_file(&set, "y", "6.1.0.0/16");
	add_file(&set, "z", "5.1.0.0/16");
	add_file(&set, "w", "5.1.0.0/16");
	CHECK(validate(&set, true, &err) < 0);
	CHECK_HAS(err.msg, "\"z\" (5.1.0.0/16) overlaps target \"x\"");
	target_set_free(&set);
}

int
main(void)
{
	test_good();
	test_syntax();
	test_empty();
	test_bad_values();
	test_location_later_target();
	test_validate();
	test_cli();
	test_files();
	test_scale();
	test_overlap_order();
	return test_report("test_targets");
}

/*
 * test_statefile_refused.c - the state file's parser (statefile.c) against
 * what is not a state file: other texts, empty and NUL-bearing buffers,
 * every truncation of a good dump, random bytes flipped, and one bad value
 * at a time at every place a dump has one, in a version 1 dump (what
 * earlier runs wrote, still read) and in a version 2 one (base64 block
 * records, what a save writes now); and the migration from 1 to 2. Each
 * is refused with status 65 and a message naming the file (and, where the
 * row says, the value). A file larger than its targets' state can be is
 * refused unread, and that bound grows with the targets.
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/statefile.h"

#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>

#include "testfile.h"
#include "testhelp.h"
#include "testjson.h"
#include "testplan.h"
#include "teststate.h"

#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

/* A string of n copies of c with the byte at `at` (when < n) set to x. */
static json_t *
str_with(size_t n, char c, size_t at, char x)
{
	char buf[300];

	memset(buf, c, n);
	if (at < n)
		buf[at] = x;
	buf[n] = '\0';
	return json_string(buf);
}

/* The dump with one value replaced; the caller frees it. */
static char *
mutate(const char *dump, const char *path, json_t *v)
{
	json_t *root = json_loads(dump, 0, NULL);
	char *s;

	CHECK(th_jset(root, path, v));
	s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

static bool
refused(const char *doc, size_t len, const struct target_set *set,
	const struct method_list *m, const char *what)
{
	struct baseline b;
	struct bo_error err;
	bool ok;

	baseline_init(&b, set);
	ok = ts_load(doc, len, &b, m, &err) == -1 && err.status == 65 &&
	     strstr(err.msg, "fuzz.json") != NULL;
	if (!ok)
		fprintf(stderr, "  not refused as it should be (%s): %d %s\n",
			what, err.status, err.msg);
	baseline_free(&b);
	return ok;
}

/* Texts that are not a state file at all, or not a whole one. */
static const char *const not_state[] = {
	"",
	" \n",
	"null",
	"[]",
	"42",
	"\"blackout-state\"",
	"{",
	"{\"format\":\"blackout-state\"}",
	"{\"format\":\"blackout-state\",\"version\":1}",
	"{\"format\":\"blackout-state\",\"version\":1,\"round\":0}",
	"{\"format\":\"blackout-state\",\"version\":1,\"round\":0,"
	"\"methods\":[]}",
	"{\"targets\":[],\"methods\":[],\"round\":0,\"version\":1}",
	"{\"format\":\"blackout-state\",\"format\":\"blackout-state\","
	"\"version\":1,\"round\":0,\"methods\":[],\"targets\":[]}",
	"\x89PNG\r\n\x1a\n",
	"# a comment\n",
	"{\"format\":\"blackout-state\",\"version\":1,\"round\":0,"
	"\"methods\":[],\"targets\":[]} trailing",
};

/* ts_fill()'s dump in `version`, with "one" given history for
 * targets/1/history/0. */
static char *
dump_filled_version(const struct target_set *set, const struct method_list *m,
		    int version)
{
	struct baseline a;
	char *dump;

	baseline_init(&a, set);
	ts_fill(&a);
	target_memory_observe(&a.t[1], STATE_UP, NS(2), 0, 0.5,
			      &(struct event_info){ 0 },
			      &(struct instability){ 0 });
	dump = statefile_dump_version(&a, m, 0, version);
	baseline_free(&a);
	return dump;
}

static char *
dump_filled(const struct target_set *set, const struct method_list *m)
{
	return dump_filled_version(set, m, STATE_VERSION);
}

static void
test_refused(void)
{
	struct target_set set;
	struct method_list m;
	struct baseline b;
	struct bo_error err;
	size_t i, len, bad;
	uint64_t seed = 7;
	char *dump;

	TEST("refused");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	dump = dump_filled(&set, &m);
	len = strlen(dump);
	baseline_init(&b, &set);
	CHECK(ts_load(dump, len, &b, &m, &err) == 0); /* the unmutated one */
	baseline_free(&b);

	for (i = 0; i < NITEMS(not_state); i++)
		CHECK(refused(not_state[i], strlen(not_state[i]), &set, &m,
			      not_state[i]));
	/* An empty buffer, and a NUL inside. */
	CHECK(refused("", 0, &set, &m, "empty"));
	CHECK(refused("{\"format\"\0:1}", 13, &set, &m, "NUL"));
	/* The message for an empty or foreign file names the problem. */
	baseline_init(&b, &set);
	CHECK(ts_load("{\"targets\":[]}", 14, &b, &m, &err) == -1);
	CHECK_HAS(err.msg, "fuzz.json");
	CHECK_HAS(err.msg, "format");
	CHECK_HAS(err.msg, "refusing");
	CHECK(ts_load(dump, len - 1, &b, &m, &err) == -1);
	CHECK_HAS(err.msg, "fuzz.json");
	baseline_free(&b);

	/* Every prefix of a valid dump shorter than the whole. */
	for (i = 0, bad = 0; i < len; i++)
		bad += !refused(dump, i, &set, &m, "truncated");
	CHECK_EQ(bad, 0);
	/* And the whole dump with a random byte flipped to a quote, brace
	 * or digit: refused or loaded, never a crash. */
	for (i = 0; i < 200; i++) {
		char *copy = strdup(dump);

		copy[th_rand(&seed) % len] = "\"{}0]x,"[th_rand(&seed) % 7];
		baseline_init(&b, &set);
		if (ts_load(copy, len, &b, &m, &err) < 0)
			CHECK(err.status == 65 && strstr(err.msg, "fuzz.json"));
		baseline_free(&b);
		free(copy);
	}
	free(dump);
	target_set_free(&set);
}

/* One bad value in an otherwise good dump: what is put at the path. */
enum bad_kind {
	DELETE,	   /* nothing: the member or element is removed */
	SET,	   /* the JSON text json */
	STRING_OF, /* n copies of c, the byte at `at` (when < n) set to x */
	ONE_MORE,  /* a well-formed block, one more than the prefix has */
};

struct bad_value {
	const char *path;
	enum bad_kind kind;
	const char *json;
	const char *msg; /* what the message must mention, or NULL */
	size_t n, at;
	char c, x;
};

/* clang-format off */
#define DEL(path, msg) { path, DELETE, NULL, msg, 0, 0, 0, 0 }
#define BAD(path, json, msg) { path, SET, json, msg, 0, 0, 0, 0 }
#define LONG(path, n, c, at, x, msg) { path, STRING_OF, NULL, msg, n, at, c, x }
#define ONE_BLOCK_MORE(path, msg) { path, ONE_MORE, NULL, msg, 0, 0, 0, 0 }
/* clang-format on */

static const struct bad_value bad_values[] = {
	DEL("format", "format"),
	BAD("format", "\"blackout-stat\"", "format"),
	BAD("format", "\"BLACKOUT-STATE\"", "format"),
	BAD("format", "1", "format"),
	BAD("version", "3", "version"),
	BAD("version", "0", "version"),
	BAD("version", "\"1\"", "version"),
	BAD("version", "1.0", "version"),
	DEL("version", "version"),
	BAD("round", "-1", NULL),
	BAD("round", "4294967296", NULL),
	BAD("round", "\"7\"", NULL),
	BAD("methods", "\"" METHODS "\"", NULL),
	BAD("methods/1", "\"udp:53\"", NULL),
	BAD("methods/1", "\"icmp,tcp:80\"", NULL),
	BAD("methods/1", "80", NULL),
	BAD("targets", "{}", NULL),
	BAD("targets/0", "\"kp\"", NULL),
	DEL("targets/0/name", NULL),
	BAD("targets/0/prefix", "\"nonsense\"", NULL),
	DEL("targets/0/prefix", NULL),
	BAD("targets/0/state", "\"sideways\"", NULL),
	BAD("targets/0/state", "0", NULL),
	BAD("targets/0/since_ns", "-1", NULL),
	BAD("targets/0/since_ns", "1.5", NULL),
	BAD("targets/0/in_outage", "1", NULL),
	DEL("targets/0/outage_start_ns", NULL),
	BAD("targets/0/outage_after_ns", "-1", NULL),
	BAD("targets/0/outage_after_ns", "\"x\"", NULL),
	BAD("targets/0/outage_by_ns", "1.5", NULL),
	BAD("targets/0/outage_scope", "\"total\"", NULL),
	BAD("targets/0/census_avail", "1.5", NULL),
	BAD("targets/0/census_avail", "\"x\"", NULL),
	BAD("targets/0/cap_pps", "-1", NULL),
	BAD("targets/0/cap_pps", "\"x\"", NULL),
	BAD("targets/0/cap_rounds", "-1", NULL),
	BAD("targets/0/cap_rounds", "1.5", NULL),
	BAD("targets/0/cap_rounds", "4294967296", NULL),
	BAD("targets/0/history", "{}", NULL),
	BAD("targets/0/history/0", "[1,\"up\",0]", "history"),
	BAD("targets/0/history/0", "[1,\"up\",0,0.5,0]", "history"),
	BAD("targets/0/history/0", "[1,\"up\",0,0.5,false]", "history"),
	BAD("targets/0/history/0", "[1,\"up\",0,0.5,true,true]", "history"),
	BAD("targets/0/history/0", "{\"t\":1}", "history"),
	BAD("targets/0/history/0", "\"up\"", "history"),
	BAD("targets/0/history/3/0", "\"x\"", "history"),
	BAD("targets/0/history/3/0", "1.5", "history"),
	BAD("targets/0/history/3/1", "\"sideways\"", "history"),
	BAD("targets/0/history/3/2", "256", "history"),
	BAD("targets/0/history/3/2", "-1", "history"),
	BAD("targets/0/history/3/3", "1.5", "history"),
	BAD("targets/0/history/3/3", "null", "history"),
	BAD("targets/0/blocks", "{}", NULL),
	DEL("targets/0/blocks/3", "blocks"),
	DEL("targets/1/blocks/0", "blocks"),
	ONE_BLOCK_MORE("targets/1/blocks/1", "blocks"),
	BAD("targets/0/blocks/0", "\"x\"", NULL),
	LONG("targets/0/blocks/0/ever", 64, '0', 10, 'g', "ever"),
	LONG("targets/0/blocks/0/ever", 64, '0', 63, 'z', "ever"),
	LONG("targets/0/blocks/0/ever", 64, '0', 0, ' ', "ever"),
	LONG("targets/0/blocks/0/ever", 63, '0', 99, 0, "ever"),
	LONG("targets/0/blocks/0/ever", 65, '0', 99, 0, "ever"),
	BAD("targets/0/blocks/0/ever", "0", "ever"),
	LONG("targets/0/blocks/0/hints", 255, '.', 999, 0, "hints"),
	LONG("targets/0/blocks/0/hints", 257, '.', 999, 0, "hints"),
	LONG("targets/0/blocks/0/hints", 256, '.', 17, 'd', "hints"),
	LONG("targets/0/blocks/0/hints", 256, '.', 17, 'z', "hints"),
	LONG("targets/0/blocks/0/hints", 256, '.', 17, 'A', "hints"),
	LONG("targets/0/blocks/0/hints", 256, '.', 255, '`', "hints"),
	DEL("targets/0/blocks/0/hints", "hints"),
	BAD("targets/0/blocks/0/belief", "1.5", NULL),
	BAD("targets/0/blocks/0/belief", "-0.01", NULL),
	BAD("targets/0/blocks/0/belief", "\"0.5\"", NULL),
	BAD("targets/0/blocks/0/avail", "1.01", NULL),
	BAD("targets/0/blocks/0/avail", "-1.5", NULL),
	DEL("targets/0/blocks/0/avail", NULL),
	BAD("targets/0/blocks/0/state", "\"sideways\"", NULL),
	BAD("targets/0/blocks/0/state", "\"UP\"", NULL),
	BAD("targets/0/blocks/0/censused", "1", NULL),
	BAD("targets/1/blocks/0/belief", "1.5", NULL),
	BAD("targets/1/history/0", "0", NULL),
};

/* The same for version 2's block records (layout in blockcodec.h). */
static const struct bad_value bad_values_v2[] = {
	BAD("version", "3", "version"),
	BAD("version", "1", "ever"), /* version 2 blocks read as version 1 */
	BAD("targets/0/blocks", "{}", NULL),
	DEL("targets/0/blocks/3", "blocks"),
	BAD("targets/0/blocks/0", "{}", "block"),
	BAD("targets/0/blocks/0", "null", "block"),
	BAD("targets/0/blocks/0", "\"\"", "block"),
	BAD("targets/0/blocks/0", "\"AAAA\"", "base64"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAAA\"", "base64"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAA=A\"", "base64"),
	BAD("targets/0/blocks/0", "\"AAAAAAAA AAA\"", "base64"),
	BAD("targets/0/blocks/0", "\"QAAAAAAAAAAA\"", "flags"),
	BAD("targets/0/blocks/0", "\"BgAAAAAAAAAA\"", "state"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAPg/\"", "belief"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAANC/\"", "belief"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAPh/\"", "belief"),
	BAD("targets/0/blocks/0", "\"CAAAAAAAAAAA\"", "truncated"),
	BAD("targets/0/blocks/0", "\"CAAAAAAAAAAAAAAAAAAAAEA=\"", "avail"),
	BAD("targets/0/blocks/0",
	    "\"MAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB\"",
	    "empty"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAAAAgAA=\"", "fields"),
	BAD("targets/0/blocks/0", "\"AAAAAAAAAAAAAQUB\"", "fields"),
	/* A(b) by hour: type 2 is 15 bytes, type 1 (older files) 24. */
	BAD("targets/0/blocks/0", "\"AAAAAAAAAAAAAg4AAAAAAAAAAAAAAAAAAA==\"",
	    "fields"),
	BAD("targets/0/blocks/0",
	    "\"AAAAAAAAAAAAARcAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\"", "fields"),
	BAD("targets/0/blocks/0",
	    "\"MAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAJ\"",
	    "hints"),
	BAD("targets/0/blocks/0",
	    "\"EAAAAAAAAAAA/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAARERE=\"",
	    "hints"),
	BAD("targets/0/blocks/0", "\"IAAAAAAAAAAAAQ==\"", "hints"),
	BAD("targets/1/blocks/0", "\"AAAAAAAAAPg/\"", "belief"),
};

/* The value bad_value v puts in the dump (NULL: delete). */
static json_t *
bad_json(const struct bad_value *v)
{
	switch (v->kind) {
	case SET:
		return json_loads(v->json, JSON_DECODE_ANY, NULL);
	case STRING_OF:
		return str_with(v->n, v->c, v->at, v->x);
	case ONE_MORE:
		return json_pack("{s:o,s:o,s:f,s:f,s:s,s:b}", "ever",
				 str_with(64, '0', 99, 0), "hints",
				 str_with(256, '.', 999, 0), "avail", -1.0,
				 "belief", 0.5, "state", "unknown", "censused",
				 0);
	case DELETE:
		break;
	}
	return NULL;
}

/* Every bad value of rows[0..n) put in a `version` dump is refused, the
 * message naming it when the row says. */
static void
refused_rows(const struct bad_value *rows, size_t n, int version)
{
	const struct bad_value *v;
	struct target_set set;
	struct method_list m;
	struct baseline b;
	struct bo_error err;
	char *dump, *doc;

	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	dump = dump_filled_version(&set, &m, version);
	for (v = rows; v < rows + n; v++) {
		doc = mutate(dump, v->path, bad_json(v));
		CHECK(refused(doc, strlen(doc), &set, &m, v->path));
		if (v->msg != NULL) {
			baseline_init(&b, &set);
			ts_load(doc, strlen(doc), &b, &m, &err);
			CHECK_HAS(err.msg, v->msg);
			baseline_free(&b);
		}
		free(doc);
	}
	free(dump);
	target_set_free(&set);
}

static void
test_refused_values(void)
{
	TEST("refused_values");
	refused_rows(bad_values, NITEMS(bad_values), 1);
	TEST("refused_values_v2");
	refused_rows(bad_values_v2, NITEMS(bad_values_v2), 2);
}

/*
 * Migration: a version 1 file loads into the same memory as the version
 * 2 dump of it, and the next save writes exactly that version 2 dump.
 */
static void
test_migration(void)
{
	struct target_set set;
	struct method_list m;
	struct baseline b1;
	struct bo_error err;
	char *v1, *v2, *again;

	TEST("migration");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	v1 = dump_filled_version(&set, &m, 1);
	v2 = dump_filled_version(&set, &m, 2);
	CHECK(strstr(v1, "\"version\":1") != NULL);
	CHECK(strstr(v2, "\"version\":2") != NULL);
	CHECK(strlen(v2) < strlen(v1));
	baseline_init(&b1, &set);
	CHECK(ts_load(v1, strlen(v1), &b1, &m, &err) == 0);
	again = statefile_dump(&b1, &m, 0); /* what the next save writes */
	CHECK(strcmp(again, v2) == 0);
	free(again);
	baseline_free(&b1);
	free(v1);
	free(v2);
	target_set_free(&set);
}

/* A sparse file of size bytes at path, "{" and then NULs. */
static void
sparse_file(const char *path, uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0);
	CHECK(write(fd, "{", 1) == 1);
	CHECK(ftruncate(fd, (off_t)size) == 0);
	close(fd);
}

/* Loads path against set: -1 and status 65 in any case here; whether the
 * size was the reason. */
static bool
refused_for_size(struct statefile *sf, const struct target_set *set,
		 const struct method_list *m)
{
	struct bo_error err = { 0, "" };
	struct baseline b;

	baseline_init(&b, set);
	CHECK(statefile_load(sf, &b, m, &err) == -1);
	CHECK_EQ(err.status, 65);
	baseline_free(&b);
	return strstr(err.msg, "larger than") != NULL;
}

/*
 * The bound: 256 MiB and room for the targets, so that a /8's state may
 * pass 256 MiB (4 M /24s make some 390 MB) while a /22's may not. The
 * files are sparse: nothing of them is written or read past the "{".
 */
static void
test_too_large(void)
{
	struct target_set small, big;
	struct method_list m;
	struct statefile *sf;
	struct bo_error err;
	struct baseline b;
	char dir[256], path[300];
	uint64_t max_small, max_big;

	TEST("too_large");
	ts_set(&small, "175.45.176.0/22"); /* and a /24: 5 /24s */
	target_set_init(&big);
	CHECK(th_add_target(&big, "eight", "5.0.0.0/8", SAMPLE_AUTO, NULL) ==
	      0);
	ts_methods(METHODS, &m);
	baseline_init(&b, &small);
	max_small = statefile_size_max_of(&b);
	baseline_free(&b);
	CHECK_EQ(max_small, STATE_SIZE_BASE + 2 * STATE_ROOM_TARGET +
				    2 * STATE_ROOM_PREFIX +
				    5 * STATE_ROOM_BLOCK);
	baseline_init(&b, &big);
	max_big = statefile_size_max_of(&b);
	baseline_free(&b);
	CHECK_EQ(max_big, STATE_SIZE_BASE + STATE_ROOM_TARGET +
				  STATE_ROOM_PREFIX + 65536 * STATE_ROOM_BLOCK);
	/* The writer's count, from the set, is the loader's. */
	CHECK_EQ(statefile_size_max_set(&small), max_small);
	CHECK_EQ(statefile_size_max_set(&big), max_big);
	CHECK_EQ(statefile_size_max(1u << 24, 1u << 24, 1u << 24), UINT32_MAX);

	th_make_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/state.json", dir);
	sf = statefile_open(path, &clock_system, &err);
	CHECK(sf != NULL);
	sparse_file(path, max_small + 1);
	CHECK(refused_for_size(sf, &small, &m));
	CHECK(!refused_for_size(sf, &big, &m)); /* read, and not JSON */
	sparse_file(path, max_small);
	CHECK(!refused_for_size(sf, &small, &m));
	sparse_file(path, max_big + 1);
	CHECK(refused_for_size(sf, &big, &m));
	statefile_close(sf);
	th_rm_dir(dir);
	target_set_free(&small);
	target_set_free(&big);
}

int
main(void)
{
	test_refused();
	test_refused_values();
	test_migration();
	test_too_large();
	return test_report("test_statefile_refused");
}

/*
 * test_statefile.c - the state file (statefile.c): a dump and load round trip of
 * everything a baseline holds, hints remapped to the run's methods, the
 * lock, atomic saves, every kind of refused input (status 65, named, the
 * file left alone), and targets that moved, vanished or are new.
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/statefile.h"

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <sys/stat.h>

#include "testhelp.h"
#include "testplan.h"

#define NS(s) ((int64_t)(s) * 1000000000LL)
#define METHODS "icmp,tcp:80,tcp:443"

/* Two targets: "kp" (a /22, four blocks) and "one" (a /24). */
static void
make_set(struct target_set *set, const char *kp_prefix)
{
	target_set_init(set);
	CHECK(th_add_target(set, "kp", kp_prefix, SAMPLE_AUTO, NULL) == 0);
	CHECK(th_add_target(set, "one", "175.45.180.0/24", SAMPLE_AUTO,
			    NULL) == 0);
}

static void
methods(const char *text, struct method_list *m)
{
	CHECK(method_list_parse(text, "test", m, NULL) == 0);
}

/* A baseline with something distinctive in every field. */
static void
fill(struct baseline *bl)
{
	struct target_memory *tm = &bl->t[0];
	struct history_entry e;
	unsigned i;

	bl->last_round = 4242;
	block_mark_ever(&tm->blocks[0], 1, 1);	 /* icmp */
	block_mark_ever(&tm->blocks[0], 7, 2);	 /* tcp:80 */
	block_mark_ever(&tm->blocks[0], 200, 3); /* tcp:443 */
	tm->blocks[0].avail = 0.75;
	tm->blocks[0].belief = 0.93;
	tm->blocks[0].state = STATE_UP;
	tm->blocks[0].censused = true;
	for (i = 0; i < 256; i++)
		block_mark_ever(&tm->blocks[1], i, (uint8_t)(1 + i % 3));
	tm->blocks[1].avail = 0.1234567890123456789;
	tm->blocks[1].belief = 0.01;
	tm->blocks[1].state = STATE_DOWN;
	tm->blocks[1].censused = true;
	tm->blocks[2].censused = true; /* censused, never answered */
	tm->blocks[3].belief = 1.0 / 3;	/* avail unknown: -1 */
	tm->has_state = true;
	tm->state = STATE_PARTIAL;
	tm->since_ns = NS(1419264900) + 123456789;
	tm->in_outage = true;
	tm->outage_start_ns = NS(1419264900) - 1;
	tm->outage_scope = STATE_PARTIAL;
	tm->census_avail = 0.8125;
	/* 30 entries: the ring has wrapped, hist_first is not 0. */
	for (i = 0; i < 30; i++) {
		e.time_ns = NS(1419264900) + (int64_t)i * NS(660);
		e.state = (uint8_t)(i % 4);
		e.block_changes = (uint8_t)(i * 9);
		e.rate = i % 5 == 0 ? -1.0f : (float)i / 31;
		target_history_push(tm, &e);
	}
	tm = &bl->t[1];
	block_mark_ever(&tm->blocks[0], 255, 2);
	tm->blocks[0].avail = 0.5;
	tm->blocks[0].belief = 0.5;
	tm->has_state = true;
	tm->state = STATE_UP;
	tm->since_ns = NS(1);
	tm->census_avail = -1;
}

/* Compares two memories field by field; prints the first difference. */
static bool
memory_equal(const struct target_memory *a, const struct target_memory *b)
{
	unsigned i;

#define DIFF(cond, what)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "  %s: %s differs (%u)\n",        \
				a->name, what, i);                        \
			return false;                                     \
		}                                                         \
	} while (0)
	i = 0;
	DIFF(strcmp(a->name, b->name) == 0, "name");
	DIFF(a->pfx.base == b->pfx.base && a->pfx.len == b->pfx.len, "prefix");
	DIFF(a->n_blocks == b->n_blocks, "n_blocks");
	for (i = 0; i < a->n_blocks; i++) {
		const struct block_memory *x = &a->blocks[i];
		const struct block_memory *y = &b->blocks[i];

		DIFF(memcmp(x->ever, y->ever, sizeof(x->ever)) == 0, "ever");
		DIFF(memcmp(x->hint, y->hint, sizeof(x->hint)) == 0, "hint");
		DIFF(x->n_ever == y->n_ever, "n_ever");
		DIFF(x->avail == y->avail, "avail");
		DIFF(x->belief == y->belief, "belief");
		DIFF(x->state == y->state, "block state");
		DIFF(x->censused == y->censused, "censused");
	}
	i = 0;
	DIFF(a->has_state == b->has_state, "has_state");
	DIFF(a->state == b->state, "state");
	DIFF(a->since_ns == b->since_ns, "since_ns");
	DIFF(a->in_outage == b->in_outage, "in_outage");
	DIFF(a->outage_start_ns == b->outage_start_ns, "outage_start_ns");
	DIFF(a->outage_scope == b->outage_scope, "outage_scope");
	DIFF(a->census_avail == b->census_avail, "census_avail");
	DIFF(a->n_hist == b->n_hist, "n_hist");
	for (i = 0; i < a->n_hist; i++) {
		const struct history_entry *x = target_history_at(a, i);
		const struct history_entry *y = target_history_at(b, i);

		DIFF(x->time_ns == y->time_ns, "history time");
		DIFF(x->state == y->state, "history state");
		DIFF(x->block_changes == y->block_changes, "history changes");
		DIFF(x->rate == y->rate, "history rate");
	}
#undef DIFF
	return true;
}

static bool
baseline_equal(const struct baseline *a, const struct baseline *b)
{
	size_t i;

	if (a->n != b->n || a->last_round != b->last_round)
		return false;
	for (i = 0; i < a->n; i++)
		if (!memory_equal(&a->t[i], &b->t[i]))
			return false;
	return true;
}

/* Nothing known: what baseline_init gives. */
static bool
is_fresh(const struct target_memory *tm)
{
	uint32_t b;

	if (tm->has_state || tm->in_outage || tm->n_hist != 0 ||
	    tm->census_avail >= 0)
		return false;
	for (b = 0; b < tm->n_blocks; b++)
		if (tm->blocks[b].n_ever != 0 || tm->blocks[b].censused ||
		    tm->blocks[b].avail >= 0 || tm->blocks[b].belief != 0.5)
			return false;
	return true;
}

/* Two dumps are the same document apart from "saved" (a clock). */
static bool
same_document(const char *x, const char *y)
{
	json_t *a = json_loads(x, 0, NULL), *b = json_loads(y, 0, NULL);
	bool same = a != NULL && b != NULL;

	if (same) {
		json_object_del(a, "saved");
		json_object_del(b, "saved");
		same = json_equal(a, b);
	}
	json_decref(a);
	json_decref(b);
	return same;
}

static int
load(const char *doc, size_t len, struct baseline *bl,
     const struct method_list *m, struct bo_error *err)
{
	memset(err, 0, sizeof(*err));
	return statefile_load_buffer(doc, len, "fuzz.json", bl, m, err);
}

static void
test_roundtrip(void)
{
	struct method_list m, m2, m3;
	struct target_set set;
	struct baseline a, b, c;
	struct bo_error err;
	char *dump, *dump2, ever[65];
	json_t *root, *blk, *v;
	unsigned i;

	TEST("roundtrip");
	make_set(&set, "175.45.176.0/22");
	methods(METHODS, &m);
	baseline_init(&a, &set);
	fill(&a);
	CHECK(a.t[0].hist_first != 0);
	dump = statefile_dump(&a, &m);
	CHECK(dump != NULL);

	/* The document itself. */
	root = json_loads(dump, 0, NULL);
	CHECK(json_is_object(root));
	CHECK_STREQ(json_string_value(json_object_get(root, "format")),
		    "blackout-state");
	CHECK(json_integer_value(json_object_get(root, "version")) == 1);
	CHECK(json_integer_value(json_object_get(root, "round")) == 4242);
	CHECK(json_is_string(json_object_get(root, "saved")));
	v = json_object_get(root, "methods");
	CHECK(json_array_size(v) == 3);
	CHECK_STREQ(json_string_value(json_array_get(v, 1)), "tcp:80");
	v = json_array_get(json_object_get(root, "targets"), 0);
	CHECK_STREQ(json_string_value(json_object_get(v, "name")), "kp");
	CHECK_STREQ(json_string_value(json_object_get(v, "prefix")),
		    "175.45.176.0/22");
	CHECK_STREQ(json_string_value(json_object_get(v, "state")), "partial");
	CHECK(json_array_size(json_object_get(v, "history")) == HISTORY_LEN);
	blk = json_array_get(json_object_get(v, "blocks"), 0);
	/* E = {1, 7, 200}: byte 0 = bits 1 and 7, byte 25 = bit 0. */
	memset(ever, '0', 64);
	ever[64] = '\0';
	ever[0] = '8';
	ever[1] = '2';
	ever[51] = '1';
	CHECK_STREQ(json_string_value(json_object_get(blk, "ever")), ever);
	v = json_object_get(blk, "hints");
	CHECK(json_string_length(v) == 256);
	CHECK(json_string_value(v)[1] == 'a' &&
	      json_string_value(v)[7] == 'b' &&
	      json_string_value(v)[200] == 'c' &&
	      json_string_value(v)[0] == '.');
	v = json_array_get(json_object_get(root, "targets"), 1);
	CHECK_STREQ(json_string_value(json_object_get(v, "name")), "one");
	CHECK(json_array_size(json_object_get(v, "blocks")) == 1);
	CHECK(json_integer_value(json_object_get(v, "since_ns")) == NS(1));
	json_decref(root);

	/* Load it back: the same memory, field by field. */
	baseline_init(&b, &set);
	CHECK(load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b));
	CHECK_EQ(b.last_round, 4242);
	CHECK_EQ(b.t[0].n_hist, HISTORY_LEN);
	CHECK(target_history_at(&b.t[0], 0)->time_ns ==
	      NS(1419264900) + 6 * NS(660)); /* the oldest kept */
	CHECK(target_history_at(&b.t[0], HISTORY_LEN - 1)->time_ns ==
	      NS(1419264900) + 29 * NS(660));
	CHECK(target_history_at(&b.t[0], 4)->rate == -1.0f); /* entry 10 */
	CHECK(b.t[0].blocks[3].avail == -1);
	CHECK(b.t[0].blocks[1].avail == 0.1234567890123456789);
	CHECK_EQ(b.t[0].blocks[1].n_ever, 256);
	dump2 = statefile_dump(&b, &m);
	CHECK(same_document(dump, dump2));
	free(dump2);
	baseline_free(&b);

	/* The run's methods in another order: hints follow the methods,
	 * not their positions. */
	methods("tcp:443,icmp,tcp:80", &m2);
	baseline_init(&b, &set);
	CHECK(load(dump, strlen(dump), &b, &m2, &err) == 0);
	CHECK_EQ(b.t[0].blocks[0].hint[1], 2);	 /* icmp */
	CHECK_EQ(b.t[0].blocks[0].hint[7], 3);	 /* tcp:80 */
	CHECK_EQ(b.t[0].blocks[0].hint[200], 1); /* tcp:443 */
	CHECK_EQ(b.t[0].blocks[0].hint[2], 0);
	CHECK_EQ(b.t[0].blocks[0].n_ever, 3);
	CHECK_EQ(b.t[1].blocks[0].hint[255], 3);
	/* ... and back again through a dump in that order. */
	dump2 = statefile_dump(&b, &m2);
	baseline_init(&c, &set);
	CHECK(load(dump2, strlen(dump2), &c, &m, &err) == 0);
	CHECK(baseline_equal(&a, &c));
	free(dump2);
	baseline_free(&c);
	baseline_free(&b);

	/* A method the run no longer uses: its hints are dropped, E is
	 * kept. */
	methods("tcp:443,icmp", &m3);
	baseline_init(&b, &set);
	CHECK(load(dump, strlen(dump), &b, &m3, &err) == 0);
	CHECK_EQ(b.t[0].blocks[0].hint[1], 2);
	CHECK_EQ(b.t[0].blocks[0].hint[7], 0);
	CHECK_EQ(b.t[0].blocks[0].hint[200], 1);
	CHECK(block_is_ever(&b.t[0].blocks[0], 7));
	CHECK_EQ(b.t[0].blocks[0].n_ever, 3);
	for (i = 0; i < 256; i++)
		if (b.t[0].blocks[1].hint[i] != (i % 3 == 0 ? 2 : i % 3 == 1 ? 0
									 : 1))
			break;
	CHECK_EQ(i, 256);
	CHECK_EQ(b.t[1].blocks[0].hint[255], 0);
	baseline_free(&b);

	/* A fresh baseline round-trips too (no state: null). */
	baseline_init(&b, &set);
	dump2 = statefile_dump(&b, &m);
	baseline_init(&c, &set);
	CHECK(load(dump2, strlen(dump2), &c, &m, &err) == 0);
	CHECK(baseline_equal(&b, &c));
	CHECK(is_fresh(&c.t[0]) && is_fresh(&c.t[1]));
	free(dump2);
	baseline_free(&c);
	baseline_free(&b);
	free(dump);
	baseline_free(&a);
	target_set_free(&set);
}

/* Targets that moved, vanished or are new. */
static void
test_targets_change(void)
{
	struct target_set set, moved, more, narrower;
	struct method_list m;
	struct baseline a, b;
	struct bo_error err;
	char *dump;

	TEST("targets_change");
	methods(METHODS, &m);
	make_set(&set, "175.45.176.0/22");
	baseline_init(&a, &set);
	fill(&a);
	dump = statefile_dump(&a, &m);

	/* kp moved to another /22 (same number of blocks): starts over. */
	make_set(&moved, "175.45.184.0/22");
	baseline_init(&b, &moved);
	CHECK(load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(is_fresh(&b.t[0]));
	CHECK_EQ(b.t[0].blocks[0].n_ever, 0);
	CHECK(memory_equal(&a.t[1], &b.t[1])); /* "one" did not move */
	baseline_free(&b);
	/* kp narrowed to a /23: starts over, not refused. */
	make_set(&narrower, "175.45.176.0/23");
	baseline_init(&b, &narrower);
	CHECK(load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(is_fresh(&b.t[0]));
	CHECK_EQ(b.t[0].n_blocks, 2);
	baseline_free(&b);

	/* A target absent from the file starts fresh; an entry for a
	 * target no longer configured ("one") is ignored. */
	target_set_init(&more);
	CHECK(th_add_target(&more, "new", "175.45.181.0/24", SAMPLE_AUTO,
			    NULL) == 0);
	CHECK(th_add_target(&more, "kp", "175.45.176.0/22", SAMPLE_AUTO,
			    NULL) == 0);
	baseline_init(&b, &more);
	CHECK(load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(is_fresh(&b.t[0]));
	CHECK_STREQ(b.t[0].name, "new");
	CHECK(memory_equal(&a.t[0], &b.t[1])); /* found by name */
	CHECK_EQ(b.n, 2);
	CHECK_EQ(b.last_round, 4242);
	baseline_free(&b);

	free(dump);
	baseline_free(&a);
	target_set_free(&set);
	target_set_free(&moved);
	target_set_free(&narrower);
	target_set_free(&more);
}

/*
 * Sets (or, with v NULL, deletes) the value at path ("targets/0/blocks/1/
 * ever") of root; numbers index arrays, and the index just past the end
 * appends. Steals v. Returns false when the path does not lead anywhere.
 */
static bool
set_at(json_t *root, const char *path, json_t *v)
{
	char buf[128], *tok, *next, *save = NULL;
	json_t *cur = root;

	snprintf(buf, sizeof(buf), "%s", path);
	tok = strtok_r(buf, "/", &save);
	while (tok != NULL) {
		next = strtok_r(NULL, "/", &save);
		if (next == NULL) {
			if (json_is_array(cur)) {
				size_t i = strtoul(tok, NULL, 10);

				if (i == json_array_size(cur) && v != NULL)
					return json_array_append_new(cur,
								     v) == 0;
				if (i >= json_array_size(cur))
					break;
				if (v == NULL)
					return json_array_remove(cur, i) == 0;
				return json_array_set_new(cur, i, v) == 0;
			}
			if (!json_is_object(cur) ||
			    (v == NULL && json_object_get(cur, tok) == NULL))
				break;
			if (v == NULL)
				return json_object_del(cur, tok) == 0;
			return json_object_set_new(cur, tok, v) == 0;
		}
		cur = json_is_array(cur) ? json_array_get(cur,
							  strtoul(tok, NULL,
								  10))
					 : json_object_get(cur, tok);
		if (cur == NULL)
			break;
		tok = next;
	}
	json_decref(v);
	return false;
}

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

	CHECK(set_at(root, path, v));
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
	ok = load(doc, len, &b, m, &err) == -1 && err.status == 65 &&
	     strstr(err.msg, "fuzz.json") != NULL;
	if (!ok)
		fprintf(stderr, "  not refused as it should be (%s): %d %s\n",
			what, err.status, err.msg);
	baseline_free(&b);
	return ok;
}

static void
test_refused(void)
{
	static const char *const texts[] = {
		"", " \n", "null", "[]", "42", "\"blackout-state\"", "{",
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
	struct {
		const char *path;
		json_t *v;
		const char *msg; /* what the message must mention, or NULL */
	} cases[] = {
		{ "format", NULL, "format" },
		{ "format", json_string("blackout-stat"), "format" },
		{ "format", json_string("BLACKOUT-STATE"), "format" },
		{ "format", json_integer(1), "format" },
		{ "version", json_integer(2), "version" },
		{ "version", json_integer(0), "version" },
		{ "version", json_string("1"), "version" },
		{ "version", json_real(1.0), "version" },
		{ "version", NULL, "version" },
		{ "round", json_integer(-1), NULL },
		{ "round", json_integer(4294967296LL), NULL },
		{ "round", json_string("7"), NULL },
		{ "methods", json_string(METHODS), NULL },
		{ "methods/1", json_string("udp:53"), NULL },
		{ "methods/1", json_string("icmp,tcp:80"), NULL },
		{ "methods/1", json_integer(80), NULL },
		{ "targets", json_object(), NULL },
		{ "targets/0", json_string("kp"), NULL },
		{ "targets/0/name", NULL, NULL },
		{ "targets/0/prefix", json_string("nonsense"), NULL },
		{ "targets/0/prefix", NULL, NULL },
		{ "targets/0/state", json_string("sideways"), NULL },
		{ "targets/0/state", json_integer(0), NULL },
		{ "targets/0/since_ns", json_integer(-1), NULL },
		{ "targets/0/since_ns", json_real(1.5), NULL },
		{ "targets/0/in_outage", json_integer(1), NULL },
		{ "targets/0/outage_start_ns", NULL, NULL },
		{ "targets/0/outage_scope", json_string("total"), NULL },
		{ "targets/0/census_avail", json_real(1.5), NULL },
		{ "targets/0/census_avail", json_string("x"), NULL },
		{ "targets/0/history", json_object(), NULL },
		{ "targets/0/history/0", json_pack("[I,s,i]", (json_int_t)1,
						   "up", 0), "history" },
		{ "targets/0/history/0", json_pack("[I,s,i,f,i]",
						   (json_int_t)1, "up", 0,
						   0.5, 0), "history" },
		{ "targets/0/history/0", json_pack("{s:I}", "t",
						   (json_int_t)1), "history" },
		{ "targets/0/history/0", json_string("up"), "history" },
		{ "targets/0/history/3/0", json_string("x"), "history" },
		{ "targets/0/history/3/0", json_real(1.5), "history" },
		{ "targets/0/history/3/1", json_string("sideways"), "history" },
		{ "targets/0/history/3/2", json_integer(256), "history" },
		{ "targets/0/history/3/2", json_integer(-1), "history" },
		{ "targets/0/history/3/3", json_real(1.5), "history" },
		{ "targets/0/history/3/3", json_null(), "history" },
		{ "targets/0/blocks", json_object(), NULL },
		{ "targets/0/blocks/3", NULL, "blocks" },
		{ "targets/1/blocks/0", NULL, "blocks" },
		{ "targets/1/blocks/1", NULL, "blocks" }, /* one too many */
		{ "targets/0/blocks/0", json_string("x"), NULL },
		{ "targets/0/blocks/0/ever", str_with(64, '0', 10, 'g'),
		  "ever" },
		{ "targets/0/blocks/0/ever", str_with(64, '0', 63, 'z'),
		  "ever" },
		{ "targets/0/blocks/0/ever", str_with(64, '0', 0, ' '),
		  "ever" },
		{ "targets/0/blocks/0/ever", str_with(63, '0', 99, 0), "ever" },
		{ "targets/0/blocks/0/ever", str_with(65, '0', 99, 0), "ever" },
		{ "targets/0/blocks/0/ever", json_integer(0), "ever" },
		{ "targets/0/blocks/0/hints", str_with(255, '.', 999, 0),
		  "hints" },
		{ "targets/0/blocks/0/hints", str_with(257, '.', 999, 0),
		  "hints" },
		{ "targets/0/blocks/0/hints", str_with(256, '.', 17, 'd'),
		  "hints" },
		{ "targets/0/blocks/0/hints", str_with(256, '.', 17, 'z'),
		  "hints" },
		{ "targets/0/blocks/0/hints", str_with(256, '.', 17, 'A'),
		  "hints" },
		{ "targets/0/blocks/0/hints", str_with(256, '.', 255, '`'),
		  "hints" },
		{ "targets/0/blocks/0/hints", NULL, "hints" },
		{ "targets/0/blocks/0/belief", json_real(1.5), NULL },
		{ "targets/0/blocks/0/belief", json_real(-0.01), NULL },
		{ "targets/0/blocks/0/belief", json_string("0.5"), NULL },
		{ "targets/0/blocks/0/avail", json_real(1.01), NULL },
		{ "targets/0/blocks/0/avail", json_real(-1.5), NULL },
		{ "targets/0/blocks/0/avail", NULL, NULL },
		{ "targets/0/blocks/0/state", json_string("sideways"), NULL },
		{ "targets/0/blocks/0/state", json_string("UP"), NULL },
		{ "targets/0/blocks/0/censused", json_integer(1), NULL },
		{ "targets/1/blocks/0/belief", json_real(1.5), NULL },
		{ "targets/1/history/0", json_integer(0), NULL },
	};
	struct target_set set;
	struct method_list m;
	struct baseline a, b;
	struct bo_error err;
	size_t i, len, bad;
	uint64_t seed = 7;
	char *dump, *doc;

	TEST("refused");
	make_set(&set, "175.45.176.0/22");
	methods(METHODS, &m);
	baseline_init(&a, &set);
	fill(&a);
	/* "one" needs history for targets/1/history/0. */
	target_memory_observe(&a.t[1], STATE_UP, NS(2), 0, 0.5,
			      &(struct event_info){ 0 },
			      &(struct instability){ 0 });
	dump = statefile_dump(&a, &m);
	len = strlen(dump);
	baseline_init(&b, &set);
	CHECK(load(dump, len, &b, &m, &err) == 0); /* the unmutated one */
	baseline_free(&b);

	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		CHECK(refused(texts[i], strlen(texts[i]), &set, &m, texts[i]));
	/* An empty buffer, and a NUL inside. */
	CHECK(refused("", 0, &set, &m, "empty"));
	CHECK(refused("{\"format\"\0:1}", 13, &set, &m, "NUL"));
	/* The message for an empty or foreign file names the problem. */
	baseline_init(&b, &set);
	CHECK(load("{\"targets\":[]}", 14, &b, &m, &err) == -1);
	CHECK_HAS(err.msg, "fuzz.json");
	CHECK_HAS(err.msg, "format");
	CHECK_HAS(err.msg, "refusing");
	CHECK(load(dump, len - 1, &b, &m, &err) == -1);
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
		if (load(copy, len, &b, &m, &err) < 0)
			CHECK(err.status == 65 && strstr(err.msg, "fuzz.json"));
		baseline_free(&b);
		free(copy);
	}

	/* One bad value at a time. */
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		if (strcmp(cases[i].path, "targets/1/blocks/1") == 0)
			cases[i].v = json_pack(
				"{s:o,s:o,s:f,s:f,s:s,s:b}", "ever",
				str_with(64, '0', 99, 0), "hints",
				str_with(256, '.', 999, 0), "avail", -1.0,
				"belief", 0.5, "state", "unknown", "censused",
				0);
		doc = mutate(dump, cases[i].path, cases[i].v);
		CHECK(refused(doc, strlen(doc), &set, &m, cases[i].path));
		if (cases[i].msg != NULL) {
			baseline_init(&b, &set);
			load(doc, strlen(doc), &b, &m, &err);
			CHECK_HAS(err.msg, cases[i].msg);
			baseline_free(&b);
		}
		free(doc);
	}
	free(dump);
	baseline_free(&a);
	target_set_free(&set);
}

/* A temporary directory for state files; removed by rm_dir. */
static void
make_dir(char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/blackout-state-XXXXXX",
		 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
}

static void
rm_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' &&
		    (e->d_name[1] == '\0' ||
		     (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Entries of dir whose name contains s. */
static unsigned
count_named(const char *dir, const char *s)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, s) != NULL;
	closedir(d);
	return n;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void
spit(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(fwrite(text, 1, len, f) == len);
	fclose(f);
}

static void
test_file(void)
{
	struct statefile *sf, *sf2;
	struct target_set set;
	struct method_list m;
	struct baseline a, b;
	struct bo_error err;
	struct stat st1, st2;
	char dir[256], path[300], lock[310], *text, *text2, *dump;
	size_t len, len2;
	int oldfd;

	TEST("file");
	make_set(&set, "175.45.176.0/22");
	methods(METHODS, &m);
	baseline_init(&a, &set);
	fill(&a);
	make_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/state.json", dir);
	snprintf(lock, sizeof(lock), "%s.lock", path);

	/* The lock: one holder at a time, even within one process. */
	memset(&err, 0, sizeof(err));
	sf = statefile_open(path, &err);
	CHECK(sf != NULL);
	CHECK(access(lock, F_OK) == 0);
	memset(&err, 0, sizeof(err));
	sf2 = statefile_open(path, &err);
	CHECK(sf2 == NULL);
	CHECK_EQ(err.status, 75);
	CHECK_HAS(err.msg, path);
	statefile_close(sf2);

	/* No file yet: the first run, nothing known, no error. */
	baseline_init(&b, &set);
	CHECK(statefile_load(sf, &b, &m, &err) == 0);
	CHECK(is_fresh(&b.t[0]) && is_fresh(&b.t[1]));
	CHECK_EQ(b.last_round, 0);
	baseline_free(&b);
	CHECK(access(path, F_OK) != 0); /* loading creates nothing */

	/* Save, load: the same memory; the file is the dump and a newline,
	 * and no temporary file is left behind. */
	CHECK(statefile_save(sf, &a, &m, &err) == 0);
	CHECK_EQ(count_named(dir, ".tmp."), 0);
	CHECK_EQ(count_named(dir, "state.json"), 2); /* it and its lock */
	baseline_init(&b, &set);
	CHECK(statefile_load(sf, &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b));
	baseline_free(&b);
	text = slurp(path, &len);
	CHECK(text != NULL && len > 0 && text[len - 1] == '\n');
	dump = statefile_dump(&a, &m);
	CHECK(text != NULL && same_document(text, dump));
	free(dump);

	/* Saving again replaces the file: a new inode, while a reader of
	 * the old one still sees the whole old state. */
	CHECK(stat(path, &st1) == 0);
	oldfd = open(path, O_RDONLY);
	CHECK(oldfd >= 0);
	a.last_round = 4243;
	a.t[0].blocks[2].avail = 0.25;
	CHECK(statefile_save(sf, &a, &m, &err) == 0);
	CHECK(stat(path, &st2) == 0);
	CHECK(st1.st_ino != st2.st_ino);
	CHECK_EQ(count_named(dir, ".tmp."), 0);
	if (oldfd >= 0 && text != NULL) {
		char *old = calloc(1, len + 16);
		ssize_t n = read(oldfd, old, len + 15);

		CHECK(n == (ssize_t)len && memcmp(old, text, len) == 0);
		free(old);
		close(oldfd);
	}
	free(text);
	baseline_init(&b, &set);
	CHECK(statefile_load(sf, &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b));
	CHECK_EQ(b.last_round, 4243);
	baseline_free(&b);

	/* Released: the next run gets the lock. */
	statefile_close(sf);
	sf = statefile_open(path, &err);
	CHECK(sf != NULL);

	/* A refused file is left exactly as it was, and is named. */
	text = slurp(path, &len);
	{
		static const char *const garbage[] = {
			"garbage\n", "", "{\"format\":\"blackout-state\",",
			"{\"format\":\"other\",\"version\":1}\n",
		};
		size_t g;

		for (g = 0; g < sizeof(garbage) / sizeof(*garbage); g++) {
			spit(path, garbage[g], strlen(garbage[g]));
			CHECK(stat(path, &st1) == 0);
			baseline_init(&b, &set);
			memset(&err, 0, sizeof(err));
			CHECK(statefile_load(sf, &b, &m, &err) == -1);
			CHECK_EQ(err.status, 65);
			CHECK_HAS(err.msg, path);
			baseline_free(&b);
			text2 = slurp(path, &len2);
			CHECK(text2 != NULL && len2 == strlen(garbage[g]) &&
			      memcmp(text2, garbage[g], len2) == 0);
			free(text2);
			CHECK(stat(path, &st2) == 0);
			CHECK(st1.st_ino == st2.st_ino &&
			      st1.st_mtime == st2.st_mtime);
			CHECK_EQ(count_named(dir, ".tmp."), 0);
		}
		/* A truncated copy of a real state file. */
		if (text != NULL) {
			spit(path, text, len / 2);
			baseline_init(&b, &set);
			CHECK(statefile_load(sf, &b, &m, &err) == -1);
			CHECK_EQ(err.status, 65);
			CHECK(is_fresh(&b.t[0]));
			baseline_free(&b);
			text2 = slurp(path, &len2);
			CHECK(text2 != NULL && len2 == len / 2 &&
			      memcmp(text2, text, len2) == 0);
			free(text2);
		}
	}
	free(text);
	statefile_close(sf);

	/* A lock that cannot be created: 73, named. */
	memset(&err, 0, sizeof(err));
	CHECK(statefile_open("/nonexistent/dir/state.json", &err) == NULL);
	CHECK_EQ(err.status, 73);
	CHECK_HAS(err.msg, "/nonexistent/dir/state.json");

	/* A save whose directory has gone: an error, not a crash. */
	sf = statefile_open(path, &err);
	CHECK(sf != NULL);
	rm_dir(dir);
	memset(&err, 0, sizeof(err));
	CHECK(statefile_save(sf, &a, &m, &err) == -1);
	CHECK(err.status == 73 || err.status == 71);
	CHECK(err.msg[0] != '\0');
	statefile_close(sf);
	CHECK(access(path, F_OK) != 0);
	baseline_free(&a);
	target_set_free(&set);
}

int
main(void)
{
	test_roundtrip();
	test_targets_change();
	test_refused();
	test_file();
	return test_report("test_state");
}

/*
 * test_statefile.c - the state file (statefile.c): a dump and load round
 * trip of everything a baseline holds, hints remapped to the run's
 * methods, targets that moved, vanished or are new, the lock, atomic
 * saves, and a refused file left alone (every kind of refused input:
 * test_statefile_refused.c; another vantage's file and the run totals:
 * test_statefile_vantage.c).
 */
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/statefile.h"

#include <fcntl.h>
#include <jansson.h>
#include <sys/stat.h>

#include "testfile.h"
#include "testhelp.h"
#include "testjson.h"
#include "testplan.h"
#include "teststate.h"

#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

/* Compares two memories field by field; prints the first difference. */
static bool
memory_equal(const struct target_memory *a, const struct target_memory *b)
{
	unsigned i;

#define DIFF(cond, what)                                                    \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "  %s: %s differs (%u)\n", a->name, \
				what, i);                                   \
			return false;                                       \
		}                                                           \
	} while (0)
	i = 0;
	DIFF(strcmp(a->name, b->name) == 0, "name");
	DIFF(target_memory_same_space(a, b->prefixes, b->n_prefixes), "prefix");
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
		DIFF(memcmp(x->avail_hour, y->avail_hour,
			    sizeof(x->avail_hour)) == 0,
		     "avail_hour");
	}
	i = 0;
	DIFF(a->has_state == b->has_state, "has_state");
	DIFF(a->state == b->state, "state");
	DIFF(a->since_ns == b->since_ns, "since_ns");
	DIFF(a->in_outage == b->in_outage, "in_outage");
	DIFF(a->outage_start_ns == b->outage_start_ns, "outage_start_ns");
	DIFF(a->outage_after_ns == b->outage_after_ns, "outage_after_ns");
	DIFF(a->outage_by_ns == b->outage_by_ns, "outage_by_ns");
	DIFF(a->outage_scope == b->outage_scope, "outage_scope");
	DIFF(a->census_avail == b->census_avail, "census_avail");
	DIFF(a->first_ns == b->first_ns, "first_ns");
	DIFF(a->cap_pps == b->cap_pps, "cap_pps");
	DIFF(a->cap_rounds == b->cap_rounds, "cap_rounds");
	DIFF(a->outage_inside == b->outage_inside, "outage_inside");
	DIFF(a->n_hist == b->n_hist, "n_hist");
	for (i = 0; i < a->n_hist; i++) {
		const struct history_entry *x = target_history_at(a, i);
		const struct history_entry *y = target_history_at(b, i);

		DIFF(x->time_ns == y->time_ns, "history time");
		DIFF(x->state == y->state, "history state");
		DIFF(x->block_changes == y->block_changes, "history changes");
		DIFF(x->rate == y->rate, "history rate");
		DIFF(x->silent == y->silent, "history silent");
		DIFF(x->look == y->look, "history look");
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
	    tm->census_avail >= 0 || tm->cap_pps != 0 || tm->cap_rounds != 0)
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

static const struct th_jcase filled_document[] = {
	JOBJECT("", -1),
	JSTR("format", "blackout-state"),
	JINT("version", 1),
	JINT("round", 4242),
	JIS("saved", J_ISSTR),
	JARRAY("methods", 3),
	JSTR("methods/1", "tcp:80"),
	JSTR("targets/0/name", "kp"),
	JSTR("targets/0/prefix", "175.45.176.0/22"),
	JSTR("targets/0/state", "partial"),
	JARRAY("targets/0/history", HISTORY_LEN),
	JSTR("targets/0/blocks/0/ever", "8200000000000000000000000000000000000"
					"000000000000001000000000000"),
	JSTR("targets/1/name", "one"),
	JARRAY("targets/1/blocks", 1),
	JINT("targets/1/since_ns", NS(1)),
	JINT("targets/0/first_ns", NS(1419000000)),
	JINT("targets/1/first_ns", 0),
	JNUM("targets/0/cap_pps", 47.75),
	JINT("targets/0/cap_rounds", 3),
	JNUM("targets/1/cap_pps", 0),
	JINT("targets/1/cap_rounds", 0),
};

/* The same filled baseline in version 2: a base64 record per block. */
static const struct th_jcase filled_document_v2[] = {
	JINT("version", 2),
	JSTR("targets/0/prefix", "175.45.176.0/22"),
	JARRAY("targets/0/blocks", 4),
	JIS("targets/0/blocks/0", J_ISSTR),
	JIS("targets/0/blocks/3", J_ISSTR),
	JARRAY("targets/1/blocks", 1),
};

static void
test_roundtrip(void)
{
	struct method_list m;
	struct target_set set;
	struct baseline a, b, c;
	struct bo_error err;
	char *dump, *dump2;
	json_t *root;
	const char *hints;

	TEST("roundtrip");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	ts_fill(&a);
	CHECK(a.t[0].hist_first != 0);
	/* Version 1, as earlier runs wrote it: read, then saved as 2. */
	dump = statefile_dump_version(&a, &m, 0, 1);
	CHECK(dump != NULL);
	root = json_loads(dump, 0, NULL);
	th_jcheck(root, filled_document, NITEMS(filled_document));
	hints = json_string_value(th_jget(root, "targets/0/blocks/0/hints"));
	CHECK(json_string_length(th_jget(root, "targets/0/blocks/0/hints")) ==
	      256);
	CHECK(hints != NULL && hints[1] == 'a' && hints[7] == 'b' &&
	      hints[200] == 'c' && hints[0] == '.');
	json_decref(root);

	/* Load it back: the same memory, field by field. */
	baseline_init(&b, &set);
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b));
	CHECK_EQ(b.last_round, 4242);
	CHECK_EQ(b.t[0].n_hist, HISTORY_LEN);
	CHECK(target_history_at(&b.t[0], 0)->time_ns ==
	      NS(1419264900) + 6 * NS(660)); /* the oldest kept */
	CHECK(target_history_at(&b.t[0], HISTORY_LEN - 1)->time_ns ==
	      NS(1419264900) + 29 * NS(660));
	CHECK(target_history_at(&b.t[0], 4)->rate == -1.0f); /* entry 10 */
	CHECK(target_history_at(&b.t[0], 4)->silent &&
	      !target_history_at(&b.t[0], 0)->silent);
	CHECK(b.t[0].blocks[3].avail == -1);
	CHECK(b.t[0].blocks[1].avail == 0.1234567890123456789);
	CHECK_EQ(b.t[0].blocks[1].n_ever, 256);
	dump2 = statefile_dump_version(&b, &m, 0, 1);
	CHECK(same_document(dump, dump2));
	free(dump2);
	baseline_free(&b);

	/* Version 2 (what a save writes now): the same memory again, one
	 * string per block, and the same document after a second trip. */
	free(dump);
	dump = statefile_dump(&a, &m, 0);
	root = json_loads(dump, 0, NULL);
	th_jcheck(root, filled_document_v2, NITEMS(filled_document_v2));
	json_decref(root);
	baseline_init(&b, &set);
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b));
	dump2 = statefile_dump(&b, &m, 0);
	CHECK(same_document(dump, dump2));
	free(dump2);
	baseline_free(&b);

	/* What a run a round needs of the watch and the spot checks: a
	 * /24's rounds still watched and its silent hosts (version 2's
	 * records), the outage's sign inside the /24s. */
	a.t[0].blocks[0].watch_left = 7;
	a.t[0].blocks[0].silent[0] = 200;
	a.t[0].blocks[0].silent[1] = 1;
	a.t[0].blocks[0].n_silent = 2;
	free(dump);
	dump = statefile_dump(&a, &m, 0);
	baseline_init(&b, &set);
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(baseline_equal(&a, &b) && b.t[0].outage_inside);
	CHECK_EQ(b.t[0].blocks[0].watch_left, 7);
	CHECK(b.t[0].blocks[0].n_silent == 2 &&
	      b.t[0].blocks[0].silent[0] == 200 &&
	      b.t[0].blocks[0].silent[1] == 1);
	CHECK(b.t[0].blocks[1].watch_left == 0 &&
	      b.t[0].blocks[1].n_silent == 0);
	baseline_free(&b);

	/* A fresh baseline round-trips too (no state: null). */
	baseline_init(&b, &set);
	dump2 = statefile_dump(&b, &m, 0);
	baseline_init(&c, &set);
	CHECK(ts_load(dump2, strlen(dump2), &c, &m, &err) == 0);
	CHECK(baseline_equal(&b, &c));
	CHECK(is_fresh(&c.t[0]) && is_fresh(&c.t[1]));
	free(dump2);
	baseline_free(&c);
	baseline_free(&b);
	free(dump);
	baseline_free(&a);
	target_set_free(&set);
}

/* The hints a load must give, by target, block and address. */
struct hint_case {
	unsigned t, b, host;
	uint8_t want;
};

/* The run's methods in another order: hints follow the methods, not their
 * positions (tcp:443 is 1, icmp 2, tcp:80 3). */
static const struct hint_case reordered[] = {
	{ 0, 0, 1, 2 },	  /* icmp */
	{ 0, 0, 7, 3 },	  /* tcp:80 */
	{ 0, 0, 200, 1 }, /* tcp:443 */
	{ 0, 0, 2, 0 },	  { 1, 0, 255, 3 },
};

/* A method the run no longer uses (tcp:80): its hints are dropped. */
static const struct hint_case dropped[] = {
	{ 0, 0, 1, 2 },
	{ 0, 0, 7, 0 },
	{ 0, 0, 200, 1 },
	{ 1, 0, 255, 0 },
};

static void
check_hints(const struct baseline *b, const struct hint_case *h, size_t n)
{
	for (; n > 0; h++, n--)
		CHECK_EQ(block_hint(&b->t[h->t].blocks[h->b], h->host),
			 h->want);
}

/* Hints are stored by method name, so they survive a change of methods. */
static void
test_hints_remapped(void)
{
	struct method_list m, m2, m3;
	struct target_set set;
	struct baseline a, b, c;
	struct bo_error err;
	char *dump, *dump2;
	unsigned i;

	TEST("hints_remapped");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	ts_fill(&a);
	dump = statefile_dump(&a, &m, 0);

	ts_methods("tcp:443,icmp,tcp:80", &m2);
	baseline_init(&b, &set);
	CHECK(ts_load(dump, strlen(dump), &b, &m2, &err) == 0);
	check_hints(&b, reordered, NITEMS(reordered));
	CHECK_EQ(b.t[0].blocks[0].n_ever, 3);
	/* ... and back again through a dump in that order. */
	dump2 = statefile_dump(&b, &m2, 0);
	baseline_init(&c, &set);
	CHECK(ts_load(dump2, strlen(dump2), &c, &m, &err) == 0);
	CHECK(baseline_equal(&a, &c));
	free(dump2);
	baseline_free(&c);
	baseline_free(&b);

	/* A method dropped: E is kept. */
	ts_methods("tcp:443,icmp", &m3);
	baseline_init(&b, &set);
	CHECK(ts_load(dump, strlen(dump), &b, &m3, &err) == 0);
	check_hints(&b, dropped, NITEMS(dropped));
	CHECK(block_is_ever(&b.t[0].blocks[0], 7));
	CHECK_EQ(b.t[0].blocks[0].n_ever, 3);
	for (i = 0; i < 256; i++)
		if (block_hint(&b.t[0].blocks[1], i) != (i % 3 == 0   ? 2
							 : i % 3 == 1 ? 0
								      : 1))
			break;
	CHECK_EQ(i, 256);
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
	ts_methods(METHODS, &m);
	ts_set(&set, "175.45.176.0/22");
	baseline_init(&a, &set);
	ts_fill(&a);
	dump = statefile_dump(&a, &m, 0);

	/* kp moved to another /22 (same number of blocks): starts over. */
	ts_set(&moved, "175.45.184.0/22");
	baseline_init(&b, &moved);
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(is_fresh(&b.t[0]));
	CHECK_EQ(b.t[0].blocks[0].n_ever, 0);
	CHECK(memory_equal(&a.t[1], &b.t[1])); /* "one" did not move */
	baseline_free(&b);
	/* kp narrowed to a /23: starts over, not refused. */
	ts_set(&narrower, "175.45.176.0/23");
	baseline_init(&b, &narrower);
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
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
	CHECK(ts_load(dump, strlen(dump), &b, &m, &err) == 0);
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

/* A state directory made for a test, the state file's path in it, and
 * ts_fill()'s baseline with the run's methods. */
struct state_dir {
	char dir[256], path[300];
	struct target_set set;
	struct method_list m;
	struct baseline a;
};

static void
state_dir_init(struct state_dir *sd)
{
	ts_set(&sd->set, "175.45.176.0/22");
	ts_methods(METHODS, &sd->m);
	baseline_init(&sd->a, &sd->set);
	ts_fill(&sd->a);
	th_make_dir(sd->dir, sizeof(sd->dir));
	snprintf(sd->path, sizeof(sd->path), "%s/state.json", sd->dir);
}

static void
state_dir_free(struct state_dir *sd)
{
	th_rm_dir(sd->dir);
	baseline_free(&sd->a);
	target_set_free(&sd->set);
}

/* The lock, the first run, saves that replace the file atomically. */
static void
test_file(void)
{
	struct statefile *sf, *sf2;
	struct state_dir sd;
	struct baseline b;
	struct bo_error err;
	struct stat st1, st2;
	char lock[310], *text, *dump;
	size_t len;
	int oldfd;

	TEST("file");
	state_dir_init(&sd);
	snprintf(lock, sizeof(lock), "%s.lock", sd.path);

	/* The lock: one holder at a time, even within one process. */
	memset(&err, 0, sizeof(err));
	sf = statefile_open(sd.path, &clock_system, &err);
	CHECK(sf != NULL);
	CHECK(access(lock, F_OK) == 0);
	memset(&err, 0, sizeof(err));
	sf2 = statefile_open(sd.path, &clock_system, &err);
	CHECK(sf2 == NULL);
	CHECK_EQ(err.status, 75);
	CHECK_HAS(err.msg, sd.path);
	statefile_close(sf2);

	/* No file yet: the first run, nothing known, no error. */
	baseline_init(&b, &sd.set);
	CHECK(statefile_load(sf, &b, &sd.m, &err) == 0);
	CHECK(is_fresh(&b.t[0]) && is_fresh(&b.t[1]));
	CHECK_EQ(b.last_round, 0);
	baseline_free(&b);
	CHECK(access(sd.path, F_OK) != 0); /* loading creates nothing */

	/* Save, load: the same memory; the file is the dump and a newline,
	 * and no temporary file is left behind. */
	CHECK(statefile_save(sf, &sd.a, &sd.m, &err) == 0);
	CHECK_EQ(th_count_named(sd.dir, ".tmp."), 0);
	CHECK_EQ(th_count_named(sd.dir, "state.json"), 2); /* it and its lock */
	baseline_init(&b, &sd.set);
	CHECK(statefile_load(sf, &b, &sd.m, &err) == 0);
	CHECK(baseline_equal(&sd.a, &b));
	baseline_free(&b);
	text = th_slurp(sd.path, &len);
	CHECK(text != NULL && len > 0 && text[len - 1] == '\n');
	dump = statefile_dump(&sd.a, &sd.m, 0);
	CHECK(text != NULL && same_document(text, dump));
	free(dump);

	/* Saving again replaces the file: a new inode, while a reader of
	 * the old one still sees the whole old state. */
	CHECK(stat(sd.path, &st1) == 0);
	oldfd = open(sd.path, O_RDONLY);
	CHECK(oldfd >= 0);
	sd.a.last_round = 4243;
	sd.a.t[0].blocks[2].avail = 0.25;
	CHECK(statefile_save(sf, &sd.a, &sd.m, &err) == 0);
	CHECK(stat(sd.path, &st2) == 0);
	CHECK(st1.st_ino != st2.st_ino);
	CHECK_EQ(th_count_named(sd.dir, ".tmp."), 0);
	if (oldfd >= 0 && text != NULL) {
		char *old = calloc(1, len + 16);
		ssize_t n = read(oldfd, old, len + 15);

		CHECK(n == (ssize_t)len && memcmp(old, text, len) == 0);
		free(old);
		close(oldfd);
	}
	free(text);
	baseline_init(&b, &sd.set);
	CHECK(statefile_load(sf, &b, &sd.m, &err) == 0);
	CHECK(baseline_equal(&sd.a, &b));
	CHECK_EQ(b.last_round, 4243);
	baseline_free(&b);

	/* Released: the next run gets the lock. */
	statefile_close(sf);
	sf = statefile_open(sd.path, &clock_system, &err);
	CHECK(sf != NULL);
	statefile_close(sf);
	state_dir_free(&sd);
}

/* What the state file may hold that is not a state: left as it was. */
static const char *const garbage[] = {
	"garbage\n",
	"",
	"{\"format\":\"blackout-state\",",
	"{\"format\":\"other\",\"version\":1}\n",
};

/* A refused file is left exactly as it was, and is named. */
static void
test_file_refused(void)
{
	struct statefile *sf;
	struct state_dir sd;
	struct baseline b;
	struct bo_error err;
	struct stat st1, st2;
	char *text, *text2;
	size_t g, len, len2;

	TEST("file_refused");
	state_dir_init(&sd);
	sf = statefile_open(sd.path, &clock_system, &err);
	CHECK(sf != NULL);
	CHECK(statefile_save(sf, &sd.a, &sd.m, &err) == 0);
	text = th_slurp(sd.path, &len);
	for (g = 0; g < NITEMS(garbage); g++) {
		th_spit(sd.path, garbage[g], strlen(garbage[g]));
		CHECK(stat(sd.path, &st1) == 0);
		baseline_init(&b, &sd.set);
		memset(&err, 0, sizeof(err));
		CHECK(statefile_load(sf, &b, &sd.m, &err) == -1);
		CHECK_EQ(err.status, 65);
		CHECK_HAS(err.msg, sd.path);
		baseline_free(&b);
		text2 = th_slurp(sd.path, &len2);
		CHECK(text2 != NULL && len2 == strlen(garbage[g]) &&
		      memcmp(text2, garbage[g], len2) == 0);
		free(text2);
		CHECK(stat(sd.path, &st2) == 0);
		CHECK(st1.st_ino == st2.st_ino && st1.st_mtime == st2.st_mtime);
		CHECK_EQ(th_count_named(sd.dir, ".tmp."), 0);
	}
	/* A truncated copy of a real state file. */
	if (text != NULL) {
		th_spit(sd.path, text, len / 2);
		baseline_init(&b, &sd.set);
		CHECK(statefile_load(sf, &b, &sd.m, &err) == -1);
		CHECK_EQ(err.status, 65);
		CHECK(is_fresh(&b.t[0]));
		baseline_free(&b);
		text2 = th_slurp(sd.path, &len2);
		CHECK(text2 != NULL && len2 == len / 2 &&
		      memcmp(text2, text, len2) == 0);
		free(text2);
	}
	free(text);
	statefile_close(sf);
	state_dir_free(&sd);
}

/* Where the state file cannot be: errors named, never a crash. */
static void
test_file_unwritable(void)
{
	struct statefile *sf;
	struct state_dir sd;
	struct bo_error err;

	TEST("file_unwritable");
	/* A lock that cannot be created: 73, named. */
	memset(&err, 0, sizeof(err));
	CHECK(statefile_open("/nonexistent/dir/state.json", &clock_system,
			     &err) == NULL);
	CHECK_EQ(err.status, 73);
	CHECK_HAS(err.msg, "/nonexistent/dir/state.json");

	/* A save whose directory has gone: an error, not a crash. */
	state_dir_init(&sd);
	sf = statefile_open(sd.path, &clock_system, &err);
	CHECK(sf != NULL);
	th_rm_dir(sd.dir);
	memset(&err, 0, sizeof(err));
	CHECK(statefile_save(sf, &sd.a, &sd.m, &err) == -1);
	CHECK(err.status == 73 || err.status == 71);
	CHECK(err.msg[0] != '\0');
	statefile_close(sf);
	CHECK(access(sd.path, F_OK) != 0);
	state_dir_free(&sd);
}

/* Whether doc loads into a fresh baseline of set the same as a. */
static bool
loads_same(const char *doc, const struct target_set *set,
	   const struct method_list *m, const struct baseline *a)
{
	struct baseline b;
	struct bo_error err;
	bool same;

	baseline_init(&b, set);
	same = ts_load(doc, strlen(doc), &b, m, &err) == 0 &&
	       baseline_equal(a, &b);
	baseline_free(&b);
	return same;
}

/*
 * Size: a /16 of adaptive /24s, each with 51 of its hosts in E(b) (a 20%
 * density) on one method, with A(b) learned for every hour of the day,
 * takes at most 100 bytes a /24 in version 2 (95), against over 400 in
 * version 1; and loads back the same.
 */
static void
test_compact(void)
{
	struct target_set set;
	struct method_list m;
	struct baseline a;
	uint64_t seed = 11;
	char *v1, *v2;
	uint32_t k;
	unsigned h;

	TEST("compact");
	ts_set(&set, "175.45.0.0/16");
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	for (k = 0; k < a.t[0].n_blocks; k++) {
		struct block_memory *bm = &a.t[0].blocks[k];

		for (h = 0; bm->n_ever < 51; h = (unsigned)th_rand(&seed) & 255)
			block_mark_ever(bm, h, 1);
		bm->avail = 0.5 + (double)(th_rand(&seed) % 1000) / 2000;
		bm->belief = 0.99 + (double)(th_rand(&seed) % 1000) / 1e5;
		bm->state = STATE_UP;
		bm->censused = true;
		for (h = 0; h < 24; h++) /* a learned hourly profile */
			bm->avail_hour[h] = (uint8_t)(1 + th_rand(&seed) %
								  AVAIL_LEVELS);
	}
	v1 = statefile_dump_version(&a, &m, 0, 1);
	v2 = statefile_dump(&a, &m, 0);
	fprintf(stderr, "  a /16: version 1 %zu bytes, version 2 %zu\n",
		strlen(v1), strlen(v2));
	/* + the rest of the file: the target, its history and spot memory */
	CHECK(strlen(v2) <= 95 * 256 + 1536);
	CHECK(strlen(v1) > 400 * 256);
	CHECK(loads_same(v2, &set, &m, &a));
	baseline_free(&a);
	free(v1);
	free(v2);
	target_set_free(&set);
}

/*
 * A state file that blackout wrote before hours took 5 bits (main at
 * 0361d41, `blackout simulate` of tests/scenarios/diurnal-14d.json, 300
 * rounds): its hourly profiles (field type 1, a byte an hour) load as
 * the nearest levels, and it is saved again smaller, with field type 2,
 * and loads back the same.
 */
static void
test_hours_of_older_file(void)
{
	/* Hours 0-3 of its first block, 1 + A x 254, read with Python's
	 * base64 module. */
	static const uint8_t first[] = { 103, 159, 101, 156 };
	static const char *const names[] = { "diurnal-a03-p13",
					     "diurnal-a06-p03",
					     "diurnal-a06-p20",
					     "diurnal-a03-p08" };
	struct target_set set;
	struct method_list m;
	struct baseline a;
	struct bo_error err;
	char *doc, *again;
	size_t len;
	unsigned i, known = 0;

	TEST("hours_of_older_file");
	doc = th_slurp(SOURCE_DIR "/tests/unit/verdict/data/state-hours8.json",
		       &len);
	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	target_set_init(&set);
	for (i = 0; i < 4; i++) {
		char pfx[24];

		snprintf(pfx, sizeof(pfx), "198.18.%u.0/24", i);
		CHECK(th_add_target(&set, names[i], pfx, SAMPLE_AUTO, NULL) ==
		      0);
	}
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	CHECK(ts_load(doc, len, &a, &m, &err) == 0);
	CHECK_EQ(a.last_round, 300);
	for (i = 0; i < 4; i++)
		CHECK_EQ(a.t[0].blocks[0].avail_hour[i],
			 avail_level_of((first[i] - 1) / 254.0));
	for (i = 0; i < 4 * 24; i++)
		known += a.t[i / 24].blocks[0].avail_hour[i % 24] != 0;
	CHECK_EQ(known, 4 * 24);
	again = statefile_dump(&a, &m, 0);
	fprintf(stderr, "  diurnal-14d: %zu bytes before, %zu now\n", len,
		strlen(again));
	/* 12 bytes a block less, though each target gained its spot
	 * memory, its first round and its cap (an older file has none;
	 * its hours are taken as learned long ago, no cap as known). */
	CHECK_EQ(a.t[0].first_ns, 1);
	CHECK_EQ(a.t[0].cap_pps, 0);
	CHECK(strlen(again) + 4 * 12 <=
	      len + 4 * (spot_bytes(&a.t[0].spot) + strlen("\"first_ns\":1,") +
			 strlen("\"cap_pps\":0.0,\"cap_rounds\":0,")));
	CHECK(loads_same(again, &set, &m, &a));
	baseline_free(&a);
	free(again);
	free(doc);
	target_set_free(&set);
}

/* The times an open outage's start lies between (outage_after_ns, _by):
 * a start not between them reads as neither known, not a bad file. */
static void
test_bounds_out_of_order(void)
{
	struct method_list m;
	struct target_set set;
	struct baseline a, b;
	struct bo_error err;
	char *dump;

	TEST("bounds_out_of_order");
	ts_set(&set, "175.45.176.0/22");
	ts_methods(METHODS, &m);
	baseline_init(&a, &set);
	ts_fill(&a);
	a.t[0].outage_by_ns = a.t[0].outage_start_ns - 1;
	dump = statefile_dump(&a, &m, 0);
	baseline_init(&b, &set);
	CHECK(dump != NULL && ts_load(dump, strlen(dump), &b, &m, &err) == 0);
	CHECK(b.t[0].in_outage &&
	      b.t[0].outage_start_ns == a.t[0].outage_start_ns);
	CHECK(b.t[0].outage_after_ns == 0 && b.t[0].outage_by_ns == 0);
	baseline_free(&a);
	baseline_free(&b);
	free(dump);
	target_set_free(&set);
}

int
main(void)
{
	test_roundtrip();
	test_bounds_out_of_order();
	test_compact();
	test_hours_of_older_file();
	test_hints_remapped();
	test_targets_change();
	test_file();
	test_file_refused();
	test_file_unwritable();
	return test_report("test_statefile");
}

/*
 * statefile.c - loading, validating and atomically saving the state file.
 *
 * Loading is strict: every field is type- and range-checked, and a target
 * entry either loads whole or the file is refused; nothing half-read ever
 * reaches the baseline a run will later save.
 */
#define _GNU_SOURCE
#include "blackout/verdict/statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blackout/verdict/blockcodec.h"
#include "blackout/verdict/classify.h"
#include "blackout/verdict/spot.h"
#include "blackout/verdict/statelock.h"
#include "blackout/probe/sampler.h"

struct statefile {
	const struct clock *clock;
	char *path;
	struct statelock *lock;
};

struct statefile *
statefile_open(const char *path, const struct clock *clock,
	       struct bo_error *err)
{
	struct statefile *sf;
	struct statelock *lock = statelock_take(path, err);

	if (lock == NULL)
		return NULL;
	sf = xcalloc(1, sizeof(*sf));
	sf->clock = clock;
	sf->path = xstrdup(path);
	sf->lock = lock;
	return sf;
}

bool
statefile_held(const struct statefile *sf)
{
	return statelock_held(sf->lock);
}

bool
statefile_let_go(struct statefile *sf)
{
	return statelock_let_go(sf->lock);
}

int
statefile_take_back(struct statefile *sf)
{
	return statelock_take_back(sf->lock);
}

void
statefile_close(struct statefile *sf)
{
	if (sf == NULL)
		return;
	statelock_free(sf->lock);
	free(sf->path);
	free(sf);
}

/* Whether a state file entry is about tm's address space: "prefix", and
 * "prefixes" when it has more than one. */
static bool
same_space(json_t *o, const struct prefix *first,
	   const struct target_memory *tm)
{
	json_t *list = json_object_get(o, "prefixes"), *e;
	struct prefix *p;
	size_t i;
	bool same;

	if (list == NULL)
		return target_memory_same_space(tm, first, 1);
	if (!json_is_array(list) || json_array_size(list) != tm->n_prefixes)
		return false;
	p = xcalloc(tm->n_prefixes ? tm->n_prefixes : 1, sizeof(*p));
	same = true;
	json_array_foreach(list, i, e)
		same = same && json_is_string(e) &&
		       prefix_parse(json_string_value(e), "state", &p[i],
				    NULL) == 0;
	same = same && target_memory_same_space(tm, p, tm->n_prefixes);
	free(p);
	return same;
}

/* ---- saving (the document itself: statedump.c) ---- */

static void
fsync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Creates this run's temporary file beside the state file (never through
 * a symbolic link); *tmp gets its name, which the caller frees. */
static int
open_temp(const struct statefile *sf, char **tmp)
{
	if (asprintf(tmp, "%s.tmp.%ld", sf->path, (long)getpid()) < 0)
		abort();
	return open(*tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0644);
}

int
statefile_save(struct statefile *sf, const struct baseline *bl,
	       const struct method_list *methods, struct bo_error *err)
{
	char *doc = statefile_dump(bl, methods, clock_real(sf->clock));
	int rc = statefile_save_doc(sf, doc, strlen(doc), err);

	free(doc);
	return rc;
}

int
statefile_save_doc(struct statefile *sf, const char *doc, size_t len,
		   struct bo_error *err)
{
	char *tmp;
	int fd, rc = -1;

	if (!statelock_held(sf->lock)) {
		error_set(err, BO_EXIT_OSERR,
			  "--state: %s: not saved without its lock", sf->path);
		return -1;
	}
	fd = open_temp(sf, &tmp);
	if (fd < 0) {
		error_set(err, BO_EXIT_CANTCREAT,
			  "--state: cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write_full(fd, doc, len) < 0 || write_full(fd, "\n", 1) < 0 ||
	    fsync(fd) < 0) {
		error_set(err, write_status(errno), "--state: writing %s: %s",
			  tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, sf->path) < 0) {
		error_set(err, write_status(errno), "--state: rename to %s: %s",
			  sf->path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	fsync_dir(sf->path);
	rc = 0;
out:
	free(tmp);
	return rc;
}

int
statefile_check_writable(struct statefile *sf, struct bo_error *err)
{
	char *tmp, *dir = xstrdup(sf->path);
	struct stat ds, fs;
	int fd = open_temp(sf, &tmp), rc = -1;

	if (fd < 0) {
		error_set(err, BO_EXIT_CANTCREAT,
			  "--state: cannot create %s: %s (the directory must "
			  "be writable by the user blackout runs as; see "
			  "--user)",
			  tmp, strerror(errno));
		goto out;
	}
	close(fd);
	unlink(tmp);
	/* In a sticky directory (/tmp) only the owner of the file or of the
	 * directory may replace it: the rename would fail at the end. */
	if (stat(dirname(dir), &ds) == 0 && (ds.st_mode & S_ISVTX) &&
	    stat(sf->path, &fs) == 0 && fs.st_uid != geteuid() &&
	    ds.st_uid != geteuid()) {
		error_set(err, BO_EXIT_CANTCREAT,
			  "--state: %s belongs to another user in a sticky "
			  "directory and could not be replaced (see --user)",
			  sf->path);
		goto out;
	}
	rc = 0;
out:
	free(dir);
	free(tmp);
	return rc;
}

/* ---- loading ---- */

struct loader {
	const char *origin;
	struct bo_error *err;
	int method_map[METHOD_MAX]; /* file method index -> run index, -1 */
	size_t n_file_methods;
	int version; /* the file's */
};

static int
corrupt(struct loader *ld, const char *what, const char *detail)
{
	error_set(ld->err, BO_EXIT_DATAERR,
		  "%s: not a valid blackout state file (%s%s%s); refusing to "
		  "use or overwrite it",
		  ld->origin, what, detail[0] ? ": " : "", detail);
	return -1;
}

static int
get_number(json_t *o, const char *key, double lo, double hi, double *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return *out >= lo && *out <= hi ? 0 : -1;
}

static int
get_int(json_t *o, const char *key, json_int_t lo, json_int_t hi,
	json_int_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return *out >= lo && *out <= hi ? 0 : -1;
}

/* get_number() and get_int() of a key older files lack: absent, *out is
 * left as it was (the caller's default). */
static int
get_number_opt(json_t *o, const char *key, double lo, double hi, double *out)
{
	return json_object_get(o, key) == NULL
		       ? 0
		       : get_number(o, key, lo, hi, out);
}

static int
get_int_opt(json_t *o, const char *key, json_int_t lo, json_int_t hi,
	    json_int_t *out)
{
	return json_object_get(o, key) == NULL ? 0
					       : get_int(o, key, lo, hi, out);
}

static int
get_state(json_t *v, enum target_state *out)
{
	int s;

	if (!json_is_string(v) ||
	    (s = state_from_name(json_string_value(v))) < 0)
		return -1;
	*out = (enum target_state)s;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A(b) by hour, 48 hex digits, a byte an hour (0 unknown, else 1 + A x
 * 254); optional (files before issue 11). */
static int
load_avail_hour(struct loader *ld, json_t *v, struct block_memory *bm)
{
	const char *h;
	int i;

	if (v == NULL)
		return 0;
	if (!json_is_string(v) || json_string_length(v) != 48)
		return corrupt(ld, "block",
			       "\"avail_hour\" must be 48 hex digits");
	h = json_string_value(v);
	for (i = 0; i < 24; i++) {
		int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi << 4 | lo) > 255)
			return corrupt(ld, "block",
				       "\"avail_hour\" must be hex digits");
		bm->avail_hour[i] = (hi << 4 | lo) == 0
					    ? 0
					    : avail_level_of(
						      ((hi << 4 | lo) - 1) /
						      254.0);
	}
	return 0;
}

/* Version 2: one base64 block record (blockcodec.h). */
static int
load_block_v2(struct loader *ld, json_t *o, struct block_memory *bm)
{
	const char *why = "a block must be a string";

	if (!json_is_string(o) ||
	    blockcodec_decode(json_string_value(o), json_string_length(o),
			      ld->method_map, ld->n_file_methods, bm, &why) < 0)
		return corrupt(ld, "block", why);
	return 0;
}

static int
load_block(struct loader *ld, json_t *o, struct block_memory *bm)
{
	json_t *ever = json_object_get(o, "ever"), *hints;
	const char *e, *h;
	int i;

	if (!json_is_object(o) || !json_is_string(ever) ||
	    json_string_length(ever) != 64)
		return corrupt(ld, "block", "\"ever\" must be 64 hex digits");
	e = json_string_value(ever);
	memset(bm, 0, sizeof(*bm));
	for (i = 0; i < 32; i++) {
		int hi = hexval(e[2 * i]), lo = hexval(e[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return corrupt(ld, "block", "\"ever\" must be hex");
		bm->ever[i] = (uint8_t)(hi << 4 | lo);
		bm->n_ever += (uint16_t)__builtin_popcount(bm->ever[i]);
	}
	hints = json_object_get(o, "hints");
	if (!json_is_string(hints) || json_string_length(hints) != 256)
		return corrupt(ld, "block", "\"hints\" must be 256 characters");
	h = json_string_value(hints);
	for (i = 0; i < 256; i++) {
		int fm = h[i] == '.' ? -1 : h[i] - 'a';

		if (h[i] != '.' && (fm < 0 || (size_t)fm >= ld->n_file_methods))
			return corrupt(ld, "block", "bad method in \"hints\"");
		block_set_hint(bm, (unsigned)i,
			       fm < 0 || ld->method_map[fm] < 0
				       ? 0
				       : (uint8_t)(ld->method_map[fm] + 1));
	}
	if (get_number(o, "avail", -1, 1, &bm->avail) < 0 ||
	    get_number(o, "belief", 0, 1, &bm->belief) < 0 ||
	    get_state(json_object_get(o, "state"), &bm->state) < 0 ||
	    !json_is_boolean(json_object_get(o, "censused")))
		return corrupt(ld, "block", "avail, belief, state or censused");
	bm->censused = json_is_true(json_object_get(o, "censused"));
	return load_avail_hour(ld, json_object_get(o, "avail_hour"), bm);
}

/*
 * Whether time t is in "history_some": the times of the history's rounds
 * that looked at some /24s only (watch rounds of an up target), written
 * only when there are any, so that a round after them, in the next run,
 * times a change they did not probe from the round before them
 * (change_estimate). A time the history lacks is passed over; some NULL
 * (absent) lists none.
 */
static bool
looked_some(json_t *some, json_int_t t)
{
	size_t i;
	json_t *v;

	json_array_foreach(some, i, v)
		if (json_integer_value(v) == t)
			return true;
	return false;
}

static int
load_history(struct loader *ld, json_t *arr, json_t *some,
	     struct target_memory *tm)
{
	size_t i, start;
	json_t *e;

	if (!json_is_array(arr))
		return corrupt(ld, "target", "\"history\" must be an array");
	if (some != NULL && !json_is_array(some))
		return corrupt(ld, "target",
			       "\"history_some\" must be an array");
	json_array_foreach(some, i, e)
		if (!json_is_integer(e))
			return corrupt(ld, "target",
				       "bad \"history_some\" time");
	start = json_array_size(arr) > HISTORY_LEN
			? json_array_size(arr) - HISTORY_LEN
			: 0;
	json_array_foreach(arr, i, e) {
		struct history_entry h;
		enum target_state st;
		/* a fifth element, true, marks a silent round */
		bool silent = json_array_size(e) == 5 &&
			      json_is_true(json_array_get(e, 4));

		if (!json_is_array(e) || (json_array_size(e) != 4 && !silent) ||
		    !json_is_integer(json_array_get(e, 0)) ||
		    get_state(json_array_get(e, 1), &st) < 0 ||
		    !json_is_integer(json_array_get(e, 2)) ||
		    json_integer_value(json_array_get(e, 2)) < 0 ||
		    json_integer_value(json_array_get(e, 2)) > 255 ||
		    !json_is_number(json_array_get(e, 3)) ||
		    json_number_value(json_array_get(e, 3)) > 1)
			return corrupt(ld, "target", "bad \"history\" entry");
		if (i < start)
			continue;
		h.time_ns = json_integer_value(json_array_get(e, 0));
		h.state = (uint8_t)st;
		h.block_changes = (uint8_t)json_integer_value(
			json_array_get(e, 2));
		h.rate = (float)json_number_value(json_array_get(e, 3));
		h.look = looked_some(some, (json_int_t)h.time_ns) ? LOOK_SOME
								  : LOOK_ALL;
		h.silent = silent;
		target_history_push(tm, &h);
	}
	return 0;
}

/* Loads entry o into tm (a scratch copy); the caller keeps it on success. */
static int
load_target(struct loader *ld, json_t *o, struct target_memory *tm)
{
	json_t *blocks = json_object_get(o, "blocks"), *v;
	json_int_t since, start, first = 1, rounds = 0, after = 0, by = 0;
	size_t i;

	v = json_object_get(o, "state");
	tm->has_state = !json_is_null(v);
	if ((tm->has_state && get_state(v, &tm->state) < 0) ||
	    get_int(o, "since_ns", 0, INT64_MAX, &since) < 0 ||
	    !json_is_boolean(json_object_get(o, "in_outage")) ||
	    get_int(o, "outage_start_ns", 0, INT64_MAX, &start) < 0 ||
	    get_state(json_object_get(o, "outage_scope"), &tm->outage_scope) <
		    0 ||
	    get_number(o, "census_avail", -1, 1, &tm->census_avail) < 0 ||
	    /* absent from files older than it: hours long learned */
	    get_int_opt(o, "first_ns", 0, INT64_MAX, &first) < 0 ||
	    /* absent from files older than them: no cap known */
	    get_number_opt(o, "cap_pps", 0, 1e9, &tm->cap_pps) < 0 ||
	    get_int_opt(o, "cap_rounds", 0, UINT32_MAX, &rounds) < 0 ||
	    /* written only when true */
	    (json_object_get(o, "outage_inside") != NULL &&
	     !json_is_boolean(json_object_get(o, "outage_inside"))) ||
	    /* written in an outage, since they were kept */
	    get_int_opt(o, "outage_after_ns", 0, INT64_MAX, &after) < 0 ||
	    get_int_opt(o, "outage_by_ns", 0, INT64_MAX, &by) < 0 ||
	    spot_from_json(json_object_get(o, "spot"), &tm->spot) < 0)
		return corrupt(ld, "target", tm->name);
	/* 0 unknown; a start not between the two: neither known (what they
	 * say is not what the rest of the memory rests on) */
	if (by != 0 && (after > start || start > by))
		after = by = 0;
	tm->since_ns = since;
	tm->first_ns = first;
	tm->cap_rounds = (uint32_t)rounds;
	tm->in_outage = json_is_true(json_object_get(o, "in_outage"));
	tm->outage_inside = json_is_true(json_object_get(o, "outage_inside"));
	tm->outage_start_ns = start;
	tm->outage_after_ns = after;
	tm->outage_by_ns = by;
	if (load_history(ld, json_object_get(o, "history"),
			 json_object_get(o, "history_some"), tm) < 0)
		return -1;
	if (!json_is_array(blocks) || json_array_size(blocks) != tm->n_blocks)
		return corrupt(ld, "target",
			       "\"blocks\" does not match the prefix");
	json_array_foreach(blocks, i, v)
		if ((ld->version == 1
			     ? load_block(ld, v, &tm->blocks[i])
			     : load_block_v2(ld, v, &tm->blocks[i])) < 0)
			return -1;
	return 0;
}

static int
load_methods(struct loader *ld, json_t *arr, const struct method_list *run)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) > METHOD_MAX)
		return corrupt(ld, "methods", "");
	ld->n_file_methods = json_array_size(arr);
	json_array_foreach(arr, i, v) {
		struct method_list one;

		if (!json_is_string(v) ||
		    method_list_parse(json_string_value(v), "state", &one,
				      NULL) < 0 ||
		    one.n != 1)
			return corrupt(ld, "methods", "unknown method");
		ld->method_map[i] = method_list_find(run, &one.m[0]);
	}
	return 0;
}

static struct target_memory *
find_target(struct baseline *bl, const char *name)
{
	size_t i;

	for (i = 0; i < bl->n; i++)
		if (strcmp(bl->t[i].name, name) == 0)
			return &bl->t[i];
	return NULL;
}

static int
load_targets(struct loader *ld, json_t *arr, struct baseline *bl)
{
	size_t i;
	json_t *o;

	if (!json_is_array(arr))
		return corrupt(ld, "targets", "must be an array");
	json_array_foreach(arr, i, o) {
		json_t *name = json_object_get(o, "name");
		json_t *pfx = json_object_get(o, "prefix");
		struct target_memory *tm, scratch;
		struct prefix p;

		if (!json_is_string(name) || !json_is_string(pfx) ||
		    prefix_parse(json_string_value(pfx), "state", &p, NULL) < 0)
			return corrupt(ld, "targets",
				       "entry without a name and prefix");
		tm = find_target(bl, json_string_value(name));
		if (tm == NULL || !same_space(o, &p, tm))
			continue; /* gone, or moved: start over */
		scratch = *tm;
		scratch.blocks = xcalloc(tm->n_blocks, sizeof(*scratch.blocks));
		target_memory_reset(&scratch);
		if (load_target(ld, o, &scratch) < 0) {
			free(scratch.blocks);
			return -1;
		}
		free(tm->blocks);
		*tm = scratch;
	}
	return 0;
}

/*
 * The file's vantage must be ours; a file without one (older versions)
 * is adopted. Its totals, optional for the same reason, go on counting.
 */
static int
load_vantage(struct loader *ld, json_t *root, struct baseline *bl)
{
	json_t *v = json_object_get(root, "vantage"), *tot;
	json_int_t n[4] = { 0, 0, 0, 0 };
	static const char *const keys[] = { "sent", "replies", "invalid",
					    "pcap_drops" };
	size_t i;

	if (v != NULL &&
	    (!json_is_string(v) || !vantage_name_ok(json_string_value(v))))
		return corrupt(ld, "vantage", "not a vantage name");
	if (v != NULL && bl->vantage[0] != '\0' &&
	    strcmp(json_string_value(v), bl->vantage) != 0) {
		error_set(ld->err, BO_EXIT_DATAERR,
			  "%s: the state of vantage '%s', not of '%s'; give "
			  "each vantage a state file of its own",
			  ld->origin, json_string_value(v), bl->vantage);
		return -1;
	}
	if (v != NULL && bl->vantage[0] == '\0')
		snprintf(bl->vantage, sizeof(bl->vantage), "%s",
			 json_string_value(v));
	tot = json_object_get(root, "totals");
	if (tot == NULL)
		return 0;
	if (!json_is_object(tot))
		return corrupt(ld, "totals", "must be an object");
	for (i = 0; i < 4; i++)
		if (get_int(tot, keys[i], 0, INT64_MAX, &n[i]) < 0)
			return corrupt(ld, "totals", keys[i]);
	bl->totals.sent = (uint64_t)n[0];
	bl->totals.replies = (uint64_t)n[1];
	bl->totals.invalid = (uint64_t)n[2];
	bl->totals.pcap_drops = (uint64_t)n[3];
	return 0;
}

/* The document's parse error, where it is. */
static int
parse_error(struct loader *ld, const json_error_t *jerr)
{
	char where[64];

	snprintf(where, sizeof(where), "line %d, column %d", jerr->line,
		 jerr->column);
	return corrupt(ld, where, jerr->text);
}

/* Loads the parsed document root (which it frees) into bl. */
static int
load_root(struct loader *ld, json_t *root, struct baseline *bl,
	  const struct method_list *methods)
{
	json_t *fmt = json_object_get(root, "format");
	json_int_t version, round;
	int rc = -1;

	if (!json_is_object(root) || !json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), STATE_FORMAT) != 0) {
		corrupt(ld, "no \"format\": \"" STATE_FORMAT "\"", "");
		goto out;
	}
	if (get_int(root, "version", 1, STATE_VERSION, &version) < 0) {
		corrupt(ld, "unsupported version", "");
		goto out;
	}
	ld->version = (int)version;
	if (get_int(root, "round", 0, UINT32_MAX - 1, &round) < 0) {
		corrupt(ld, "round", "");
		goto out;
	}
	if (load_vantage(ld, root, bl) < 0 ||
	    load_methods(ld, json_object_get(root, "methods"), methods) < 0 ||
	    load_targets(ld, json_object_get(root, "targets"), bl) < 0)
		goto out;
	bl->last_round = (uint32_t)round;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

_Static_assert(STATE_ROOM_BLOCK >= BLOCKCODEC_TEXT_MAX - 1 + 3,
	       "a /24's room in the state file holds its longest record");

uint64_t
statefile_size_max(uint64_t targets, uint64_t prefixes, uint64_t blocks)
{
	/* No overflow: a run holds every target, prefix and /24 in
	 * memory, far fewer than 2^40 of each. */
	uint64_t max = STATE_SIZE_BASE + targets * STATE_ROOM_TARGET +
		       prefixes * STATE_ROOM_PREFIX + blocks * STATE_ROOM_BLOCK;

	return max < UINT32_MAX ? max : UINT32_MAX;
}

uint64_t
statefile_size_max_of(const struct baseline *bl)
{
	uint64_t prefixes = 0, blocks = 0;
	size_t i;

	for (i = 0; i < bl->n; i++) {
		prefixes += bl->t[i].n_prefixes;
		blocks += bl->t[i].n_blocks;
	}
	return statefile_size_max(bl->n, prefixes, blocks);
}

uint64_t
statefile_size_max_set(const struct target_set *set)
{
	uint64_t prefixes = 0, blocks = 0;
	size_t i;

	for (i = 0; i < set->n; i++) {
		prefixes += set->t[i].n_prefixes;
		blocks += set->t[i].n_blocks;
	}
	return statefile_size_max(set->n, prefixes, blocks);
}

int
statefile_load_buffer(const char *buf, size_t len, const char *origin,
		      struct baseline *bl, const struct method_list *methods,
		      struct bo_error *err)
{
	struct loader ld = { origin, err, { 0 }, 0, 0 };
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);

	return root == NULL ? parse_error(&ld, &jerr)
			    : load_root(&ld, root, bl, methods);
}

/* The file for json_load_callback, a chunk at a time (a million /24s'
 * file is never held whole besides its JSON tree). */
static size_t
read_chunk(void *buf, size_t n, void *data)
{
	FILE *f = data;
	size_t got = fread(buf, 1, n, f);

	return got == 0 && ferror(f) ? (size_t)-1 : got;
}

int
statefile_load(struct statefile *sf, struct baseline *bl,
	       const struct method_list *methods, struct bo_error *err)
{
	FILE *f = fopen(sf->path, "rb");
	struct loader ld = { sf->path, err, { 0 }, 0, 0 };
	json_error_t jerr;
	struct stat st;
	json_t *root;
	uint64_t max;
	bool bad;

	if (f == NULL) {
		if (errno == ENOENT)
			return 0; /* the first run: nothing known yet */
		error_set(err, BO_EXIT_NOINPUT, "--state: %s: %s", sf->path,
			  strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		error_set(err, BO_EXIT_NOINPUT, "--state: %s: %s", sf->path,
			  strerror(EISDIR));
		fclose(f);
		return -1;
	}
	max = statefile_size_max_of(bl);
	if (fstat(fileno(f), &st) < 0 || (uint64_t)st.st_size > max) {
		error_set(err, BO_EXIT_DATAERR,
			  "--state: %s: unreadable or larger than the %" PRIu64
			  " bytes these targets' state can be",
			  sf->path, max);
		fclose(f);
		return -1;
	}
	root = json_load_callback(read_chunk, f, JSON_REJECT_DUPLICATES, &jerr);
	bad = ferror(f);
	fclose(f);
	if (bad) {
		error_set(err, BO_EXIT_NOINPUT, "--state: %s: %s", sf->path,
			  strerror(EIO));
		json_decref(root);
		return -1;
	}
	return root == NULL ? parse_error(&ld, &jerr)
			    : load_root(&ld, root, bl, methods);
}

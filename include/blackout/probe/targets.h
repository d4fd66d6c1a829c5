/*
 * targets.h - what to probe: named targets from a JSON file and ad-hoc
 * prefixes from the command line, plus the vantage controls.
 *
 * The targets file (see targets.example.json and blackout(8)):
 *
 *   { "targets": [ { "name": "kp", "prefix": "175.45.176.0/22",
 *                    "asn": 131279, "methods": "icmp,tcp:80",
 *                    "sample": 15 },
 *                  { "name": "AS9471", "prefixes": [ "a/b", "c/d" ] } ],
 *     "controls": [ "192.0.2.1", ... ],
 *     "vantage": "ams1" }
 *
 * A target is one prefix ("prefix") or many ("prefixes": an AS, a
 * country). Its /24 sub-blocks are those of all its prefixes, numbered in
 * address order: the planner, the baseline and the classifier see one
 * list of /24s and never which prefix each came from.
 *
 * Invariants after targets_validate(): names are unique, no two prefixes
 * overlap (of one target or of two, or a prefix and a control), every
 * prefix is /8 or longer, and none is special-use unless allowed or every
 * special-use address in it is excluded.
 */
#ifndef BLACKOUT_TARGETS_H
#define BLACKOUT_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/method.h"
#include "blackout/prefix.h"
#include "blackout/util.h"

#define TARGET_MIN_LEN 8 /* a /8 is the widest prefix */

/*
 * SAMPLE_ALL: census every round; SAMPLE_AUTO: adaptive (Trinocular) with
 * the default budget; SAMPLE_INHERIT: a target that says nothing follows
 * the run's --sample.
 */
#define SAMPLE_AUTO 0
#define SAMPLE_ALL (-1)
#define SAMPLE_INHERIT (-2)

/* Where a prefix of a "prefixes" list is written in the targets file. */
struct target_pos {
	uint32_t line, col;
};

struct target {
	char *name;
	/* Its prefixes, sorted by address (then by length); n_prefixes >= 1.
	 * Set them with target_set_prefixes(), which keeps the fields below
	 * in step. */
	struct prefix *prefixes;
	size_t n_prefixes;
	struct target_pos *pos; /* each prefix's place, sorted with them;
				  * NULL unless they came as a list */
	uint32_t *first_block;	/* index of each prefix's first /24 */
	uint32_t n_blocks;	/* /24 sub-blocks of all its prefixes */
	bool has_methods;	/* methods below override the run's default */
	struct method_list methods;
	int sample;    /* SAMPLE_INHERIT, _AUTO, _ALL or 1..256 per /24 */
	uint32_t asn;  /* 0 when not given; reported only */
	bool from_cli; /* an ad-hoc PREFIX argument, not a file entry */
	char *where;   /* "file:line:col" of its name; NULL from the CLI */
};

/* The longest vantage name, without its NUL. */
#define VANTAGE_NAME_MAX 63

/*
 * One machine's share of the /24s (--shard I/N, zmap's convention with a
 * 0-based I): count 0 means no sharding. Which shard a /24 belongs to
 * depends only on the seed, the target's prefix and the /24's index
 * (sampler_in_shard), so machines with the same seed and targets split
 * every target into disjoint sets that cover it.
 */
struct shard {
	uint32_t index, count;
	uint64_t seed;
};

struct target_set {
	struct target *t;
	size_t n;
	uint32_t *controls; /* vantage control addresses */
	size_t n_controls;
	char *vantage;	    /* "vantage" of the targets file, or NULL */
	struct shard shard; /* the /24s this run probes */
};

/*
 * True when name is a usable vantage name: 1 to VANTAGE_NAME_MAX
 * characters of letters, digits, '.', '-' and '_' (a host name fits).
 */
bool vantage_name_ok(const char *name);

void target_set_init(struct target_set *set);
void target_set_free(struct target_set *set);

/*
 * Gives t the n prefixes p (copied; n >= 1), with their places in the file
 * when pos is not NULL: sorts them by address and numbers their /24
 * sub-blocks. Overlaps are targets_validate()'s to find.
 */
void target_set_prefixes(struct target *t, const struct prefix *p,
			 const struct target_pos *pos, size_t n);

/*
 * The idx-th /24 sub-block of t (idx < t->n_blocks), in address order
 * over all its prefixes: a /24, or a prefix longer than /24 itself.
 */
struct prefix target_block(const struct target *t, uint32_t idx);

/*
 * Which of t's prefixes holds its idx-th /24 (idx < t->n_blocks), and the
 * /24's index within that prefix in *offset: what a per-prefix rule (a
 * shard's hash of prefix and index, say) needs, the same for a target of
 * one prefix as before targets had several.
 */
size_t target_block_prefix(const struct target *t, uint32_t idx,
			   uint32_t *offset);

/* Whether one of t's prefixes holds addr. */
bool target_contains(const struct target *t, uint32_t addr);

/*
 * Loads the JSON targets file at path and appends its targets and controls
 * to set. Errors name path:line:column where jansson knows them (status 65;
 * 66 when the file cannot be read).
 */
int targets_load_file(struct target_set *set, const char *path,
		      struct bo_error *err);

/*
 * Parses the same JSON from a memory buffer; `origin` names it in errors.
 * Exists so the parser can be tested and fuzzed without files.
 */
int targets_load_buffer(struct target_set *set, const char *buf, size_t len,
			const char *origin, struct bo_error *err);

/*
 * Appends an ad-hoc target from a command-line PREFIX or ADDRESS; its name
 * is the prefix text. Returns 0, or -1 with err (status 64).
 */
int targets_add_arg(struct target_set *set, const char *arg,
		    struct bo_error *err);

/*
 * Checks the invariants above (status 65, or 64 when the offending target
 * came from the command line). allow_reserved permits special-use space.
 * Same as targets_validate_excluding() with nothing excluded.
 */
int targets_validate(const struct target_set *set, bool allow_reserved,
		     struct bo_error *err);

/*
 * targets_validate(), where a prefix that overlaps special-use space is
 * also accepted when ex (may be NULL) excludes every special-use address
 * in it: those are never probed. An overlap is reported at the later
 * prefix's file:line:col when it came in a "prefixes" list, else at its
 * target's name.
 */
int targets_validate_excluding(const struct target_set *set,
			       bool allow_reserved, const struct exclude *ex,
			       struct bo_error *err);

#endif /* BLACKOUT_TARGETS_H */

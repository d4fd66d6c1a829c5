/*
 * targets.h - what to probe: named targets from a JSON file and ad-hoc
 * prefixes from the command line, plus the vantage controls.
 *
 * The targets file (see targets.example.json and blackout(8)):
 *
 *   { "targets": [ { "name": "kp", "prefix": "175.45.176.0/22",
 *                    "asn": 131279, "methods": "icmp,tcp:80",
 *                    "sample": 15 } ],
 *     "controls": [ "192.0.2.1", ... ],
 *     "vantage": "ams1" }
 *
 * Invariants after targets_validate(): names are unique, no two targets
 * (or a target and a control) overlap, every prefix is /16 or longer, and
 * none is special-use unless allowed.
 */
#ifndef BLACKOUT_TARGETS_H
#define BLACKOUT_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/method.h"
#include "blackout/prefix.h"
#include "blackout/util.h"

#define TARGET_MIN_LEN 16 /* a /16 is the widest target */

/*
 * SAMPLE_ALL: census every round; SAMPLE_AUTO: adaptive (Trinocular) with
 * the default budget; SAMPLE_INHERIT: a target that says nothing follows
 * the run's --sample.
 */
#define SAMPLE_AUTO 0
#define SAMPLE_ALL (-1)
#define SAMPLE_INHERIT (-2)

struct target {
	char *name;
	struct prefix pfx;
	bool has_methods; /* methods below override the run's default */
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
 */
int targets_validate(const struct target_set *set, bool allow_reserved,
		     struct bo_error *err);

#endif /* BLACKOUT_TARGETS_H */

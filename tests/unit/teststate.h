/*
 * teststate.h - the state file's unit tests' common ground: two targets
 * ("kp", a /22, and "one", a /24), the run's methods, a baseline with
 * something distinctive in every field, and loading a document from a
 * buffer named "fuzz.json".
 */
#ifndef BLACKOUT_TESTSTATE_H
#define BLACKOUT_TESTSTATE_H

#include <string.h>

#include "blackout/verdict/baseline.h"
#include "blackout/verdict/spot.h"
#include "blackout/verdict/statefile.h"

#include "testhelp.h"
#include "testplan.h"

#define NS(s) ((int64_t)(s)*1000000000LL)
#define METHODS "icmp,tcp:80,tcp:443"

/* Two targets: "kp" (a /22, four blocks) and "one" (a /24). */
static inline void
ts_set(struct target_set *set, const char *kp_prefix)
{
	target_set_init(set);
	CHECK(th_add_target(set, "kp", kp_prefix, SAMPLE_AUTO, NULL) == 0);
	CHECK(th_add_target(set, "one", "175.45.180.0/24", SAMPLE_AUTO, NULL) ==
	      0);
}

static inline void
ts_methods(const char *text, struct method_list *m)
{
	CHECK(method_list_parse(text, "test", m, NULL) == 0);
}

/* A baseline with something distinctive in every field. */
static inline void
ts_fill(struct baseline *bl)
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
	for (i = 0; i < 24; i += 2) /* half the hours learned, every level */
		tm->blocks[0].avail_hour[i] = (uint8_t)(1 +
							i * 5 % AVAIL_LEVELS);
	tm->blocks[0].avail_hour[23] = AVAIL_LEVELS;
	for (i = 0; i < 256; i++)
		block_mark_ever(&tm->blocks[1], i, (uint8_t)(1 + i % 3));
	tm->blocks[1].avail = 0.1234567890123456789;
	tm->blocks[1].belief = 0.01;
	tm->blocks[1].state = STATE_DOWN;
	tm->blocks[1].censused = true;
	tm->blocks[2].censused = true;	/* censused, never answered */
	tm->blocks[3].belief = 1.0 / 3; /* avail unknown: -1 */
	tm->has_state = true;
	tm->state = STATE_PARTIAL;
	tm->since_ns = NS(1419264900) + 123456789;
	tm->in_outage = true;
	tm->outage_start_ns = NS(1419264900) - 1;
	tm->outage_after_ns = NS(1419264900 - 330) - 1;
	tm->outage_by_ns = NS(1419264900 + 330) - 1;
	tm->outage_scope = STATE_PARTIAL;
	tm->outage_inside = true; /* a spot check found it */
	tm->census_avail = 0.8125;
	tm->cap_pps = 47.75; /* a router capped its ICMP answers */
	tm->cap_rounds = 3;
	tm->first_ns = NS(1419000000);
	/* 30 entries: the ring has wrapped, hist_first is not 0. */
	for (i = 0; i < 30; i++) {
		e.time_ns = NS(1419264900) + (int64_t)i * NS(660);
		e.state = (uint8_t)(i % 4);
		e.block_changes = (uint8_t)(i * 9);
		e.rate = i % 5 == 0 ? -1.0f : (float)i / 31;
		/* watch rounds that looked at some /24s: 12, 17, ... kept */
		e.look = i % 5 == 2 ? LOOK_SOME : LOOK_ALL;
		e.silent = i % 7 == 3; /* nothing answered: 10, 17, 24 kept */
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

static inline int
ts_load(const char *doc, size_t len, struct baseline *bl,
	const struct method_list *m, struct bo_error *err)
{
	memset(err, 0, sizeof(*err));
	return statefile_load_buffer(doc, len, "fuzz.json", bl, m, err);
}

/* ts_fill()'s dump: the document itself. E = {1, 7, 200} in kp's first
 * block: byte 0 holds bits 1 and 7, byte 25 bit 0. */
/* What a target's "spot" member adds to a compact state document. */
static inline size_t
spot_bytes(const struct spot_memory *sm)
{
	json_t *o = spot_to_json(sm);
	char *t = json_dumps(o, JSON_COMPACT);
	size_t n = strlen(t) + strlen("\"spot\":,");

	free(t);
	json_decref(o);
	return n;
}

#endif /* BLACKOUT_TESTSTATE_H */

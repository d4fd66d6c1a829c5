/*
 * statedump.c - the state file's document, written (statefile.h): a
 * target at a time, version 2's block records (blockcodec.h) or version
 * 1's objects.
 */
#include "blackout/verdict/statefile.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blackout/verdict/blockcodec.h"
#include "blackout/verdict/classify.h"
#include "blackout/verdict/spot.h"

/* A block as version 1 wrote it: an object of hex, letters and numbers. */
static json_t *
block_json_v1(const struct block_memory *bm)
{
	char ever[65], hints[257];
	json_t *o = json_object();
	int i;

	for (i = 0; i < 32; i++)
		snprintf(ever + 2 * i, 3, "%02x", bm->ever[i]);
	for (i = 0; i < 256; i++)
		hints[i] = block_hint(bm, (unsigned)i)
				   ? (char)('a' + block_hint(bm, (unsigned)i) -
					    1)
				   : '.';
	hints[256] = '\0';
	json_object_set_new(o, "ever", json_string(ever));
	json_object_set_new(o, "hints", json_string(hints));
	json_object_set_new(o, "avail", json_real(bm->avail));
	json_object_set_new(o, "belief", json_real(bm->belief));
	json_object_set_new(o, "state", json_string(state_name(bm->state)));
	json_object_set_new(o, "censused", json_boolean(bm->censused));
	for (i = 0; i < 24; i++)
		if (bm->avail_hour[i] != 0)
			break;
	if (i < 24) { /* optional: an older blackout wrote none */
		char hours[49];

		/* A byte an hour, 0 unknown, else 1 + A x 254. */
		for (i = 0; i < 24; i++)
			snprintf(hours + 2 * i, 3, "%02lx",
				 bm->avail_hour[i] == 0
					 ? 0
					 : 1 + lround(avail_level_value(
							      bm->avail_hour
								      [i]) *
						      254));
		json_object_set_new(o, "avail_hour", json_string(hours));
	}
	return o;
}

/* A target of many prefixes lists them all, sorted: the memory is the
 * memory of that address space only ("prefix" holds the first). */
static json_t *
prefixes_json(const struct target_memory *tm)
{
	json_t *a = json_array();
	char pfx[24];
	size_t i;

	for (i = 0; i < tm->n_prefixes; i++)
		json_array_append_new(a,
				      json_string(
					      prefix_format(&tm->prefixes[i],
							    pfx, sizeof(pfx))));
	return a;
}

static json_t *
block_json(const struct block_memory *bm, int version)
{
	char rec[BLOCKCODEC_TEXT_MAX];

	if (version == 1)
		return block_json_v1(bm);
	blockcodec_encode(bm, rec);
	return json_string(rec);
}

static json_t *
target_json(const struct target_memory *tm, int version)
{
	json_t *o = json_object(), *blocks = json_array(), *hist = json_array();
	json_t *some = NULL; /* the rounds that looked at some /24s */
	char pfx[24];
	unsigned i;

	for (i = 0; i < tm->n_blocks; i++)
		json_array_append_new(blocks,
				      block_json(&tm->blocks[i], version));
	for (i = 0; i < tm->n_hist; i++) {
		const struct history_entry *e = target_history_at(tm, i);
		json_t *h = json_pack("[I,s,i,f]", (json_int_t)e->time_ns,
				      state_name(e->state), e->block_changes,
				      (double)e->rate);

		if (e->silent)
			json_array_append_new(h, json_true());
		json_array_append_new(hist, h);
		if (e->look == LOOK_SOME) {
			if (some == NULL)
				some = json_array();
			json_array_append_new(some, json_integer(e->time_ns));
		}
	}
	json_object_set_new(o, "name", json_string(tm->name));
	json_object_set_new(o, "prefix",
			    json_string(prefix_format(&tm->prefixes[0], pfx,
						      sizeof(pfx))));
	if (tm->n_prefixes > 1)
		json_object_set_new(o, "prefixes", prefixes_json(tm));
	json_object_set_new(o, "state",
			    tm->has_state ? json_string(state_name(tm->state))
					  : json_null());
	json_object_set_new(o, "since_ns", json_integer(tm->since_ns));
	json_object_set_new(o, "in_outage", json_boolean(tm->in_outage));
	json_object_set_new(o, "outage_start_ns",
			    json_integer(tm->outage_start_ns));
	json_object_set_new(o, "outage_scope",
			    json_string(state_name(tm->outage_scope)));
	json_object_set_new(o, "census_avail", json_real(tm->census_avail));
	json_object_set_new(o, "first_ns", json_integer(tm->first_ns));
	json_object_set_new(o, "cap_pps", json_real(tm->cap_pps));
	json_object_set_new(o, "cap_rounds", json_integer(tm->cap_rounds));
	if (tm->outage_inside) /* only then: a run a round needs it */
		json_object_set_new(o, "outage_inside", json_true());
	if (tm->in_outage) { /* the rounds its start rests on */
		json_object_set_new(o, "outage_after_ns",
				    json_integer(tm->outage_after_ns));
		json_object_set_new(o, "outage_by_ns",
				    json_integer(tm->outage_by_ns));
	}
	json_object_set_new(o, "spot", spot_to_json(&tm->spot));
	json_object_set_new(o, "history", hist);
	if (some != NULL) /* only then: older blackout ignores the key */
		json_object_set_new(o, "history_some", some);
	json_object_set_new(o, "blocks", blocks);
	return o;
}

char *
statefile_dump(const struct baseline *bl, const struct method_list *methods,
	       int64_t saved_ns)
{
	return statefile_dump_version(bl, methods, saved_ns, STATE_VERSION);
}

/* A document as it is written, a json_dump_callback_t's data. */
struct doc {
	char *s;
	size_t len, cap;
};

static int
doc_add(const char *buf, size_t n, void *data)
{
	struct doc *d = data;

	if (d->len + n + 1 > d->cap) {
		d->cap = 2 * (d->len + n + 1);
		d->s = xrealloc(d->s, d->cap, 1);
	}
	memcpy(d->s + d->len, buf, n);
	d->len += n;
	d->s[d->len] = '\0';
	return 0;
}

/*
 * The document is written a target at a time, each target's JSON freed
 * before the next is made, so that a million /24s never hold their whole
 * JSON tree besides the text (about 170 MB more): the head with an empty
 * "targets", its "]}" cut, then each target, then "]}" again.
 */
char *
statefile_dump_version(const struct baseline *bl,
		       const struct method_list *methods, int64_t saved_ns,
		       int version)
{
	json_t *root = json_object(), *ml = json_array(), *t;
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
	struct doc d = { NULL, 0, 0 };
	char name[16], now[32];
	size_t i;

	for (i = 0; i < methods->n; i++)
		json_array_append_new(ml,
				      json_string(method_format(&methods->m[i],
								name,
								sizeof(name))));
	json_object_set_new(root, "format", json_string(STATE_FORMAT));
	json_object_set_new(root, "version", json_integer(version));
	json_object_set_new(root, "saved",
			    json_string(format_rfc3339(saved_ns, now,
						       sizeof(now))));
	json_object_set_new(root, "round", json_integer(bl->last_round));
	if (bl->vantage[0] != '\0')
		json_object_set_new(root, "vantage", json_string(bl->vantage));
	json_object_set_new(root, "totals",
			    json_pack("{s:I,s:I,s:I,s:I}", "sent",
				      (json_int_t)bl->totals.sent, "replies",
				      (json_int_t)bl->totals.replies, "invalid",
				      (json_int_t)bl->totals.invalid,
				      "pcap_drops",
				      (json_int_t)bl->totals.pcap_drops));
	json_object_set_new(root, "methods", ml);
	json_object_set_new(root, "targets", json_array());
	if (json_dump_callback(root, doc_add, &d, flags) < 0 || d.len < 2)
		abort();
	json_decref(root);
	d.len -= 2; /* "]}" */
	for (i = 0; i < bl->n; i++) {
		t = target_json(&bl->t[i], version);
		if ((i > 0 && doc_add(",", 1, &d) < 0) ||
		    json_dump_callback(t, doc_add, &d, flags) < 0)
			abort();
		json_decref(t);
	}
	doc_add("]}", 2, &d);
	return d.s;
}

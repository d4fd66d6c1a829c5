/*
 * fuzz_reply.c - libFuzzer target for the reply parser and the matcher.
 *
 * Input: one flags byte, then the bytes of an IPv4 packet as the capture
 * would hand them over. The packet goes through reply_parse(); a parsed
 * reply is matched twice against a fresh plan (two targets and a control,
 * round 2, a key from a fixed seed). Cookies are hard to guess, so when
 * flags bit 0 is set the harness also writes the right cookie into the
 * reply (for this round or, with bit 1, the previous one; wave from bits
 * 2-3) and matches it twice more, so that crediting, duplicates, errors
 * and late answers are reached for whatever addresses and kinds the fuzzer
 * makes up. The invariant: the same reply is never credited twice.
 */
#include <netinet/in.h>
#include <stdint.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/matcher.h"
#include "blackout/probe/plan.h"
#include "blackout/probe/reply.h"
#include "blackout/probe/sampler.h"
#include "blackout/probe/targets.h"
#include "fuzzhelp.h"

#define ROUND 2

static void
add_target(struct target_set *set, const char *name, const char *pfx,
	   int sample, const char *methods)
{
	struct target *t;
	struct prefix p = { 0, 32 };

	set->t = xrealloc(set->t, set->n + 1, sizeof(*set->t));
	t = &set->t[set->n++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	t->sample = sample;
	prefix_parse(pfx, "fuzz", &p, NULL);
	target_set_prefixes(t, &p, NULL, 1);
	if (methods != NULL) {
		method_list_parse(methods, "fuzz", &t->methods, NULL);
		t->has_methods = true;
	}
}

/* Writes the cookie of (probe_dst, method, round, wave) into r. */
static void
forge_cookie(const struct cookie_key *key, struct reply *r, uint32_t round,
	     unsigned wave)
{
	struct method m = { .kind = METHOD_ICMP_ECHO, .port = 0 };
	struct cookie c;

	if (r->probe_proto == IPPROTO_TCP) {
		m.kind = METHOD_TCP_SYN;
		m.port = r->tcp_dport;
	}
	c = cookie_make(key, r->probe_dst, &m, round, (uint8_t)wave);
	r->echo_id = c.echo_id;
	r->echo_seq = c.echo_seq;
	r->tcp_sport = c.tcp_sport;
	r->tcp_seq = c.tcp_seq;
}

static void
match(const uint8_t flags, struct reply *r)
{
	struct method_list defaults;
	struct target_set set;
	struct cookie_key key;
	struct plan plan;
	struct rng rng;
	enum match_result m;

	target_set_init(&set);
	add_target(&set, "a", "198.18.0.0/22", SAMPLE_ALL, NULL);
	add_target(&set, "b", "198.18.8.0/24", 5, "tcp:80,tcp:22");
	set.controls = xcalloc(1, sizeof(uint32_t));
	set.controls[set.n_controls++] = 0xc613fe01; /* 198.19.254.1 */
	method_list_parse(METHOD_DEFAULT, "fuzz", &defaults, NULL);
	rng_seed(&rng, 1);
	cookie_key_from_seed(&key, 7);
	FUZZ_ASSERT(plan_build(&plan, &set, NULL, &defaults, SAMPLE_AUTO, NULL,
			       &rng, ROUND, NULL) == 0,
		    "plan_build failed");
	/* The same reply twice is never credited twice (a fixed key lets the
	 * fuzzer solve a cookie, so a first credit is no bug). */
	match_reply(&plan, &key, r, 1, PLAN_WAVES_MAX);
	m = match_reply(&plan, &key, r, 1, PLAN_WAVES_MAX);
	FUZZ_ASSERT(m != MATCH_CREDIT, "credited twice");
	if (flags & 1) {
		forge_cookie(&key, r, ROUND - ((flags >> 1) & 1),
			     (flags >> 2) & 3);
		match_reply(&plan, &key, r, 4, PLAN_WAVES_MAX);
		m = match_reply(&plan, &key, r, 4, PLAN_WAVES_MAX);
		FUZZ_ASSERT(m != MATCH_CREDIT, "credited twice");
	}
	plan_free(&plan);
	target_set_free(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reply r;
	uint8_t *copy;

	if (size < 1)
		return 0;
	/* An exact-size copy, so reading one byte past it is caught. */
	copy = xmalloc(size - 1 ? size - 1 : 1);
	memcpy(copy, data + 1, size - 1);
	r.ts_ns = 1;
	if (reply_parse(copy, size - 1, &r) == REJECT_NONE) {
		FUZZ_ASSERT(r.kind != REPLY_NONE, "parsed into no kind");
		match(data[0], &r);
	}
	free(copy);
	return 0;
}

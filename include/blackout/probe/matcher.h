/*
 * matcher.h - deciding whether a parsed reply answers one of our probes.
 *
 * A reply is credited only when its echoed fields carry the cookie of a
 * probe we sent this round (any wave sent so far). One that carries the
 * previous round's cookie is late; a second answer to the same probe is a
 * duplicate; anything else aimed at a target is invalid. None of those is
 * ever credited; each is counted on the target it names.
 */
#ifndef BLACKOUT_MATCHER_H
#define BLACKOUT_MATCHER_H

#include <stdint.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/plan.h"
#include "blackout/probe/reply.h"

enum match_result {
	MATCH_CREDIT, /* a live answer, the first to its probe */
	MATCH_ERROR,  /* an ICMP error for one of our probes, recorded */
	MATCH_DUPLICATE,
	MATCH_LATE,
	MATCH_INVALID,
	MATCH_STRAY, /* names no target at all */
};

/*
 * Matches reply r against plan. waves_sent is how many waves of this round
 * have gone out; prev_waves how many the previous round of this run sent
 * (0 when there was none: its cookies were made with another key). A probe
 * is an (address, method, wave): a second answer to one is a duplicate,
 * an answer to the same pair's probe in another wave is not. Updates the
 * record and the target's counters and returns what it decided.
 */
enum match_result match_reply(struct plan *plan, const struct cookie_key *key,
			      const struct reply *r, unsigned waves_sent,
			      unsigned prev_waves);

#endif /* BLACKOUT_MATCHER_H */

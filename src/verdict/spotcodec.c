/*
 * spotcodec.c - the spot checks' memory of a target in the state file and
 * its dump (rules in spot.h).
 */
#include "blackout/verdict/spot.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

json_t *
spot_to_json(const struct spot_memory *sm)
{
	return json_pack("{s:f, s:b, s:b, s:b, s:b, s:I, s:I, s:I, s:I, s:I, "
			 "s:f, s:f, s:f, s:I, s:I, s:f, s:f, s:f, s:I, s:I, "
			 "s:I, s:I}",
			 "suspicion", sm->suspicion, "due", sm->due, "partial",
			 sm->partial, "pending", sm->pending, "open", sm->open,
			 "wait", (json_int_t)sm->wait, "checks",
			 (json_int_t)sm->checks, "x", (json_int_t)sm->x,
			 "first", (json_int_t)sm->first, "n", (json_int_t)sm->n,
			 "expect", sm->expect, "expect_first", sm->expect_first,
			 "p", sm->p, "live_first", (json_int_t)sm->live_first,
			 "live_retry", (json_int_t)sm->live_retry, "quiet_n",
			 sm->quiet_n, "quiet_first", sm->quiet_first,
			 "quiet_again", sm->quiet_again, "calm_ns",
			 (json_int_t)sm->calm_ns, "sign_ns",
			 (json_int_t)sm->sign_ns, "again_n",
			 (json_int_t)sm->again_n, "again_x",
			 (json_int_t)sm->again_x);
}

/*
 * The retries that answered, quiet_again, are at most the addresses
 * retried, quiet_n - quiet_first. The three are decayed sums: when every
 * retried address answered, the two sides are equal but for rounding,
 * and blackout before 2026-12-07 saved them as they fell, up to a bit
 * above. Such an excess is equality; a real one is refused.
 */
#define QUIET_SLACK 1e-9

int
spot_from_json(json_t *o, struct spot_memory *sm)
{
	struct spot_memory m;
	json_int_t wait, x, first, n, lf = 0, lr = 0, calm = 0, sign = 0;
	json_int_t checks = -1, again_n = 0, again_x = 0;
	int due, partial, pending, open = 0;

	memset(&m, 0, sizeof(m));
	if (o == NULL) { /* a state file from before spot checks */
		*sm = m;
		return 0;
	}
	m.expect_first = NAN;
	/* open, checks, expect_first, live_first, live_retry, the quiet_
	 * sums, calm_ns, sign_ns, again_n and again_x: absent in files from
	 * before them */
	if (json_unpack(o,
			"{s:F, s:b, s:b, s:b, s?b, s:I, s?I, s:I, s:I, s:I, "
			"s:F, s?F, s:F, s?I, s?I, s?F, s?F, s?F, s?I, s?I, "
			"s?I, s?I}",
			"suspicion", &m.suspicion, "due", &due, "partial",
			&partial, "pending", &pending, "open", &open, "wait",
			&wait, "checks", &checks, "x", &x, "first", &first, "n",
			&n, "expect", &m.expect, "expect_first",
			&m.expect_first, "p", &m.p, "live_first", &lf,
			"live_retry", &lr, "quiet_n", &m.quiet_n, "quiet_first",
			&m.quiet_first, "quiet_again", &m.quiet_again,
			"calm_ns", &calm, "sign_ns", &sign, "again_n", &again_n,
			"again_x", &again_x) < 0 ||
	    calm < 0 || sign < 0 || checks > SPOT_CHECKS_AWAY ||
	    (checks < 0 && json_object_get(o, "checks") != NULL) ||
	    (pending && checks >= SPOT_CHECKS_AWAY) || m.expect_first < 0 ||
	    (open && (pending || partial || checks <= 0 ||
		      checks >= SPOT_CHECKS_AWAY)) ||
	    (checks == 0 && pending) ||
	    !(m.quiet_first >= 0 && m.quiet_first <= m.quiet_n) ||
	    !(m.quiet_again >= 0 &&
	      m.quiet_again <= m.quiet_n - m.quiet_first +
				       QUIET_SLACK * (1 + m.quiet_n)) ||
	    m.suspicion < 0 || wait < 0 || wait > SPOT_EVERY || first < 0 ||
	    x < first || n < x || n > UINT32_MAX || m.expect < 0 || m.p < 0 ||
	    m.p > 1 || lf < 0 || lf > UINT32_MAX || lr < 0 || lr > UINT32_MAX ||
	    again_x < 0 || again_n < again_x || again_n > n)
		return -1;
	/* Absent: a pool of one check if in doubt, and the first probes'
	 * expectation that of either, an upper bound (first_below() may
	 * then pass more easily, once, for a pool in doubt when a file
	 * from before it was read) */
	if (checks < 0)
		checks = pending ? 1 : 0;
	m.quiet_again = fmin(m.quiet_again, m.quiet_n - m.quiet_first);
	if (isnan(m.expect_first))
		m.expect_first = m.expect;
	m.checks = (uint8_t)checks;
	m.live_first = (uint32_t)lf;
	m.live_retry = (uint32_t)lr;
	m.again_n = (uint32_t)again_n;
	m.again_x = (uint32_t)again_x;
	m.calm_ns = calm;
	m.sign_ns = sign;
	m.due = due, m.partial = partial, m.pending = pending;
	m.open = open;
	m.wait = (uint8_t)wait;
	m.x = (uint32_t)x;
	m.first = (uint32_t)first;
	m.n = (uint32_t)n;
	*sm = m;
	return 0;
}

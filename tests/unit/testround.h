/*
 * testround.h - rounds played from a table, for the unit tests of the
 * verdicts and of what carries them: one target's census rounds, each
 * planned from what the earlier ones taught the baseline, its answers and
 * ICMP errors written in as the prober and the matcher would, classified,
 * and checked: the state, the event and the reason in the table's
 * columns, the rest in the round's then() function, which sees the plan
 * and the summary before they are freed.
 */
#ifndef BLACKOUT_TESTROUND_H
#define BLACKOUT_TESTROUND_H

#include <stdio.h>

#include "blackout/probe/plan.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"

#include "testhelp.h"
#include "testplan.h"

/* One target's rounds; its targets are sc->set's, the first one judged. */
struct scenario {
	const char *name;
	struct target_set set;
	struct baseline bl;
	struct target_memory *tm; /* the target's memory, &bl.t[0] */
	struct plan plan;	  /* the round being played */
	struct target_summary s;  /* its verdict */
	uint32_t round;
	int64_t now;
	void *user; /* what the test's before() and then() share */
};

/* n addresses from addr, stride apart, answered methods ok, those in
 * ok_first in wave 0. */
struct answers {
	uint32_t addr;
	unsigned n;
	uint16_t ok, ok_first;
	unsigned stride;
};

/* clang-format off */
/* addr answered methods ok, those in ok_first in wave 0 */
#define ONE(addr, ok, ok_first) { addr, 1, ok, ok_first, 1 }
/* addr .. addr + n - 1 answered icmp in wave 0, or only to a retry */
#define RANGE(addr, n) { addr, n, 1, 1, 1 }
#define RANGE_RETRY(addr, n) { addr, n, 1, 0, 1 }
/* addr and its peers in the n /24s from addr's on, icmp in wave 0 */
#define EACH24(addr, n) { addr, n, 1, 1, 256 }
/* clang-format on */

#define ANY (-1) /* a state or an event the table does not check */
#define UNCHECKED .state = ANY, .event = ANY /* a round only played */

/* A round: what happens in it, and what the verdict must be. */
struct round_case {
	const char *what;
	int64_t now;
	enum vantage_state vantage;
	struct answers ans[3]; /* n == 0 ends the list */
	uint32_t err_addr;     /* TH_ROUTER's error for it, or 0 */
	uint8_t err_type, err_code;
	uint32_t unsent;    /* a /24 whose probes never left, or 0 */
	int state;	    /* enum target_state, or ANY */
	int event;	    /* enum event_kind, or ANY */
	const char *reason; /* what the reason says, or NULL */
	void (*before)(struct scenario *); /* before classifying, or NULL */
	void (*then)(struct scenario *);   /* the round's other checks */
};

/* Starts scenario name of the targets in sc->set, with nothing known. */
static inline void
scenario_init(struct scenario *sc, const char *name)
{
	sc->name = name;
	sc->user = NULL;
	baseline_init(&sc->bl, &sc->set);
	sc->tm = &sc->bl.t[0];
}

static inline void
scenario_free(struct scenario *sc)
{
	baseline_free(&sc->bl);
	target_set_free(&sc->set);
}

/* Probes every record of round c but those in c->unsent, then writes in
 * its answers and its ICMP error. */
static inline void
play_probes(struct scenario *sc, const struct round_case *c)
{
	struct plan *plan = &sc->plan;
	const struct answers *a;
	unsigned k;
	size_t r;

	for (r = 0; r < plan->n_rec; r++)
		if ((plan->rec[r].addr & ~0xffu) != c->unsent)
			th_mark_sent(plan, &plan->rec[r], plan->rec[r].want);
	for (a = c->ans; a < c->ans + 3 && a->n > 0; a++)
		for (k = 0; k < a->n; k++)
			th_answer(plan, a->addr + k * a->stride, a->ok,
				  a->ok_first);
	if (c->err_addr != 0)
		th_set_error(plan, c->err_addr, c->err_type, c->err_code);
}

/*
 * Plays rounds 1 .. n of sc: plans, probes, answers, classifies, checks.
 * While a round plays, the test's name says which round it is.
 */
static inline void
play(struct scenario *sc, const struct round_case *rounds, size_t n)
{
	const struct round_case *c;
	char name[160];
	size_t i;

	for (i = 0; i < n; i++) {
		c = &rounds[i];
		snprintf(name, sizeof(name), "%s, round %zu: %s", sc->name,
			 i + 1, c->what);
		TEST(name);
		sc->round = (uint32_t)(i + 1);
		sc->now = c->now;
		th_plan_round(&sc->plan, &sc->set, &sc->bl, sc->round);
		play_probes(sc, c);
		if (c->before != NULL)
			c->before(sc);
		classify_target(&sc->plan, 0, c->vantage, sc->tm, c->now,
				&sc->s);
		if (c->state != ANY)
			CHECK_EQ(sc->s.state, c->state);
		if (c->event != ANY)
			CHECK_EQ(sc->s.event.kind, c->event);
		if (c->reason != NULL)
			CHECK_HAS(sc->s.reason, c->reason);
		if (c->then != NULL)
			c->then(sc);
		target_summary_free(&sc->s);
		plan_free(&sc->plan);
	}
	TEST(sc->name);
}

#endif /* BLACKOUT_TESTROUND_H */

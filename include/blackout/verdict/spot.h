/*
 * spot.h - partial outages inside the /24s, found in adaptive rounds.
 *
 * An adaptive round stops at a /24's first answer, so half the hosts of
 * every /24 going dark leaves every /24 up. Two steps find it, spending
 * probes only when there is a reason to look:
 *
 * Suspicion. Each adaptive round, every up block's observations add their
 * log-likelihood ratio to a CUSUM of the target: "half of E(b) dark" (an
 * answer with chance A/2) against "all of E(b) live" (chance A), A the
 * hour's A(b) as the round found it (the round's own silences, which
 * A(b) learns from, would otherwise weigh less the more of them there
 * are). A reply adds log 1/2, a silence log((1 - A/2) / (1 - A)).
 * Stopping at the first answer does not bias the ratio (it depends on the
 * outcomes only). The CUSUM only decides whether to look closer, never
 * the verdict.
 *
 * Spot check. When this round's observations take the CUSUM past
 * SPOT_TRIP (SPOT_TRIP_HIGH for a target that answers well), or a check
 * is due (the last one in doubt, or the target partial: every SPOT_EVERY
 * rounds, and a round whose first answers look all live), then once the
 * adaptive waves are done each adaptive /24 of the target probes k more
 * addresses of E(b) at once (the next of the round's random order of
 * E(b); k from SPOT_POOL or SPOT_POOL_HIGH, SPOT_MIN and SPOT_MAX, and no
 * more than half the budget left), and each silent one once more: a live
 * host answers one of the two with chance A + (1 - A) c, a dark one
 * never. c, the chance that an address silent at first answers the
 * retry, is A for hosts that draw afresh for every probe (1 - (1 - A)^2)
 * and far less for hosts away for hours: the checks that found nothing
 * learn it (again_rate, SPOT_QUIET_DECAY, SPOT_QUIET_MIN), and it is used
 * once their retries answer under SPOT_PERSIST of their first probes'
 * rate.
 * Pooled over the target, the answers are tested against that
 * expectation, A(b) as it was when the check was planned, with the
 * one-sided binomial test. Below (p < SPOT_ALPHA,
 * under SPOT_RATIO of the answers expected) and far below on its own (p <
 * SPOT_ALPHA_SURE): partial. Below, less sure: in doubt, and the next
 * round checks again, pooled with this one: partial if the pool is below
 * at SPOT_ALPHA_POOL and its silences persist (the retries answer at most
 * SPOT_PERSIST of the first probes' rate, times the ratio of the two that
 * the checks that found nothing learned when it is under SPOT_PERSIST:
 * loss hits both alike, darkness only the retries). The pool of a target
 * whose hosts stay away starts looser and may grow longer
 * (SPOT_ALPHA_AWAY, SPOT_CHECKS_AWAY); before c is learned, a partial
 * also needs the first probes alone below A(b) (SPOT_ALPHA_FIRST), which
 * no assumption about c can bias. A loss step moves
 * the rate by 15% at most with the retry, half the hosts dark halves it;
 * the second check is for the loss steps that A(b), a running mean, has
 * not caught up with yet.
 *
 * The check is no evidence for the belief (the adaptive probes settled
 * the block before it) and teaches A(b) nothing; while the target is
 * partial, A(b) learns nothing at all. Between checks the target stays
 * partial, with the last check's figures; its checks (SPOT_POOL_STAY
 * addresses, every SPOT_EVERY or SPOT_EVERY_SURE rounds whatever the
 * suspicion) end it when not even loosely below what the live hosts
 * would answer. That is the lower of A(b)'s expectation and the live
 * hosts' own answer rate s, which the checks measure whatever share is
 * dark: a live host answers the first probe with chance s and only the
 * retry with (1 - s) s, so
 * among the addresses that answered at all, pooled over the checks since
 * the partial began (SPOT_LIVE_MIN first answers at least), s = 1 -
 * retry-only / first (the higher of it with and without the check
 * being judged, whose own retry answers would otherwise both add to its
 * count and lower what it is judged against). A loss that rose while
 * A(b) stood still (it learns nothing while partial) would otherwise
 * keep the target partial past the end. A stay on weak evidence (p >=
 * SPOT_ALPHA_AGAIN) checks again the next round. The checks of a partial
 * target that does not answer well, and its rounds' ratio that may call
 * one at once (SPOT_TRIP_END), are held against the hours' fit without
 * its margin (spot_avail).
 *
 * A target that does not answer well, and whose checks that found
 * nothing have not shown its retries answering as hosts that draw afresh
 * do (SPOT_FRESH_MIN retries at SPOT_FRESH_RATIO of the first probes'
 * rate, SPOT_FRESH_LLR likelier so than at SPOT_FRESH_AWAY of it),
 * may have hosts that stay away for hours, and its checks are weak: a
 * dozen or two addresses answering a few times each. Three things keep
 * such a target's evidence together. A check that is not in doubt adds
 * its own log-likelihood ratio (the suspicion's two hypotheses) to the
 * suspicion instead of clearing it, and while that stays above 0 the
 * pool stays open (spot_memory.open): the next check the suspicion calls
 * joins it, up to SPOT_CHECKS_AWAY, and A(b) learns nothing meanwhile.
 * While c is unknown, its checks are held against the first probes'
 * expectation (c = 0: no live host, whatever its c, answers below it) and
 * in doubt and pooled as loosely as a target whose hosts stay away. And
 * once its hours are learned, a check is held against the hours' fit
 * without its margin (spot_check_avail): the margin guards the belief
 * against a false outage, and would take a quarter off what a check of
 * hosts answering 45% of the time expects. Such a pool is below at
 * SPOT_ALPHA_POOL_AWAY. Without the first, the other two found
 * hosts-dwell's half-dark spell more often, with false outages in 25
 * runs of 240. Its rounds also teach A(b), and its hours, more slowly
 * (SPOT_LEARN_AWAY), so that a spell of hours is not learned as A(b).
 *
 * The same waves confirm a /24 whose adaptive probes turned it down
 * (probe/spotcheck.h): one answer makes it up. Those are not tested.
 */
#ifndef BLACKOUT_SPOT_H
#define BLACKOUT_SPOT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "blackout/probe/plan.h"
#include "blackout/verdict/baseline.h"
#include "blackout/verdict/classify.h"
#include "blackout/verdict/spotlook.h"

#define SPOT_TRIP 2.0 /* CUSUM (log-likelihood ratio) that calls a check */
/* ... or, when the target's mean A(b) is at least SPOT_HIGH_AVAIL, this:
 * a live address then seldom stays silent, so one silence among a few
 * /24s' answers (log 25.5 against 3 x log 2) is worth a look, and looks
 * stay rare without an outage; lower A(b) is noisier and would call a
 * check every few rounds under loss. */
#define SPOT_TRIP_HIGH 1.0
/* While partial, a round's ratio below minus this calls a check between
 * the SPOT_EVERY ones, as the outage may have ended: any lean to all live,
 * such as one /24's first probe answering (log 1/2). A round that leans
 * nowhere (nothing observed) calls none. At -1 (two /24s answering), the
 * end of partial-half's outage was seen over half a round late on 30
 * seeds of 240, 15 now, for 1% more probes there; a check in every
 * partial round cost 20% more. */
#define SPOT_TRIP_END 0.0
#define SPOT_HIGH_AVAIL 0.75 /* the mean A(b) of a target that answers well */
#define SPOT_POOL 20	     /* addresses a check aims at, over the target */
/* ... or, when the target's mean A(b) is at least SPOT_HIGH_AVAIL, this
 * many: a live address then answers one of two probes 94% of the time or
 * more, and 16 tell half the hosts dark (p < 1e-6) as well as 24 would. */
#define SPOT_POOL_HIGH 16
/* ... or, while the target is partial, this many: such a check decides
 * whether the outage ends, and a lucky draw of 16 would cut it in two. */
#define SPOT_POOL_STAY 24
#define SPOT_MIN 3	     /* addresses per /24, at least */
#define SPOT_MAX 7	     /* ... at most: 2 x 7 probes within the budget */
#define SPOT_ALPHA 0.001     /* significance of "far below A(b)" */
#define SPOT_RATIO 0.75	     /* answers at most this share of the expected */
#define SPOT_ALPHA_SURE 1e-6 /* significance that asks no second check */
/* ... and that the pool of two checks needs: twice the addresses, so a
 * half-dark target's pool is far below this (1e-8 and less in North
 * Korea's week), while a diurnal hour misjudged by A(b) is not. */
#define SPOT_ALPHA_POOL 1e-4
#define SPOT_PERSIST 0.75 /* retry answer rate, at most, of the first's */
#define SPOT_CHECKS 2	  /* checks a pool holds, at most */
/* A loss that rose faster than A(b) learns makes a check of hosts that
 * draw afresh look half dark, its retries too by chance. To tell it from
 * hosts gone dark, the second check of a pool first probes again
 * the hosts the first left silent to both probes (spotcheck_again), and
 * the pool needs them to answer below what an address of the check would
 * (the higher of A(b)'s expectation and the live hosts' own rate) at
 * SPOT_ALPHA_SILENT, one-sided binomial: lost probes are not lost again,
 * dark hosts stay silent. With that, its silences persist (the retries)
 * or, with SPOT_AGAIN_MIN probed again at least, those are below at
 * SPOT_ALPHA_SILENT_SURE: with half of E(b) dark and 20% loss each way,
 * 8 probed again answer about 1 where a live host's 0.82 would be 6.6,
 * and a pool's retries can still answer as often as its first probes.
 * While the target is partial, each check first probes again the hosts
 * the one before left silent, and SPOT_AGAIN_MIN of them or more not
 * below at SPOT_ALPHA_SILENT end the outage (silences_went): hosts back
 * answer, even while the check's fresh addresses are too few to say so. */
#define SPOT_ALPHA_SILENT 0.05
#define SPOT_AGAIN_MIN 4
#define SPOT_ALPHA_SILENT_SURE 0.005
/* ... or when they are e^this likelier back than still half dark
 * (went_llr): A(b) learns nothing while the target is partial, and a
 * loss that rose meanwhile leaves the test above expecting more of the
 * hosts back than they answer. North Korea seed 91, 18 minutes after its
 * half-dark hour ended at 20% loss: 10 of 17 probed again answered,
 * p = 6e-4 against 0.90, but e^9.3 likelier back; at e^1 or less a stay
 * ended early and the outage came in pieces (1 and 3 runs of 240).
 * The same ratio keeps a pool from finding the target partial: hosts
 * probed again that answer so likely as live ones are not silences that
 * stay, even below the count's SPOT_ALPHA_SILENT. North Korea seed 105
 * (own dice), 06:49 on 22 Dec at 20% loss each way, a minute before its
 * half-dark spell: 5 of 8 probed again answered, p = 0.02 against the
 * 0.92 that A(b), not yet lowered for the loss, expected, but e^5.7
 * likelier live than half dark; it was a false partial round. */
#define SPOT_WENT_LLR 3.0
/* And a check far below on its own (SPOT_ALPHA_SURE) finds the target
 * partial at once only when its first probes alone are below A(b)'s
 * expectation at this, as half of E(b) dark at little loss makes them;
 * else it is in doubt and pooled: North Korea's week at 10% loss from
 * 27 Dec had 10 of 16 answering the first probe against 14.1 expected,
 * and none of 6 retries (p = 5.5e-8 against A(b) learned at no loss);
 * at 20% from 06:00 on 22 Dec, 5 of 16 against 12.1 (p = 2.4e-4), with
 * the scenario's dice. At 1e-3, that seed still had its false outage,
 * and North Korea's 240 seeds 7 false partial rounds, 9 fragments and
 * 332 durations over half a round, not 6, 6 and 326; partial-half turned
 * partial within 3 rounds on 224 seeds of 240, not 220 (211 with no
 * check deciding at once). */
#define SPOT_ALPHA_FIRST_SURE 1e-4
/* A target whose hosts stay away (the retries answer under SPOT_PERSIST
 * of the first probes' rate, as the checks that found nothing learned):
 * a check is in doubt at this, and a pool holds up to SPOT_CHECKS_AWAY
 * checks. Its retries add little, so one check of some 15 addresses
 * tells half the hosts dark from none at about p = 0.03, not
 * SPOT_ALPHA; a pool of checks in successive rounds tells them at
 * SPOT_ALPHA_POOL. A(b) learns nothing while it grows; at 6 checks at
 * most, hosts-dwell's half-dark spell was missed on 75 runs of 240 (own
 * dice): seed 9's pools of six ended at p = 3e-3 and 7e-4, against an
 * A(b) that had learned part of the spell between them; at 14, on 33. */
#define SPOT_ALPHA_AWAY 0.1
#define SPOT_CHECKS_AWAY 14
/* ... and the pool of a target whose hosts may stay away (below) is
 * below at this, not SPOT_ALPHA_POOL: it is looked at after each of up
 * to SPOT_CHECKS_AWAY checks, held against the hours' fit without its
 * margin, and kept open by the suspicion; at SPOT_ALPHA_POOL hosts-dwell
 * had a false outage in 2 runs of 280, none at this, which found its
 * half-dark spell on 166 of 240 runs rather than 189. */
#define SPOT_ALPHA_POOL_AWAY 1e-5
/* ... and at this once it holds more than SPOT_CHECKS_SHORT checks: it is
 * looked at more often, and held longer against an A(b) that stood still
 * meanwhile. With 14 checks at 1e-5 throughout, hosts-dwell had a false
 * outage (seed 18, a pool of 10 checks at p = 2.4e-6, at 10 checks at
 * most); with this, none in 240 runs, the spell found on 207 of them
 * (213 without). */
#define SPOT_CHECKS_SHORT 6
#define SPOT_ALPHA_POOL_LONG 1e-6
/* Until the checks have learned how the retries answer (SPOT_QUIET_MIN),
 * a check or pool also needs its first probes alone below A(b) at this
 * to find the target partial: A(b)'s expectation then counts retry
 * answers as from hosts that draw afresh for every probe, and hosts away
 * for hours would look half dark. */
#define SPOT_ALPHA_FIRST 0.01
/* For hosts that stay away, a pool's silences persist unless its retries
 * answer more often than the learned ratio says, at this (one-sided): a
 * pool of six checks gets some 85 retries and 1 or 2 answers, too few for
 * a comparison of rates; a loss step makes many more of them answer (a
 * lost probe's retry answers). */
#define SPOT_ALPHA_PERSIST 0.01
/* While a target whose hosts stay away, or may while c is unknown, is
 * partial, a check keeps it so unless its answers are e^SPOT_STAY_LLR
 * times likelier with all of E(b) live than with half of it dark (the
 * suspicion's two hypotheses): a check of some 13 addresses, which is
 * what a partial /24's budget leaves, is not below at p < 0.01 two times
 * in three while half of E(b) is dark, and that rule cut hosts-dwell's
 * spell in fragments. */
#define SPOT_STAY_LLR 1.0
#define SPOT_EVERY 2 /* rounds between checks while partial */
/* ... or this many after a stay far below on its own (p < SPOT_ALPHA_SURE
 * against what the live hosts would answer) of a target whose mean A(b)
 * is at least SPOT_HIGH_AVAIL: the first answers of such a target look
 * all live soon after the end, which checks at once (SPOT_TRIP_END). */
#define SPOT_EVERY_SURE 3
#define SPOT_ALPHA_STAY 0.01 /* while partial: still below at this */
#define SPOT_RATIO_STAY 0.8  /* ... and under this share of the expected */
/* A stay less sure than this checks again the next round. */
#define SPOT_ALPHA_AGAIN 1e-4
/* First-probe answers, pooled while partial, that let the live hosts'
 * own answer rate judge the stay: ten measure s to about +-0.2 (one
 * standard deviation) at 20% loss each way, and ended North Korea's
 * half-dark spell half way on one seed of ten in the simulator. */
#define SPOT_LIVE_MIN 20
/* How the target's silent addresses answer a retry, learned from the
 * checks that found nothing: each check's counts (a pool's, all its
 * checks', once it is judged) are added to sums that decay by
 * SPOT_QUIET_DECAY a check or pool, used once they hold SPOT_QUIET_MIN
 * retries. */
#define SPOT_QUIET_DECAY 0.9
#define SPOT_QUIET_MIN 30
/* ... but a lone check under SPOT_RATIO of the answers it expected and
 * below at this, though not in doubt, teaches nothing: it may be the
 * first check of an outage, whose dark hosts answer no retry. North
 * Korea seed 195 (own dice, watch rounds of 12 rounds after an outage):
 * at 07:00 on 22 Dec, ten minutes into the half-dark spell at 20% loss,
 * 11 of 18 answered against 15.8 (p = 0.004), none of the 7 retries;
 * learned, that made its hosts look away for hours, its pools were then
 * held to 1e-5 and 1e-6, and the spell went unfound. */
#define SPOT_ALPHA_QUIET 0.01
/* Retries, at least, that tell hosts that draw afresh for every probe
 * from hosts away for hours: the first answer nearly every retry (9 in
 * 10 at A(b) 0.9), the second one in ten or twenty, 2 of 5 about one time
 * in fifteen. At 8, North Korea's spell at 20% loss went unfound on a
 * seed whose checks had learned 7.6 retries when it began. */
#define SPOT_FRESH_MIN 5
/* ... and the ratio of their rate to the first probes', at least, of
 * hosts that draw afresh: 1 for them, 0.1 to 0.2 for hosts away (a lost
 * probe's retry); a check that missed a half-dark spell, whose dark
 * hosts answer no retry, may take it to 0.6 or so. */
#define SPOT_FRESH_RATIO 0.5
/* ... and SPOT_FRESH_LLR (log 20) likelier at the first probes' rate than
 * at SPOT_FRESH_AWAY of it, the most that hosts away answer: a few
 * retries reach half the first probes' rate by chance. Hosts-dwell's 3 of
 * 13 retried answering against 4 of 17 at first is e^2.6 likelier so;
 * taken for hosts that draw afresh, such a target's checks expected two
 * independent tries and found false partial outages (2 of 240 runs with
 * SPOT_LEARN_AWAY). North Korea's 8.6 of 20.8 against 34.2 of 55, a
 * check that missed its spell among them, is e^3.6: at log 10 against a
 * quarter (e^2.1) it was taken for hosts away, and the spell went
 * unfound. */
#define SPOT_FRESH_AWAY 0.2
#define SPOT_FRESH_LLR 3.0
/* The weight, of 1, at which the rounds of a target that may have hosts
 * away for hours (may_dwell) teach A(b), and the share of its rounds that
 * teach its hours (spot_learn_weight): its answer rate wanders for hours
 * on its own, and a half-dark spell of hours looks like such a wander
 * round by round. At 1, A(b) learned hosts-dwell's six-hour spell within
 * its first hours, and it went unfound on 33 runs of 240; at 0.4, on 9.
 * Not on the target's first day: its hours would keep what the census or
 * the first rounds left in them for days (3 false outages in 240 runs,
 * one of hours on the second night). */
#define SPOT_LEARN_AWAY 0.4

/* Looks at tm at now_ns. */
void spot_look(struct spot_look *lk, const struct target_memory *tm,
	       int64_t now_ns);

/*
 * The chance that one probe of a live E(b) address of the looked-at
 * target's block b is answered: the hour's A(b), within [0.05, 0.98] (a
 * silence from a block that always answers weighs log 25.5, not
 * infinity). Before the target's hours are learned, half of A(b), the trough
 * of the deepest diurnal swing block_avail_at allows for: a first day's
 * A(b) is learned at other hours, and a check judged against it at a
 * diurnal block's trough would find live hosts dark. After, while the
 * target is partial and does not answer well, block_avail_fit: the margin would
 * end its outage early.
 */
double spot_avail(const struct spot_look *lk, uint32_t b);

/*
 * What a spot check of the looked-at target's block b expects one probe
 * of a live address to draw: spot_avail(), or the hours' fit itself for
 * a target whose hosts may stay away once its hours are learned (above).
 */
double spot_check_avail(const struct spot_look *lk, uint32_t b);

/*
 * Addresses per adaptive /24 that a spot check of the looked-at target,
 * whose round has n_blocks adaptive /24s, probes.
 */
unsigned spot_size(const struct spot_look *lk, size_t n_blocks);

/*
 * The log-likelihood ratio of this round's adaptive observations of plan
 * target tg's up blocks, tg the looked-at target, "a share of E(b) dark"
 * against "all live".
 */
double spot_round_llr(const struct plan *plan, const struct plan_target *tg,
		      const struct spot_look *lk);

/*
 * Whether tg, the looked-at target, wants a spot check once its adaptive
 * probes are done: one is due, or this round's observations take the
 * suspicion past SPOT_TRIP.
 */
bool spot_wanted(const struct plan *plan, const struct plan_target *tg,
		 const struct spot_look *lk);

/*
 * After the round's verdict on plan target ti (learn: the vantage was
 * up): judges a spot check if the round was one, else feeds the
 * suspicion with llr, spot_round_llr() of the round taken before the
 * round taught A(b); a target found partial by a check stays so while out
 * says up. Updates out's state and reason, and tm->spot.
 */
void spot_classify(const struct plan *plan, size_t ti, struct target_memory *tm,
		   double llr, struct target_summary *out);

/*
 * Whether the checks that found nothing learned that the target's hosts
 * stay away for hours: its retries answer under SPOT_PERSIST of its first
 * probes' rate (SPOT_QUIET_MIN retries at least). Such a target's pools
 * are longer (SPOT_ALPHA_AWAY, SPOT_CHECKS_AWAY), their rounds teach A(b)
 * nothing (spot_freezes()), and its stays are judged by SPOT_STAY_LLR.
 */
bool spot_hosts_away(const struct spot_memory *sm);

/*
 * Whether the looked-at target's rounds teach A(b) nothing: it is
 * partial, a pool of its checks is open (above), or its hosts stay away,
 * or may while c is unknown, and a pool of its checks is in doubt (the
 * pool may grow for SPOT_CHECKS_AWAY rounds, and A(b) would learn the
 * outage it tests for). Earlier checks put it in doubt, not the round's
 * own outcomes, so what A(b) learns otherwise is not biased by them.
 */
bool spot_freezes(const struct spot_look *lk);

/*
 * The weight, of 1, at which the looked-at target's adaptive round
 * teaches A(b), and the share of such rounds that teach its hours: 0
 * while spot_freezes(); SPOT_LEARN_AWAY for a target whose hosts may stay
 * away for hours, once its hours are learned (target_knows_hours); else 1.
 */
double spot_learn_weight(const struct spot_look *lk);

/* No sign of an outage inside the /24s: not partial, nothing in doubt or
 * due, and the suspicion at 0. */
bool spot_quiet(const struct spot_memory *sm);

/*
 * Notes a round at now_ns whose spot check, or suspicion, was judged:
 * sign_ns the round whose check was in doubt (pending), kept while the
 * pool it began is judged and the target it found partial stays so;
 * calm_ns the judged round before it.
 */
void spot_mark(struct spot_memory *sm, int64_t now_ns);

/*
 * When a partial outage found by a pool of two checks began, as far as
 * the rounds tell: half way between the round before the first check,
 * already below, and that check's round, rather than before the second
 * one a round later. 0 when no check was in doubt.
 */
int64_t spot_onset(const struct spot_memory *sm);

/*
 * The spot memory as the state file keeps it (spotcodec.c), per target:
 * an object of suspicion, due, partial, pending, open, wait, checks, x,
 * first, n, expect, expect_first, p, live_first, live_retry, quiet_n,
 * quiet_first, quiet_again, calm_ns and sign_ns.
 */
json_t *spot_to_json(const struct spot_memory *sm);

/* Reads it back: 0, or -1 for one that is not well formed. A missing one
 * (NULL: a file from before spot checks) is nothing known. */
int spot_from_json(json_t *o, struct spot_memory *sm);

#endif /* BLACKOUT_SPOT_H */

/*
 * test_matcher.c - match_reply against a plan: a probe from packet_fill,
 * its reply, reply_parse, then the cookie check (credited, duplicate,
 * invalid, late from the previous round, stray from outside every
 * target), per-method counters, ICMP errors recorded as evidence, waves,
 * RTTs, and targets and controls answering for their own methods.
 *
 * The replies of one round are a table played in order against one plan:
 * each row says what was sent and how it came back, and what match_reply
 * must make of it; a row's then() checks what the plan and its counters
 * hold right after it.
 */
#include "blackout/probe/matcher.h"
#include "blackout/probe/packet.h"
#include "blackout/probe/reply.h"

#include "testhelp.h"
#include "testpkt.h"
#include "testplan.h"

#define A(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define NITEMS(a) (sizeof(a) / sizeof(*(a)))

#define US A(198, 18, 0, 1)
#define ROUTER A(219, 158, 3, 1)

static const struct method icmp = { METHOD_ICMP_ECHO, 0 };
static const struct method t80 = { METHOD_TCP_SYN, 80 };
static const struct method t443 = { METHOD_TCP_SYN, 443 };

/* The round being matched: the plan of round 2 (round 1 for the last
 * check), its first target's counters, and where the methods are. */
struct matching {
	struct cookie_key key;
	struct plan plan;
	struct target_stats *st; /* of "kp", target 0 */
	int mi, m80, m443;
};

/* How the reply comes back. */
enum answer { ECHO, SYNACK, RST, ERROR };

/* What happens to the probe or its reply on the way. */
enum tamper {
	INTACT,
	FLIP_COOKIE,  /* one bit of the echo's cookie flipped */
	OTHER_DST,    /* the probe went out to the next address's cookie */
	ACK_ONE_MORE, /* the RST acknowledges one more than the SYN's */
	SENT_AT_1S,   /* the plan says it left at 1 s; the reply is at 1.005 */
};

struct match_case {
	const char *what;
	const struct method *m;
	uint32_t dst;
	uint32_t round;
	uint8_t wave;
	enum answer answer;
	uint8_t type, code; /* of an ERROR */
	enum tamper tamper;
	unsigned waves; /* waves of round 2 sent so far */
	enum match_result want;
	void (*then)(const struct matching *);
};

/* addr's record, which must be in the plan. */
static const struct plan_rec *
rec_of(const struct matching *mt, uint32_t addr)
{
	long ri = plan_find(&mt->plan, addr);

	CHECK(ri >= 0);
	return &mt->plan.rec[ri < 0 ? 0 : ri];
}

/* Sends c's probe, brings its reply back, parses it (it must parse) and
 * matches it. */
static enum match_result
play(struct matching *mt, const struct match_case *c)
{
	uint8_t p[PACKET_MAX], b[PACKET_MAX * 2];
	int64_t ts = 0;
	struct reply r;
	size_t len = 0;

	tp_probe(p, &mt->key, c->m, US, c->dst, c->round, c->wave);
	if (c->tamper == OTHER_DST)
		tp_put32(p + 16, c->dst + 1);
	switch (c->answer) {
	case ECHO:
		len = tp_answer_echo(p, b);
		break;
	case SYNACK:
		len = tp_answer_tcp(p, b, TP_SYN | TP_ACK);
		break;
	case RST:
		len = tp_answer_tcp(p, b, TP_RST | TP_ACK);
		break;
	case ERROR:
		len = tp_answer_error(p, b, ROUTER, c->type, c->code);
		break;
	}
	if (c->tamper == FLIP_COOKIE) {
		b[27] ^= 0x01;
		tp_fix_icmp(b + 20, len - 20);
	} else if (c->tamper == ACK_ONE_MORE) {
		tp_put32(b + 28, tp_get32(b + 28) + 1);
		tp_fix_tcp(b, len);
	} else if (c->tamper == SENT_AT_1S) {
		plan_mark_sent(&mt->plan, (size_t)plan_find(&mt->plan, c->dst),
			       (unsigned)mt->mi, 0, 1000000000);
		ts = 1005000000;
	}
	CHECK_EQ(reply_parse(b, len, &r), REJECT_NONE);
	r.ts_ns = ts;
	return match_reply(&mt->plan, &mt->key, &r, c->waves, 1);
}

static void
credited(const struct matching *mt)
{
	long ri = plan_find(&mt->plan, A(175, 45, 176, 10));

	CHECK(ri >= 0 && mt->plan.rec[ri].ok == (1u << mt->mi));
	CHECK(mt->st->replies == 1 && mt->st->method_resp[mt->mi] == 1);
}

static void
duplicate(const struct matching *mt)
{
	CHECK(mt->st->duplicate == 1 && mt->st->replies == 1);
}

static void
flipped(const struct matching *mt)
{
	CHECK_EQ(mt->st->invalid, 1);
	CHECK_EQ(mt->plan.rec[plan_find(&mt->plan, A(175, 45, 176, 11))].ok, 0);
}

static void
not_its_cookie(const struct matching *mt)
{
	CHECK_EQ(mt->st->invalid, 2);
}

static void
late(const struct matching *mt)
{
	CHECK_EQ(mt->st->late, 1);
	CHECK_EQ(mt->plan.rec[plan_find(&mt->plan, A(175, 45, 176, 14))].ok, 0);
}

static void
stray(const struct matching *mt)
{
	CHECK_EQ(mt->plan.stray, 1);
}

static void
synack(const struct matching *mt)
{
	CHECK_EQ(mt->st->method_count[mt->m80][method_counter(&t80, "synack")],
		 1);
}

static void
rst(const struct matching *mt)
{
	CHECK_EQ(mt->st->method_count[mt->m443][method_counter(&t443, "rst")],
		 1);
	CHECK_EQ(mt->st->replies, 3);
}

/* An ICMP error quoting our probe: evidence, recorded. */
static void
error_recorded(const struct matching *mt)
{
	const struct target_stats *st = mt->st;
	const struct plan_rec *r = rec_of(mt, A(175, 45, 177, 1));

	CHECK_EQ(st->icmp_errors, 1);
	CHECK_EQ(st->n_unreach, 1);
	CHECK(st->n_unreach == 1 && st->unreach[0].router == ROUTER &&
	      st->unreach[0].type == 3 && st->unreach[0].code == 0 &&
	      st->unreach[0].count == 1);
	CHECK(r->err == (1u << mt->mi) && r->ok == 0);
	CHECK(r->err_type == 3 && r->err_code == 0);
}

static void
error_once(const struct matching *mt)
{
	CHECK_EQ(mt->st->icmp_errors, 1);
}

static void
second_router_error(const struct matching *mt)
{
	CHECK(mt->st->n_unreach == 2 && mt->st->unreach[1].code == 1);
}

/* The RTT from the send time of the wave that was answered. */
static void
rtt(const struct matching *mt)
{
	CHECK(mt->st->n_rtt == 1 && mt->st->rtt_ms[0] > 4.999 &&
	      mt->st->rtt_ms[0] < 5.001);
}

static void
other_target_refused(const struct matching *mt)
{
	CHECK_EQ(mt->plan.tg[1].st.invalid, 1);
}

static void
other_target_credited(const struct matching *mt)
{
	CHECK_EQ(mt->plan.tg[1].st.replies, 1);
}

static void
control_credited(const struct matching *mt)
{
	CHECK_EQ(mt->plan.tg[2].st.replies, 1);
	CHECK(mt->plan.tg[2].control);
}

/* Round 2 of "kp" 175.45.176.0/22 (the default methods), "web"
 * 5.6.7.0/24 (tcp:80 only) and the control 9.9.9.9. */
static const struct match_case round2[] = {
	{ "credited once", &icmp, A(175, 45, 176, 10), 2, 0, ECHO, .waves = 1,
	  .want = MATCH_CREDIT, .then = credited },
	{ "then a duplicate", &icmp, A(175, 45, 176, 10), 2, 0, ECHO,
	  .waves = 1, .want = MATCH_DUPLICATE, .then = duplicate },
	{ "one flipped cookie bit", &icmp, A(175, 45, 176, 11), 2, 0, ECHO,
	  .tamper = FLIP_COOKIE, .waves = 1, .want = MATCH_INVALID,
	  .then = flipped },
	{ "another address's cookie", &icmp, A(175, 45, 176, 12), 2, 0, ECHO,
	  .tamper = OTHER_DST, .waves = 1, .want = MATCH_INVALID,
	  .then = not_its_cookie },
	{ "the previous round's cookie", &icmp, A(175, 45, 176, 14), 1, 0, ECHO,
	  .waves = 1, .want = MATCH_LATE, .then = late },
	{ "a previous wave the round never had", &icmp, A(175, 45, 176, 15), 1,
	  1, ECHO, .waves = 1, .want = MATCH_INVALID }, /* prev_waves 1 */
	{ "from outside every target and control", &icmp, A(8, 8, 4, 4), 2, 0,
	  ECHO, .waves = 1, .want = MATCH_STRAY, .then = stray },
	{ "a SYN-ACK: live, counted per method", &t80, A(175, 45, 176, 20), 2,
	  0, SYNACK, .waves = 1, .want = MATCH_CREDIT, .then = synack },
	{ "an RST: live too", &t443, A(175, 45, 176, 21), 2, 0, RST, .waves = 1,
	  .want = MATCH_CREDIT, .then = rst },
	{ "an RST acking one too many", &t443, A(175, 45, 176, 21), 2, 0, RST,
	  .tamper = ACK_ONE_MORE, .waves = 1, .want = MATCH_INVALID },
	{ "net unreachable quoting our probe", &icmp, A(175, 45, 177, 1), 2, 0,
	  ERROR, 3, 0, .waves = 1, .want = MATCH_ERROR,
	  .then = error_recorded },
	{ "the same error again", &icmp, A(175, 45, 177, 1), 2, 0, ERROR, 3, 0,
	  .waves = 1, .want = MATCH_DUPLICATE, .then = error_once },
	{ "a live answer outranks the error", &icmp, A(175, 45, 177, 1), 2, 0,
	  ECHO, .waves = 1, .want = MATCH_CREDIT },
	{ "nothing outranks it", &icmp, A(175, 45, 177, 1), 2, 0, ERROR, 3, 1,
	  .waves = 1, .want = MATCH_DUPLICATE },
	{ "host unreachable quoting a SYN", &t80, A(175, 45, 177, 2), 2, 0,
	  ERROR, 3, 1, .waves = 1, .want = MATCH_ERROR,
	  .then = second_router_error },
	{ "a wave-1 cookie before wave 1 went out", &icmp, A(175, 45, 176, 30),
	  2, 1, ECHO, .waves = 1, .want = MATCH_INVALID },
	{ "... and once it did", &icmp, A(175, 45, 176, 30), 2, 1, ECHO,
	  .waves = 2, .want = MATCH_CREDIT },
	{ "answered 5 ms after it left", &icmp, A(175, 45, 176, 40), 2, 0, ECHO,
	  .tamper = SENT_AT_1S, .waves = 1, .want = MATCH_CREDIT, .then = rtt },
	{ "a target answers only for its own methods", &icmp, A(5, 6, 7, 1), 2,
	  0, ECHO, .waves = 1, .want = MATCH_INVALID,
	  .then = other_target_refused },
	{ "... such as tcp:80", &t80, A(5, 6, 7, 1), 2, 0, SYNACK, .waves = 1,
	  .want = MATCH_CREDIT, .then = other_target_credited },
	{ "the controls answer like a target", &icmp, A(9, 9, 9, 9), 2, 0, ECHO,
	  .waves = 1, .want = MATCH_CREDIT, .then = control_credited },
};

/* Round 1 has no previous round: an old cookie is invalid. */
static const struct match_case round1 = { "a cookie of round 0",
					  &icmp,
					  A(175, 45, 176, 14),
					  0,
					  0,
					  ECHO,
					  .waves = 1,
					  .want = MATCH_INVALID };

static void
test_match(struct matching *mt)
{
	struct method_list defaults;
	struct target_set set;
	struct rng rng;
	size_t i;

	TEST("match");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", SAMPLE_ALL, NULL) ==
	      0);
	CHECK(th_add_target(&set, "web", "5.6.7.0/24", SAMPLE_ALL, "tcp:80") ==
	      0);
	th_add_control(&set, A(9, 9, 9, 9));
	method_list_parse(METHOD_DEFAULT, "m", &defaults, NULL);
	rng_seed(&rng, 1);
	CHECK(plan_build(&mt->plan, &set, NULL, &defaults, SAMPLE_AUTO, NULL,
			 &rng, 2, NULL) == 0);
	mt->st = &mt->plan.tg[0].st;
	mt->mi = method_list_find(&mt->plan.methods, &icmp);
	mt->m80 = method_list_find(&mt->plan.methods, &t80);
	mt->m443 = method_list_find(&mt->plan.methods, &t443);
	CHECK(mt->mi >= 0 && mt->m80 >= 0 && mt->m443 >= 0);
	for (i = 0; i < NITEMS(round2); i++) {
		TEST(round2[i].what);
		CHECK_EQ(play(mt, &round2[i]), round2[i].want);
		if (round2[i].then != NULL)
			round2[i].then(mt);
	}
	TEST("match");
	CHECK_EQ(mt->st->replies, 6);
	CHECK_EQ(mt->st->late, 1);
	CHECK_EQ(mt->st->invalid, 5);
	plan_free(&mt->plan);

	CHECK(plan_build(&mt->plan, &set, NULL, &defaults, SAMPLE_AUTO, NULL,
			 &rng, 1, NULL) == 0);
	CHECK_EQ(play(mt, &round1), round1.want);
	plan_free(&mt->plan);
	target_set_free(&set);
}

int
main(void)
{
	struct matching mt;
	size_t i;

	for (i = 0; i < sizeof(mt.key.k); i++)
		mt.key.k[i] = (uint8_t)(0x5a ^ (i * 29));
	test_match(&mt);
	return test_report("test_matcher");
}

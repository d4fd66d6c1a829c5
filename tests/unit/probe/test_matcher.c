/*
 * test_matcher.c - match_reply against a plan: a probe from packet_fill,
 * its reply, reply_parse, then the cookie check (credited, duplicate,
 * invalid, late from the previous round, stray from outside every
 * target), per-method counters, ICMP errors recorded as evidence, waves,
 * RTTs, and targets and controls answering for their own methods.
 */
#include "blackout/probe/matcher.h"
#include "blackout/probe/packet.h"
#include "blackout/probe/reply.h"

#include "testhelp.h"
#include "testpkt.h"
#include "testplan.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
		       (uint32_t)(c) << 8 | (uint32_t)(d))

#define US A(198, 18, 0, 1)
#define ROUTER A(219, 158, 3, 1)

static struct cookie_key key;

static size_t
probe(uint8_t *out, const struct method *m, uint32_t dst, uint32_t round,
      uint8_t wave)
{
	return tp_probe(out, &key, m, US, dst, round, wave);
}

#define answer_echo tp_answer_echo
#define answer_tcp tp_answer_tcp
#define answer_error(p, out, type, code) \
	tp_answer_error(p, out, ROUTER, type, code)

/* Parses the bytes (they must parse) and matches them. */
static enum match_result
match(struct plan *plan, const uint8_t *b, size_t len, unsigned waves,
      int64_t ts)
{
	struct reply r;

	CHECK_EQ(reply_parse(b, len, &r), REJECT_NONE);
	r.ts_ns = ts;
	return match_reply(plan, &key, &r, waves, 1);
}

static void
test_match(void)
{
	struct method icmp = { METHOD_ICMP_ECHO, 0 };
	struct method t80 = { METHOD_TCP_SYN, 80 };
	struct method t443 = { METHOD_TCP_SYN, 443 };
	uint8_t p[PACKET_MAX], b[PACKET_MAX * 2];
	struct method_list defaults;
	struct target_set set;
	struct target_stats *st;
	struct plan plan;
	struct rng rng;
	size_t len;
	long ri;
	int mi, m80, m443;

	TEST("match");
	target_set_init(&set);
	CHECK(th_add_target(&set, "kp", "175.45.176.0/22", SAMPLE_ALL, NULL) ==
	      0);
	CHECK(th_add_target(&set, "web", "5.6.7.0/24", SAMPLE_ALL, "tcp:80") ==
	      0);
	th_add_control(&set, A(9, 9, 9, 9));
	method_list_parse(METHOD_DEFAULT, "m", &defaults, NULL);
	rng_seed(&rng, 1);
	CHECK(plan_build(&plan, &set, NULL, &defaults, SAMPLE_AUTO, NULL,
			 &rng, 2, NULL) == 0);
	st = &plan.tg[0].st;
	mi = method_list_find(&plan.methods, &icmp);
	m80 = method_list_find(&plan.methods, &t80);
	m443 = method_list_find(&plan.methods, &t443);
	CHECK(mi >= 0 && m80 >= 0 && m443 >= 0);

	/* Credited once, then a duplicate. */
	probe(p, &icmp, A(175, 45, 176, 10), 2, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	ri = plan_find(&plan, A(175, 45, 176, 10));
	CHECK(ri >= 0 && plan.rec[ri].ok == (1u << mi));
	CHECK(st->replies == 1 && st->method_resp[mi] == 1);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_DUPLICATE);
	CHECK(st->duplicate == 1 && st->replies == 1);

	/* One flipped cookie bit. */
	probe(p, &icmp, A(175, 45, 176, 11), 2, 0);
	len = answer_echo(p, b);
	b[27] ^= 0x01;
	tp_fix_icmp(b + 20, len - 20);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);
	CHECK_EQ(st->invalid, 1);
	CHECK_EQ(plan.rec[plan_find(&plan, A(175, 45, 176, 11))].ok, 0);
	/* Another address's cookie is just as invalid. */
	probe(p, &icmp, A(175, 45, 176, 12), 2, 0);
	tp_put32(p + 16, A(175, 45, 176, 13));
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);
	CHECK_EQ(st->invalid, 2);

	/* The previous round's cookie: late (any of its waves). */
	probe(p, &icmp, A(175, 45, 176, 14), 1, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_LATE);
	CHECK_EQ(st->late, 1);
	CHECK_EQ(plan.rec[plan_find(&plan, A(175, 45, 176, 14))].ok, 0);
	probe(p, &icmp, A(175, 45, 176, 15), 1, 1);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID); /* prev_waves 1 */

	/* From outside every target and every control. */
	probe(p, &icmp, A(8, 8, 4, 4), 2, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_STRAY);
	CHECK_EQ(plan.stray, 1);

	/* SYN-ACK and RST: live answers, counted per method. */
	probe(p, &t80, A(175, 45, 176, 20), 2, 0);
	len = answer_tcp(p, b, TP_SYN | TP_ACK);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	CHECK_EQ(st->method_count[m80][method_counter(&t80, "synack")], 1);
	probe(p, &t443, A(175, 45, 176, 21), 2, 0);
	len = answer_tcp(p, b, TP_RST | TP_ACK);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	CHECK_EQ(st->method_count[m443][method_counter(&t443, "rst")], 1);
	CHECK_EQ(st->replies, 3);
	len = answer_tcp(p, b, TP_RST | TP_ACK);
	tp_put32(b + 28, tp_get32(b + 28) + 1); /* acks one too many */
	tp_fix_tcp(b, len);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);

	/* An ICMP error quoting our probe: evidence, recorded. */
	probe(p, &icmp, A(175, 45, 177, 1), 2, 0);
	len = answer_error(p, b, 3, 0);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_ERROR);
	CHECK_EQ(st->icmp_errors, 1);
	CHECK_EQ(st->n_unreach, 1);
	CHECK(st->n_unreach == 1 && st->unreach[0].router == ROUTER &&
	      st->unreach[0].type == 3 && st->unreach[0].code == 0 &&
	      st->unreach[0].count == 1);
	ri = plan_find(&plan, A(175, 45, 177, 1));
	CHECK(plan.rec[ri].err == (1u << mi) && plan.rec[ri].ok == 0);
	CHECK(plan.rec[ri].err_type == 3 && plan.rec[ri].err_code == 0);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_DUPLICATE);
	CHECK_EQ(st->icmp_errors, 1);
	/* A live answer outranks the error; nothing outranks it. */
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	len = answer_error(p, b, 3, 1);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_DUPLICATE);
	/* Host unreachable quoting a SYN. */
	probe(p, &t80, A(175, 45, 177, 2), 2, 0);
	len = answer_error(p, b, 3, 1);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_ERROR);
	CHECK(st->n_unreach == 2 && st->unreach[1].code == 1);

	/* Waves: a wave-1 cookie counts only once wave 1 went out. */
	probe(p, &icmp, A(175, 45, 176, 30), 2, 1);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);
	CHECK_EQ(match(&plan, b, len, 2, 0), MATCH_CREDIT);

	/* RTT from the send time of the wave that was answered. */
	ri = plan_find(&plan, A(175, 45, 176, 40));
	plan_mark_sent(&plan, (size_t)ri, (unsigned)mi, 0, 1000000000);
	probe(p, &icmp, A(175, 45, 176, 40), 2, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 1005000000), MATCH_CREDIT);
	CHECK(st->n_rtt == 1 && st->rtt_ms[0] > 4.999 && st->rtt_ms[0] < 5.001);

	/* A target answers only for its own methods. */
	probe(p, &icmp, A(5, 6, 7, 1), 2, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);
	CHECK_EQ(plan.tg[1].st.invalid, 1);
	probe(p, &t80, A(5, 6, 7, 1), 2, 0);
	len = answer_tcp(p, b, TP_SYN | TP_ACK);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	CHECK_EQ(plan.tg[1].st.replies, 1);

	/* The controls answer like a target, counted as controls. */
	probe(p, &icmp, A(9, 9, 9, 9), 2, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_CREDIT);
	CHECK_EQ(plan.tg[2].st.replies, 1);
	CHECK(plan.tg[2].control);

	CHECK_EQ(st->replies, 6);
	CHECK_EQ(st->late, 1);
	CHECK_EQ(st->invalid, 5);
	plan_free(&plan);

	/* Round 1 has no previous round: an old cookie is invalid. */
	CHECK(plan_build(&plan, &set, NULL, &defaults, SAMPLE_AUTO, NULL,
			 &rng, 1, NULL) == 0);
	probe(p, &icmp, A(175, 45, 176, 14), 0, 0);
	len = answer_echo(p, b);
	CHECK_EQ(match(&plan, b, len, 1, 0), MATCH_INVALID);
	plan_free(&plan);
	target_set_free(&set);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(key.k); i++)
		key.k[i] = (uint8_t)(0x5a ^ (i * 29));
	test_match();
	return test_report("test_matcher");
}

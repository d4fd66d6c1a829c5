/*
 * test_vocab.c - the verdicts' words (vocab.c): every name of every table
 * parses back to its value, names no table holds parse as -1, the
 * instability object's keys and rounding, and the one duration formatter
 * in both styles: the event lines' short one and the report's exact one.
 */
#include "blackout/verdict/vocab.h"

#include <math.h>

#include "testhelp.h"

static void
test_states(void)
{
	int s;

	TEST("states");
	CHECK_STREQ(state_name(STATE_UP), "up");
	CHECK_STREQ(state_name(STATE_PARTIAL), "partial");
	CHECK_STREQ(state_name(STATE_DOWN), "down");
	CHECK_STREQ(state_name(STATE_UNKNOWN), "unknown");
	CHECK_STREQ(state_name((enum target_state)4), "unknown");
	for (s = STATE_UP; s <= STATE_UNKNOWN; s++)
		CHECK_EQ(state_from_name(state_name((enum target_state)s)), s);
	CHECK(state_from_name("total") == -1);
	CHECK(state_from_name("Up") == -1);
	CHECK(state_from_name("") == -1);
	CHECK(state_from_name(NULL) == -1);
}

static void
test_scopes(void)
{
	TEST("scopes");
	CHECK_STREQ(scope_name(STATE_DOWN), "total");
	CHECK_STREQ(scope_name(STATE_PARTIAL), "partial");
	CHECK_STREQ(scope_name(STATE_UNKNOWN), "partial");
	CHECK_EQ(scope_from_name(scope_name(STATE_DOWN)), STATE_DOWN);
	CHECK_EQ(scope_from_name(scope_name(STATE_PARTIAL)), STATE_PARTIAL);
	CHECK(scope_from_name("down") == -1);
	CHECK(scope_from_name(NULL) == -1);
}

static void
test_block_modes(void)
{
	int m;

	TEST("block modes");
	CHECK_STREQ(block_mode_name(MODE_CENSUS), "census");
	CHECK_STREQ(block_mode_name(MODE_ADAPTIVE), "adaptive");
	CHECK_STREQ(block_mode_name(MODE_SPARSE), "sparse");
	CHECK_STREQ(block_mode_name(MODE_EMPTY), "empty");
	CHECK_STREQ(block_mode_name((enum block_mode)4), "unknown");
	for (m = MODE_CENSUS; m <= MODE_EMPTY; m++)
		CHECK_EQ(block_mode_from_name(
				 block_mode_name((enum block_mode)m)),
			 m);
	CHECK(block_mode_from_name("unknown") == -1);
	CHECK(block_mode_from_name(NULL) == -1);
}

static void
test_vantages(void)
{
	int v;

	TEST("vantages");
	CHECK_STREQ(vantage_name(VANTAGE_UP), "up");
	CHECK_STREQ(vantage_name(VANTAGE_DOWN), "down");
	CHECK_STREQ(vantage_name(VANTAGE_UNKNOWN), "unknown");
	CHECK_STREQ(vantage_name((enum vantage_state)3), "unknown");
	for (v = VANTAGE_UNKNOWN; v <= VANTAGE_DOWN; v++)
		CHECK_EQ(vantage_from_name(vantage_name((enum vantage_state)v)),
			 v);
	CHECK(vantage_from_name("partial") == -1);
	CHECK(vantage_from_name(NULL) == -1);
}

static void
test_events(void)
{
	int k;

	TEST("events");
	CHECK_STREQ(event_name(EVENT_NONE), "none");
	CHECK_STREQ(event_name(EVENT_OUTAGE_START), "outage-start");
	CHECK_STREQ(event_name(EVENT_OUTAGE_END), "outage-end");
	CHECK_STREQ(event_name(EVENT_STATE_CHANGE), "state-change");
	CHECK_STREQ(event_name((enum event_kind)4), "none");
	for (k = EVENT_NONE; k <= EVENT_STATE_CHANGE; k++)
		CHECK_EQ(event_from_name(event_name((enum event_kind)k)), k);
	CHECK(event_from_name("outage") == -1);
	CHECK(event_from_name(NULL) == -1);
}

static void
test_instability(void)
{
	struct instability in = { 24, 3, 7, true, 0.123456, 0.05 };
	json_t *o = instability_json(&in);

	TEST("instability");
	CHECK_EQ(json_object_size(o), 5);
	CHECK_EQ(json_integer_value(json_object_get(o, "window")), 24);
	CHECK_EQ(json_integer_value(json_object_get(o, "state_changes")), 3);
	CHECK_EQ(json_integer_value(json_object_get(o, "block_changes")), 7);
	CHECK(json_real_value(json_object_get(o, "rate_mean")) == 0.1235);
	CHECK(json_real_value(json_object_get(o, "rate_sd")) == 0.05);
	json_decref(o);
	in.has_rate = false;
	o = instability_json(&in);
	CHECK(json_is_null(json_object_get(o, "rate_mean")));
	CHECK(json_is_null(json_object_get(o, "rate_sd")));
	json_decref(o);
}

/* The event lines' style: the largest unit and the next when not zero. */
static void
test_duration_short(void)
{
	char buf[32];

	TEST("duration short");
	CHECK_STREQ(format_duration(34260, DURATION_SHORT, buf, sizeof(buf)),
		    "9h31m");
	CHECK_STREQ(format_duration(59, DURATION_SHORT, buf, sizeof(buf)),
		    "59s");
	CHECK_STREQ(format_duration(61, DURATION_SHORT, buf, sizeof(buf)),
		    "1m1s");
	CHECK_STREQ(format_duration(60, DURATION_SHORT, buf, sizeof(buf)),
		    "1m");
	CHECK_STREQ(format_duration(3600, DURATION_SHORT, buf, sizeof(buf)),
		    "1h");
	CHECK_STREQ(format_duration(3660, DURATION_SHORT, buf, sizeof(buf)),
		    "1h1m");
	CHECK_STREQ(format_duration(3601, DURATION_SHORT, buf, sizeof(buf)),
		    "1h"); /* two units */
	CHECK_STREQ(format_duration(0, DURATION_SHORT, buf, sizeof(buf)), "0s");
	CHECK_STREQ(format_duration(90061, DURATION_SHORT, buf, sizeof(buf)),
		    "1d1h");
	CHECK_STREQ(format_duration(86400, DURATION_SHORT, buf, sizeof(buf)),
		    "1d");
	CHECK_STREQ(format_duration(86460, DURATION_SHORT, buf, sizeof(buf)),
		    "1d"); /* 1d0h */
	CHECK_STREQ(format_duration(312, DURATION_SHORT, buf, sizeof(buf)),
		    "5m12s");
	CHECK_STREQ(format_duration(34, DURATION_SHORT, buf, sizeof(buf)),
		    "34s");
	/* The event line rounds to whole seconds, as for its duration_s. */
	CHECK_STREQ(format_duration(llround(59.6), DURATION_SHORT, buf,
				    sizeof(buf)),
		    "1m");
	CHECK_STREQ(format_duration(llround(0.4), DURATION_SHORT, buf,
				    sizeof(buf)),
		    "0s");
	CHECK_STREQ(format_duration(40 * 86400 + 23 * 3600, DURATION_SHORT, buf,
				    sizeof(buf)),
		    "40d23h");
	CHECK_STREQ(format_duration(-3700, DURATION_SHORT, buf, sizeof(buf)),
		    "-1h-1m");
	/* Truncated, not overrun. */
	buf[5] = 'X';
	format_duration(34260, DURATION_SHORT, buf, 3);
	CHECK_STREQ(buf, "9h");
	CHECK(buf[5] == 'X');
}

/* The report's style: every unit that is not zero. */
static void
test_duration_exact(void)
{
	char buf[32];

	TEST("duration exact");
	CHECK_STREQ(format_duration(0, DURATION_EXACT, buf, sizeof(buf)), "0s");
	CHECK_STREQ(format_duration(34260, DURATION_EXACT, buf, sizeof(buf)),
		    "9h31m");
	CHECK_STREQ(format_duration(34261, DURATION_EXACT, buf, sizeof(buf)),
		    "9h31m1s");
	CHECK_STREQ(format_duration(90061, DURATION_EXACT, buf, sizeof(buf)),
		    "1d1h1m1s");
	CHECK_STREQ(format_duration(86400, DURATION_EXACT, buf, sizeof(buf)),
		    "1d");
	CHECK_STREQ(format_duration(86460, DURATION_EXACT, buf, sizeof(buf)),
		    "1d1m");
	CHECK_STREQ(format_duration(-5, DURATION_EXACT, buf, sizeof(buf)),
		    "0s");
	CHECK_STREQ(format_duration(INT64_MAX, DURATION_EXACT, buf,
				    sizeof(buf)),
		    "106751991167300d15h30m7s");
	buf[7] = 'X';
	format_duration(90061, DURATION_EXACT, buf, 6);
	CHECK_STREQ(buf, "1d1h1");
	CHECK(buf[7] == 'X');
}

int
main(void)
{
	test_states();
	test_scopes();
	test_block_modes();
	test_vantages();
	test_events();
	test_instability();
	test_duration_short();
	test_duration_exact();
	return test_report("test_vocab");
}

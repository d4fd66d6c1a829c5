/*
 * instability.c - the report's instability figures: the window's, by UTC
 * day, and the 24 hours before each total outage, as text rows and as
 * JSON (see instability.h).
 */
#include "blackout/report/instability.h"

#include <stdio.h>

#include "blackout/util.h"
#include "blackout/verdict/vocab.h"

/*
 * By UTC day, when the window has more than one: its rounds, state
 * changes, /24 flips and answer rate, so that a build-up stands out
 * against a quiet day.
 */
void
instability_print_days(const struct summary *s)
{
	char day[32];
	size_t i;

	if (s->n_days < 2)
		return;
	printf("  by UTC day    day         rounds  changes  /24 flips  "
	       "answer rate\n");
	for (i = 0; i < s->n_days; i++) {
		const struct summary_day *d = &s->days[i];

		format_rfc3339(d->day * 1000000000LL, day, sizeof(day));
		day[10] = '\0';
		printf("                %s  %6u  %7u  %9u  ", day, d->rounds,
		       d->state_changes, d->block_changes);
		if (d->rate >= 0)
			printf("%11.2f\n", d->rate);
		else
			printf("%11s\n", "-");
	}
}

void
instability_print_window(const struct summary *s)
{
	const struct logfile_round *last = summary_last(s);

	printf("  instability   %u state change%s, %u /24 flip%s in these "
	       "rounds",
	       s->state_changes, s->state_changes == 1 ? "" : "s",
	       s->block_changes, s->block_changes == 1 ? "" : "s");
	if (last != NULL && last->has_instab) {
		const struct instability *in = &last->instab;

		printf("; last %u rounds: %u state change%s, %u /24 flip%s",
		       in->window, in->state_changes,
		       in->state_changes == 1 ? "" : "s", in->block_changes,
		       in->block_changes == 1 ? "" : "s");
		if (in->has_rate)
			printf(", answer rate %.2f sd %.2f", in->rate_mean,
			       in->rate_sd);
	}
	putchar('\n');
}

/*
 * Under a total outage, the 24 hours before it (when the window has
 * rounds then): the build-up of instability Dyn saw before North Korea's,
 * to set against the quiet days of the by-day table.
 */
void
instability_print_before(const struct summary *s,
			 const struct summary_outage *o)
{
	struct summary_day d;

	if (o->scope != STATE_DOWN)
		return;
	summary_span(s, o->start - 86400, o->start, &d);
	if (d.rounds < 2)
		return;
	printf("      the 24 h before: %u rounds, %u state change%s, %u /24 "
	       "flip%s",
	       d.rounds, d.state_changes, d.state_changes == 1 ? "" : "s",
	       d.block_changes, d.block_changes == 1 ? "" : "s");
	if (d.rate >= 0)
		printf(", answer rate %.2f", d.rate);
	putchar('\n');
}

/* A day's (or a span's) figures as a JSON object, with day when set. */
static json_t *
day_json(const struct summary_day *d, bool with_day)
{
	json_t *j = json_object();
	char day[32];

	if (with_day) {
		format_rfc3339(d->day * 1000000000LL, day, sizeof(day));
		day[10] = '\0';
		json_object_set_new(j, "day", json_string(day));
	}
	json_object_set_new(j, "rounds", json_integer(d->rounds));
	json_object_set_new(j, "state_changes", json_integer(d->state_changes));
	json_object_set_new(j, "block_changes", json_integer(d->block_changes));
	json_object_set_new(j, "answer_rate",
			    d->rate >= 0 ? json_rounded(d->rate, 4)
					 : json_null());
	return j;
}

json_t *
instability_days_json(const struct summary *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n_days; i++)
		json_array_append_new(a, day_json(&s->days[i], true));
	return a;
}

json_t *
instability_before_json(const struct summary *s, const struct summary_outage *o)
{
	struct summary_day d;

	if (o->scope != STATE_DOWN)
		return json_null();
	summary_span(s, o->start - 86400, o->start, &d);
	if (d.rounds < 2)
		return json_null();
	return day_json(&d, false);
}

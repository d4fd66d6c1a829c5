/*
 * progress.c - the live status line on a terminal (see progress.h).
 */
#include "blackout/probe/progress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "blackout/util.h"

#define GRACE_NS 1000000000LL /* a round must take a second to show it */
#define EVERY_NS 250000000LL  /* at most four redraws a second */

struct progress {
	const struct clock *clock;
	int fd;
	bool enabled, showing;
	int64_t round_start, last_draw;
	uint64_t last_sent;
};

struct progress *
progress_new(int fd, bool enabled, const struct clock *clock)
{
	struct progress *pg = xcalloc(1, sizeof(*pg));

	pg->clock = clock;
	pg->fd = fd;
	pg->enabled = enabled;
	return pg;
}

void
progress_round(struct progress *pg)
{
	if (pg == NULL)
		return;
	pg->round_start = clock_mono(pg->clock);
	pg->last_draw = pg->round_start;
	pg->last_sent = 0;
}

/* A terminal that refuses a write is simply not updated. */
static void
put(int fd, const char *buf, size_t len)
{
	(void)write_full(fd, buf, len);
}

void
progress_update(struct progress *pg, const struct progress_info *in)
{
	int64_t now;
	double pps, left;
	char line[160];
	int len;

	if (pg == NULL || !pg->enabled)
		return;
	now = clock_mono(pg->clock);
	if (now - pg->round_start < GRACE_NS || now - pg->last_draw < EVERY_NS)
		return;
	pps = (double)(in->sent - pg->last_sent) * 1e9 /
	      (double)(now - pg->last_draw);
	/* What is left to send at the rate we see, plus one timeout. */
	left = (pps > 0 ? (double)(in->planned - in->sent) / pps : 0) +
	       in->timeout_s;
	len = snprintf(
		line, sizeof(line),
		"\r\033[Kblackout: round %u wave %u:"
		" %llu/%llu probes sent, %llu replies, %.0f pps, ~%.0f s left",
		in->round, in->wave + 1, (unsigned long long)in->sent,
		(unsigned long long)in->planned,
		(unsigned long long)in->replies, pps, left);
	put(pg->fd, line, (size_t)len);
	pg->showing = true;
	pg->last_draw = now;
	pg->last_sent = in->sent;
}

void
progress_clear(struct progress *pg)
{
	if (pg == NULL || !pg->showing)
		return;
	put(pg->fd, "\r\033[K", 4);
	pg->showing = false;
}

void
progress_free(struct progress *pg)
{
	progress_clear(pg);
	free(pg);
}

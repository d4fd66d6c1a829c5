/*
 * progress.h - the live status line for people at a terminal.
 *
 * One line on stderr, redrawn in place (carriage return, erase to end of
 * line) at most a few times a second, like zmap's: probes sent of those
 * planned so far, replies, the send rate, the wave and the time left. It
 * appears only once a round has run for a second, only when stderr is a
 * terminal, and it is erased when the round ends, so the round lines on
 * stdout and whatever follows on stderr are never mixed with it. Under
 * cron, in a pipe to a file, or with --quiet, it is never written.
 */
#ifndef BLACKOUT_PROGRESS_H
#define BLACKOUT_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "blackout/clock.h"

struct progress;

/* What the line shows. */
struct progress_info {
	uint32_t round;
	unsigned wave;
	uint64_t sent, planned; /* probes this round: sent, planned so far */
	uint64_t replies;	/* answers (and ICMP errors) this round */
	double rate;		/* the configured rate, 0 = unlimited */
	double timeout_s;
};

/*
 * A progress line on fd when `enabled` (the caller decides: a terminal,
 * not --quiet), timed by clock (which must outlive it). Returns a handle;
 * a disabled one does nothing.
 */
struct progress *progress_new(int fd, bool enabled, const struct clock *clock);

/* A round begins now: the one-second grace period starts over. */
void progress_round(struct progress *pg);

/* Redraws the line if it is due (at most every 250 ms, after 1 s). */
void progress_update(struct progress *pg, const struct progress_info *in);

/* Erases the line if one is showing. */
void progress_clear(struct progress *pg);

void progress_free(struct progress *pg);

#endif /* BLACKOUT_PROGRESS_H */

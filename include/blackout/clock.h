/*
 * clock.h - where a run's time comes from: an interface.
 *
 * Every module that reads the time or waits (the prober's waves, the rate
 * limiter, the receiver, the progress line, the round loop, the state
 * file's stamp) takes it from the clock in its context, never from the
 * system directly. A live run uses the system clock; `blackout simulate`
 * uses a simulated one, whose waits advance its time instead of sleeping,
 * so a week of rounds replays in seconds and byte for byte the same.
 *
 * Two readings: monotonic time, for intervals and deadlines, and wall-clock
 * time (nanoseconds since the epoch), for what lines and records say.
 */
#ifndef BLACKOUT_CLOCK_H
#define BLACKOUT_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct clock_ops {
	const char *name;
	int64_t (*mono_ns)(void *ctx); /* monotonic now */
	int64_t (*real_ns)(void *ctx); /* wall-clock now */
	/*
	 * Returns once the monotonic time reaches until_ns, or earlier when
	 * a signal arrives (the caller checks again).
	 */
	void (*sleep_until)(void *ctx, int64_t until_ns);
	/* sleep_until returns exactly at until_ns, never late: nothing
	 * needs to spin for the last microseconds (a simulated clock). */
	bool exact;
};

struct clock {
	const struct clock_ops *ops;
	void *ctx;
};

/* The system's clocks: CLOCK_MONOTONIC, CLOCK_REALTIME and nanosleep. */
extern const struct clock clock_system;

static inline int64_t
clock_mono(const struct clock *c)
{
	return c->ops->mono_ns(c->ctx);
}

static inline int64_t
clock_real(const struct clock *c)
{
	return c->ops->real_ns(c->ctx);
}

static inline void
clock_sleep_until(const struct clock *c, int64_t until_ns)
{
	c->ops->sleep_until(c->ctx, until_ns);
}

#endif /* BLACKOUT_CLOCK_H */

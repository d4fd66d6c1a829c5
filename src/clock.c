/*
 * clock.c - the system clock behind the clock interface (see clock.h).
 */
#include "blackout/clock.h"

#include "blackout/util.h"

static int64_t
system_mono(void *ctx)
{
	(void)ctx;
	return clock_mono_ns();
}

static int64_t
system_real(void *ctx)
{
	(void)ctx;
	return clock_real_ns();
}

static void
system_sleep_until(void *ctx, int64_t until_ns)
{
	(void)ctx;
	sleep_ns(until_ns - clock_mono_ns());
}

static const struct clock_ops system_ops = {
	.name = "system",
	.mono_ns = system_mono,
	.real_ns = system_real,
	.sleep_until = system_sleep_until,
	.exact = false,
};

const struct clock clock_system = { &system_ops, NULL };

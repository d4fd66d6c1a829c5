/*
 * sender.h - where finished probes go: a replaceable backend.
 *
 * The raw backend writes each IPv4 packet to a raw socket (IP_HDRINCL), so
 * the kernel routes it; the dry-run backend writes a "probe" JSON line
 * instead and needs no privilege. Both see the same probe descriptions, so
 * everything before the sender is exercised identically in a dry run.
 *
 * Probes go out in batches: the raw backend hands a whole batch to the
 * kernel with one sendmmsg(2), which is what makes high rates affordable;
 * the dry-run backend simply loops.
 */
#ifndef BLACKOUT_SENDER_H
#define BLACKOUT_SENDER_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/cookie.h"
#include "blackout/method.h"
#include "blackout/output.h"
#include "blackout/util.h"

struct probe_desc {
	uint32_t dst;
	const struct method *method;
	const char *target;
	uint32_t round;
	unsigned wave;
	struct cookie cookie;
	const uint8_t *pkt; /* the finished IPv4 packet */
	size_t len;
};

#define SENDER_BATCH_MAX 256 /* probes one send_batch call may carry */

struct sender_ops {
	const char *name;
	/* Sends one probe. Returns 0, or -1 with errno set. */
	int (*send)(void *ctx, const struct probe_desc *p);
	/*
	 * Sends p[0..n), n <= SENDER_BATCH_MAX, in order. Returns how many of
	 * the first went out; when that is less than n, p[return value]
	 * failed and errno says why (the caller decides whether to go on
	 * with the rest).
	 */
	size_t (*send_batch)(void *ctx, const struct probe_desc *p, size_t n);
	void (*close)(void *ctx);
};

struct sender {
	const struct sender_ops *ops;
	void *ctx;
};

/*
 * Opens the raw IPv4 socket (needs CAP_NET_RAW), bound to iface when given.
 * Returns 0, or -1 with err (77 without privilege, 69 for a bad interface).
 */
int sender_open_raw(struct sender *s, const char *iface, struct bo_error *err);

/* A sender that writes probe lines to out and sends nothing. */
void sender_open_dry(struct sender *s, struct output *out);

static inline int
sender_send(struct sender *s, const struct probe_desc *p)
{
	return s->ops->send(s->ctx, p);
}

/* See sender_ops.send_batch. */
static inline size_t
sender_send_batch(struct sender *s, const struct probe_desc *p, size_t n)
{
	return s->ops->send_batch(s->ctx, p, n);
}

void sender_close(struct sender *s);

#endif /* BLACKOUT_SENDER_H */

/*
 * sender.h - where finished probes go: a replaceable backend.
 *
 * The raw backend writes each IPv4 packet to a raw socket (IP_HDRINCL), so
 * the kernel routes it; the dry-run backend writes a "probe" JSON line
 * instead and needs no privilege. Both see the same probe descriptions, so
 * everything before the sender is exercised identically in a dry run.
 *
 * Probes go out in batches: the raw backend hands a whole batch to the
 * kernel with one sendmmsg(2) per chunk, on as many CPUs as it has, which
 * is what makes high rates affordable; the dry-run backend simply loops.
 * A batch is started and later finished, so the caller can match replies
 * and build the next batch while helper threads send this one.
 */
#ifndef BLACKOUT_SENDER_H
#define BLACKOUT_SENDER_H

#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/cookie.h"
#include "blackout/probe/method.h"
#include "blackout/probe/nexthop.h"
#include "blackout/probe/targets.h"
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

#define SENDER_BATCH_MAX 1024 /* probes one send_batch call may carry */

struct sender_ops {
	const char *name;
	/*
	 * Starts sending p[0..n), n <= SENDER_BATCH_MAX, every one of them
	 * even when some fail; err[i] will receive 0 when p[i] went out, else
	 * its errno. A backend may return before all are sent (its helpers
	 * go on sending): p, the packets and err stay the backend's, untouched
	 * by the caller, until send_finish.
	 */
	void (*send_start)(void *ctx, const struct probe_desc *p, size_t n,
			   int *err);
	/* Completes the batch send_start began; returns how many went out. */
	size_t (*send_finish)(void *ctx);
	void (*close)(void *ctx);
};

struct sender {
	const struct sender_ops *ops;
	void *ctx;
};

/*
 * Opens the raw IPv4 socket (needs CAP_NET_RAW), bound to iface when given,
 * and one more with a helper thread for each further CPU (at most 3), for
 * large batches. Returns 0, or -1 with err (77 without privilege, 69 for a
 * bad interface).
 */
int sender_open_raw(struct sender *s, const char *iface, struct bo_error *err);

/*
 * Turns the raw sender s (from sender_open_raw, before its first batch)
 * into the link fast path: each lane's socket becomes an AF_PACKET one
 * that hands the finished IPv4 packets to nh's interface, addressed to
 * the gateway's link address, skipping the kernel's routing of each
 * probe. Only for a run nexthop_find() approved: every probe would have
 * gone to that gateway anyway. Needs CAP_NET_RAW. Returns 0, or -1 with
 * err, leaving s as it was.
 */
int sender_use_link(struct sender *s, const struct nexthop *nh,
		    struct bo_error *err);

/*
 * With iface (--interface), takes the link fast path when nexthop_find()
 * approves the run's targets and controls; otherwise, or when the
 * AF_PACKET sockets cannot be had, s keeps sending through the routing
 * table, as without iface. Call while privileged, before the first batch.
 */
void sender_try_link(struct sender *s, const struct target_set *set,
		     const char *iface);

/* A sender that writes probe lines to out and sends nothing. */
void sender_open_dry(struct sender *s, struct output *out);

/* See sender_ops.send_start. */
static inline void
sender_send_start(struct sender *s, const struct probe_desc *p, size_t n,
		  int *err)
{
	s->ops->send_start(s->ctx, p, n, err);
}

/* See sender_ops.send_finish. */
static inline size_t
sender_send_finish(struct sender *s)
{
	return s->ops->send_finish(s->ctx);
}

void sender_close(struct sender *s);

#endif /* BLACKOUT_SENDER_H */

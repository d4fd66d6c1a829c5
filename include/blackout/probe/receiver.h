/*
 * receiver.h - capturing replies with libpcap on a thread of their own.
 *
 * The capture thread does the cheap part only: it reads packets, strips the
 * link header, parses them with reply_parse() and queues the parsed records
 * in a bounded lock-free ring. The prober drains the ring on its own
 * thread, so no probe state is shared between threads. A full ring drops
 * and counts; so does the kernel when libpcap's buffer overflows
 * (pcap_drops). Both are sized from the probe rate.
 *
 * Three backends share this interface: a live capture (needs CAP_NET_RAW),
 * a pcap file (tests replay recorded or crafted traffic without root), and
 * a packet source the prober's own thread pulls from (the simulated
 * network of `blackout simulate`: no thread, no pcap, no privilege). All
 * three parse every packet with reply_parse() and count it the same way.
 * Deadlines are monotonic times of the clock the receiver was opened with.
 */
#ifndef BLACKOUT_RECEIVER_H
#define BLACKOUT_RECEIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/clock.h"
#include "blackout/probe/reply.h"
#include "blackout/util.h"

struct receiver;

struct receiver_stats {
	uint64_t captured; /* packets the filter passed to us */
	uint64_t queued;   /* parsed replies handed to the prober */
	uint64_t rejected; /* malformed, truncated, bad checksum, ... */
	uint64_t rejected_truncated; /* shorter than its headers say */
	uint64_t rejected_malformed; /* bad header field, or a fragment */
	uint64_t rejected_checksum;
	uint64_t queue_drops;	/* ring full */
	uint64_t pcap_received; /* pcap_stats ps_recv */
	uint64_t pcap_drops;	/* pcap_stats ps_drop + ps_ifdrop */
	int eof;		/* a file backend reached its end */
};

/*
 * Opens a live capture on iface for replies addressed to local (host
 * order). rate (probes per second, 0 = unlimited) sizes the ring (half a
 * second of replies) and the kernel's capture buffer (a quarter second).
 * Returns a receiver, or NULL with err (77 without privilege, 69 when the
 * interface is unusable).
 */
struct receiver *receiver_open_live(const char *iface, uint32_t local,
				    double rate, const struct clock *clock,
				    struct bo_error *err);

/*
 * Opens the pcap savefile at path (any link type the live capture knows:
 * Ethernet, Linux cooked, raw IPv4, BSD loopback) to replay through the
 * same parsing and counters as a live capture, without privilege and
 * without a filter: every packet in the file is parsed. Once started, the
 * thread reads the file as fast as the ring takes it (a file of more than
 * a ring's worth of replies, about a million, drops the rest unless the
 * caller drains as it goes); receiver_stats() then says eof, and
 * receiver_wait() no longer blocks. Replies carry the file's timestamps
 * (nanoseconds since the epoch), not the monotonic clock, and the kernel's
 * counters (pcap_received, pcap_drops) stay 0. Returns a receiver, or NULL
 * with err (66) when the file cannot be opened or read as a savefile.
 */
struct receiver *receiver_open_file(const char *path, const struct clock *clock,
				    struct bo_error *err);

/*
 * Where a pulled receiver's packets come from (the simulator's network).
 * Both calls are made on the caller's thread, from receiver_drain() and
 * receiver_wait().
 */
struct packet_source_ops {
	const char *name;
	/*
	 * The next packet that has arrived by the clock's now: points *pkt
	 * at its IPv4 bytes (no link header; valid until the next call) and
	 * sets *ts_ns to when it arrived (wall clock). Returns its length, or
	 * 0 when none has arrived yet.
	 */
	size_t (*next)(void *ctx, const uint8_t **pkt, int64_t *ts_ns);
	/*
	 * Returns once a packet has arrived or the monotonic time reaches
	 * deadline_ns, whichever comes first (a simulated network moves its
	 * clock there).
	 */
	void (*wait)(void *ctx, int64_t deadline_ns);
};

/*
 * A receiver that pulls from ops/ctx (both must outlive it) instead of
 * capturing: receiver_start() starts no thread, receiver_drain() parses
 * what has arrived, receiver_wait() waits through the source. Never fails.
 */
struct receiver *receiver_open_source(const struct packet_source_ops *ops,
				      void *ctx);

/* Starts the capture thread. Returns 0, or -1 with err. */
int receiver_start(struct receiver *r, struct bo_error *err);

/* Moves up to max queued replies into out. Returns how many. Never blocks. */
size_t receiver_drain(struct receiver *r, struct reply *out, size_t max);

/*
 * True when draining now is worth a pause in sending: the capture ring is
 * at least a quarter full (the rest absorbs what arrives meanwhile), or
 * the receiver is pulled, whose source hands over replies only when
 * drained. The wave loop sends at full speed and matches in between only
 * when this says so; the wait after the wave matches the rest.
 */
bool receiver_backlogged(struct receiver *r);

/*
 * Blocks until a reply is queued, the file ends, or the monotonic clock
 * reaches deadline_ns, whichever comes first.
 */
void receiver_wait(struct receiver *r, int64_t deadline_ns);

/* Copies the counters (cumulative since open). */
void receiver_stats(struct receiver *r, struct receiver_stats *out);

/* Stops the thread and closes the capture. Accepts NULL. */
void receiver_free(struct receiver *r);

#endif /* BLACKOUT_RECEIVER_H */

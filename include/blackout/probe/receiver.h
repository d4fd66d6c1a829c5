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
 * Two backends share this interface: a live capture (needs CAP_NET_RAW) and
 * a pcap file (tests replay recorded or crafted traffic without root).
 */
#ifndef BLACKOUT_RECEIVER_H
#define BLACKOUT_RECEIVER_H

#include <stddef.h>
#include <stdint.h>

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
				    double rate, struct bo_error *err);

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
struct receiver *receiver_open_file(const char *path, struct bo_error *err);

/* Starts the capture thread. Returns 0, or -1 with err. */
int receiver_start(struct receiver *r, struct bo_error *err);

/* Moves up to max queued replies into out. Returns how many. Never blocks. */
size_t receiver_drain(struct receiver *r, struct reply *out, size_t max);

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

/*
 * reply.h - parsing captured IPv4 packets into reply records.
 *
 * This is the one entry for bytes from the network, so it is pure (no
 * state, no allocation) and fuzzed. It checks lengths and header fields and
 * the IPv4 and ICMP checksums where the packet is complete, and hands the
 * layer-4 part to the parse ops of the probe methods (method.h), which check
 * their own; the fuzz target covers those too. It does not decide whether
 * a reply is ours (matcher.c does, with cookies).
 */
#ifndef BLACKOUT_REPLY_H
#define BLACKOUT_REPLY_H

#include <stddef.h>
#include <stdint.h>

enum reply_kind {
	REPLY_NONE = 0,
	REPLY_ECHO,	  /* ICMP echo reply */
	REPLY_SYNACK,	  /* TCP SYN+ACK */
	REPLY_RST,	  /* TCP RST (closed port: still a live host) */
	REPLY_ICMP_ERROR, /* destination unreachable / time exceeded */
};

/* Why a packet was not a reply (counted, never credited). */
enum reply_reject {
	REJECT_NONE = 0,
	REJECT_TRUNCATED,     /* shorter than its headers say */
	REJECT_MALFORMED,     /* bad version, header length, fragment */
	REJECT_CHECKSUM,      /* a checksum does not verify */
	REJECT_UNINTERESTING, /* a well-formed packet of no kind above */
};

/*
 * A parsed reply. Addresses in host order. For REPLY_ICMP_ERROR the probe
 * fields describe the quoted (original) packet: probe_dst is the address
 * we probed, and router is the outer source that reported the error.
 */
struct reply {
	enum reply_kind kind;
	uint32_t src;	     /* outer source: the responder, or the router */
	uint32_t dst;	     /* outer destination: us */
	uint32_t probe_dst;  /* the address the probe went to */
	uint8_t probe_proto; /* IP protocol of the probe */
	uint16_t echo_id, echo_seq;    /* echo fields (reply or quoted) */
	uint16_t tcp_sport, tcp_dport; /* as the probe had them */
	uint32_t tcp_seq;	       /* the probe's sequence number */
	uint8_t icmp_type, icmp_code;  /* for errors */
	uint8_t ttl;
	int64_t ts_ns; /* capture time, wall clock (as sends are stamped) */
};

/*
 * Parses the IPv4 packet in buf[0..len). Returns REJECT_NONE and fills r, or
 * the reason it is not a reply. For TCP, "as the probe had them" means the
 * reply's ports swapped and its ack minus one: what we sent.
 */
enum reply_reject reply_parse(const uint8_t *buf, size_t len, struct reply *r);

/* Short stable names for ICMP error codes. */
const char *reply_icmp_error_name(uint8_t type, uint8_t code);

#endif /* BLACKOUT_REPLY_H */

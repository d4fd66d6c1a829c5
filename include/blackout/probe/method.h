/*
 * method.h - probe methods: ICMP echo and TCP SYN to a port.
 *
 * A method list is a small value (at most METHOD_MAX entries) parsed from
 * "icmp,tcp:80,tcp:443". What a method does lives in one const table of
 * operations per kind (zmap's probe_module): src/probe/method_icmp.c and
 * src/probe/method_tcp.c, collected in method.c's table. Everything else
 * (packet.c, reply.c, matcher.c, output.c, the senders, the capture filter)
 * asks the ops and never branches on the kind, so adding a method is one
 * new file plus its kind and extern here and its entry in the table; the
 * UDP sketch below shows what else a method whose replies are of a new
 * kind touches.
 *
 * Invariants: kinds are never renumbered (a kind's value is hashed into
 * every cookie); names are unique; each ops fills every field below.
 *
 * What a UDP method ("udp:53": a datagram to a port) would add, and only
 * this:
 *   - src/probe/method_udp.c defining method_udp_ops, and the file in
 *     BLACKOUT_PROBE_SOURCES (CMakeLists.txt);
 *   - METHOD_UDP = 3 below, its extern beside the others, and
 *     &method_udp_ops in method.c's table;
 *   - two reply kinds in reply.h, REPLY_UDP (a datagram came back) and
 *     REPLY_PORT_UNREACH (the probed host itself said port unreachable):
 *     kinds are the vocabulary parser, matcher and counters share, not one
 *     method's;
 *   - blackout(8): udp:PORT under --methods, and its counters in OUTPUT
 *     (test_manpage.sh reads them from the method files and fails until
 *     they are documented).
 * Its ops would be:
 *   name "udp", has_port, ip_proto IPPROTO_UDP;
 *   filter "udp" (the ICMP errors that quote a probe are captured for
 *     every method already; this also lets in the host's other UDP, which
 *     fails the cookie check like any stray packet);
 *   build: libnet_build_udp() from port 1024 to m->port, with a payload
 *     that names the tool or a query the port's service answers (a DNS
 *     question for 53);
 *   template_checksum: source port zeroed, the UDP checksum computed over
 *     the pseudo-header and the rest;
 *   fill: c->tcp_sport (already 1024..65535) as source port, the checksum
 *     adjusted for it and the pseudo-header's destination as TCP's fill
 *     does (a result of zero sent as 0xffff, RFC 768);
 *   parse_reply: a UDP datagram, length and checksum checked (zero: none),
 *     kind REPLY_UDP, its ports swapped into tcp_sport/tcp_dport so they
 *     read as the probe had them;
 *   parse_quoted: the quoted UDP header's ports into tcp_sport/tcp_dport;
 *     a port unreachable (type 3, code 3) whose router is r->probe_dst
 *     itself becomes REPLY_PORT_UNREACH, a live answer; any other error
 *     stays REPLY_ICMP_ERROR;
 *   answers: probe_proto IPPROTO_UDP, m->port = r->tcp_dport;
 *   cookie_fits: tcp_sport == c->tcp_sport. A service echoes no payload
 *     and an ICMP error quotes only 8 bytes for certain, so the port is all
 *     there is: 16 bits, against ICMP's 32 and TCP's 48;
 *   counters "udp" and "port_unreachable", count mapping REPLY_UDP and
 *     REPLY_PORT_UNREACH to them;
 *   fields "sport" alone (fields[1] NULL), value c->tcp_sport.
 */
#ifndef BLACKOUT_METHOD_H
#define BLACKOUT_METHOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/probe/reply.h"
#include "blackout/util.h"

#define METHOD_MAX 16
#define METHOD_DEFAULT "icmp,tcp:80,tcp:443"
#define METHOD_COUNTERS_MAX 4 /* counters of its own a method may keep */
#define METHOD_FIELDS_MAX 2   /* cookie fields a dry-run probe line shows */

enum method_kind {
	METHOD_ICMP_ECHO = 1, /* method_icmp.c */
	METHOD_TCP_SYN = 2,   /* method_tcp.c */
};

struct method {
	enum method_kind kind;
	uint16_t port; /* destination port of a method that has one; else 0 */
};

struct method_list {
	size_t n;
	struct method m[METHOD_MAX];
};

struct cookie;
struct libnet_context;
struct packet_template;

/*
 * One method's behaviour. Packet offsets are from the start of the IPv4
 * header, which is PACKET_IP_HLEN bytes long in every probe (packet.h).
 */
struct method_ops {
	enum method_kind kind;
	const char *name; /* in method lists: "icmp", or "tcp" for "tcp:80" */
	bool has_port;	  /* spelled NAME:PORT, port 1 to 65535 */
	uint8_t ip_proto; /* IP protocol of its probes (and of its replies) */
	/* A pcap filter expression for its replies other than ICMP errors. */
	const char *filter;

	/*
	 * Builds m's layer-4 header and payload into libnet context l (the
	 * IPv4 header goes on top of it) and sets *l4len to their length.
	 * Returns 0, or -1 with libnet's error in l.
	 */
	int (*build)(struct libnet_context *l, const struct method *m,
		     uint32_t *l4len);
	/*
	 * Zeroes the template's per-probe layer-4 fields and computes its
	 * layer-4 checksum over the rest. The IPv4 header's identification
	 * and destination are already zero.
	 */
	void (*template_checksum)(struct packet_template *tpl);
	/*
	 * Writes cookie c into out, a copy of tpl whose IPv4 header already
	 * carries the probe's destination, and adjusts the layer-4 checksum
	 * for the words that changed, the pseudo-header's included (RFC 1624).
	 */
	void (*fill)(const struct packet_template *tpl, uint8_t *out,
		     const struct cookie *c);

	/*
	 * Parses l4[0..len), the payload of IPv4 packet ip with protocol
	 * ip_proto that is not an ICMP error. Sets r->kind and the probe
	 * fields as the probe had them. Returns REJECT_NONE, or why it is no
	 * reply to this method (REJECT_UNINTERESTING: not one of its kind).
	 * An ICMP payload arrives with its 8-byte header and checksum checked
	 * (reply.c needs both to tell errors apart); any other is unchecked.
	 */
	enum reply_reject (*parse_reply)(const uint8_t *ip, const uint8_t *l4,
					 size_t len, struct reply *r);
	/*
	 * Reads the probe fields from l4, the first 8 bytes of one of its
	 * probes' layer-4 header quoted in an ICMP error. Returns REJECT_NONE
	 * or REJECT_UNINTERESTING.
	 */
	enum reply_reject (*parse_quoted)(const uint8_t *l4, struct reply *r);
	/* When r answers a probe of this method: true, and *m is that one. */
	bool (*answers)(const struct reply *r, struct method *m);
	/* Whether the probe fields r echoes carry cookie c. */
	bool (*cookie_fits)(const struct reply *r, const struct cookie *c);

	/* Names of the counters it keeps per target (NULL-terminated). */
	const char *counters[METHOD_COUNTERS_MAX];
	/* The counter a live answer r adds to, or -1 for none. */
	int (*count)(const struct reply *r);

	/* Names of the cookie fields a dry-run probe line shows, in order. */
	const char *fields[METHOD_FIELDS_MAX];
	/* Their values for the probe that carries cookie c. */
	void (*field_values)(const struct cookie *c,
			     uint32_t values[METHOD_FIELDS_MAX]);
};

/* The table's entries (method_icmp.c, method_tcp.c); use method_ops(). */
extern const struct method_ops method_icmp_ops;
extern const struct method_ops method_tcp_ops;

/* The ops of kind, or NULL when no method has that kind. */
const struct method_ops *method_ops(enum method_kind kind);

/* The i-th entry of the table, for walking it; NULL past the last one. */
const struct method_ops *method_ops_nth(size_t i);

/* The ops whose name is name ("icmp", "tcp"), or NULL. */
const struct method_ops *method_ops_find(const char *name);

/*
 * Sets *m to the method and port of the probe that parsed reply r answers
 * (or, for an ICMP error, quotes). Returns false when no method claims it.
 */
bool method_of_reply(const struct reply *r, struct method *m);

/*
 * The index in m's counters of the counter called name, or -1 when its
 * method keeps none by that name.
 */
int method_counter(const struct method *m, const char *name);

/*
 * Writes into buf a pcap filter expression that matches every method's
 * replies and the ICMP errors any probe may draw. Returns 0, or -1 when
 * it does not fit in len bytes.
 */
int method_filter(char *buf, size_t len);

/*
 * Parses a comma-separated list ("icmp,tcp:80"). Duplicates are refused, as
 * are unknown names and ports outside 1..65535. Returns 0, or -1 with err
 * naming `what` (status 64 for an option, the caller adjusts for files).
 */
int method_list_parse(const char *text, const char *what,
		      struct method_list *out, struct bo_error *err);

/* Formats a method as "icmp" or "tcp:80" into buf (>= 10 bytes). */
char *method_format(const struct method *m, char *buf, size_t len);

bool method_equal(const struct method *a, const struct method *b);

/* Index of m in list, or -1. */
int method_list_find(const struct method_list *list, const struct method *m);

/* Adds m to list unless present. Returns its index, or -1 when full. */
int method_list_add(struct method_list *list, const struct method *m);

#endif /* BLACKOUT_METHOD_H */

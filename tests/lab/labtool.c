/*
 * labtool.c - the lab's target-side helper (tests only, never installed).
 *
 *   labtool listen PORT...
 *       accept TCP on PORT (0.0.0.0) until killed, so SYNs get SYN-ACKs.
 *   labtool forge KIND SRC DST COUNT [IFACE MAC]
 *       send COUNT crafted packets from SRC to DST. Well-formed kinds, with
 *       random (wrong) cookies: echo, synack, rst, and unreach (an ICMP net
 *       unreachable from SRC quoting a probe to SRC that was never sent:
 *       random ICMP id/seq or TCP port/seq, alternately). Hostile kinds,
 *       echo replies or SYN-ACKs broken one way each: trunc-ip (the IPv4
 *       total length claims 40 bytes more than there are), bad-ipsum,
 *       bad-icmpsum, bad-tcpsum, frag (an echo reply with "more fragments"
 *       set). Given IFACE and MAC (the receiver's Ethernet address), the
 *       packets leave as frames on IFACE through a packet socket, exactly
 *       as built; without them through a raw IPv4 socket, which repairs
 *       lengths and IPv4 checksums, so hostile kinds need IFACE and MAC.
 *   labtool replay PREFIX COUNT IFACE [GAP_MS]
 *       wait (at most 30 s) for the first echo reply from PREFIX leaving by
 *       IFACE that answers an echo request seen coming in, whole and with
 *       both checksums right (a genuine answer to a probe, not a forged
 *       one), and send that very frame COUNT times more. With GAP_MS,
 *       first wait (at most 60 s) until the probes coming in on IFACE
 *       pause for GAP_MS and then start again (the next round), and
 *       replay it then: a late answer.
 *   labtool txwatch IFACE MAXSEC IDLEMS
 *       watch IFACE's transmit counter every millisecond; once it has
 *       moved and then stood still IDLEMS (or after MAXSEC), print
 *       "PACKETS SECONDS": packets sent, and the time from the first to the
 *       last change (the bench measures every tool's send rate so).
 *
 * Run it inside the target namespace only, toward the lab vantage address.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "blackout/probe/packet.h"

#define PKT_MAX 128
#define FRAME_MAX 2048

static int
do_listen(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		struct sockaddr_in sin = { 0 };
		int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)atoi(argv[i]));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (fd < 0 ||
		    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
		    listen(fd, 4096) < 0) {
			perror("labtool listen");
			return 1;
		}
	}
	for (;;)
		pause();
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static void
random_bytes(void *buf, size_t len)
{
	if (getrandom(buf, len, 0) != (ssize_t)len)
		exit(1);
}

/* A 20-byte IPv4 header at pkt with a correct checksum. */
static void
ipv4_header(uint8_t *pkt, uint8_t proto, uint32_t src, uint32_t dst,
	    size_t total)
{
	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	put16(pkt + 2, (uint16_t)total);
	pkt[8] = 64;
	pkt[9] = proto;
	put32(pkt + 12, src);
	put32(pkt + 16, dst);
	put16(pkt + 10, packet_checksum(pkt, 20));
}

/* The TCP checksum of the segment l4 inside IPv4 packet ip. */
static uint16_t
tcp_checksum(const uint8_t *ip, const uint8_t *l4, size_t len)
{
	uint32_t sum = packet_csum_partial(ip + 12, 8, 0) + IPPROTO_TCP +
		       (uint32_t)len;

	return (uint16_t)~packet_csum_partial(l4, len, sum);
}

/* An ICMP message of len bytes at l4: type, code, rest; checksummed. */
static void
icmp_message(uint8_t *l4, size_t len, uint8_t type, const uint8_t rest[4])
{
	l4[0] = type;
	l4[1] = 0;
	put16(l4 + 2, 0);
	memcpy(l4 + 4, rest, 4);
	put16(l4 + 2, packet_checksum(l4, len));
}

/* A SYN-ACK (or RST-ACK) from port sport with random fields, at pkt. */
static size_t
build_tcp(uint8_t *pkt, uint32_t src, uint32_t dst, uint16_t sport,
	  uint8_t flags)
{
	uint8_t rnd[10], *l4 = pkt + 20;

	random_bytes(rnd, sizeof(rnd));
	ipv4_header(pkt, IPPROTO_TCP, src, dst, 40);
	memset(l4, 0, 20);
	put16(l4, sport);
	memcpy(l4 + 2, rnd, 2);	    /* our "source port" */
	memcpy(l4 + 4, rnd + 2, 8); /* their seq, then ack = our seq + 1 */
	l4[12] = 5 << 4;
	l4[13] = flags;
	put16(l4 + 14, 65535);
	put16(l4 + 16, tcp_checksum(pkt, l4, 20));
	return 40;
}

/* An echo reply with random id and sequence, at pkt. */
static size_t
build_echo(uint8_t *pkt, uint32_t src, uint32_t dst)
{
	uint8_t rnd[4];

	random_bytes(rnd, sizeof(rnd));
	ipv4_header(pkt, IPPROTO_ICMP, src, dst, 28);
	memset(pkt + 20, 0, 8);
	icmp_message(pkt + 20, 8, 0, rnd);
	return 28;
}

/*
 * An ICMP net unreachable from src to dst quoting a probe from dst to src
 * that dst never sent: an echo request (even i) or a SYN to port 80.
 */
static size_t
build_unreach(uint8_t *pkt, uint32_t src, uint32_t dst, int i)
{
	uint8_t rnd[8], *l4 = pkt + 20, *q = pkt + 28, zero[4] = { 0 };

	random_bytes(rnd, sizeof(rnd));
	ipv4_header(pkt, IPPROTO_ICMP, src, dst, 56);
	ipv4_header(q, i % 2 ? IPPROTO_TCP : IPPROTO_ICMP, dst, src, 40);
	if (i % 2) {
		memcpy(q + 20, rnd, 2); /* source port */
		put16(q + 22, 80);
		memcpy(q + 24, rnd + 2, 4); /* sequence */
	} else {
		q[20] = 8; /* echo request */
		q[21] = 0;
		memcpy(q + 22, rnd, 6); /* checksum (any), id, seq */
	}
	memset(l4, 0, 8);
	icmp_message(l4, 36, 3, zero); /* type 3 code 0: net unreachable */
	return 56;
}

/* Builds packet i of KIND into pkt; returns its length, or 0. */
static size_t
build(const char *kind, uint32_t src, uint32_t dst, int i, uint8_t *pkt)
{
	size_t len;

	if (strcmp(kind, "echo") == 0)
		return build_echo(pkt, src, dst);
	if (strcmp(kind, "synack") == 0)
		return build_tcp(pkt, src, dst, 80, 0x12);
	if (strcmp(kind, "rst") == 0)
		return build_tcp(pkt, src, dst, 443, 0x14);
	if (strcmp(kind, "unreach") == 0)
		return build_unreach(pkt, src, dst, i);
	if (strcmp(kind, "bad-tcpsum") == 0) {
		len = build_tcp(pkt, src, dst, 80, 0x12);
		pkt[20 + 16] ^= 0x5a; /* neither right nor the partial sum */
		return len;
	}
	len = build_echo(pkt, src, dst);
	if (strcmp(kind, "trunc-ip") == 0)
		put16(pkt + 2, (uint16_t)(len + 40));
	else if (strcmp(kind, "bad-ipsum") == 0)
		pkt[10] ^= 0x5a;
	else if (strcmp(kind, "bad-icmpsum") == 0)
		pkt[22] ^= 0x5a;
	else if (strcmp(kind, "frag") == 0)
		put16(pkt + 6, 0x2000); /* more fragments, offset 0 */
	else
		return 0;
	if (strcmp(kind, "trunc-ip") == 0 || strcmp(kind, "frag") == 0) {
		put16(pkt + 10, 0); /* a correct checksum over the lie */
		put16(pkt + 10, packet_checksum(pkt, 20));
	}
	return len;
}

/* Fills a link-layer address for IFACE and the MAC "aa:bb:cc:dd:ee:ff". */
static int
link_address(const char *iface, const char *mac, struct sockaddr_ll *sll)
{
	unsigned m[6];
	int i;

	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_IP);
	sll->sll_ifindex = (int)if_nametoindex(iface);
	sll->sll_halen = 6;
	if (sll->sll_ifindex == 0 ||
	    (mac != NULL && sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1],
				   &m[2], &m[3], &m[4], &m[5]) != 6))
		return -1;
	for (i = 0; mac != NULL && i < 6; i++)
		sll->sll_addr[i] = (uint8_t)m[i];
	return 0;
}

static int
do_forge(int argc, char **argv)
{
	struct in_addr s, d;
	struct sockaddr_ll sll;
	struct sockaddr_in sin = { 0 };
	const struct sockaddr *to = (const struct sockaddr *)&sin;
	socklen_t tolen = sizeof(sin);
	uint8_t pkt[PKT_MAX];
	struct timespec gap = { 0, 100000 };
	int fd, one = 1, i, n;
	bool link = argc == 6;

	if ((argc != 4 && argc != 6) || inet_pton(AF_INET, argv[1], &s) != 1 ||
	    inet_pton(AF_INET, argv[2], &d) != 1 ||
	    build(argv[0], 0, 0, 0, pkt) == 0)
		return 2;
	n = atoi(argv[3]);
	if (link) {
		if (link_address(argv[4], argv[5], &sll) < 0)
			return 2;
		fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
		to = (const struct sockaddr *)&sll;
		tolen = sizeof(sll);
	} else {
		fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
		if (fd >= 0 && setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one,
					  sizeof(one)) < 0)
			fd = -1;
		sin.sin_family = AF_INET;
		sin.sin_addr = d;
	}
	if (fd < 0) {
		perror("labtool forge");
		return 1;
	}
	for (i = 0; i < n; i++) {
		size_t len = build(argv[0], ntohl(s.s_addr), ntohl(d.s_addr), i,
				   pkt);

		if (sendto(fd, pkt, len, 0, to, tolen) != (ssize_t)len) {
			perror("labtool forge: sendto");
			return 1;
		}
		/* 10,000 a second, not a burst: on a loaded machine a
		 * burst overflows the veth's backlog, and the tests count
		 * every forged packet. */
		nanosleep(&gap, NULL);
	}
	close(fd);
	return 0;
}

static int
read_counter(const char *path, unsigned long long *v)
{
	FILE *f = fopen(path, "r");
	int ok = f != NULL && fscanf(f, "%llu", v) == 1;

	if (f != NULL)
		fclose(f);
	return ok ? 0 : -1;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The IPv4 packet inside an Ethernet frame, or NULL. */
static const uint8_t *
frame_ipv4(const uint8_t *f, ssize_t len)
{
	if (len < 14 + 28 || f[12] != 0x08 || f[13] != 0x00 || f[14] >> 4 != 4)
		return NULL;
	return f + 14;
}

static bool
in_prefix(const uint8_t *addr, uint32_t base, uint32_t mask)
{
	uint32_t a = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 |
		     (uint32_t)addr[2] << 8 | addr[3];

	return (a & mask) == base;
}

#define ASKED_MAX 256 /* echo requests replay remembers */

/* What replay looks for: addresses in base/mask, and a pause in probes. */
struct watch {
	uint32_t base, mask;
	int64_t gap_ms, last_probe_ms;
	bool gap_seen;
	/* the last echo requests into the prefix: address, id and sequence,
	 * as 8 bytes from the IPv4 destination on */
	uint8_t asked[ASKED_MAX][8];
	unsigned n_asked;
};

/* Whether ip (len bytes) is one whole, unfragmented IPv4 packet with a
 * 20-byte header and both checksums right. */
static bool
whole_icmp(const uint8_t *ip, size_t len)
{
	size_t total = (size_t)ip[2] << 8 | ip[3];

	return ip[0] == 0x45 && ip[9] == IPPROTO_ICMP && total >= 28 &&
	       total <= len && (ip[6] & 0x3f) == 0 && ip[7] == 0 &&
	       packet_checksum(ip, 20) == 0 &&
	       packet_checksum(ip + 20, total - 20) == 0;
}

/*
 * A genuine answer leaving by the interface: an echo reply from the
 * prefix to an echo request seen coming in, whole. Not one of forge's
 * (hostile kinds, wrong cookies), which the lab sends by the same
 * interface while the round runs.
 */
static bool
is_answer(struct watch *w, const struct sockaddr_ll *from, const uint8_t *ip,
	  size_t len)
{
	unsigned i;

	if (!whole_icmp(ip, len))
		return false;
	if (from->sll_pkttype == PACKET_HOST && ip[20] == 8 &&
	    in_prefix(ip + 16, w->base, w->mask)) {
		uint8_t *a = w->asked[w->n_asked++ % ASKED_MAX];

		memcpy(a, ip + 16, 4);
		memcpy(a + 4, ip + 24, 4);
		return false;
	}
	if (from->sll_pkttype != PACKET_OUTGOING || ip[20] != 0 ||
	    !in_prefix(ip + 12, w->base, w->mask))
		return false;
	for (i = 0; i < w->n_asked && i < ASKED_MAX; i++)
		if (memcmp(w->asked[i], ip + 12, 4) == 0 &&
		    memcmp(w->asked[i] + 4, ip + 24, 4) == 0)
			return true;
	return false;
}

/* A probe coming in after a pause of gap_ms: the next round started. */
static bool
is_next_round(struct watch *w, const struct sockaddr_ll *from,
	      const uint8_t *ip, size_t len)
{
	int64_t now = now_ms();

	(void)len;
	if (from->sll_pkttype != PACKET_HOST ||
	    !in_prefix(ip + 16, w->base, w->mask))
		return false;
	if (w->last_probe_ms != 0 && now - w->last_probe_ms >= w->gap_ms)
		w->gap_seen = true;
	w->last_probe_ms = now;
	return w->gap_seen;
}

/*
 * Reads frames on fd until want() says yes or timeout_ms passes. Returns
 * the frame's length, or -1.
 */
static ssize_t
wait_for(int fd, struct watch *w, uint8_t *frame, int64_t timeout_ms,
	 bool (*want)(struct watch *, const struct sockaddr_ll *,
		      const uint8_t *, size_t))
{
	int64_t deadline = now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (now_ms() < deadline) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		const uint8_t *ip;
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = recvfrom(fd, frame, FRAME_MAX, 0, (struct sockaddr *)&from,
			     &fl);
		ip = frame_ipv4(frame, n);
		if (ip != NULL && want(w, &from, ip, (size_t)n - 14))
			return n;
	}
	return -1;
}

static int
do_replay(int argc, char **argv)
{
	uint8_t answer[FRAME_MAX], other[FRAME_MAX];
	struct sockaddr_ll sll;
	struct watch w = { 0 };
	struct in_addr base;
	char pfx[32], *slash;
	ssize_t len;
	int fd, i, n, bits;

	snprintf(pfx, sizeof(pfx), "%s", argv[0]);
	slash = strchr(pfx, '/');
	if ((argc != 3 && argc != 4) || slash == NULL)
		return 2;
	*slash = '\0';
	bits = atoi(slash + 1);
	if (inet_pton(AF_INET, pfx, &base) != 1 || bits < 1 || bits > 32 ||
	    link_address(argv[2], NULL, &sll) < 0)
		return 2;
	w.mask = ~0u << (32 - bits);
	w.base = ntohl(base.s_addr) & w.mask;
	w.gap_ms = argc == 4 ? atoi(argv[3]) : 0;
	n = atoi(argv[1]);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_protocol = htons(ETH_P_ALL);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("labtool replay");
		return 1;
	}
	len = wait_for(fd, &w, answer, 30000, is_answer);
	if (len < 0 || (w.gap_ms > 0 &&
			wait_for(fd, &w, other, 60000, is_next_round) < 0)) {
		fprintf(stderr, "labtool replay: nothing to replay\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (send(fd, answer, (size_t)len, 0) != len) {
			perror("labtool replay: send");
			return 1;
		}
	printf("replayed %d copies of a %zd-byte frame\n", n, len);
	close(fd);
	return 0;
}

/* Seconds on the monotonic clock. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
do_txwatch(int argc, char **argv)
{
	char path[256];
	unsigned long long start, last, v;
	double t0, first = 0, changed = 0, end, idle;
	struct timespec ms = { 0, 1000000 };

	if (argc != 3)
		return 2;
	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/tx_packets",
		 argv[0]);
	if (read_counter(path, &start) < 0) {
		perror(path);
		return 1;
	}
	last = start;
	t0 = now_s();
	end = t0 + atof(argv[1]);
	idle = atof(argv[2]) / 1000;
	for (;;) {
		double t;

		nanosleep(&ms, NULL);
		t = now_s();
		if (read_counter(path, &v) < 0 || t > end)
			break;
		if (v != last) {
			if (last == start)
				first = t -
					0.0005; /* it moved within the tick */
			changed = t;
			last = v;
		} else if (changed > 0 && t - changed > idle) {
			break;
		}
	}
	printf("%llu %.6f\n", last - start,
	       changed > first ? changed - first : 0);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "txwatch") == 0)
		return do_txwatch(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "listen") == 0)
		return do_listen(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "forge") == 0)
		return do_forge(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "replay") == 0)
		return do_replay(argc - 2, argv + 2);
	fprintf(stderr,
		"usage: labtool listen PORT... | labtool forge KIND SRC DST "
		"COUNT [IFACE MAC] | labtool replay PREFIX COUNT IFACE "
		"[GAP_MS] | labtool txwatch IFACE MAXSEC IDLEMS\n");
	return 2;
}

/*
 * labtool.c - the lab's target-side helper (tests only, never installed).
 *
 *   labtool listen PORT...            accept TCP on PORT (0.0.0.0) until
 *                                     killed, so SYNs get SYN-ACKs
 *   labtool forge KIND SRC DST COUNT  send COUNT crafted replies from SRC
 *                                     to DST with random (wrong) cookies;
 *                                     KIND is echo, synack or rst
 *   labtool txwatch IFACE MAXSEC IDLEMS
 *                                     watch IFACE's transmit counter every
 *                                     millisecond; once it has moved and
 *                                     then stood still IDLEMS (or after
 *                                     MAXSEC), print "PACKETS SECONDS":
 *                                     packets sent, and the time from the
 *                                     first to the last change (the bench
 *                                     measures every tool's send rate so)
 *
 * forge writes raw IPv4 with IP_HDRINCL; run it inside the target
 * namespace only, toward the lab vantage address.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "blackout/packet.h"

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
		if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
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

/* Builds a reply from src to dst with random echoed fields. */
static size_t
build(const char *kind, uint32_t src, uint32_t dst, uint8_t *pkt)
{
	uint8_t rnd[12];
	size_t l4len;
	uint8_t *l4 = pkt + 20;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		exit(1);
	memset(pkt, 0, 64);
	if (strcmp(kind, "echo") == 0) {
		l4len = 8;
		l4[0] = 0; /* echo reply */
		memcpy(l4 + 4, rnd, 4);
		put16(l4 + 2, packet_checksum(l4, l4len));
		pkt[9] = IPPROTO_ICMP;
	} else {
		uint32_t sum;

		l4len = 20;
		put16(l4, strcmp(kind, "rst") == 0 ? 443 : 80);
		memcpy(l4 + 2, rnd, 2);	   /* our "source port" */
		memcpy(l4 + 4, rnd + 4, 4); /* their seq */
		memcpy(l4 + 8, rnd + 8, 4); /* ack: our seq + 1 */
		l4[12] = 5 << 4;
		l4[13] = strcmp(kind, "rst") == 0 ? 0x14 : 0x12;
		put16(l4 + 14, 65535);
		pkt[9] = IPPROTO_TCP;
		put16(pkt + 12, (uint16_t)(src >> 16));
		put16(pkt + 14, (uint16_t)src);
		put16(pkt + 16, (uint16_t)(dst >> 16));
		put16(pkt + 18, (uint16_t)dst);
		sum = packet_csum_partial(pkt + 12, 8, 0) + IPPROTO_TCP +
		      (uint32_t)l4len;
		put16(l4 + 16, (uint16_t)~packet_csum_partial(l4, l4len, sum));
	}
	pkt[0] = 0x45;
	put16(pkt + 2, (uint16_t)(20 + l4len));
	pkt[8] = 64;
	put16(pkt + 12, (uint16_t)(src >> 16));
	put16(pkt + 14, (uint16_t)src);
	put16(pkt + 16, (uint16_t)(dst >> 16));
	put16(pkt + 18, (uint16_t)dst);
	put16(pkt + 10, packet_checksum(pkt, 20));
	return 20 + l4len;
}

static int
do_forge(int argc, char **argv)
{
	struct in_addr s, d;
	struct sockaddr_in sin = { 0 };
	uint8_t pkt[64];
	int fd, one = 1, i, n;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &s) != 1 ||
	    inet_pton(AF_INET, argv[2], &d) != 1)
		return 2;
	n = atoi(argv[3]);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one,
				 sizeof(one)) < 0) {
		perror("labtool forge");
		return 1;
	}
	sin.sin_family = AF_INET;
	sin.sin_addr = d;
	for (i = 0; i < n; i++) {
		size_t len = build(argv[0], ntohl(s.s_addr), ntohl(d.s_addr),
				   pkt);

		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sin,
			   sizeof(sin)) != (ssize_t)len) {
			perror("labtool forge: sendto");
			return 1;
		}
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
				first = t - 0.0005; /* it moved within the tick */
			changed = t;
			last = v;
		} else if (changed > 0 && t - changed > idle) {
			break;
		}
	}
	printf("%llu %.6f\n", last - start, changed > first ? changed - first
							   : 0);
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
	fprintf(stderr, "usage: labtool listen PORT... | labtool forge "
		"echo|synack|rst SRC DST COUNT\n");
	return 2;
}

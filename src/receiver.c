/*
 * receiver.c - libpcap capture thread and the ring it fills.
 *
 * Invariants: only the capture thread touches the pcap handle once started;
 * ring, counters and flags are guarded by `lock`; the ring holds at most
 * RING_SLOTS records and never blocks the capture thread.
 */
#define _GNU_SOURCE
#include "blackout/receiver.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING_SLOTS 65536 /* a power of two */
#define SNAPLEN 256	 /* IPv4 + ICMP + a quoted IPv4 + 8 bytes, with room */
#define PCAP_BUFFER_BYTES (32 << 20)
#define POLL_MS 20

struct receiver {
	pcap_t *pcap;
	bool live;
	int linktype;
	pthread_t thread;
	bool started;
	atomic_bool stop;

	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct reply *ring;
	size_t head, tail; /* head - tail = queued */
	struct receiver_stats st;
};

/* Offset of the IPv4 header for this link type, or -1 if not IPv4. */
static long
link_offset(int linktype, const uint8_t *p, size_t len)
{
	size_t off;
	uint16_t type;

	switch (linktype) {
	case DLT_EN10MB:
		off = 12;
		if (len < off + 2)
			return -1;
		type = (uint16_t)(p[off] << 8 | p[off + 1]);
		if (type == 0x8100 && len >= off + 6) { /* one VLAN tag */
			off += 4;
			type = (uint16_t)(p[off] << 8 | p[off + 1]);
		}
		return type == 0x0800 ? (long)off + 2 : -1;
	case DLT_LINUX_SLL:
		if (len < 16)
			return -1;
		return (p[14] << 8 | p[15]) == 0x0800 ? 16 : -1;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
#endif
		return 0;
	case DLT_NULL:
	case DLT_LOOP:
		return len >= 4 ? 4 : -1;
	default:
		return -1;
	}
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct receiver *r = (struct receiver *)user;
	long off = link_offset(r->linktype, bytes, h->caplen);
	enum reply_reject rej = REJECT_MALFORMED;
	struct reply rep;

	/* With nanosecond precision, tv_usec holds nanoseconds. */
	rep.ts_ns = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
	if (off >= 0 && (size_t)off <= h->caplen)
		rej = reply_parse(bytes + off, h->caplen - (size_t)off, &rep);
	pthread_mutex_lock(&r->lock);
	r->st.captured++;
	if (rej != REJECT_NONE) {
		r->st.rejected++;
		if (rej == REJECT_CHECKSUM)
			r->st.rejected_checksum++;
		else if (rej == REJECT_TRUNCATED)
			r->st.rejected_truncated++;
		else if (rej == REJECT_MALFORMED)
			r->st.rejected_malformed++;
	} else if (r->head - r->tail == RING_SLOTS) {
		r->st.queue_drops++;
	} else {
		r->ring[r->head++ & (RING_SLOTS - 1)] = rep;
		r->st.queued++;
		pthread_cond_signal(&r->ready);
	}
	pthread_mutex_unlock(&r->lock);
}

static void
update_pcap_stats(struct receiver *r)
{
	struct pcap_stat ps;

	if (!r->live || pcap_stats(r->pcap, &ps) < 0)
		return;
	pthread_mutex_lock(&r->lock);
	r->st.pcap_received = ps.ps_recv;
	r->st.pcap_drops = (uint64_t)ps.ps_drop + ps.ps_ifdrop;
	pthread_mutex_unlock(&r->lock);
}

static void *
capture_main(void *arg)
{
	struct receiver *r = arg;
	struct pollfd pfd = { .fd = -1, .events = POLLIN };

	if (r->live)
		pfd.fd = pcap_get_selectable_fd(r->pcap);
	while (!atomic_load(&r->stop)) {
		int n;

		if (r->live && poll(&pfd, 1, POLL_MS) < 0 && errno != EINTR)
			break;
		n = pcap_dispatch(r->pcap, r->live ? -1 : 256, on_packet,
				  (u_char *)r);
		update_pcap_stats(r);
		if (!r->live && n <= 0) {
			pthread_mutex_lock(&r->lock);
			r->st.eof = 1;
			pthread_cond_broadcast(&r->ready);
			pthread_mutex_unlock(&r->lock);
			break;
		}
	}
	return NULL;
}

static struct receiver *
receiver_alloc(pcap_t *p, bool live)
{
	struct receiver *r = xcalloc(1, sizeof(*r));

	r->pcap = p;
	r->live = live;
	r->linktype = pcap_datalink(p);
	r->ring = xcalloc(RING_SLOTS, sizeof(*r->ring));
	atomic_init(&r->stop, false);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->ready, NULL);
	return r;
}

static int
activate_error(pcap_t *p, int rc, const char *iface, struct bo_error *err)
{
	if (rc == PCAP_ERROR_PERM_DENIED)
		error_set(err, BO_EXIT_NOPERM, "capture on %s: permission "
			  "denied; run as root or grant the capability: sudo "
			  "setcap cap_net_raw+ep $(command -v blackout)",
			  iface);
	else if (rc == PCAP_ERROR_NO_SUCH_DEVICE || rc == PCAP_ERROR_IFACE_NOT_UP)
		error_set(err, BO_EXIT_UNAVAILABLE, "capture on %s: %s", iface,
			  pcap_geterr(p));
	else
		error_set(err, BO_EXIT_OSERR, "capture on %s: %s", iface,
			  pcap_geterr(p));
	return -1;
}

static int
set_filter(pcap_t *p, uint32_t local, struct bo_error *err)
{
	struct bpf_program prog;
	char filter[512], a[16];

	/* Only what can answer a probe: echo replies, ICMP errors, and TCP
	 * segments with ACK and SYN or RST, addressed to us. */
	snprintf(filter, sizeof(filter),
		 "dst host %s and ((icmp and (icmp[icmptype] == "
		 "icmp-echoreply or icmp[icmptype] == icmp-unreach or "
		 "icmp[icmptype] == icmp-timxceed)) or (tcp and "
		 "tcp[tcpflags] & tcp-ack != 0 and tcp[tcpflags] & "
		 "(tcp-syn|tcp-rst) != 0))",
		 format_ipv4(local, a, sizeof(a)));
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(p, &prog) < 0) {
		error_set(err, BO_EXIT_OSERR, "capture filter: %s",
			  pcap_geterr(p));
		return -1;
	}
	pcap_freecode(&prog);
	return 0;
}

struct receiver *
receiver_open_live(const char *iface, uint32_t local, struct bo_error *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(iface, ebuf);
	int rc;

	if (p == NULL) {
		error_set(err, BO_EXIT_UNAVAILABLE, "capture on %s: %s", iface,
			  ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, SNAPLEN);
	pcap_set_promisc(p, 0);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, PCAP_BUFFER_BYTES);
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(p);
	if (rc < 0) {
		activate_error(p, rc, iface, err);
		pcap_close(p);
		return NULL;
	}
	/* Our own probes leave on this interface; we want only what comes in. */
	if (pcap_setdirection(p, PCAP_D_IN) < 0 ||
	    set_filter(p, local, err) < 0 ||
	    pcap_setnonblock(p, 1, ebuf) < 0) {
		if (err != NULL && err->msg[0] == '\0')
			error_set(err, BO_EXIT_OSERR, "capture on %s: %s",
				  iface, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	return receiver_alloc(p, true);
}

struct receiver *
receiver_open_file(const char *path, struct bo_error *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, ebuf);

	if (p == NULL) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path, ebuf);
		return NULL;
	}
	return receiver_alloc(p, false);
}

int
receiver_start(struct receiver *r, struct bo_error *err)
{
	int rc = pthread_create(&r->thread, NULL, capture_main, r);

	if (rc != 0) {
		error_set(err, BO_EXIT_OSERR, "capture thread: %s",
			  strerror(rc));
		return -1;
	}
	r->started = true;
	return 0;
}

size_t
receiver_drain(struct receiver *r, struct reply *out, size_t max)
{
	size_t n = 0;

	pthread_mutex_lock(&r->lock);
	while (n < max && r->tail != r->head)
		out[n++] = r->ring[r->tail++ & (RING_SLOTS - 1)];
	pthread_mutex_unlock(&r->lock);
	return n;
}

void
receiver_wait(struct receiver *r, int64_t deadline_ns)
{
	int64_t now = clock_mono_ns();
	struct timespec ts;

	if (now >= deadline_ns)
		return;
	/* Condition variables time out on CLOCK_REALTIME by default. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (deadline_ns - now) / 1000000000;
	ts.tv_nsec += (deadline_ns - now) % 1000000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&r->lock);
	while (r->tail == r->head && !r->st.eof) {
		if (pthread_cond_timedwait(&r->ready, &r->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&r->lock);
}

void
receiver_stats(struct receiver *r, struct receiver_stats *out)
{
	pthread_mutex_lock(&r->lock);
	*out = r->st;
	pthread_mutex_unlock(&r->lock);
}

void
receiver_free(struct receiver *r)
{
	if (r == NULL)
		return;
	if (r->started) {
		atomic_store(&r->stop, true);
		pthread_join(r->thread, NULL);
	}
	pcap_close(r->pcap);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->ready);
	free(r->ring);
	free(r);
}

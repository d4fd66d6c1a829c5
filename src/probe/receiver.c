/*
 * receiver.c - libpcap capture thread and the ring it fills.
 *
 * Invariants: only the capture thread touches the pcap handle once started.
 * The ring is single-producer, single-consumer and lock-free: the capture
 * thread alone writes slots and `head`, the prober alone reads slots and
 * moves `tail`; a slot is published by the release store of `head` and
 * freed by the release store of `tail`. The capture thread parses straight
 * into the next free slot (no allocation, no lock per packet) and never
 * waits for the prober: a full ring drops and counts. It keeps its counters
 * to itself and publishes a copy under `lock` once per pcap_dispatch(),
 * when it also wakes a waiting prober.
 *
 * Where packets come from is a backend, a const table of operations: the
 * live capture waits on the capture's descriptor and asks the kernel for
 * its drop counters; the file backend reads a savefile as fast as the ring
 * takes it and says when it has reached the end. Both hand every packet to
 * the same on_packet(), so a file exercises the live parse path exactly.
 */
#define _GNU_SOURCE
#include "blackout/probe/receiver.h"

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

#include "blackout/probe/method.h"

#define RING_MIN ((size_t)1 << 16) /* slots; always a power of two */
#define RING_MAX ((size_t)1 << 21)
#define RING_UNLIMITED ((size_t)1 << 20) /* for --rate 0 */
#define RING_SECONDS 0.5 /* replies the ring holds, in seconds of probes */
#define SNAPLEN 256	 /* IPv4 + ICMP + a quoted IPv4 + 8 bytes, with room */
/*
 * The kernel's capture ring is mapped into this process and counts in its
 * RSS, so it is sized for the rate: a quarter second of replies (packed
 * about 192 bytes apiece in TPACKET_V3 blocks), 2 to 16 MiB. In the lab
 * even 2 MiB loses nothing at full speed; the rest is headroom for a
 * capture thread that gets descheduled.
 */
#define PCAP_BUFFER_MIN (2 << 20)
#define PCAP_BUFFER_MAX (16 << 20)
#define PCAP_FRAME_BYTES 192
#define PCAP_BUFFER_SECONDS 0.25
#define POLL_MS 20
#define BUFFER_TIMEOUT_MS 5    /* the kernel hands over replies this often */
#define STATS_EVERY_NS 5000000 /* pcap_stats() at most every 5 ms */
#define FILE_BATCH 256	       /* packets a file backend reads per dispatch */

/* A source of packets for the capture thread. */
struct receiver_ops {
	const char *name;
	/*
	 * Hands the packets there are to on_packet(), waiting a little for
	 * the first when none is there. Returns 1 while more may come, 0 at
	 * the end of the input, -1 when reading failed (the thread stops).
	 */
	int (*read)(struct receiver *r);
	/*
	 * Copies the kernel's counters into the thread's own (pcap_received,
	 * pcap_drops). Returns 0, or -1 when it could not. NULL: no kernel.
	 */
	int (*kernel_stats)(struct receiver *r);
};

struct receiver {
	pcap_t *pcap; /* NULL for a pulled receiver */
	const struct receiver_ops *ops;
	const struct clock *clock;
	const struct packet_source_ops *src; /* a pulled receiver's source */
	void *src_ctx;
	int linktype;
	pthread_t thread;
	bool started;
	atomic_bool stop;

	struct reply *ring;
	size_t mask;		    /* slots - 1 */
	_Atomic size_t head, tail;  /* head - tail = queued */
	struct receiver_stats mine; /* the capture thread's own counters */
	int64_t stats_ns;	    /* when it last asked pcap_stats() */

	pthread_mutex_t lock; /* guards st; ready waits on it */
	pthread_cond_t ready;
	struct receiver_stats st; /* published copy of `mine` */
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

/*
 * Parses one IPv4 packet (len bytes at ip) into rep and counts it in the
 * thread's own counters. Returns true when rep holds a reply to queue.
 */
static bool
take_packet(struct receiver *r, const uint8_t *ip, size_t len, int64_t ts_ns,
	    struct reply *rep)
{
	enum reply_reject rej = REJECT_MALFORMED;

	rep->ts_ns = ts_ns;
	if (ip != NULL)
		rej = reply_parse(ip, len, rep);
	r->mine.captured++;
	if (rej == REJECT_NONE)
		return true;
	r->mine.rejected++;
	if (rej == REJECT_CHECKSUM)
		r->mine.rejected_checksum++;
	else if (rej == REJECT_TRUNCATED)
		r->mine.rejected_truncated++;
	else if (rej == REJECT_MALFORMED)
		r->mine.rejected_malformed++;
	return false;
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct receiver *r = (struct receiver *)user;
	long off = link_offset(r->linktype, bytes, h->caplen);
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	bool room = head - tail <= r->mask;
	struct reply spare, *rep = room ? &r->ring[head & r->mask] : &spare;
	bool ok = off >= 0 && (size_t)off <= h->caplen;

	/* With nanosecond precision, tv_usec holds nanoseconds. */
	if (!take_packet(r, ok ? bytes + off : NULL,
			 ok ? h->caplen - (size_t)off : 0,
			 (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec,
			 rep))
		return;
	if (!room) {
		r->mine.queue_drops++;
	} else {
		atomic_store_explicit(&r->head, head + 1, memory_order_release);
		r->mine.queued++;
	}
}

/* Live: waits up to POLL_MS for the capture to be readable. */
static int
live_read(struct receiver *r)
{
	struct pollfd pfd = {
		.fd = pcap_get_selectable_fd(r->pcap),
		.events = POLLIN,
	};

	if (poll(&pfd, 1, POLL_MS) < 0 && errno != EINTR)
		return -1;
	pcap_dispatch(r->pcap, -1, on_packet, (u_char *)r);
	return 1;
}

/* Live: what the kernel received and dropped. */
static int
live_kernel_stats(struct receiver *r)
{
	struct pcap_stat ps;

	if (pcap_stats(r->pcap, &ps) != 0)
		return -1;
	r->mine.pcap_received = ps.ps_recv;
	r->mine.pcap_drops = (uint64_t)ps.ps_drop + ps.ps_ifdrop;
	return 0;
}

static const struct receiver_ops live_ops = {
	.name = "live",
	.read = live_read,
	.kernel_stats = live_kernel_stats,
};

/* File: the next packets of the savefile; a read error ends it too. */
static int
file_read(struct receiver *r)
{
	return pcap_dispatch(r->pcap, FILE_BATCH, on_packet, (u_char *)r) > 0;
}

static const struct receiver_ops file_ops = {
	.name = "file",
	.read = file_read,
	.kernel_stats = NULL,
};

/* Publishes the capture thread's counters and wakes a waiting prober. */
static void
publish(struct receiver *r, bool eof)
{
	int64_t now = clock_mono(r->clock);
	bool fresh;

	if (r->ops->kernel_stats != NULL &&
	    now - r->stats_ns >= STATS_EVERY_NS && r->ops->kernel_stats(r) == 0)
		r->stats_ns = now;
	pthread_mutex_lock(&r->lock);
	fresh = r->mine.queued != r->st.queued;
	r->mine.eof = eof;
	r->st = r->mine;
	if (fresh || eof)
		pthread_cond_broadcast(&r->ready);
	pthread_mutex_unlock(&r->lock);
}

static void *
capture_main(void *arg)
{
	struct receiver *r = arg;
	int more = 1;

	while (more > 0 && !atomic_load(&r->stop)) {
		more = r->ops->read(r);
		if (more >= 0)
			publish(r, more == 0);
	}
	return NULL;
}

/* Ring slots for a rate: RING_SECONDS of replies, a power of two. */
static size_t
ring_slots(double rate)
{
	size_t n = RING_MIN;

	if (rate <= 0)
		return RING_UNLIMITED;
	while (n < RING_MAX && (double)n < rate * RING_SECONDS)
		n <<= 1;
	return n;
}

/* The kernel's capture buffer for a rate, in bytes. */
static int
pcap_buffer_bytes(double rate)
{
	double b = rate * PCAP_BUFFER_SECONDS * PCAP_FRAME_BYTES;

	if (rate <= 0 || b > PCAP_BUFFER_MAX)
		return PCAP_BUFFER_MAX;
	return b < PCAP_BUFFER_MIN ? PCAP_BUFFER_MIN : (int)b;
}

static struct receiver *
receiver_alloc(pcap_t *p, const struct receiver_ops *ops, double rate,
	       const struct clock *clock)
{
	struct receiver *r = xcalloc(1, sizeof(*r));
	size_t slots = ring_slots(rate);

	r->pcap = p;
	r->ops = ops;
	r->clock = clock;
	r->linktype = p != NULL ? pcap_datalink(p) : DLT_RAW;
	/* Untouched slots cost address space only, not memory. */
	r->ring = xcalloc(slots, sizeof(*r->ring));
	r->mask = slots - 1;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	atomic_init(&r->stop, false);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->ready, NULL);
	return r;
}

static int
activate_error(pcap_t *p, int rc, const char *iface, struct bo_error *err)
{
	if (rc == PCAP_ERROR_PERM_DENIED)
		error_set(err, BO_EXIT_NOPERM,
			  "capture on %s: permission denied; run as root or "
			  "grant the capability: sudo setcap cap_net_raw+ep "
			  "$(command -v blackout)",
			  iface);
	else if (rc == PCAP_ERROR_NO_SUCH_DEVICE ||
		 rc == PCAP_ERROR_IFACE_NOT_UP)
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
	char filter[1024], replies[900], a[16];

	/* Only what can answer a probe, addressed to us: each method's
	 * replies (echo replies; TCP segments with ACK and SYN or RST) and
	 * ICMP errors. */
	if (method_filter(replies, sizeof(replies)) < 0) {
		error_set(err, BO_EXIT_OSERR, "capture filter: too long");
		return -1;
	}
	/* A run that started with no route (local 0) does not know its
	 * address yet: the cookie check alone tells ours apart. */
	if (local == 0)
		snprintf(filter, sizeof(filter), "%s", replies);
	else
		snprintf(filter, sizeof(filter), "dst host %s and (%s)",
			 format_ipv4(local, a, sizeof(a)), replies);
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
receiver_open_live(const char *iface, uint32_t local, double rate,
		   const struct clock *clock, struct bo_error *err)
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
	/* Not immediate mode: that wakes this thread for every reply, tens
	 * of thousands of context switches a second at high rates. Replies
	 * come in blocks instead, at least every BUFFER_TIMEOUT_MS; RTTs do
	 * not suffer, the kernel timestamps each packet on arrival. */
	pcap_set_timeout(p, BUFFER_TIMEOUT_MS);
	pcap_set_buffer_size(p, pcap_buffer_bytes(rate));
	pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(p);
	if (rc < 0) {
		activate_error(p, rc, iface, err);
		pcap_close(p);
		return NULL;
	}
	/* Our own probes leave on this interface; we want only what comes in. */
	if (pcap_setdirection(p, PCAP_D_IN) < 0 ||
	    set_filter(p, local, err) < 0 || pcap_setnonblock(p, 1, ebuf) < 0) {
		if (err != NULL && err->msg[0] == '\0')
			error_set(err, BO_EXIT_OSERR, "capture on %s: %s",
				  iface, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	return receiver_alloc(p, &live_ops, rate, clock);
}

struct receiver *
receiver_open_file(const char *path, const struct clock *clock,
		   struct bo_error *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, ebuf);

	if (p == NULL) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path, ebuf);
		return NULL;
	}
	return receiver_alloc(p, &file_ops, 0, clock);
}

struct receiver *
receiver_open_source(const struct packet_source_ops *ops, void *ctx)
{
	/* The ring is never used: replies are parsed straight into the
	 * caller's array. The smallest one keeps free() simple. */
	struct receiver *r = receiver_alloc(NULL, NULL, 1, NULL);

	r->src = ops;
	r->src_ctx = ctx;
	return r;
}

int
receiver_start(struct receiver *r, struct bo_error *err)
{
	int rc;

	if (r->src != NULL)
		return 0; /* pulled on the caller's thread */
	rc = pthread_create(&r->thread, NULL, capture_main, r);
	if (rc != 0) {
		error_set(err, BO_EXIT_OSERR, "capture thread: %s",
			  strerror(rc));
		return -1;
	}
	r->started = true;
	return 0;
}

/* A pulled receiver: parses what has arrived straight into out. */
static size_t
pull(struct receiver *r, struct reply *out, size_t max)
{
	const uint8_t *pkt;
	int64_t ts;
	size_t n = 0, len;

	while (n < max && (len = r->src->next(r->src_ctx, &pkt, &ts)) > 0)
		if (take_packet(r, pkt, len, ts, &out[n])) {
			r->mine.queued++;
			n++;
		}
	pthread_mutex_lock(&r->lock);
	r->st = r->mine;
	pthread_mutex_unlock(&r->lock);
	return n;
}

size_t
receiver_drain(struct receiver *r, struct reply *out, size_t max)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	size_t n = 0;

	if (r->src != NULL)
		return pull(r, out, max);
	while (n < max && tail != head)
		out[n++] = r->ring[tail++ & r->mask];
	atomic_store_explicit(&r->tail, tail, memory_order_release);
	return n;
}

bool
receiver_backlogged(struct receiver *r)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);

	return r->src != NULL || head - tail >= (r->mask + 1) / 4;
}

void
receiver_wait(struct receiver *r, int64_t deadline_ns)
{
	int64_t now;
	struct timespec ts;

	if (r->src != NULL) {
		r->src->wait(r->src_ctx, deadline_ns);
		return;
	}
	now = clock_mono(r->clock);
	if (now >= deadline_ns)
		return;
	/* Condition variables time out on CLOCK_REALTIME by default. */
	clock_gettime(CLOCK_REALTIME, &ts); /* timedwait deadline */
	ts.tv_sec += (deadline_ns - now) / 1000000000;
	ts.tv_nsec += (deadline_ns - now) % 1000000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&r->lock);
	while (atomic_load(&r->tail) == atomic_load(&r->head) && !r->st.eof) {
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
	if (r->pcap != NULL)
		pcap_close(r->pcap);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->ready);
	free(r->ring);
	free(r);
}

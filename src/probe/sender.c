/*
 * sender.c - the raw-socket and dry-run sender backends.
 *
 * The raw backend has lanes: a raw socket each, with its own message
 * headers, so a batch costs one sendmmsg(2) per lane and no allocation.
 * When the path is virtual (veth, loopback) the kernel carries a probe,
 * and often its reply, all the way on the CPU that sent it, so one thread
 * saturates one core long before the wire does. Lanes beyond the first
 * belong to helper threads, one per further CPU (at most
 * SENDER_LANES_MAX). A large batch is cut into chunks that the helpers
 * and then the caller take in turn from one atomic counter, so a lane
 * slowed by other work on its CPU simply takes fewer. send_start wakes
 * the helpers and returns; the caller does its own work meanwhile (match
 * replies, build the next batch) and joins in at send_finish, which
 * waits for every chunk, so every probe's fate is known there.
 *
 * Invariants: a helper touches only its own lane and the chunks it took;
 * the job, `gen` and `quit` change only under `lock` while no helper is
 * working; a helper has finished batch g when its `done` equals g.
 */
#define _GNU_SOURCE
#include "blackout/probe/sender.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#define SNDBUF_BYTES (4 << 20)
#define SENDER_LANES_MAX 4
#define LANE_CHUNK 32 /* probes a lane takes at a time */

struct raw_ctx;

struct raw_lane {
	int fd;
	bool link; /* an AF_PACKET socket: every message goes to `sll` */
	struct sockaddr_ll sll;
	struct mmsghdr msg[SENDER_BATCH_MAX];
	struct iovec iov[SENDER_BATCH_MAX];
	struct sockaddr_in sin[SENDER_BATCH_MAX];
	/* Helper lanes: the thread, and the last batch it finished. */
	struct raw_ctx *ctx;
	pthread_t thread;
	unsigned done;
};

struct raw_ctx {
	struct raw_lane *lane[SENDER_LANES_MAX];
	unsigned n_lanes;
	unsigned n_threads; /* helpers started: lanes 1 .. n_threads */
	bool threads_tried; /* helpers start at the first batch, not before */
	pthread_mutex_t lock;
	pthread_cond_t go, finished;
	unsigned gen; /* batches handed to the helpers */
	bool quit;
	/* The batch being sent: probes, their errors, chunks taken, sent. */
	const struct probe_desc *p;
	int *err;
	size_t n;
	atomic_size_t next, sent;
	bool helped; /* the helpers have the batch */
};

/* Sends p[0..n) on lane l; err[i] = 0 or errno. Returns how many went. */
static size_t
lane_send(struct raw_lane *l, const struct probe_desc *p, size_t n, int *err)
{
	size_t i, done = 0, sent = 0;

	for (i = 0; i < n; i++) {
		if (!l->link)
			l->sin[i].sin_addr.s_addr = htonl(p[i].dst);
		l->iov[i].iov_base = (void *)p[i].pkt;
		l->iov[i].iov_len = p[i].len;
	}
	while (done < n) {
		int k = sendmmsg(l->fd, l->msg + done, (unsigned)(n - done), 0);

		if (k < 0) {
			if (errno != EINTR)
				err[done++] = errno; /* skip it, go on */
			continue;
		}
		for (i = done; i < done + (size_t)k; i++) {
			err[i] = l->msg[i].msg_len == p[i].len ? 0 : EMSGSIZE;
			sent += err[i] == 0;
		}
		done += (size_t)k;
	}
	return sent;
}

/* Takes chunks of the current batch until none is left. */
static void
lane_work(struct raw_ctx *c, struct raw_lane *l)
{
	size_t i, k;

	while ((i = atomic_fetch_add(&c->next, LANE_CHUNK)) < c->n) {
		k = c->n - i < LANE_CHUNK ? c->n - i : LANE_CHUNK;
		atomic_fetch_add(&c->sent,
				 lane_send(l, c->p + i, k, c->err + i));
	}
}

static void *
lane_main(void *arg)
{
	struct raw_lane *l = arg;
	struct raw_ctx *c = l->ctx;
	unsigned seen = 0;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->quit && c->gen == seen)
			pthread_cond_wait(&c->go, &c->lock);
		if (c->quit)
			break;
		seen = c->gen;
		pthread_mutex_unlock(&c->lock);
		lane_work(c, l);
		pthread_mutex_lock(&c->lock);
		l->done = seen;
		pthread_cond_signal(&c->finished);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/*
 * Starts a thread for each helper lane. Not at open: by the first batch
 * main.c has dropped privilege, and a thread created before capset(2)
 * would keep the capabilities the calling thread gives up.
 */
static void
start_threads(struct raw_ctx *c)
{
	c->threads_tried = true;
	while (c->n_threads + 1 < c->n_lanes) {
		struct raw_lane *l = c->lane[c->n_threads + 1];

		if (pthread_create(&l->thread, NULL, lane_main, l) != 0)
			return; /* the lanes without a thread stay idle */
		c->n_threads++;
	}
}

static void
raw_send_start(void *ctx, const struct probe_desc *p, size_t n, int *err)
{
	struct raw_ctx *c = ctx;

	if (!c->threads_tried)
		start_threads(c);
	c->helped = c->n_threads > 0 && n >= 2 * LANE_CHUNK;
	if (!c->helped) { /* not worth waking anyone: send it now */
		atomic_store(&c->sent, lane_send(c->lane[0], p, n, err));
		return;
	}
	pthread_mutex_lock(&c->lock);
	c->p = p;
	c->err = err;
	c->n = n;
	atomic_store(&c->next, 0);
	atomic_store(&c->sent, 0);
	c->gen++;
	pthread_cond_broadcast(&c->go);
	pthread_mutex_unlock(&c->lock);
}

static size_t
raw_send_finish(void *ctx)
{
	struct raw_ctx *c = ctx;
	unsigned i;

	if (!c->helped)
		return atomic_load(&c->sent);
	lane_work(c, c->lane[0]);
	pthread_mutex_lock(&c->lock);
	for (i = 1; i <= c->n_threads; i++)
		while (c->lane[i]->done != c->gen)
			pthread_cond_wait(&c->finished, &c->lock);
	pthread_mutex_unlock(&c->lock);
	c->helped = false;
	return atomic_load(&c->sent);
}

static void
raw_close(void *ctx)
{
	struct raw_ctx *c = ctx;
	unsigned i;

	pthread_mutex_lock(&c->lock);
	c->quit = true;
	pthread_cond_broadcast(&c->go);
	pthread_mutex_unlock(&c->lock);
	for (i = 1; i <= c->n_threads; i++)
		pthread_join(c->lane[i]->thread, NULL);
	for (i = 0; i < c->n_lanes; i++) {
		close(c->lane[i]->fd);
		free(c->lane[i]);
	}
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->go);
	pthread_cond_destroy(&c->finished);
	free(c);
}

static const struct sender_ops raw_ops = {
	.name = "raw",
	.send_start = raw_send_start,
	.send_finish = raw_send_finish,
	.close = raw_close,
};

/* One raw socket, set up for lane use. Returns the fd, or -1 with err. */
static int
raw_socket(const char *iface, struct bo_error *err)
{
	int fd, one = 1, sndbuf = SNDBUF_BYTES;

	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0) {
		if (errno == EPERM || errno == EACCES)
			error_set(err, BO_EXIT_NOPERM,
				  "raw socket: %s; run as root or grant the "
				  "capability: sudo setcap cap_net_raw+ep "
				  "$(command -v blackout)",
				  strerror(errno));
		else
			error_set(err, BO_EXIT_OSERR, "raw socket: %s",
				  strerror(errno));
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0) {
		error_set(err, BO_EXIT_OSERR, "IP_HDRINCL: %s",
			  strerror(errno));
		close(fd);
		return -1;
	}
	/* A larger buffer absorbs bursts; failure to grow it is harmless. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (iface != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, iface,
					(socklen_t)strlen(iface) + 1) < 0) {
		error_set(err, BO_EXIT_UNAVAILABLE, "--interface: %s: %s",
			  iface, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A lane around fd, with the parts of each message that never change. */
static struct raw_lane *
lane_new(struct raw_ctx *c, int fd)
{
	struct raw_lane *l = xcalloc(1, sizeof(*l));
	size_t i;

	l->fd = fd;
	l->ctx = c;
	for (i = 0; i < SENDER_BATCH_MAX; i++) {
		l->sin[i].sin_family = AF_INET;
		l->msg[i].msg_hdr.msg_name = &l->sin[i];
		l->msg[i].msg_hdr.msg_namelen = sizeof(l->sin[i]);
		l->msg[i].msg_hdr.msg_iov = &l->iov[i];
		l->msg[i].msg_hdr.msg_iovlen = 1;
	}
	return l;
}

/*
 * Sockets for helper lanes, one per CPU beyond the first, opened now while
 * we hold the privilege; their threads start with the first batch. A lane
 * that fails is not missed.
 */
static void
open_helpers(struct raw_ctx *c, const char *iface)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	while (c->n_lanes < SENDER_LANES_MAX && c->n_lanes < cpus) {
		int fd = raw_socket(iface, NULL);

		if (fd < 0)
			return;
		c->lane[c->n_lanes++] = lane_new(c, fd);
	}
}

int
sender_open_raw(struct sender *s, const char *iface, struct bo_error *err)
{
	int fd = raw_socket(iface, err);
	struct raw_ctx *c;

	if (fd < 0)
		return -1;
	c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->go, NULL);
	pthread_cond_init(&c->finished, NULL);
	c->lane[0] = lane_new(c, fd);
	c->n_lanes = 1;
	open_helpers(c, iface);
	s->ops = &raw_ops;
	s->ctx = c;
	return 0;
}

/*
 * An AF_PACKET socket that sends without capturing (protocol 0: it joins
 * no tap), past the queueing discipline. Returns the fd, or -1.
 */
static int
link_socket(void)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int one = 1, sndbuf = SNDBUF_BYTES;

	if (fd < 0)
		return -1;
	/* Both only make it faster: failure costs nothing else. */
	(void)setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
			 sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return fd;
}

int
sender_use_link(struct sender *s, const struct nexthop *nh,
		struct bo_error *err)
{
	struct raw_ctx *c = s->ctx;
	int fds[SENDER_LANES_MAX];
	unsigned i, k;

	for (i = 0; i < c->n_lanes; i++) {
		fds[i] = link_socket();
		if (fds[i] < 0) { /* all lanes or none */
			error_set(err, BO_EXIT_OSERR, "AF_PACKET socket: %s",
				  strerror(errno));
			while (i > 0)
				close(fds[--i]);
			return -1;
		}
	}
	for (i = 0; i < c->n_lanes; i++) {
		struct raw_lane *l = c->lane[i];

		close(l->fd);
		l->fd = fds[i];
		l->link = true;
		l->sll.sll_family = AF_PACKET;
		l->sll.sll_protocol = htons(ETH_P_IP);
		l->sll.sll_ifindex = nh->ifindex;
		l->sll.sll_halen = 6;
		memcpy(l->sll.sll_addr, nh->mac, 6);
		for (k = 0; k < SENDER_BATCH_MAX; k++) {
			l->msg[k].msg_hdr.msg_name = &l->sll;
			l->msg[k].msg_hdr.msg_namelen = sizeof(l->sll);
		}
	}
	return 0;
}

void
sender_try_link(struct sender *s, const struct target_set *set,
		const char *iface)
{
	struct nexthop nh;
	char why[128];

	if (iface != NULL && s->ops == &raw_ops &&
	    nexthop_find(set, iface, &nh, why, sizeof(why)) == 0)
		(void)sender_use_link(s, &nh, NULL); /* else stays raw */
}

struct dry_ctx {
	struct output *out;
	size_t sent; /* by the last send_start */
};

static int
dry_send(void *ctx, const struct probe_desc *p)
{
	struct output *out = ((struct dry_ctx *)ctx)->out;
	json_t *line;
	int rc;

	line = output_probe_line(p->round, p->wave, p->target, p->dst,
				 p->method, &p->cookie);
	rc = output_json(out, line);
	json_decref(line);
	return rc;
}

static void
dry_send_start(void *ctx, const struct probe_desc *p, size_t n, int *err)
{
	struct dry_ctx *c = ctx;
	size_t i;

	c->sent = 0;
	for (i = 0; i < n; i++) {
		err[i] = dry_send(ctx, &p[i]) < 0 ? errno : 0;
		c->sent += err[i] == 0;
	}
}

static size_t
dry_send_finish(void *ctx)
{
	return ((struct dry_ctx *)ctx)->sent;
}

static void
dry_close(void *ctx)
{
	free(ctx); /* the output belongs to the caller */
}

static const struct sender_ops dry_ops = {
	.name = "dry-run",
	.send_start = dry_send_start,
	.send_finish = dry_send_finish,
	.close = dry_close,
};

void
sender_open_dry(struct sender *s, struct output *out)
{
	struct dry_ctx *c = xcalloc(1, sizeof(*c));

	c->out = out;
	s->ops = &dry_ops;
	s->ctx = c;
}

void
sender_close(struct sender *s)
{
	if (s->ops != NULL)
		s->ops->close(s->ctx);
	s->ops = NULL;
	s->ctx = NULL;
}

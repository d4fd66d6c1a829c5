/*
 * sender.c - the raw-socket and dry-run sender backends.
 *
 * The raw backend keeps one array of message headers, sized for the
 * largest batch, so a batch costs one sendmmsg(2) and no allocation.
 */
#define _GNU_SOURCE
#include "blackout/sender.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SNDBUF_BYTES (4 << 20)

struct raw_ctx {
	int fd;
	struct mmsghdr msg[SENDER_BATCH_MAX];
	struct iovec iov[SENDER_BATCH_MAX];
	struct sockaddr_in sin[SENDER_BATCH_MAX];
};

static int
raw_send(void *ctx, const struct probe_desc *p)
{
	struct raw_ctx *c = ctx;
	struct sockaddr_in sin = { 0 };

	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(p->dst);
	for (;;) {
		ssize_t n = sendto(c->fd, p->pkt, p->len, 0,
				   (struct sockaddr *)&sin, sizeof(sin));

		if (n == (ssize_t)p->len)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n >= 0)
			errno = EMSGSIZE;
		return -1;
	}
}

static size_t
raw_send_batch(void *ctx, const struct probe_desc *p, size_t n)
{
	struct raw_ctx *c = ctx;
	size_t i, done = 0;

	for (i = 0; i < n; i++) {
		c->sin[i].sin_addr.s_addr = htonl(p[i].dst);
		c->iov[i].iov_base = (void *)p[i].pkt;
		c->iov[i].iov_len = p[i].len;
	}
	while (done < n) {
		int k = sendmmsg(c->fd, c->msg + done, (unsigned)(n - done), 0);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return done; /* p[done] failed; errno says why */
		}
		for (i = done; i < done + (size_t)k; i++)
			if (c->msg[i].msg_len != p[i].len) {
				errno = EMSGSIZE;
				return i;
			}
		done += (size_t)k;
	}
	return done;
}

static void
raw_close(void *ctx)
{
	struct raw_ctx *c = ctx;

	close(c->fd);
	free(c);
}

static const struct sender_ops raw_ops = {
	.name = "raw",
	.send = raw_send,
	.send_batch = raw_send_batch,
	.close = raw_close,
};

/* The parts of each message header that never change. */
static void
raw_batch_init(struct raw_ctx *c)
{
	size_t i;

	for (i = 0; i < SENDER_BATCH_MAX; i++) {
		c->sin[i].sin_family = AF_INET;
		c->msg[i].msg_hdr.msg_name = &c->sin[i];
		c->msg[i].msg_hdr.msg_namelen = sizeof(c->sin[i]);
		c->msg[i].msg_hdr.msg_iov = &c->iov[i];
		c->msg[i].msg_hdr.msg_iovlen = 1;
	}
}

int
sender_open_raw(struct sender *s, const char *iface, struct bo_error *err)
{
	int fd, one = 1, sndbuf = SNDBUF_BYTES;
	struct raw_ctx *c;

	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0) {
		if (errno == EPERM || errno == EACCES)
			error_set(err, BO_EXIT_NOPERM, "raw socket: %s; run as "
				  "root or grant the capability: sudo setcap "
				  "cap_net_raw+ep $(command -v blackout)",
				  strerror(errno));
		else
			error_set(err, BO_EXIT_OSERR, "raw socket: %s",
				  strerror(errno));
		return -1;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0) {
		error_set(err, BO_EXIT_OSERR, "IP_HDRINCL: %s", strerror(errno));
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
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	raw_batch_init(c);
	s->ops = &raw_ops;
	s->ctx = c;
	return 0;
}

static int
dry_send(void *ctx, const struct probe_desc *p)
{
	struct output *out = ctx;
	json_t *line;
	int rc;

	if (p->method->kind == METHOD_ICMP_ECHO)
		line = output_probe_line(p->round, p->wave, p->target, p->dst,
					 p->method, p->cookie.echo_id,
					 p->cookie.echo_seq);
	else
		line = output_probe_line(p->round, p->wave, p->target, p->dst,
					 p->method, p->cookie.tcp_sport,
					 p->cookie.tcp_seq);
	rc = output_json(out, line);
	json_decref(line);
	return rc;
}

static size_t
dry_send_batch(void *ctx, const struct probe_desc *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dry_send(ctx, &p[i]) < 0)
			return i;
	return n;
}

static void
dry_close(void *ctx)
{
	(void)ctx; /* the output belongs to the caller */
}

static const struct sender_ops dry_ops = {
	.name = "dry-run",
	.send = dry_send,
	.send_batch = dry_send_batch,
	.close = dry_close,
};

void
sender_open_dry(struct sender *s, struct output *out)
{
	s->ops = &dry_ops;
	s->ctx = out;
}

void
sender_close(struct sender *s)
{
	if (s->ops != NULL)
		s->ops->close(s->ctx);
	s->ops = NULL;
	s->ctx = NULL;
}

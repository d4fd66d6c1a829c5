/*
 * privsep.c - the prober and the writer (see privsep.h).
 *
 * The channel is a stream socketpair. A request is a header (type, length)
 * and its payload; the writer answers every request with a fixed-size
 * reply (the exit status and errno it suggests, and one line for a
 * person), so the prober learns of a full disk for the very line that did
 * not fit. The prober waits for each answer: nothing is in flight when it
 * decides whether a round may be committed to the state.
 */
#define _GNU_SOURCE
#include "blackout/privsep.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blackout/verdict/baseline.h"

enum { REQ_LINE = 1, REQ_STATE = 2, REQ_METRICS = 3, REQ_LOCK = 4 };

/* REQ_LOCK's one byte: let the state file's lock go, or take it back. */
#define LOCK_LET_GO 'g'
#define LOCK_TAKE_BACK 't'

struct req_head {
	uint32_t type;
	uint32_t len;
};

struct ps_reply {
	int32_t status; /* 0, or the exit status the writer suggests */
	int32_t err_no;
	char msg[512];
};

struct privsep {
	int fd;
	pid_t child;  /* in the writer: the prober; 0 in the prober */
	pid_t writer; /* the writer's process ID */
};

int
privsep_split(struct privsep **psp, struct bo_error *err)
{
	struct privsep *ps;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		error_set(err, BO_EXIT_OSERR, "socketpair: %s",
			  strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	ps = xcalloc(1, sizeof(*ps));
	ps->writer = getpid();
	pid = fork();
	if (pid < 0) {
		error_set(err, BO_EXIT_OSERR, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(ps);
		return -1;
	}
	ps->child = pid;
	ps->fd = pid > 0 ? sv[0] : sv[1];
	close(pid > 0 ? sv[1] : sv[0]);
	*psp = ps;
	return pid > 0 ? 1 : 0;
}

/* Reads exactly len bytes. 0, 1 on end of file before the first byte, or
 * -1 (errno; EPROTO for an end of file within). */
static int
read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			if (got == 0)
				return 1;
			errno = EPROTO;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/* ---- the prober's side ---- */

int
privsep_follow_writer(struct privsep *ps, struct bo_error *err)
{
	if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0 ||
	    getppid() != ps->writer) {
		error_set(err, BO_EXIT_OSERR, "the writer process is gone");
		return -1;
	}
	return 0;
}

static int
request(struct privsep *ps, uint32_t type, const char *buf, size_t len,
	struct ps_reply *r)
{
	struct req_head h = { type, (uint32_t)len };

	if (write_full(ps->fd, &h, sizeof(h)) < 0 ||
	    write_full(ps->fd, buf, len) < 0 ||
	    read_full(ps->fd, r, sizeof(*r)) != 0) {
		r->status = BO_EXIT_OSERR;
		r->err_no = ECONNRESET; /* the writer is gone */
		snprintf(r->msg, sizeof(r->msg), "the writer process is gone");
		return -1;
	}
	r->msg[sizeof(r->msg) - 1] = '\0';
	return r->status == 0 ? 0 : -1;
}

static int
sink_line(void *ctx, const char *line, size_t len)
{
	struct ps_reply r;

	if (len > PRIVSEP_LINE_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (request(ctx, REQ_LINE, line, len, &r) == 0)
		return 0;
	errno = r.err_no ? r.err_no : EIO;
	return -1;
}

static const struct output_sink privsep_sink = { sink_line };

struct output *
privsep_output(struct privsep *ps)
{
	return output_open_sink(&privsep_sink, ps);
}

int
privsep_save_state(struct privsep *ps, const char *doc, size_t len,
		   struct bo_error *err)
{
	struct ps_reply r;

	/* What a request can say; the writer holds a state document to
	 * its targets' bound (statefile_size_max). */
	if (len > UINT32_MAX) {
		error_set(err, BO_EXIT_OSERR, "--state: document too large");
		return -1;
	}
	if (request(ps, REQ_STATE, doc, len, &r) == 0)
		return 0;
	error_set(err, r.status, "%s", r.msg);
	return -1;
}

void
privsep_let_go(struct privsep *ps)
{
	struct ps_reply r;
	char c = LOCK_LET_GO;

	(void)request(ps, REQ_LOCK, &c, 1, &r);
}

bool
privsep_take_back(struct privsep *ps)
{
	struct ps_reply r;
	char c = LOCK_TAKE_BACK;

	return request(ps, REQ_LOCK, &c, 1, &r) == 0;
}

int
privsep_save_metrics(struct privsep *ps, const char *doc, size_t len,
		     struct bo_error *err)
{
	struct ps_reply r;

	if (len > PRIVSEP_METRICS_MAX) {
		error_set(err, BO_EXIT_OSERR, "--metrics: document too large");
		return -1;
	}
	if (request(ps, REQ_METRICS, doc, len, &r) == 0)
		return 0;
	error_set(err, r.status, "%s", r.msg);
	return -1;
}

/* ---- the writer's side ---- */

/* One JSON object with a "type", on one line ending in a newline. */
static bool
line_ok(const char *buf, size_t len)
{
	json_t *o;
	bool ok;

	if (len < 3 || buf[len - 1] != '\n' ||
	    memchr(buf, '\n', len - 1) != NULL)
		return false;
	o = json_loadb(buf, len - 1, JSON_REJECT_DUPLICATES, NULL);
	ok = json_is_object(o) && json_is_string(json_object_get(o, "type"));
	json_decref(o);
	return ok;
}

/* A state document that loads against this run's targets. */
static bool
state_ok(const struct privsep_writer *w, const char *buf, size_t len)
{
	struct baseline bl;
	struct bo_error e = { 0, "" };
	int rc;

	baseline_init(&bl, w->targets);
	rc = statefile_load_buffer(buf, len, "state", &bl, w->methods, &e);
	baseline_free(&bl);
	return rc == 0;
}

/* Prometheus text: lines of printable text, each a comment or beginning
 * with a metric name, the last one ended. */
static bool
metrics_ok(const char *buf, size_t len)
{
	size_t i;
	bool start = true;

	if (len == 0 || buf[len - 1] != '\n')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (start && c != '#' && c != '_' && c != ':' &&
		    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			return false;
		if (c < 0x20 && c != '\t' && c != '\n')
			return false;
		start = c == '\n';
	}
	return true;
}

/* A lock request (--linger): let go while held, taken back only after;
 * anything else breaks the rules. */
static bool
handle_lock(const struct privsep_writer *w, const struct req_head *h,
	    const char *buf, struct ps_reply *r)
{
	int rc;

	if (w->state == NULL || h->len != 1)
		return false;
	if (buf[0] == LOCK_LET_GO)
		return statefile_let_go(w->state);
	if (buf[0] != LOCK_TAKE_BACK ||
	    (rc = statefile_take_back(w->state)) < 0)
		return false;
	if (rc == 0) {
		r->status = BO_EXIT_TEMPFAIL;
		snprintf(r->msg, sizeof(r->msg),
			 "--state: another run has had the file");
	}
	return true;
}

/* Carries out one checked request; false when it breaks the rules. */
static bool
handle(const struct privsep_writer *w, const struct req_head *h,
       const char *buf, struct ps_reply *r)
{
	struct bo_error e = { 0, "" };

	memset(r, 0, sizeof(*r));
	if (h->type == REQ_LINE) {
		if (!line_ok(buf, h->len))
			return false;
		if (output_line(w->out, buf, h->len) < 0) {
			r->err_no = errno;
			r->status = write_status(errno);
			snprintf(r->msg, sizeof(r->msg), "writing output: %s",
				 strerror(errno));
		}
		return true;
	}
	if (h->type == REQ_LOCK)
		return handle_lock(w, h, buf, r);
	if (h->type == REQ_METRICS) {
		if (w->save_metrics == NULL || !metrics_ok(buf, h->len))
			return false;
		if (w->save_metrics(w->metrics_ctx, buf, h->len, &e) < 0) {
			r->status = e.status;
			snprintf(r->msg, sizeof(r->msg), "%s", e.msg);
		}
		return true;
	}
	if (w->state == NULL || !statefile_held(w->state) ||
	    !state_ok(w, buf, h->len))
		return false;
	if (statefile_save_doc(w->state, buf, h->len, &e) < 0) {
		r->status = e.status;
		snprintf(r->msg, sizeof(r->msg), "%s", e.msg);
	}
	return true;
}

/*
 * Reads one request. 0; 1 when the prober ended, also within a request
 * (reap tells how); -1 when the header is malformed. state_max: the
 * largest state document, the run's targets' state file's bound.
 */
static int
read_request(struct privsep *ps, uint64_t state_max, struct req_head *h,
	     char **buf)
{
	const uint64_t max_len[] = {
		[REQ_LINE] = PRIVSEP_LINE_MAX,
		[REQ_STATE] = state_max,
		[REQ_METRICS] = PRIVSEP_METRICS_MAX,
		[REQ_LOCK] = 1,
	};

	*buf = NULL;
	if (read_full(ps->fd, h, sizeof(*h)) != 0)
		return 1;
	if (h->type < REQ_LINE || h->type > REQ_LOCK ||
	    h->len > max_len[h->type])
		return -1;
	*buf = xmalloc((size_t)h->len + 1);
	if (read_full(ps->fd, *buf, h->len) != 0)
		return 1;
	(*buf)[h->len] = '\0';
	return 0;
}

/* Waits for the prober and turns its end into the run's status. */
static int
reap(struct privsep *ps, struct bo_error *err)
{
	int st;

	while (waitpid(ps->child, &st, 0) < 0)
		if (errno != EINTR) {
			error_set(err, BO_EXIT_OSERR, "waitpid: %s",
				  strerror(errno));
			return -1;
		}
	ps->child = 0;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WTERMSIG(st) == SIGSYS)
		error_set(err, BO_EXIT_OSERR,
			  "the sandbox stopped the prober: it made a forbidden "
			  "system call (see --no-sandbox)");
	else
		error_set(err, BO_EXIT_OSERR,
			  "the prober was killed by signal %d (%s)",
			  WTERMSIG(st), strsignal(WTERMSIG(st)));
	return -1;
}

/* Waits for a request, passing SIGINT/SIGTERM on meanwhile. */
static void
wait_readable(struct privsep *ps, const struct privsep_writer *w,
	      int *forwarded)
{
	struct pollfd pfd = { .fd = ps->fd, .events = POLLIN };

	do {
		if (*w->stop && *forwarded != *w->stop) {
			*forwarded = *w->stop;
			kill(ps->child, *forwarded);
		}
	} while (poll(&pfd, 1, 200) <= 0);
}

int
privsep_serve(struct privsep *ps, const struct privsep_writer *w,
	      struct bo_error *err)
{
	/* The targets never change while the writer serves: bound once. */
	uint64_t state_max = w->targets != NULL
				     ? statefile_size_max_set(w->targets)
				     : statefile_size_max(0, 0, 0);
	int forwarded = 0, rc;

	for (;;) {
		struct req_head h;
		struct ps_reply r;
		char *buf;

		wait_readable(ps, w, &forwarded);
		rc = read_request(ps, state_max, &h, &buf);
		if (rc == 0 && !handle(w, &h, buf, &r))
			rc = -1;
		free(buf);
		if (rc != 0)
			break;
		if (write_full(ps->fd, &r, sizeof(r)) < 0)
			break; /* the prober is gone: reap tells why */
	}
	if (rc < 0) {
		kill(ps->child, SIGKILL);
		(void)reap(ps, err);
		error_set(err, BO_EXIT_OSERR,
			  "the prober sent a malformed request and was "
			  "stopped");
		return -1;
	}
	return reap(ps, err);
}

void
privsep_free(struct privsep *ps)
{
	if (ps == NULL)
		return;
	close(ps->fd);
	free(ps);
}

/*
 * test_privsep.c - whole lines or nothing (write_whole), and the writer's
 * checks of what the prober sends it (privsep.c): good requests are
 * written, a full disk comes back to the prober as 74, and a malformed
 * request stops the prober; so does a lock request out of order (a take
 * back not let go, a let go twice), or a state saved while let go.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "blackout/clock.h"
#include "blackout/privsep.h"
#include "testhelp.h"

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* In a child, under a 20-byte file size limit: a 26-byte line after 8
 * bytes is written in part, then EFBIG. 0 when write_whole took the part
 * back (and, without O_APPEND, put the offset back where it began). */
static int
short_write_child(const char *path, int flags)
{
	const char line[] = "{\"b\":\"0123456789abcdefgh\"}\n";
	struct rlimit rl = { 20, 20 };
	int fd = open(path, flags);

	signal(SIGXFSZ, SIG_IGN);
	if (fd < 0 || lseek(fd, 0, SEEK_END) != 8 ||
	    setrlimit(RLIMIT_FSIZE, &rl) < 0)
		return 2;
	if (write_whole(fd, line, strlen(line)) != -1 || errno != EFBIG)
		return 3;
	/* Without O_APPEND the next write must land where the line began. */
	if (!(flags & O_APPEND) && lseek(fd, 0, SEEK_CUR) != 8)
		return 4;
	return 0;
}

static void
test_write_whole(void)
{
	char path[256];
	int flags[2] = { O_WRONLY | O_APPEND, O_WRONLY }, i, st, fd;

	TEST("write_whole");
	for (i = 0; i < 2; i++) {
		pid_t pid;

		CHECK(th_tempfile("{\"a\":1}\n", path, sizeof(path)) == 0);
		pid = fork();
		if (pid == 0)
			_exit(short_write_child(path, flags[i]));
		CHECK(waitpid(pid, &st, 0) == pid);
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), 0);
		CHECK_EQ(file_size(path), 8); /* the part was taken back */
		fd = open(path, flags[i]);
		lseek(fd, 0, SEEK_END);
		CHECK(write_whole(fd, "{\"c\":2}\n", 8) == 0);
		close(fd);
		CHECK_EQ(file_size(path), 16);
		unlink(path);
	}
	CHECK_EQ(write_status(ENOSPC), 74);
	CHECK_EQ(write_status(EDQUOT), 74);
	CHECK_EQ(write_status(EFBIG), 74);
	CHECK_EQ(write_status(EIO), 74);
	CHECK_EQ(write_status(EPIPE), 141);
	CHECK_EQ(write_status(EBADF), 71);
}

static char metrics_got[64];

static int
save_metrics(void *ctx, const char *doc, size_t len, struct bo_error *err)
{
	(void)ctx;
	(void)err;
	snprintf(metrics_got, sizeof(metrics_got), "%.*s", (int)len, doc);
	return 0;
}

/* Splits; the prober runs fn and exits with what it returns; the writer
 * serves into `log` (and the state file sf, when not NULL) and returns
 * privsep_serve's result. */
static int
pair_state(int (*fn)(struct privsep *), const char *log, struct statefile *sf,
	   struct bo_error *err)
{
	volatile sig_atomic_t stop = 0;
	struct output *out = output_open(log, err);
	struct privsep_writer w = {
		.out = out,
		.state = sf,
		.stop = &stop,
		.save_metrics = save_metrics,
	};
	struct privsep *ps;
	int rc;

	if (out == NULL)
		return -2;
	rc = privsep_split(&ps, err);
	if (rc == 0)
		_exit(fn(ps));
	if (rc > 0)
		rc = privsep_serve(ps, &w, err);
	privsep_free(ps);
	output_close(out);
	return rc;
}

static int
pair(int (*fn)(struct privsep *), const char *log, struct bo_error *err)
{
	return pair_state(fn, log, NULL, err);
}

static int
send_line(struct privsep *ps, const char *line)
{
	struct output *out = privsep_output(ps);
	int rc = output_line(out, line, strlen(line));

	output_close(out);
	return rc < 0 ? write_status(errno) : 0;
}

static int
prober_good(struct privsep *ps)
{
	struct bo_error err = { 0, "" };
	const char *m = "# HELP x a metric\nx{a=\"b\"} 1\n";

	if (send_line(ps, "{\"type\":\"run\"}\n") != 0 ||
	    send_line(ps, "{\"type\":\"round\",\"round\":1}\n") != 0 ||
	    privsep_save_metrics(ps, m, strlen(m), &err) != 0)
		return 1;
	return 3;
}

static int
prober_full(struct privsep *ps)
{
	return send_line(ps, "{\"type\":\"run\"}\n");
}

static int
prober_not_json(struct privsep *ps)
{
	send_line(ps, "{\"type\":\"run\"\n");
	return 0;
}

static int
prober_two_lines(struct privsep *ps)
{
	send_line(ps, "{\"type\":\"a\"}\n{\"type\":\"b\"}\n");
	return 0;
}

static int
prober_bad_metrics(struct privsep *ps)
{
	struct bo_error err = { 0, "" };

	privsep_save_metrics(ps, "x 1\n\001\n", 6, &err);
	return 0;
}

static int
prober_state_unasked(struct privsep *ps)
{
	struct bo_error err = { 0, "" };

	privsep_save_state(ps, "{}", 2, &err);
	return 0;
}

/* --linger's lock requests, in order: let go, taken back (0), again. */
static int
prober_lock_good(struct privsep *ps)
{
	privsep_let_go(ps);
	if (!privsep_take_back(ps))
		return 1;
	privsep_let_go(ps);
	return privsep_take_back(ps) ? 0 : 1;
}

static int
prober_take_unasked(struct privsep *ps)
{
	privsep_take_back(ps);
	return 0;
}

static int
prober_let_go_twice(struct privsep *ps)
{
	privsep_let_go(ps);
	privsep_let_go(ps);
	return 0;
}

static int
prober_save_let_go(struct privsep *ps)
{
	struct bo_error err = { 0, "" };

	privsep_let_go(ps);
	privsep_save_state(ps, "{}", 2, &err);
	return 0;
}

/* The lock requests with a state file: in order, served; out of order,
 * or a save while let go, the prober is stopped (71). */
static void
test_lock(void)
{
	int (*bad[])(struct privsep *) = { prober_take_unasked,
					   prober_let_go_twice,
					   prober_save_let_go };
	struct bo_error err = { 0, "" };
	struct statefile *sf;
	char log[256], state[256], lock[300];
	size_t i;

	TEST("lock");
	CHECK(th_tempfile("", log, sizeof(log)) == 0);
	CHECK(th_tempfile("", state, sizeof(state)) == 0);
	unlink(state);
	snprintf(lock, sizeof(lock), "%s.lock", state);
	for (i = 0; i <= sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		sf = statefile_open(state, &clock_system, &err);
		CHECK(sf != NULL);
		if (i == 0) {
			CHECK_EQ(pair_state(prober_lock_good, log, sf, &err),
				 0);
			CHECK(statefile_held(sf));
		} else {
			CHECK_EQ(pair_state(bad[i - 1], log, sf, &err), -1);
			CHECK_EQ(err.status, 71);
			CHECK_HAS(err.msg, "malformed request");
		}
		statefile_close(sf);
	}
	CHECK(access(state, F_OK) < 0); /* never saved */
	unlink(lock);
	unlink(log);
}

static void
test_writer(void)
{
	int (*bad[])(struct privsep *) = { prober_not_json, prober_two_lines,
					   prober_bad_metrics,
					   prober_state_unasked };
	struct bo_error err = { 0, "" };
	char path[256];
	size_t i;

	TEST("writer");
	CHECK(th_tempfile("", path, sizeof(path)) == 0);
	CHECK_EQ(pair(prober_good, path, &err), 3); /* the prober's status */
	CHECK_EQ(file_size(path), 42);
	CHECK_STREQ(metrics_got, "# HELP x a metric\nx{a=\"b\"} 1\n");
	/* A full disk comes back to the prober, which exits 74. */
	CHECK_EQ(pair(prober_full, "/dev/full", &err), 74);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		CHECK_EQ(pair(bad[i], path, &err), -1);
		CHECK_EQ(err.status, 71);
		CHECK_HAS(err.msg, "malformed request");
	}
	CHECK_EQ(file_size(path), 42); /* nothing of them was written */
	unlink(path);
}

int
main(void)
{
	test_write_whole();
	test_writer();
	test_lock();
	return test_report("test_privsep");
}

/*
 * privsep.h - privilege separation: a prober and a writer (OpenSSH's shape).
 *
 * A live run splits in two once the raw sockets, the capture, the -o file
 * and the state file's lock are open:
 *
 *   the prober (child)  holds the sockets and the capture and parses every
 *                       packet; it becomes --user with no capability and
 *                       no_new_privs, then enters the seccomp sandbox
 *                       (sandbox.h). It cannot open a file, so it sends
 *                       every output line and every state document to...
 *   the writer (parent) which keeps the identity blackout was started with
 *                       (root, so it may write where only root can; with
 *                       file capabilities it clears them all and keeps the
 *                       caller's own rights) and does only this: it checks
 *                       each request (a size limit; a line must be one JSON
 *                       object on one line; a state document must load
 *                       against the run's targets, as statefile_load would)
 *                       and writes it: lines whole or not at all
 *                       (write_whole), the state atomically. It is the only
 *                       writer of the log and the state, and holds its
 *                       lock (let go while a --linger run waits, and taken
 *                       back, in that order only). SIGHUP makes it reopen
 *                       -o between two lines; SIGINT and SIGTERM are
 *                       passed on to the prober, whose exit status becomes
 *                       the run's.
 *
 * A request that breaks these rules is taken for a compromised prober: the
 * writer kills it and the run exits 71 with one line. A dry run (and
 * `blackout simulate`) opens no socket and needs neither process.
 */
#ifndef BLACKOUT_PRIVSEP_H
#define BLACKOUT_PRIVSEP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "blackout/output.h"
#include "blackout/probe/method.h"
#include "blackout/probe/targets.h"
#include "blackout/util.h"
#include "blackout/verdict/statefile.h"

/* The largest line and metrics document the writer accepts; a state
 * document may be as large as a state file of the run's targets
 * (statefile_size_max). */
#define PRIVSEP_LINE_MAX (64u << 20)
#define PRIVSEP_METRICS_MAX (1u << 20)

struct privsep;

/* What the writer writes to, and what it checks requests against. */
struct privsep_writer {
	struct output *out;	 /* the -o file or stdout */
	struct statefile *state; /* NULL without -s */
	const struct target_set *targets;
	const struct method_list *methods;
	volatile sig_atomic_t *stop; /* SIGINT/SIGTERM, passed on */
	/*
	 * Writes a checked --metrics document (temporary file and rename,
	 * write_status() on failure); NULL when there is no --metrics, and a
	 * metrics request is then refused as malformed.
	 */
	int (*save_metrics)(void *ctx, const char *doc, size_t len,
			    struct bo_error *err);
	void *metrics_ctx;
};

/*
 * Forks. Returns 1 in the writer (the calling process) and 0 in the
 * prober, each with its end of the channel in *ps; -1 with err (71).
 */
int privsep_split(struct privsep **ps, struct bo_error *err);

/*
 * The writer's loop: serves the prober's requests until it ends, and
 * returns its exit status (>= 0), or -1 with err when it was killed by a
 * signal (SIGSYS: the sandbox stopped it) or broke the protocol.
 */
int privsep_serve(struct privsep *ps, const struct privsep_writer *w,
		  struct bo_error *err);

/*
 * The prober ends (SIGTERM, as if asked to stop) when the writer does,
 * also while it waits between rounds. Call it after the change of user,
 * which clears the parent-death signal. 0, or -1 with err (71) when the
 * writer is already gone.
 */
int privsep_follow_writer(struct privsep *ps, struct bo_error *err);

/* The prober's output: each line goes to the writer, which answers. The
 * caller closes it (output_close) before privsep_free. */
struct output *privsep_output(struct privsep *ps);

/* The prober saves the state through the writer. 0, or -1 with err. */
int privsep_save_state(struct privsep *ps, const char *doc, size_t len,
		       struct bo_error *err);

/* statefile_let_go() and statefile_take_back() (--linger), done by the
 * writer, which holds the lock; out of order, a request it refuses (71).
 * A writer that is gone cannot give it back: false. */
void privsep_let_go(struct privsep *ps);
bool privsep_take_back(struct privsep *ps);

/*
 * The prober's --metrics document (Prometheus text) through the writer,
 * which checks it (at most 1 MiB; printable lines, each a comment or
 * beginning with a metric name) and calls save_metrics. 0, or -1 with
 * err (the status save_metrics suggested, 74 for a full disk).
 */
int privsep_save_metrics(struct privsep *ps, const char *doc, size_t len,
			 struct bo_error *err);

/* Closes the channel. Accepts NULL. */
void privsep_free(struct privsep *ps);

#endif /* BLACKOUT_PRIVSEP_H */

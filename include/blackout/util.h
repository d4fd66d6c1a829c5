/*
 * util.h - the few helpers every module shares: allocation that aborts on
 * failure (one place, like tmux's xmalloc), an error record that modules fill
 * instead of printing or exiting, bounded number parsing whose messages name
 * the option, and clocks.
 *
 * Invariant: nothing here keeps state; every function is reentrant.
 */
#ifndef BLACKOUT_UTIL_H
#define BLACKOUT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses, man/blackout.8 EXIT STATUS. Only main.c calls exit(). */
enum bo_status {
	BO_EXIT_UP = 0,
	BO_EXIT_PARTIAL = 1,
	BO_EXIT_DOWN = 2,
	BO_EXIT_UNKNOWN = 3,
	BO_EXIT_USAGE = 64,
	BO_EXIT_DATAERR = 65,
	BO_EXIT_NOINPUT = 66,
	BO_EXIT_UNAVAILABLE = 69,
	BO_EXIT_OSERR = 71,
	BO_EXIT_CANTCREAT = 73,
	BO_EXIT_IOERR = 74, /* a log or state write failed: disk full, EIO */
	BO_EXIT_TEMPFAIL = 75,
	BO_EXIT_NOPERM = 77,
	BO_EXIT_SIGINT = 130,  /* interrupted: 128 + SIGINT */
	BO_EXIT_PIPE = 141,    /* the reader closed our output: 128 + SIGPIPE */
	BO_EXIT_SIGTERM = 143, /* terminated: 128 + SIGTERM */
};

/*
 * An error a module reports to its caller: the exit status it suggests and
 * one line for a person (no trailing newline, no program name).
 */
struct bo_error {
	int status;
	char msg[512];
};

/* Fills err (when not NULL) with status and a printf-style message. */
void error_set(struct bo_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Allocation that never returns NULL: prints and aborts on exhaustion. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n, size_t size);
char *xstrdup(const char *s);

/*
 * Parses all of text as an unsigned decimal integer within [min, max].
 * Returns 0 and sets *out, or -1 with err naming `what` (an option or field).
 */
int parse_uint(const char *text, uint64_t min, uint64_t max, const char *what,
	       uint64_t *out, struct bo_error *err);

/*
 * Parses all of text as a non-negative decimal number of seconds (e.g. "3",
 * "0.5") within [min, max]. Returns 0 and sets *out, or -1 with err.
 */
int parse_seconds(const char *text, double min, double max, const char *what,
		  double *out, struct bo_error *err);

/*
 * Writes all len bytes of buf to fd, resuming after signals and short
 * writes. Returns 0, or -1 with errno set (EPIPE when a reader went away).
 */
int write_full(int fd, const void *buf, size_t len);

/*
 * Writes a whole line (or any record) to fd, or nothing: on a short write
 * or an error, a regular file is truncated back to where the record began
 * (and, without O_APPEND, the offset put back), so a full disk (ENOSPC,
 * EDQUOT) or an I/O error (EIO) never leaves a torn line for the next
 * writer to glue onto. Pipes and terminals cannot be taken back; there
 * the kernel writes up to PIPE_BUF bytes at once. Returns 0, or -1 with
 * errno set by the failed write. Every log line and --metrics record is
 * written through it (docs/DESIGN.md, "Writing").
 */
int write_whole(int fd, const void *buf, size_t len);

/*
 * The exit status for a write that failed with errnum: 141 when the
 * reader went away (EPIPE), 74 when the data did not fit or the device
 * failed (ENOSPC, EDQUOT, EFBIG, EIO), 71 otherwise.
 */
int write_status(int errnum);

/* Monotonic clock in nanoseconds. */
int64_t clock_mono_ns(void);

/* Wall clock in nanoseconds since the epoch. */
int64_t clock_real_ns(void);

/*
 * Formats a wall-clock time (ns since the epoch) as RFC 3339 UTC with whole
 * seconds ("2014-12-22T16:15:00Z", what jq's fromdateiso8601 reads) into buf,
 * which must hold at least 21 bytes. Returns buf.
 */
char *format_rfc3339(int64_t real_ns, char *buf, size_t len);

/*
 * Parses an RFC 3339 UTC time, as format_rfc3339() writes it
 * ("2014-12-22T16:15:00Z"; a fraction of a second is dropped, "+00:00" is
 * taken for "Z"), or a bare date ("2014-12-22", its midnight), from 1970
 * to 2261 (so that the time in nanoseconds fits an int64_t). Returns 0 and
 * sets *out to seconds since the epoch, or -1.
 */
int parse_rfc3339(const char *text, int64_t *out);

/* Sleeps for ns nanoseconds (or until a signal arrives). */
void sleep_ns(int64_t ns);

/* Formats an IPv4 address (host byte order) into buf (>= 16 bytes). */
char *format_ipv4(uint32_t addr, char *buf, size_t len);

#endif /* BLACKOUT_UTIL_H */

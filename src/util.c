/*
 * util.c - allocation, error records, bounded number parsing, clocks.
 */
#define _GNU_SOURCE
#include "blackout/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
error_set(struct bo_error *err, int status, const char *fmt, ...)
{
	char raw[sizeof(err->msg)];
	size_t i, o = 0;
	va_list ap;

	if (err == NULL)
		return;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Messages quote names and values from files: a control character
	 * there must not break the one-line promise, or reach the terminal. */
	for (i = 0; raw[i] != '\0' && o + 5 < sizeof(err->msg); i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= 0x20 && c != 0x7f)
			err->msg[o++] = (char)c;
		else
			o += (size_t)snprintf(err->msg + o, sizeof(err->msg) - o,
					      c == '\n' ? "\\n" : c == '\t' ?
					      "\\t" : "\\x%02x", c);
	}
	err->msg[o] = '\0';
}

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "blackout: out of memory (%zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	q = realloc(p, n * size != 0 ? n * size : 1);
	if (q == NULL)
		out_of_memory(n * size);
	return q;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		out_of_memory(strlen(s) + 1);
	return p;
}

int
parse_uint(const char *text, uint64_t min, uint64_t max, const char *what,
	   uint64_t *out, struct bo_error *err)
{
	unsigned long long v;
	char *end;

	if (text == NULL || *text == '\0') {
		error_set(err, BO_EXIT_USAGE, "%s: empty number", what);
		return -1;
	}
	if (*text < '0' || *text > '9') {
		error_set(err, BO_EXIT_USAGE, "%s: '%s' is not a number", what,
			  text);
		return -1;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	if (*end != '\0') {
		error_set(err, BO_EXIT_USAGE, "%s: '%s' is not a number", what,
			  text);
		return -1;
	}
	if (errno == ERANGE || v > max) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: %s is too large (maximum %llu)", what, text,
			  (unsigned long long)max);
		return -1;
	}
	if (v < min) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: %s is too small (minimum %llu)", what, text,
			  (unsigned long long)min);
		return -1;
	}
	*out = v;
	return 0;
}

int
parse_seconds(const char *text, double min, double max, const char *what,
	      double *out, struct bo_error *err)
{
	double v;
	char *end;

	if (text == NULL || *text == '\0' || !(*text == '.' ||
	    (*text >= '0' && *text <= '9'))) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' is not a number of seconds", what,
			  text ? text : "");
		return -1;
	}
	errno = 0;
	v = strtod(text, &end);
	/* strtod also reads hexadecimal ("0x10"): decimal only, as documented. */
	if (*end != '\0' || errno == ERANGE || !isfinite(v) ||
	    text[strspn(text, "0123456789.eE+-")] != '\0') {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' is not a number of seconds", what, text);
		return -1;
	}
	if (v > max) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: %s is too large (maximum %g)", what, text, max);
		return -1;
	}
	if (v < min) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: %s is too small (minimum %g)", what, text, min);
		return -1;
	}
	*out = v;
	return 0;
}

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
clock_mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

int64_t
clock_real_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

char *
format_rfc3339(int64_t real_ns, char *buf, size_t len)
{
	time_t secs = (time_t)(real_ns / 1000000000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

void
sleep_ns(int64_t ns)
{
	struct timespec ts;

	if (ns <= 0)
		return;
	ts.tv_sec = ns / 1000000000;
	ts.tv_nsec = ns % 1000000000;
	nanosleep(&ts, NULL);
}

char *
format_ipv4(uint32_t addr, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

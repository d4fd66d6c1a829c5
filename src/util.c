/*
 * util.c - allocation, error records, bounded number parsing, clocks.
 */
#define _GNU_SOURCE
#include "blackout/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
			o += (size_t)snprintf(err->msg + o,
					      sizeof(err->msg) - o,
					      c == '\n'	  ? "\\n"
					      : c == '\t' ? "\\t"
							  : "\\x%02x",
					      c);
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

	if (text == NULL || *text == '\0' ||
	    !(*text == '.' || (*text >= '0' && *text <= '9'))) {
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

int
write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
write_whole(int fd, const void *buf, size_t len)
{
	struct stat st;
	off_t start = -1;
	int flags = fcntl(fd, F_GETFL), saved;

	if (flags >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		start = lseek(fd, 0, (flags & O_APPEND) ? SEEK_END : SEEK_CUR);
	if (write_full(fd, buf, len) == 0)
		return 0;
	saved = errno;
	if (start >= 0 && ftruncate(fd, start) == 0 && !(flags & O_APPEND))
		(void)lseek(fd, start, SEEK_SET);
	errno = saved;
	return -1;
}

int
write_status(int errnum)
{
	switch (errnum) {
	case EPIPE:
		return BO_EXIT_PIPE;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
	case EIO:
		return BO_EXIT_IOERR;
	default:
		return BO_EXIT_OSERR;
	}
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

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The number in the n decimal digits at p, or -1 if one is not a digit. */
static int
fixed_digits(const char *p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

int
parse_rfc3339(const char *text, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 0, mi = 0, s = 0, leap;

	if (text == NULL || strlen(text) < 10 || text[4] != '-' ||
	    text[7] != '-')
		return -1;
	y = fixed_digits(text, 4);
	mo = fixed_digits(text + 5, 2);
	d = fixed_digits(text + 8, 2);
	text += 10;
	if (*text == 'T' || *text == 't') {
		if (strlen(text) < 9 || text[3] != ':' || text[6] != ':')
			return -1;
		h = fixed_digits(text + 1, 2);
		mi = fixed_digits(text + 4, 2);
		s = fixed_digits(text + 7, 2);
		text += 9;
		if (*text == '.') /* a fraction of a second: dropped */
			while (*++text >= '0' && *text <= '9')
				;
		if (strcmp(text, "Z") != 0 && strcmp(text, "z") != 0 &&
		    strcmp(text, "+00:00") != 0)
			return -1;
	} else if (*text != '\0') {
		return -1;
	}
	if (y < 1970 || y > 2261 || mo < 1 || mo > 12 || d < 1 || h < 0 ||
	    mi < 0 || s < 0 || d > mdays[mo - 1] || h > 23 || mi > 59 || s > 60)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return -1;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + s;
	return 0;
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

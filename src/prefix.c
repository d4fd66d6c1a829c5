/*
 * prefix.c - IPv4 prefixes, special-use space, and the exclusion list.
 *
 * The exclusion list is kept as sorted, merged [lo, hi] ranges so lookups are
 * a binary search and a file of overlapping entries costs nothing extra.
 */
#include "blackout/prefix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t
mask_of(uint8_t len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static int
parse_addr(const char *text, uint32_t *out)
{
	struct in_addr in;

	if (inet_pton(AF_INET, text, &in) != 1)
		return -1;
	*out = ntohl(in.s_addr);
	return 0;
}

int
prefix_parse(const char *text, const char *what, struct prefix *out,
	     struct bo_error *err)
{
	char buf[64];
	char *slash;
	uint64_t len = 32;
	uint32_t addr;

	if (strlen(text) >= sizeof(buf)) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%.40s...' is not an IPv4 prefix", what, text);
		return -1;
	}
	strcpy(buf, text);
	if (strchr(buf, ':') != NULL) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' is IPv6; blackout probes IPv4 only", what,
			  text);
		return -1;
	}
	slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (parse_uint(slash + 1, 0, 32, what, &len, err) < 0) {
			error_set(err, BO_EXIT_USAGE,
				  "%s: '%s' has a bad prefix length (0 to 32)",
				  what, text);
			return -1;
		}
	}
	if (parse_addr(buf, &addr) < 0) {
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' is not an IPv4 address or prefix", what,
			  text);
		return -1;
	}
	if ((addr & ~mask_of((uint8_t)len)) != 0) {
		char net[20];

		format_ipv4(addr & mask_of((uint8_t)len), net, sizeof(net));
		error_set(err, BO_EXIT_USAGE,
			  "%s: '%s' has host bits set (did you mean %s/%u?)",
			  what, text, net, (unsigned)len);
		return -1;
	}
	out->base = addr;
	out->len = (uint8_t)len;
	return 0;
}

char *
prefix_format(const struct prefix *p, char *buf, size_t len)
{
	char a[16];

	snprintf(buf, len, "%s/%u", format_ipv4(p->base, a, sizeof(a)), p->len);
	return buf;
}

uint64_t
prefix_size(const struct prefix *p)
{
	return (uint64_t)1 << (32 - p->len);
}

uint32_t
prefix_last(const struct prefix *p)
{
	return p->base | ~mask_of(p->len);
}

bool
prefix_contains(const struct prefix *p, uint32_t addr)
{
	return (addr & mask_of(p->len)) == p->base;
}

bool
prefix_overlaps(const struct prefix *a, const struct prefix *b)
{
	return a->len <= b->len ? prefix_contains(a, b->base)
				: prefix_contains(b, a->base);
}

/* RFC 6890 special-use IPv4 space that must never be probed by accident. */
static const struct {
	uint32_t base;
	uint8_t len;
	const char *text;
} reserved_ranges[] = {
	{ 0x00000000u, 8, "0.0.0.0/8" },
	{ 0x0a000000u, 8, "10.0.0.0/8" },
	{ 0x64400000u, 10, "100.64.0.0/10" },
	{ 0x7f000000u, 8, "127.0.0.0/8" },
	{ 0xa9fe0000u, 16, "169.254.0.0/16" },
	{ 0xac100000u, 12, "172.16.0.0/12" },
	{ 0xc0000000u, 24, "192.0.0.0/24" },
	{ 0xc0000200u, 24, "192.0.2.0/24" },
	{ 0xc0a80000u, 16, "192.168.0.0/16" },
	{ 0xc6120000u, 15, "198.18.0.0/15" },
	{ 0xc6336400u, 24, "198.51.100.0/24" },
	{ 0xcb007100u, 24, "203.0.113.0/24" },
	{ 0xe0000000u, 4, "224.0.0.0/4" },
	{ 0xf0000000u, 4, "240.0.0.0/4" },
	{ 0xffffffffu, 32, "255.255.255.255/32" },
};

const char *
prefix_reserved_except(const struct prefix *p, const struct exclude *ex)
{
	size_t i;

	for (i = 0; i < sizeof(reserved_ranges) / sizeof(*reserved_ranges);
	     i++) {
		struct prefix r = { reserved_ranges[i].base,
				    reserved_ranges[i].len };

		/* Nested or apart: the overlap is the longer of the two. */
		if (prefix_overlaps(p, &r) &&
		    !exclude_covers(ex, p->len >= r.len ? p : &r))
			return reserved_ranges[i].text;
	}
	return NULL;
}

const char *
prefix_reserved(const struct prefix *p)
{
	return prefix_reserved_except(p, NULL);
}

struct range {
	uint32_t lo, hi;
};

/* Invariant: r[0..n) sorted by lo, disjoint and not adjacent. */
struct exclude {
	struct range *r;
	size_t n, cap;
};

struct exclude *
exclude_new(void)
{
	return xcalloc(1, sizeof(struct exclude));
}

/* Index of the first range whose hi >= addr (n when none). */
static size_t
exclude_lower_bound(const struct exclude *ex, uint32_t addr)
{
	size_t lo = 0, hi = ex->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ex->r[mid].hi < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
exclude_add(struct exclude *ex, const struct prefix *p)
{
	uint32_t lo = p->base, hi = prefix_last(p);
	size_t i, j;

	/* Ranges i..j-1 touch [lo, hi] (overlap or adjacency) and merge. */
	i = exclude_lower_bound(ex, lo == 0 ? 0 : lo - 1);
	for (j = i; j < ex->n && (hi == 0xffffffffu || ex->r[j].lo <= hi + 1);
	     j++) {
		if (ex->r[j].lo < lo)
			lo = ex->r[j].lo;
		if (ex->r[j].hi > hi)
			hi = ex->r[j].hi;
	}
	if (i == j) {
		if (ex->n == ex->cap) {
			ex->cap = ex->cap ? ex->cap * 2 : 16;
			ex->r = xrealloc(ex->r, ex->cap, sizeof(*ex->r));
		}
		memmove(&ex->r[i + 1], &ex->r[i], (ex->n - i) * sizeof(*ex->r));
		ex->n++;
	} else if (j - i > 1) {
		memmove(&ex->r[i + 1], &ex->r[j], (ex->n - j) * sizeof(*ex->r));
		ex->n -= j - i - 1;
	}
	ex->r[i].lo = lo;
	ex->r[i].hi = hi;
}

int
exclude_load(struct exclude *ex, const char *path, struct bo_error *err)
{
	FILE *f = fopen(path, "r");
	char line[256];
	unsigned lineno = 0;
	int rc = -1;

	if (f == NULL) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = line, *e, where[300];
		struct prefix p;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			error_set(err, BO_EXIT_DATAERR,
				  "%s:%u:1: line too long", path, lineno);
			goto out;
		}
		if ((e = strchr(s, '#')) != NULL)
			*e = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' ||
				 e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*s == '\0')
			continue;
		snprintf(where, sizeof(where), "%s:%u:%u", path, lineno,
			 (unsigned)(s - line) + 1);
		if (prefix_parse(s, where, &p, err) < 0) {
			err->status = BO_EXIT_DATAERR;
			goto out;
		}
		exclude_add(ex, &p);
	}
	if (ferror(f)) {
		error_set(err, BO_EXIT_NOINPUT, "%s: read error", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

bool
exclude_covers(const struct exclude *ex, const struct prefix *p)
{
	size_t i;

	if (ex == NULL)
		return false;
	/* Ranges are merged, so one range holds all of p or p is not
	 * covered. */
	i = exclude_lower_bound(ex, p->base);
	return i < ex->n && ex->r[i].lo <= p->base &&
	       ex->r[i].hi >= prefix_last(p);
}

bool
exclude_contains(const struct exclude *ex, uint32_t addr)
{
	size_t i;

	if (ex == NULL)
		return false;
	i = exclude_lower_bound(ex, addr);
	return i < ex->n && ex->r[i].lo <= addr;
}

size_t
exclude_count(const struct exclude *ex)
{
	return ex->n;
}

void
exclude_free(struct exclude *ex)
{
	if (ex == NULL)
		return;
	free(ex->r);
	free(ex);
}

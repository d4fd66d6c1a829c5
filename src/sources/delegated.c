/*
 * delegated.c - RIR delegated-statistics files (sources.h), as the five
 * registries publish them (the format is in each registry's
 * README, e.g. ftp.apnic.net/stats/apnic/README.TXT):
 *
 *   2|apnic|20241203|68923|19830613|20241202|+1000      version line
 *   apnic|*|ipv4|*|54321|summary                         summary line
 *   apnic|KP|ipv4|175.45.176.0|1024|20071219|allocated   a record
 *
 * A record's value is a count of addresses for ipv4, not always a power
 * of two. The extended files add an opaque id as an eighth field.
 */
#define _GNU_SOURCE
#include "blackout/sources/sources.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELDS_MAX 10

/* Splits line at '|' into at most FIELDS_MAX fields; returns how many. */
static size_t
split(char *line, char **f)
{
	size_t n = 0;
	char *s = line;

	while (n < FIELDS_MAX) {
		f[n++] = s;
		s = strchr(s, '|');
		if (s == NULL)
			break;
		*s++ = '\0';
	}
	return n;
}

/* The version line: its first field is a number ("2", "2.3"). */
static bool
is_version(char *const *f)
{
	return f[0][0] != '\0' && strspn(f[0], "0123456789.") == strlen(f[0]);
}

static struct source_group *
group_of(struct source_set *set, const char *cc)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcasecmp(set->g[i].name, cc) == 0)
			return &set->g[i];
	return NULL;
}

/* One ipv4 record: checked whatever its country, counted if asked for. */
static int
ipv4_record(struct source_set *set, char *const *f, const char *where,
	    struct bo_error *err)
{
	struct source_group *g;
	struct in_addr in;
	uint64_t count, start;
	char what[300];

	if (inet_pton(AF_INET, f[3], &in) != 1) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: '%s' is not an IPv4 start address", where, f[3]);
		return -1;
	}
	start = ntohl(in.s_addr);
	snprintf(what, sizeof(what), "%s: the count of addresses", where);
	if (parse_uint(f[4], 1, ((uint64_t)1 << 32) - start, what, &count,
		       err) < 0) {
		err->status = BO_EXIT_DATAERR;
		return -1;
	}
	if (strcmp(f[6], "allocated") != 0 && strcmp(f[6], "assigned") != 0)
		return 0; /* available, reserved: nobody's to watch */
	g = group_of(set, f[1]);
	if (g != NULL)
		range_list_add(&g->ranges, (uint32_t)start,
			       (uint32_t)(start + count - 1));
	return 0;
}

/* One line, without its end of line (a source_line_fn on the set). */
static int
delegated_line(void *ctx, char *line, const char *where, struct bo_error *err)
{
	struct source_set *set = ctx;
	char *f[FIELDS_MAX];
	size_t n;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	n = split(line, f);
	if (n == 7 && is_version(f))
		return 0;
	if (n == 6 && strcmp(f[5], "summary") == 0)
		return 0;
	if (n < 7) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: expected registry|cc|type|start|value|date|"
			  "status, got %zu field%s",
			  where, n, n == 1 ? "" : "s");
		return -1;
	}
	if (strcmp(f[2], "ipv6") == 0 || strcmp(f[2], "asn") == 0)
		return 0;
	if (strcmp(f[2], "ipv4") != 0) {
		error_set(err, BO_EXIT_DATAERR,
			  "%s: unknown record type '%s' (ipv4, ipv6 or asn)",
			  where, f[2]);
		return -1;
	}
	return ipv4_record(set, f, where, err);
}

int
delegated_read(FILE *f, const char *path, struct source_set *set,
	       struct bo_error *err)
{
	return sources_each_line(f, path, delegated_line, set, err);
}

/*
 * lines.c - the line loop every source reader shares (sources.h).
 */
#define _GNU_SOURCE
#include "blackout/sources/sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
sources_each_line(FILE *f, const char *path, source_line_fn fn, void *ctx,
		  struct bo_error *err)
{
	char *line = NULL, where[300];
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 &&
		       (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		snprintf(where, sizeof(where), "%s:%zu", path, lineno);
		rc = fn(ctx, line, where, err);
	}
	if (rc == 0 && ferror(f)) {
		error_set(err, BO_EXIT_NOINPUT, "%s: %s", path,
			  strerror(errno));
		rc = -1;
	}
	free(line);
	return rc;
}

/*
 * testlog.h - logs by hand for the report side's unit tests: a log read
 * from a string, and a round line written in one macro, so a test states
 * the lines it reads and nothing else. fmemopen needs _GNU_SOURCE (or
 * POSIX 2008): define it before the first include.
 */
#ifndef BLACKOUT_TESTLOG_H
#define BLACKOUT_TESTLOG_H

#include <stdio.h>
#include <string.h>

#include "blackout/report/logfile.h"

#include "testhelp.h"

/* Reads text as a log named "t"; the caller frees it with logfile_free. */
static inline struct logfile *
th_read_log(const char *text)
{
	struct logfile *lf = logfile_new();
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct bo_error err = { 0, "" };

	CHECK(f != NULL);
	CHECK(logfile_read(lf, f, "t", &err) == 0);
	fclose(f);
	logfile_finish(lf);
	return lf;
}

/* A round line of target "a" (198.18.0.0/24). */
#define TH_ROUND(time, n, state)                                            \
	"{\"type\":\"round\",\"time\":\"" time "\",\"round\":" #n           \
	",\"target\":\"a\",\"prefix\":\"198.18.0.0/24\",\"state\":\"" state \
	"\"}\n"

#endif /* BLACKOUT_TESTLOG_H */

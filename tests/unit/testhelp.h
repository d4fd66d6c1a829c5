/*
 * testhelp.h - the unit tests' whole framework, in the spirit of redis'
 * testhelp.h: CHECK(cond) counts a check and, when cond is false, prints
 * file:line and the expression and counts a failure; test_report() prints
 * the totals and returns the exit status for main() (non-zero on any
 * failure). No fixtures, no registration: each test is a function that
 * main() calls.
 */
#ifndef BLACKOUT_TESTHELP_H
#define BLACKOUT_TESTHELP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long th_checks, th_failures;
static const char *th_test = "";

#define CHECK(cond)                                                       \
	do {                                                              \
		th_checks++;                                              \
		if (!(cond)) {                                            \
			th_failures++;                                    \
			fprintf(stderr, "%s:%d: [%s] CHECK failed: %s\n", \
				__FILE__, __LINE__, th_test, #cond);      \
		}                                                         \
	} while (0)

/* Like CHECK, and prints both sides as unsigned numbers on failure. */
#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		unsigned long long th_a = (unsigned long long)(a);         \
		unsigned long long th_b = (unsigned long long)(b);         \
		th_checks++;                                               \
		if (th_a != th_b) {                                        \
			th_failures++;                                     \
			fprintf(stderr,                                    \
				"%s:%d: [%s] CHECK failed: %s == "         \
				"%s (%llu != %llu; 0x%llx != 0x%llx)\n",   \
				__FILE__, __LINE__, th_test, #a, #b, th_a, \
				th_b, th_a, th_b);                         \
		}                                                          \
	} while (0)

/* The string s (may be NULL) contains needle; prints s on failure. */
#define CHECK_HAS(s, needle)                                          \
	do {                                                          \
		const char *th_s = (s);                               \
		th_checks++;                                          \
		if (th_s == NULL || strstr(th_s, (needle)) == NULL) { \
			th_failures++;                                \
			fprintf(stderr,                               \
				"%s:%d: [%s] CHECK failed: \"%s\" "   \
				"does not contain \"%s\"\n",          \
				__FILE__, __LINE__, th_test,          \
				th_s ? th_s : "(null)", (needle));    \
		}                                                     \
	} while (0)

#define CHECK_STREQ(s, want)                                        \
	do {                                                        \
		const char *th_s = (s);                             \
		th_checks++;                                        \
		if (th_s == NULL || strcmp(th_s, (want)) != 0) {    \
			th_failures++;                              \
			fprintf(stderr,                             \
				"%s:%d: [%s] CHECK failed: \"%s\" " \
				"!= \"%s\"\n",                      \
				__FILE__, __LINE__, th_test,        \
				th_s ? th_s : "(null)", (want));    \
		}                                                   \
	} while (0)

/* Names the test that the following checks belong to. */
#define TEST(name) (th_test = (name))

static int
test_report(const char *program)
{
	printf("%s: %lu checks, %lu failed\n", program, th_checks, th_failures);
	return th_failures != 0;
}

/* A small seeded generator for the tests' own randomness (splitmix64). */
static inline uint64_t
th_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Writes text to a new temporary file and puts its name in path (>= 64
 * bytes). The caller unlinks it. Returns 0 or -1.
 */
static inline int
th_tempfile(const char *text, char *path, size_t pathlen)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(text);
	int fd;

	snprintf(path, pathlen, "%s/blackout-unit-XXXXXX",
		 dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

#endif /* BLACKOUT_TESTHELP_H */

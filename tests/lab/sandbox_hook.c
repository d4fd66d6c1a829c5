/*
 * sandbox_hook.c - the test-only trigger of tests/lab/test_sandbox.sh,
 * linked into blackout-testhooks (main.c built with BLACKOUT_TEST_HOOKS),
 * never into the blackout binary.
 *
 * With BLACKOUT_TEST_FORBIDDEN set, the prober, once in its sandbox, makes
 * the forbidden call it names: "exec" (execve /bin/true), "socket" (a new
 * UDP socket), "open" (opening /etc/passwd) or "ptrace" (PTRACE_TRACEME).
 * The sandbox must stop it; if the call comes back instead, the hook says
 * so and the run fails with 70, which the test tells from the sandbox's 71.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

#include "blackout/util.h"

int sandbox_test_hook(struct bo_error *err);

int
sandbox_test_hook(struct bo_error *err)
{
	const char *what = getenv("BLACKOUT_TEST_FORBIDDEN");
	char *const argv[] = { "true", NULL };
	long rc = 0;

	if (what == NULL)
		return 0;
	if (strcmp(what, "exec") == 0)
		rc = execve("/bin/true", argv, NULL);
	else if (strcmp(what, "socket") == 0)
		rc = socket(AF_INET, SOCK_DGRAM, 0);
	else if (strcmp(what, "open") == 0)
		rc = open("/etc/passwd", O_RDONLY);
	else if (strcmp(what, "ptrace") == 0)
		rc = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	error_set(err, 70, "test hook: %s was not refused (returned %ld)", what,
		  rc);
	return -1;
}

/*
 * sandbox.h - the prober's seccomp-bpf allowlist (libseccomp).
 *
 * Entered by the prober (privsep.h) once set-up is done: the sockets and
 * the capture are open, privilege is gone, and before the first packet is
 * read. From then on the process may read and write the descriptors it
 * has, send and receive on its sockets, map memory, start threads, sleep
 * and wait, and little else: no open of a file, no new socket, no exec, no
 * fork, no ptrace, no change of identity. Any other system call kills the
 * process (SIGSYS); the writer sees it and says so in one line. Threads
 * started later inherit the filter.
 *
 * The ASan/UBSan build also allows what the sanitizer runtime needs to
 * report and to check for leaks at exit (reading /proc/self/maps,
 * ptrace-ing its own threads from a helper); the shipped build does not.
 */
#ifndef BLACKOUT_SANDBOX_H
#define BLACKOUT_SANDBOX_H

#include "blackout/util.h"

/* Installs the filter on the calling process. 0, or -1 with err (71). */
int sandbox_enter(struct bo_error *err);

#endif /* BLACKOUT_SANDBOX_H */

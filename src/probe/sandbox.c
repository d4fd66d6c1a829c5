/*
 * sandbox.c - the prober's seccomp-bpf allowlist (see sandbox.h).
 *
 * The lists name system calls by what the prober does after set-up: the
 * C library's memory, threads and clocks; the sender's sendmmsg on its raw
 * sockets; the capture's poll on its ring and its statistics; the replies
 * to and from the writer over the socketpair; messages on stderr; qsort(3)
 * asks sysinfo(2) for the memory size. clone is
 * allowed for threads only (CLONE_THREAD); clone3, whose flags a filter
 * cannot read, fails with ENOSYS, and the C library falls back to clone.
 */
#define _GNU_SOURCE
#include "blackout/probe/sandbox.h"

#include <errno.h>
#include <jansson.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

static const int allowed[] = {
	SCMP_SYS(read),
	SCMP_SYS(write),
	SCMP_SYS(readv),
	SCMP_SYS(writev),
	SCMP_SYS(close),
	SCMP_SYS(fstat),
	SCMP_SYS(newfstatat),
	SCMP_SYS(lseek),
	SCMP_SYS(fcntl),
	SCMP_SYS(mmap),
	SCMP_SYS(munmap),
	SCMP_SYS(mprotect),
	SCMP_SYS(mremap),
	SCMP_SYS(madvise),
	SCMP_SYS(brk),
	SCMP_SYS(rt_sigaction),
	SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn),
	SCMP_SYS(sigaltstack),
	SCMP_SYS(futex),
	SCMP_SYS(set_robust_list),
	SCMP_SYS(rseq),
	SCMP_SYS(nanosleep),
	SCMP_SYS(clock_nanosleep),
	SCMP_SYS(clock_gettime),
	SCMP_SYS(gettimeofday),
	SCMP_SYS(getpid),
	SCMP_SYS(gettid),
	SCMP_SYS(tgkill),
	SCMP_SYS(sched_yield),
	SCMP_SYS(sched_getaffinity),
	SCMP_SYS(getrandom),
	SCMP_SYS(poll),
	SCMP_SYS(ppoll),
	SCMP_SYS(sendto),
	SCMP_SYS(sendmsg),
	SCMP_SYS(sendmmsg),
	SCMP_SYS(recvfrom),
	SCMP_SYS(recvmsg),
	SCMP_SYS(getsockopt),
	SCMP_SYS(restart_syscall),
	SCMP_SYS(exit),
	SCMP_SYS(exit_group),
	SCMP_SYS(sysinfo),
};

#ifdef BLACKOUT_SANITIZER_RUNTIME
/* ASan/UBSan/LSan: symbolizing a report and the leak check at exit, which
 * stops the world from a helper (clone without CLONE_THREAD, ptrace). */
static const int sanitizer_allowed[] = {
	SCMP_SYS(open),
	SCMP_SYS(openat),
	SCMP_SYS(readlink),
	SCMP_SYS(readlinkat),
	SCMP_SYS(getdents64),
	SCMP_SYS(ptrace),
	SCMP_SYS(clone),
	SCMP_SYS(wait4),
	SCMP_SYS(waitid),
	SCMP_SYS(prctl),
	SCMP_SYS(getppid),
	SCMP_SYS(uname),
	SCMP_SYS(pipe2),
	SCMP_SYS(kill),
	SCMP_SYS(getrlimit),
	SCMP_SYS(prlimit64),
	SCMP_SYS(statx),
	SCMP_SYS(access),
	SCMP_SYS(sched_setaffinity),
	SCMP_SYS(getdents),
	SCMP_SYS(stat),
	SCMP_SYS(lstat),
	SCMP_SYS(tkill),
	SCMP_SYS(set_tid_address),
	SCMP_SYS(rt_sigtimedwait),
};
#endif

static int
add_list(scmp_filter_ctx ctx, const int *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, list[i], 0) < 0)
			return -1;
	return 0;
}

static int
build(scmp_filter_ctx ctx)
{
	if (add_list(ctx, allowed, sizeof(allowed) / sizeof(allowed[0])) < 0)
		return -1;
#ifdef BLACKOUT_SANITIZER_RUNTIME
	if (add_list(ctx, sanitizer_allowed,
		     sizeof(sanitizer_allowed) / sizeof(sanitizer_allowed[0])) <
	    0)
		return -1;
#else
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
			     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD,
				     CLONE_THREAD)) < 0)
		return -1;
#endif
	/* pcap_close(3) takes the capture ring down at exit. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(setsockopt), 1,
			     SCMP_CMP(1, SCMP_CMP_EQ, SOL_PACKET, 0)) < 0)
		return -1;
	/* isatty(3), for the progress line on a terminal. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
			     SCMP_CMP(1, SCMP_CMP_EQ, TCGETS, 0)) < 0)
		return -1;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3),
				0);
}

int
sandbox_enter(struct bo_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = -1;

	/* What the libraries would open later, opened now: strftime(3)
	 * reads the time zone (/etc/localtime) on first use, and jansson
	 * seeds its hash tables from /dev/urandom at its first object. */
	tzset();
	json_object_seed(0);
	if (ctx == NULL) {
		error_set(err, BO_EXIT_OSERR, "sandbox: seccomp_init failed");
		return -1;
	}
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) < 0 ||
	    build(ctx) < 0)
		error_set(err, BO_EXIT_OSERR,
			  "sandbox: building the filter "
			  "failed");
	else if ((rc = seccomp_load(ctx)) < 0)
		error_set(err, BO_EXIT_OSERR,
			  "sandbox: loading the seccomp filter: %s "
			  "(--no-sandbox runs without it)",
			  strerror(-rc));
	else
		rc = 0;
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

/*
 * privs.c - dropping root or capabilities after the privileged opens.
 *
 * Order matters and is the classic one: supplementary groups while still
 * root (initgroups), then the group IDs (setresgid needs root too), then
 * the user IDs last. Capabilities are cleared with capset(2) through the
 * raw syscall, so no libcap is needed. Every step is checked, and so is the
 * result: a process that could become root again must not read packets.
 */
#define _GNU_SOURCE
#include "blackout/probe/privs.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int
privs_lookup(const char *user, struct privs_user *u, struct bo_error *err)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL || strlen(user) >= sizeof(u->name)) {
		error_set(err, BO_EXIT_USAGE, "--user: no such user '%s'%s%s",
			  user, errno ? ": " : "",
			  errno ? strerror(errno) : "");
		return -1;
	}
	snprintf(u->name, sizeof(u->name), "%s", user);
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

static int
caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};

	memset(data, 0, 2 * sizeof(*data));
	return (int)syscall(SYS_capget, &hdr, data);
}

/* True when the process holds no capability in any of its sets. */
static bool
privs_none_left(void)
{
	struct __user_cap_data_struct d[2];
	int i;

	if (caps_get(d) < 0)
		return false;
	for (i = 0; i < 2; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return false;
	return true;
}

/* Empties the ambient set. Ambient capabilities came with kernel 4.3;
 * EINVAL before that means there are none to clear. */
static int
ambient_clear(struct bo_error *err)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL) {
		error_set(err, BO_EXIT_OSERR,
			  "dropping privileges: clearing ambient capabilities: "
			  "%s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* Empties the effective, permitted, inheritable and ambient sets. */
static int
caps_clear(struct bo_error *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (ambient_clear(err) < 0)
		return -1;
	if (syscall(SYS_capset, &hdr, data) < 0) {
		error_set(err, BO_EXIT_OSERR, "dropping privileges: capset: %s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* Supplementary groups, then group, then user: each needs the one after. */
static int
become(const struct privs_user *u, struct bo_error *err)
{
	const char *step;

	if (initgroups(u->name, u->gid) < 0)
		step = "initgroups";
	else if (setresgid(u->gid, u->gid, u->gid) < 0)
		step = "setresgid";
	else if (setresuid(u->uid, u->uid, u->uid) < 0)
		step = "setresuid";
	else
		return 0;
	error_set(err, BO_EXIT_OSERR, "dropping privileges to user %s: %s: %s",
		  u->name, step, strerror(errno));
	return -1;
}

/* Checks that the IDs are u's everywhere and root cannot come back. */
static int
verify_user(const struct privs_user *u, struct bo_error *err)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    ru != u->uid || eu != u->uid || su != u->uid || rg != u->gid ||
	    eg != u->gid || sg != u->gid) {
		error_set(err, BO_EXIT_OSERR,
			  "dropping privileges to user %s: the user and group "
			  "IDs did not change",
			  u->name);
		return -1;
	}
	if (u->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		error_set(err, BO_EXIT_OSERR,
			  "dropping privileges to user %s: root could be "
			  "regained",
			  u->name);
		return -1;
	}
	return 0;
}

int
privs_drop(const struct privs_user *u, struct bo_error *err)
{
	bool root = geteuid() == 0;

	if (root && u->uid == 0)
		return 0; /* --user root: asked to keep everything */
	if (root && (become(u, err) < 0 || verify_user(u, err) < 0))
		return -1;
	return privs_clear_caps(err);
}

int
privs_clear_caps(struct bo_error *err)
{
	if (caps_clear(err) < 0)
		return -1;
	/* Nothing we might exec could gain privilege either (we exec
	 * nothing; this is belt and braces). */
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (!privs_none_left()) {
		error_set(err, BO_EXIT_OSERR,
			  "dropping privileges: capabilities are left after "
			  "capset");
		return -1;
	}
	return 0;
}

/* What a root writer needs to write where root can, and to signal the
 * prober, which runs as another user: nothing else. */
static const int writer_caps[] = { CAP_CHOWN, CAP_DAC_OVERRIDE,
				   CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_KILL };

static int
caps_set_only(const int *keep, size_t n, struct bo_error *err)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];
	size_t i;

	memset(data, 0, sizeof(data));
	for (i = 0; i < n; i++) {
		data[keep[i] / 32].effective |= 1u << (keep[i] % 32);
		data[keep[i] / 32].permitted |= 1u << (keep[i] % 32);
	}
	if (syscall(SYS_capset, &hdr, data) < 0) {
		error_set(err, BO_EXIT_OSERR, "dropping privileges: capset: %s",
			  strerror(errno));
		return -1;
	}
	return 0;
}

int
privs_keep_writer_caps(struct bo_error *err)
{
	int cap;
	size_t i;

	/* The bounding set first: dropping from it needs CAP_SETPCAP. */
	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		bool keep = false;

		for (i = 0; i < sizeof(writer_caps) / sizeof(writer_caps[0]);
		     i++)
			keep = keep || writer_caps[i] == cap;
		if (!keep && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 &&
		    errno != EINVAL) {
			error_set(err, BO_EXIT_OSERR,
				  "dropping privileges: bounding set: %s",
				  strerror(errno));
			return -1;
		}
	}
	if (ambient_clear(err) < 0)
		return -1;
	if (caps_set_only(writer_caps,
			  sizeof(writer_caps) / sizeof(writer_caps[0]),
			  err) < 0)
		return -1;
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return 0;
}

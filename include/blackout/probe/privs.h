/*
 * privs.h - giving up privilege once the privileged handles are open.
 *
 * blackout needs CAP_NET_RAW for exactly two things, the raw socket and the
 * capture, and opens both before it reads a single packet. Right after
 * that the process that holds them, the prober (privsep.h), becomes an
 * ordinary process: as root it turns into --user (default "nobody":
 * supplementary groups, then group, then user), and run with file
 * capabilities it clears every capability it holds. Either way it then
 * checks that the change took (the IDs are the ones asked for, no
 * capability is left, and root cannot be regained), and refuses to go on
 * when it did not. Packets are only ever handled without privilege; the
 * log and the state file are written by the writer process, which holds
 * no socket (root stays root there; file capabilities are cleared).
 */
#ifndef BLACKOUT_PRIVS_H
#define BLACKOUT_PRIVS_H

#include <sys/types.h>

#include "blackout/util.h"

#define PRIVS_DEFAULT_USER "nobody"
#define PRIVS_NAME_MAX 64

/* The account a root run becomes (a plain record, from privs_lookup). */
struct privs_user {
	char name[PRIVS_NAME_MAX];
	uid_t uid;
	gid_t gid;
};

/*
 * Looks user up in the password database. Returns 0 and fills u, or -1
 * with err (64) when there is no such user.
 */
int privs_lookup(const char *user, struct privs_user *u, struct bo_error *err);

/*
 * Drops privileges: as root (effective UID 0) to u, unless u is root
 * itself; otherwise clears every capability. Verifies the result. Returns
 * 0, or -1 with err (71) when a step failed or did not take; the process
 * must then stop.
 */
int privs_drop(const struct privs_user *u, struct bo_error *err);

/*
 * Clears every capability and sets no_new_privs, keeping the user IDs:
 * the writer of a run started with file capabilities. 0, or -1 (71).
 */
int privs_clear_caps(struct bo_error *err);

/*
 * The writer of a root run: stays root, but keeps of its capabilities
 * (effective, permitted and bounding set) only those that writing files
 * where root may needs, and CAP_KILL to pass signals on to the prober:
 * CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_KILL;
 * sets no_new_privs. 0, or -1 with err (71).
 */
int privs_keep_writer_caps(struct bo_error *err);

#endif /* BLACKOUT_PRIVS_H */

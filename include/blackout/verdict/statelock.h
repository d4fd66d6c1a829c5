/*
 * statelock.h - the state file's lock: one run at a time (flock(2) on
 * FILE.lock), let go while a --linger run waits for its watch round.
 */
#ifndef BLACKOUT_STATELOCK_H
#define BLACKOUT_STATELOCK_H

#include <stdbool.h>

#include "blackout/util.h"

struct statelock;

/*
 * Takes the lock of the state file at path. Returns a handle, or NULL
 * with err: 75 when another run holds it, 73 when the lock file cannot be
 * created (or is a symbolic link), 71 otherwise.
 */
struct statelock *statelock_take(const char *path, struct bo_error *err);

/* Whether the lock is held: from statelock_take() until statelock_let_go(),
 * and again after statelock_take_back() returned 1. */
bool statelock_held(const struct statelock *l);

/*
 * --linger: lets the lock go while the run waits, so that the next run
 * (cron's, which may come first) is not turned away with 75; keeps the
 * state file open meanwhile, to tell it from another run's. False, with
 * nothing done, when the lock is not held.
 */
bool statelock_let_go(struct statelock *l);

/*
 * Takes it back: 1 when the lock is held again and the state file is the
 * one statelock_let_go() left (every save renames a new file in, and the
 * old one, kept open, cannot lend its inode); 0 when another run holds it
 * or has had it since, whose memory is then newer: the lock is then lost
 * for good, and the run must not save; -1 when it was not let go.
 */
int statelock_take_back(struct statelock *l);

/* Releases the lock. Accepts NULL. */
void statelock_free(struct statelock *l);

#endif /* BLACKOUT_STATELOCK_H */

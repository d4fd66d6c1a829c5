/*
 * statefile.h - the state file: the baseline across runs (cron).
 *
 * A versioned JSON document ("format": "blackout-state", "version": 1).
 * One run holds an exclusive flock on FILE.lock for its whole life; saves
 * go to a temporary file in the same directory, fsynced, then renamed over
 * FILE (and the directory fsynced), so a reader or a crash sees the old
 * state or the new one, never half of one. A file that does not parse, is
 * truncated, or is not ours is refused and never overwritten.
 */
#ifndef BLACKOUT_STATEFILE_H
#define BLACKOUT_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blackout/clock.h"
#include "blackout/verdict/baseline.h"
#include "blackout/probe/method.h"
#include "blackout/util.h"

#define STATE_FORMAT "blackout-state"
/* Version 2 keeps each /24 as one base64 block record (blockcodec.h);
 * version 1 files (an object per /24) are read, and saved as version 2. */
#define STATE_VERSION 2

struct statefile;

/*
 * How large a state file may be: STATE_SIZE_BASE, and room for what the
 * run's targets hold beyond it, so that a file is refused unread when
 * only a foreign or broken one could be that large (it would make
 * blackout allocate without bound), and never for the number of /24s a
 * run watches. Room a target (its name, history and spot memory: about
 * 1.4 KB written), a prefix and a /24 (96 B written typically; the room is
 * the longest record, quoted, with its comma: statefile.c asserts it).
 */
#define STATE_SIZE_BASE ((uint64_t)256 << 20)
#define STATE_ROOM_TARGET 4096
#define STATE_ROOM_PREFIX 32
#define STATE_ROOM_BLOCK 288

/* The largest state file of targets this many; at most UINT32_MAX (the
 * privilege-separated writer's requests say their length in 32 bits). */
uint64_t statefile_size_max(uint64_t targets, uint64_t prefixes,
			    uint64_t blocks);

/* The same for bl's targets, and for set's (the privilege-separated
 * writer has the set, not a baseline; both count alike). */
uint64_t statefile_size_max_of(const struct baseline *bl);
uint64_t statefile_size_max_set(const struct target_set *set);

/*
 * Takes the lock for path; saves are stamped with clock's wall-clock time
 * (clock must outlive the handle). Returns a handle, or NULL with err: 75
 * when another run holds it, 73 when the lock file cannot be created.
 */
struct statefile *statefile_open(const char *path, const struct clock *clock,
				 struct bo_error *err);

/*
 * Loads the state into bl (initialized from the run's targets); targets
 * absent from the file start fresh, entries for targets no longer
 * configured are dropped, and a target whose prefix changed starts over.
 * A missing file is not an error. Returns 0, or -1 with err (65).
 */
int statefile_load(struct statefile *sf, struct baseline *bl,
		   const struct method_list *methods, struct bo_error *err);

/* The same from a buffer; `origin` names it in errors (tests, fuzzing). */
int statefile_load_buffer(const char *buf, size_t len, const char *origin,
			  struct baseline *bl,
			  const struct method_list *methods,
			  struct bo_error *err);

/*
 * Saves bl atomically. Returns 0, or -1 with err (73 cannot create, 74 the
 * disk is full or failed, 71 otherwise); the old state is then untouched.
 */
int statefile_save(struct statefile *sf, const struct baseline *bl,
		   const struct method_list *methods, struct bo_error *err);

/* The same for a document statefile_dump() made (the privsep writer's
 * part, after it checked the document with statefile_load_buffer()). */
int statefile_save_doc(struct statefile *sf, const char *doc, size_t len,
		       struct bo_error *err);

/*
 * Checks, as the user the run is now, that statefile_save() will be allowed:
 * creates and removes the temporary file, and refuses a file another user
 * owns in a sticky directory. Returns 0, or -1 with err (73).
 */
int statefile_check_writable(struct statefile *sf, struct bo_error *err);

/* Serializes bl, stamped saved at saved_ns; the caller frees the string. */
char *statefile_dump(const struct baseline *bl,
		     const struct method_list *methods, int64_t saved_ns);

/* The same in file format `version` (1 or 2): the tests' older files. */
char *statefile_dump_version(const struct baseline *bl,
			     const struct method_list *methods,
			     int64_t saved_ns, int version);

/*
 * --linger: the lock let go while the run waits for its watch round, and
 * taken back, as statelock.h says; a file whose lock is not held is not
 * saved (statefile_save refuses, 71).
 */
bool statefile_held(const struct statefile *sf);
bool statefile_let_go(struct statefile *sf);
int statefile_take_back(struct statefile *sf);

/* Releases the lock. Accepts NULL. */
void statefile_close(struct statefile *sf);

#endif /* BLACKOUT_STATEFILE_H */

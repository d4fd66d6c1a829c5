/*
 * statelock.c - the state file's lock (statelock.h).
 */
#define _GNU_SOURCE
#include "blackout/verdict/statelock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct statelock {
	char *path; /* the state file */
	int fd;	    /* its .lock file, flock(2)ed */
	enum { HELD, LET_GO, LOST } state;
	int left_fd; /* the state file as it was let go; -1: there was none */
};

/* Opens path.lock: never through a symbolic link (opened as root, in a
 * directory others may write, one could make us create any file). */
static int
open_lock(const char *path, struct bo_error *err)
{
	char *lock;
	int fd;

	if (asprintf(&lock, "%s.lock", path) < 0)
		abort();
	fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	/* Another user's lock file: flock needs no write access. */
	if (fd < 0 && errno == EACCES)
		fd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ELOOP)
		error_set(err, BO_EXIT_CANTCREAT,
			  "--state: %s is a symbolic link; blackout will not "
			  "follow it",
			  lock);
	else if (fd < 0)
		error_set(err, BO_EXIT_CANTCREAT,
			  "--state: cannot create %s: %s", lock,
			  strerror(errno));
	free(lock);
	return fd;
}

struct statelock *
statelock_take(const char *path, struct bo_error *err)
{
	struct statelock *l;
	int fd = open_lock(path, err);

	if (fd < 0)
		return NULL;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		error_set(err,
			  errno == EWOULDBLOCK ? BO_EXIT_TEMPFAIL
					       : BO_EXIT_OSERR,
			  "--state: %s is in use by another blackout run",
			  path);
		close(fd);
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	l->path = xstrdup(path);
	l->fd = fd;
	l->state = HELD;
	l->left_fd = -1;
	return l;
}

bool
statelock_held(const struct statelock *l)
{
	return l->state == HELD;
}

bool
statelock_let_go(struct statelock *l)
{
	if (l->state != HELD)
		return false;
	l->left_fd = open(l->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	flock(l->fd, LOCK_UN);
	l->state = LET_GO;
	return true;
}

/* Whether the state file is the one let go: the same file, unchanged, or
 * still none. Any doubt is a change. */
static bool
same_as_left(const struct statelock *l)
{
	struct stat was, now;

	if (stat(l->path, &now) < 0)
		return errno == ENOENT && l->left_fd < 0;
	return l->left_fd >= 0 && fstat(l->left_fd, &was) == 0 &&
	       now.st_dev == was.st_dev && now.st_ino == was.st_ino &&
	       now.st_size == was.st_size &&
	       now.st_mtim.tv_sec == was.st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == was.st_mtim.tv_nsec;
}

int
statelock_take_back(struct statelock *l)
{
	bool same;

	if (l->state != LET_GO)
		return -1;
	if (flock(l->fd, LOCK_EX | LOCK_NB) < 0)
		same = false;
	else if (!(same = same_as_left(l)))
		flock(l->fd, LOCK_UN);
	if (l->left_fd >= 0)
		close(l->left_fd);
	l->left_fd = -1;
	l->state = same ? HELD : LOST;
	return same ? 1 : 0;
}

void
statelock_free(struct statelock *l)
{
	if (l == NULL)
		return;
	if (l->left_fd >= 0)
		close(l->left_fd);
	close(l->fd); /* releases the flock */
	free(l->path);
	free(l);
}

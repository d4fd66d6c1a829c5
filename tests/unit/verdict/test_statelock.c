/*
 * test_statelock.c - the state file's lock (statelock.c): one run at a
 * time; let go while a --linger run waits, and taken back only when no
 * other run has had the file since (held, saved: a new file renamed in,
 * even one of the same size and times; or one where there was none); out
 * of order, refused; and a state file whose lock is not held is not saved
 * (statefile.c).
 */
#define _GNU_SOURCE
#include "blackout/verdict/statelock.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "blackout/clock.h"
#include "blackout/verdict/statefile.h"
#include "testhelp.h"

/* Another run's save: a new file renamed over path, with the same bytes
 * and, when `same_times`, the same times as the one it replaces. */
static void
save_over(const char *path, bool same_times)
{
	char tmp[300];
	struct stat st;
	struct timespec ts[2];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.other", path);
	CHECK(stat(path, &st) == 0);
	f = fopen(tmp, "w");
	CHECK(f != NULL);
	fputs("{\"a\":1}", f);
	fclose(f);
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	if (same_times)
		CHECK(utimensat(AT_FDCWD, tmp, ts, 0) == 0);
	CHECK(rename(tmp, path) == 0);
}

/* Takes path's lock, checks it is held, and lets it go. */
static struct statelock *
let_go(const char *path)
{
	struct bo_error err = { 0, "" };
	struct statelock *l = statelock_take(path, &err);

	CHECK(l != NULL && statelock_held(l));
	CHECK(statelock_let_go(l));
	CHECK(!statelock_held(l));
	return l;
}

static void
test_lock(void)
{
	struct bo_error err = { 0, "" };
	struct statelock *l, *other;
	char path[256], lock[300];
	FILE *f;

	TEST("lock");
	CHECK(th_tempfile("{\"a\":1}", path, sizeof(path)) == 0);
	snprintf(lock, sizeof(lock), "%s.lock", path);
	l = statelock_take(path, &err);
	CHECK(l != NULL && statelock_held(l));
	CHECK(statelock_take(path, &err) == NULL);
	CHECK_EQ(err.status, 75);
	CHECK_EQ(statelock_take_back(l), -1); /* not let go */
	CHECK(statelock_held(l));

	/* Let go: another run may take it, and the lock is not given back
	 * while it holds it, nor ever after. */
	CHECK(statelock_let_go(l));
	CHECK(!statelock_let_go(l) && !statelock_held(l));
	other = statelock_take(path, &err);
	CHECK(other != NULL);
	CHECK_EQ(statelock_take_back(l), 0);
	statelock_free(other);
	CHECK(!statelock_let_go(l) && !statelock_held(l));
	CHECK_EQ(statelock_take_back(l), -1);
	statelock_free(l);

	/* Nobody came: taken back, held. */
	l = let_go(path);
	CHECK_EQ(statelock_take_back(l), 1);
	CHECK(statelock_held(l));
	CHECK(statelock_take(path, &err) == NULL);
	statelock_free(l);

	/* Another run saved meanwhile, and is gone: not taken back, and
	 * not held. */
	l = let_go(path);
	save_over(path, false);
	CHECK_EQ(statelock_take_back(l), 0);
	CHECK(!statelock_held(l));
	other = statelock_take(path, &err);
	CHECK(other != NULL);
	statelock_free(other);
	statelock_free(l);

	/* The same bytes and times, another file: still another run's. */
	l = let_go(path);
	save_over(path, true);
	CHECK_EQ(statelock_take_back(l), 0);
	statelock_free(l);

	/* No state file when let go: taken back while there is none, not
	 * once there is one. */
	unlink(path);
	l = let_go(path);
	CHECK_EQ(statelock_take_back(l), 1);
	CHECK(statelock_let_go(l));
	f = fopen(path, "w");
	CHECK(f != NULL);
	fclose(f);
	CHECK_EQ(statelock_take_back(l), 0);
	statelock_free(l);
	unlink(path);
	unlink(lock);
}

/* A state file is saved only while its lock is held. */
static void
test_save(void)
{
	struct bo_error err = { 0, "" };
	struct statefile *sf;
	char path[256], lock[300];

	TEST("save");
	CHECK(th_tempfile("", path, sizeof(path)) == 0);
	unlink(path);
	sf = statefile_open(path, &clock_system, &err);
	CHECK(sf != NULL);
	CHECK(statefile_let_go(sf));
	CHECK_EQ(statefile_save_doc(sf, "{}", 2, &err), -1);
	CHECK_EQ(err.status, 71);
	CHECK_HAS(err.msg, "not saved without its lock");
	CHECK(access(path, F_OK) < 0); /* nothing written */
	CHECK_EQ(statefile_take_back(sf), 1);
	CHECK_EQ(statefile_save_doc(sf, "{}", 2, &err), 0);
	CHECK(access(path, F_OK) == 0);
	statefile_close(sf);
	unlink(path);
	snprintf(lock, sizeof(lock), "%s.lock", path);
	unlink(lock);
}

int
main(void)
{
	test_lock();
	test_save();
	return test_report("test_statelock");
}

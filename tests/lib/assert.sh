# assert.sh - the assertions every shell test shares (command-line, report,
# ops and lab tests): one numbered line per check, "ok" or "not ok" as in
# TAP, a count of each, and a last line with the totals. Sourced, never
# run; bash only.
#
#	pass NAME / fail NAME [DETAIL] / skip NAME WHY
#	check NAME EXPECTED ACTUAL	passes when the two strings are equal
#	need CMD...			exits 77 (skipped) when one is missing
#	need_unshare			exits 77 unless root can unshare -n
#	must CMD...			a setup step: when it fails, exit 1
#	wait_for SECONDS CMD...		polls until CMD succeeds, or times out
#	finish				the totals; exits 1 on any failure
#
# Messages for people (need, must, wait_for) go to stderr: a script that
# sources this library may keep stdout for data (scripts/demo does).

ASSERT_CHECKS=0
ASSERT_FAILED=0
ASSERT_SKIPPED=0

pass() {
	ASSERT_CHECKS=$((ASSERT_CHECKS + 1))
	printf 'ok %d - %s\n' "$ASSERT_CHECKS" "$1"
}

fail() {
	ASSERT_CHECKS=$((ASSERT_CHECKS + 1))
	ASSERT_FAILED=$((ASSERT_FAILED + 1))
	if [ $# -gt 1 ]; then
		printf 'not ok %d - %s (%s)\n' "$ASSERT_CHECKS" "$1" "$2"
	else
		printf 'not ok %d - %s\n' "$ASSERT_CHECKS" "$1"
	fi
}

skip() {
	ASSERT_CHECKS=$((ASSERT_CHECKS + 1))
	ASSERT_SKIPPED=$((ASSERT_SKIPPED + 1))
	printf 'ok %d - %s # SKIP %s\n' "$ASSERT_CHECKS" "$1" "$2"
}

# check NAME EXPECTED ACTUAL: a short one-line value is shown when it
# passes too, so a log tells what was measured.
check() {
	if [ "$2" != "$3" ]; then
		fail "$1" "expected '$2', got '$3'"
	elif [ -n "$3" ] && [ ${#3} -le 60 ] && [ "${3//$'\n'/}" = "$3" ]; then
		pass "$1 ($3)"
	else
		pass "$1"
	fi
}

need() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "# $c is not installed: skipped" >&2
			exit 77
		fi
	done
}

# need_unshare: the simulations' tests run every blackout under unshare -n
# (no network at all), which needs root here: exits 77 (skipped) without.
need_unshare() {
	[ "$(id -u)" -eq 0 ] || { echo "skip: unshare -n needs root" >&2; exit 77; }
	unshare -n true 2>/dev/null || { echo "skip: no unshare -n here" >&2; exit 77; }
}

must() {
	"$@" || {
		echo "# setup failed: $*" >&2
		exit 1
	}
}

# wait_for SECONDS CMD...: runs CMD every 0.05 s until it succeeds (returns
# 0) or SECONDS have passed in sleeps, at most SECONDS * 20 tries (returns
# 1, saying so on stderr). The synchronisation of the tests that start
# something in the background: wait for what it does, not for a guess.
wait_for() {
	local tries i
	tries=$(awk -v s="$1" 'BEGIN { printf "%d", s * 20 }')
	shift
	for ((i = 0; i < tries; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	"$@" && return 0
	echo "# wait_for: still not true after ${tries} tries: $*" >&2
	return 1
}

finish() {
	if [ "$ASSERT_SKIPPED" -gt 0 ]; then
		printf '%d passed, %d failed, %d skipped\n' \
			$((ASSERT_CHECKS - ASSERT_FAILED - ASSERT_SKIPPED)) \
			"$ASSERT_FAILED" "$ASSERT_SKIPPED"
	else
		printf '%d passed, %d failed\n' \
			$((ASSERT_CHECKS - ASSERT_FAILED)) "$ASSERT_FAILED"
	fi
	[ "$ASSERT_FAILED" -eq 0 ]
	exit
}

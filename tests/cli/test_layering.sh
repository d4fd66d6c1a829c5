#!/usr/bin/env bash
# test_layering.sh SRCDIR [CC [CFLAG...]]
#
# The report side reads logs and never probes (STYLE.md 6): every
# src/report/*.c must compile without a header of the probing side. This
# lists each one's dependencies with CC -MM (cc by default; the CFLAGs are
# for headers outside the system's, such as jansson's) and fails, naming
# the file and the header, on any under include/blackout/probe/ or on
# classify.h, baseline.h or statefile.h. The report may use util.h,
# prefix.h, verdict/vocab.h, jansson and its own headers. CMake keeps the
# same rule at link time: blackout_report links blackout_base only.
# blackout targets (src/sources/*.c) is held to the same rule: it reads
# address files and never probes; blackout_sources links blackout_base only.
#
# Second rule: probe methods are a table of operations, so no file outside
# the method module (include/blackout/probe/method.h, src/probe/method*.c)
# names a method kind; the kinds are read from enum method_kind.
#
# Third rule: the time is an interface (include/blackout/clock.h), so that
# a simulation can replace it. No file of src/ but util.c (where they are
# defined) and clock.c (the system clock) reads the system's clocks or
# sleeps directly: clock_mono_ns, clock_real_ns, sleep_ns, clock_gettime,
# nanosleep, time() and gettimeofday. (receiver.c's condition variable
# needs CLOCK_REALTIME for its timeout: that one line says so.)
set -u
SRC=$1 CC=${2:-cc}
shift $(($# < 2 ? $# : 2))
. "$(dirname "$0")/lib.sh"

files=("$SRC"/src/report/*.c "$SRC"/src/sources/*.c)
[ -e "${files[0]}" ] || { fail "found src/report/*.c in $SRC"; finish; }
for c in "${files[@]}"; do
	name=${c#"$SRC"/}
	if ! deps=$("$CC" -MM -D_DEFAULT_SOURCE -I "$SRC/include" "$@" "$c" 2>&1); then
		fail "$CC -MM $name" "$(printf '%s\n' "$deps" | head -n 1)"
		continue
	fi
	bad=0
	# "x.o: x.c a.h \<newline> b.h": one path a line, the target dropped.
	for h in $(printf '%s\n' "$deps" | tr -s ' \\\n' '\n' | tail -n +2); do
		case $h in
		*/include/blackout/probe/* | */blackout/verdict/classify.h | \
		*/blackout/verdict/baseline.h | */blackout/verdict/statefile.h)
			fail "$name uses no probing-side header" "it includes ${h#"$SRC"/}"
			bad=1
			;;
		esac
	done
	[ "$bad" -eq 1 ] || pass "$name uses no probing-side header"
done

method_h=$SRC/include/blackout/probe/method.h
kinds=$(perl -0ne 'print "$1\n" while /enum method_kind \{([^}]*)\}/s &&
	$1 =~ /\b(METHOD_[A-Z0-9_]+)\b/g' "$method_h" | sort -u)
if [ -z "$kinds" ]; then
	fail "found the kinds of enum method_kind in ${method_h#"$SRC"/}"
else
	pass "found $(echo "$kinds" | wc -l) method kinds in ${method_h#"$SRC"/}"
fi
for k in $kinds; do
	users=$(cd "$SRC" && grep -rlw -- "$k" src include |
		grep -vE '^(include/blackout/probe/method\.h|src/probe/method[a-z_]*\.c)$')
	if [ -z "$users" ]; then
		pass "$k is named only by the method module"
	else
		fail "$k is named only by the method module" "also in: $(echo $users)"
	fi
done

clock_users=$(cd "$SRC" && grep -rnE \
	'\b(clock_mono_ns|clock_real_ns|sleep_ns|nanosleep|gettimeofday)\b *\(|\btime *\( *NULL|\bclock_gettime *\(' \
	src | grep -vE '^src/(util|clock)\.c:' | grep -v 'timedwait deadline')
if [ -z "$clock_users" ]; then
	pass "only the clock module reads the system's time"
else
	fail "only the clock module reads the system's time" "$clock_users"
fi
finish

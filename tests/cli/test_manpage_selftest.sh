#!/usr/bin/env bash
# test_manpage_selftest.sh BLACKOUT SRCDIR
#
# Proves that test_manpage.sh can fail: it damages copies of blackout(8) one
# way at a time (an option, a SYNOPSIS entry, an exit status, a JSON field or
# a default removed; an option the code lacks or a roff error added) and
# expects test_manpage.sh to fail on each copy, naming what was damaged;
# then the same for blackout-report(8) and test_manpage_report.sh.
set -u
BLACKOUT=$1 SRC=$2
HERE=$(dirname "$0")
. "$HERE/lib.sh"
need perl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# An undamaged copy passes, so the failures below are the damage's doing.
cp "$SRC/man/blackout.8" "$work/copy.8"
if bash "$HERE/test_manpage.sh" "$BLACKOUT" "$SRC" "$work/copy.8" >"$work/log" 2>&1; then
	pass "an undamaged copy of the page passes"
else
	fail "an undamaged copy of the page passes" "$(grep -m1 '^not ok' "$work/log")"
fi

# Each row: a perl substitution applied to the page | a regex the failing
# check's line must match.
while IFS='|' read -r edit expect; do
	[ -n "$edit" ] || continue
	perl -0pe "$edit" "$SRC/man/blackout.8" >"$work/damaged.8"
	if cmp -s "$work/damaged.8" "$SRC/man/blackout.8"; then
		fail "damage '$edit' changes the page" "the edit matched nothing"
		continue
	fi
	if bash "$HERE/test_manpage.sh" "$BLACKOUT" "$SRC" "$work/damaged.8" >"$work/log" 2>&1; then
		fail "test_manpage.sh fails when: $edit" "it passed"
	elif grep -qE "^not ok .*$expect" "$work/log"; then
		pass "test_manpage.sh fails when: $edit"
	else
		fail "test_manpage.sh fails when: $edit" "no 'not ok' line matching '$expect'"
	fi
done <<'ROWS'
s/^\.It Fl -retries Ar n\n//m|OPTIONS documents --retries \(src
s/^\.It Fl I Ar interface , Fl -interface Ar interface\n//m|OPTIONS documents -I \(src
s/^\.It Fl -dry-run\n//m|--help lists --dry-run|OPTIONS documents --dry-run
s/^\.Op Fl -seed Ar n\n//m|SYNOPSIS shows --seed
s/^\.Op Fl hqV\n/.Op Fl hq\n/m|SYNOPSIS shows -V, --version
s/^\.It 73\n//m|EXIT STATUS documents 73
s/^\.It 141\n//m|EXIT STATUS documents 141
s/^\.It 65\n//m|EXIT STATUS documents 65
s/^\.It Va probes\.late Pq Vt integer\n//m|field "late"
s/^\.It Va sport Pq Vt integer\n//m|field "sport"
s/^\.It Va addresses\.baseline Pq Vt integer\n//m|field "baseline"
s/^\.It Va instability\.window Pq Vt integer\n//m|field "window"
s/The default is 660,/The default is 600,/|default of --interval
s/^\.It Fl -seed Ar n\n/.It Fl -seed Ar n\n.It Fl -bogus\n/m|--bogus of OPTIONS exists in src/cli.c
s/^\.Sh OPTIONS\n/.Sh OPTIONS\n.Bogus\n/m|renders the page without warnings
s/^\.Dq net-unknown ,\n//m|ICMP error "net-unknown"
ROWS

# The same for blackout-report(8) and test_manpage_report.sh.
cp "$SRC/man/blackout-report.8" "$work/copy.8"
if bash "$HERE/test_manpage_report.sh" "$BLACKOUT" "$SRC" "$work/copy.8" >"$work/log" 2>&1; then
	pass "an undamaged copy of blackout-report(8) passes"
else
	fail "an undamaged copy of blackout-report(8) passes" "$(grep -m1 '^not ok' "$work/log")"
fi
while IFS='|' read -r edit expect; do
	[ -n "$edit" ] || continue
	perl -0pe "$edit" "$SRC/man/blackout-report.8" >"$work/damaged.8"
	if cmp -s "$work/damaged.8" "$SRC/man/blackout-report.8"; then
		fail "damage '$edit' changes blackout-report(8)" "the edit matched nothing"
	elif bash "$HERE/test_manpage_report.sh" "$BLACKOUT" "$SRC" "$work/damaged.8" >"$work/log" 2>&1; then
		fail "test_manpage_report.sh fails when: $edit" "it passed"
	elif grep -qE "^not ok .*$expect" "$work/log"; then
		pass "test_manpage_report.sh fails when: $edit"
	else
		fail "test_manpage_report.sh fails when: $edit" "no 'not ok' line matching '$expect'"
	fi
done <<'ROWS'
s/^\.It Fl -until Ar time\n//m|OPTIONS documents --until
s/^\.Op Fl -svg Ar file\n//m|SYNOPSIS shows --svg
s/^\.Op Fl h\n//m|SYNOPSIS shows --help
s/^\.It Fl -since Ar time\n/.It Fl -since Ar time\n.It Fl -bogus\n/m|--bogus of OPTIONS exists in src/report/report.c
s/^\.It Va outages\[\]\.ongoing Pq Vt boolean\n//m|documents "ongoing"
s/^\.It Va lines\.skipped Pq Vt integer\n//m|documents "skipped"
s/^\.It Va states\.partial Pq Vt integer\n//m|documents "partial"
s/^\.It 66\n//m|EXIT STATUS documents 66
s/^\.It 73\n//m|EXIT STATUS documents 73
ROWS

finish

#!/usr/bin/env bash
# test_manpage_selftest.sh BLACKOUT SRCDIR
#
# Proves that test_manpage.sh can fail: it damages copies of blackout(8) one
# way at a time (an option, a SYNOPSIS entry, an exit status, a JSON field or
# a default removed; an option the code lacks or a roff error added) and
# expects test_manpage.sh to fail on each copy, naming what was damaged;
# then the same for blackout-report(8) and test_manpage_report.sh,
# blackout-targets(8) and test_manpage_targets.sh, and the State file list
# of blackout(8) and test_manpage_state.sh.
set -u
BLACKOUT=$1 SRC=$2
HERE=$(dirname "$0")
. "$HERE/lib.sh"
need perl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# selftest TEST PAGE: an undamaged copy of man/PAGE passes tests/cli/TEST,
# so the failures after it are the damage's doing; then each row on stdin,
# "a perl substitution applied to the page|a regex the failing check's
# line must match", makes a damaged copy on which TEST must fail, naming
# what was damaged.
selftest() {
	local test=$1 page=$2 edit expect
	cp "$SRC/man/$page" "$work/copy.8"
	if bash "$HERE/$test" "$BLACKOUT" "$SRC" "$work/copy.8" >"$work/log" 2>&1; then
		pass "$test: an undamaged copy of $page passes"
	else
		fail "$test: an undamaged copy of $page passes" "$(grep -m1 '^not ok' "$work/log")"
	fi
	while IFS='|' read -r edit expect; do
		[ -n "$edit" ] || continue
		perl -0pe "$edit" "$SRC/man/$page" >"$work/damaged.8"
		if cmp -s "$work/damaged.8" "$SRC/man/$page"; then
			fail "damage '$edit' changes $page" "the edit matched nothing"
		elif bash "$HERE/$test" "$BLACKOUT" "$SRC" "$work/damaged.8" >"$work/log" 2>&1; then
			fail "$test fails when: $edit" "it passed"
		elif grep -qE "^not ok .*$expect" "$work/log"; then
			pass "$test fails when: $edit"
		else
			fail "$test fails when: $edit" "no 'not ok' line matching '$expect'"
		fi
	done
}

selftest test_manpage.sh blackout.8 <<'ROWS'
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
selftest test_manpage_report.sh blackout-report.8 <<'ROWS'
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
selftest test_manpage_targets.sh blackout-targets.8 <<'ROWS'
s/^\.It Fl -asn Ar n Ns Op , Ns Ar n \.\.\.\n//m|OPTIONS documents --asn
s/^\.It Fl -country /.It Fl -bogus\n.It Fl -country /m|--bogus of OPTIONS exists
s/^\.It Va targets\[\]\.prefixes\n//m|OUTPUT documents "prefixes"
s/^\.It 66\n//m|EXIT STATUS documents 66
ROWS
# The State file list: its keys are the ones the page lists once (the
# round line has its own "round").
selftest test_manpage_state.sh blackout.8 <<'ROWS'
s/^\.It Va targets\[\]\.census_avail Pq Vt number\n//m|the page documents targets\[\]\.census_avail
s/^\.It Va saved Pq Vt string\n//m|the page documents saved
s/^\.Va suspicion\n//m|the page documents targets\[\]\.spot\.suspicion
s/^\.It Va targets\[\]\.first_ns /.It Va targets[].bogus_ns Pq Vt integer\n.It Va targets[].first_ns /m|targets\[\]\.bogus_ns of the page is in the state file
ROWS

finish

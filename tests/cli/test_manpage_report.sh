#!/usr/bin/env bash
# test_manpage_report.sh BLACKOUT SRCDIR [MANPAGE]
#
# blackout-report(8) is the contract of `blackout report`, as blackout(8) is
# blackout's (test_manpage.sh): this fails when an option of the getopt
# table or of `blackout report --help`, a key of its --json output, or an
# exit status it can return is missing from the page, or when the page lists
# an option the code does not have. Everything is read from the sources.
# MANPAGE defaults to SRCDIR/man/blackout-report.8.
set -u
BLACKOUT=$1 SRC=$2 MAN=${3:-$2/man/blackout-report.8}
. "$(dirname "$0")/lib.sh"
need perl

REPORT_C=$SRC/src/report/report.c
UTIL_H=$SRC/include/blackout/util.h
for f in "$MAN" "$REPORT_C" "$SRC/src/report/logfile.c" "$UTIL_H"; do
	[ -r "$f" ] || { echo "# cannot read $f"; exit 1; }
done

# --- The page renders without warnings. -------------------------------------
if command -v groff >/dev/null; then
	w=$(groff -mandoc -Tutf8 -ww -z "$MAN" 2>&1)
	if [ -z "$w" ]; then pass "groff -ww renders the page without warnings"
	else fail "groff -ww renders the page without warnings" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
fi
if command -v mandoc >/dev/null; then
	w=$(mandoc -T lint -W warning "$MAN" 2>&1)
	if [ -z "$w" ]; then pass "mandoc -T lint finds no warnings"
	else fail "mandoc -T lint finds no warnings" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
fi

# --- Options: the getopt table, --help, OPTIONS and SYNOPSIS agree. ---------
code_long=$(perl -ne 'print "--$1\n" if /^\s*\{\s*"([a-z][a-z0-9-]*)"\s*,\s*\w+_argument/' "$REPORT_C" | sort -u)
optstring=$(perl -0ne 'print $1 if /getopt_long\s*\([^"]*"([^"]*)"/' "$REPORT_C")
code_short=$(printf '%s' "$optstring" | tr -d ':' | fold -w1 | sed 's/^/-/' | sort -u)
if [ -z "$code_long" ]; then
	fail "found the getopt table in src/report/report.c"
	finish
fi
pass "found $(echo "$code_long" | wc -l) long options and option string '$optstring' in src/report/report.c"
man_opts=$(man_section "$MAN" OPTIONS | fl_words | sort -u)
syn_opts=$(man_section "$MAN" SYNOPSIS | fl_words | sort -u)
help=$("$BLACKOUT" report --help 2>/dev/null)
help_opts=$(printf '%s\n' "$help" | perl -ne 'print "$1\n" while /(?:^|[\s,\[])(--?[A-Za-z][a-z0-9-]*)/g' | sort -u)
for o in $(printf '%s\n' $code_long $code_short $help_opts | sort -u); do
	if has "$man_opts" "$o"; then pass "OPTIONS documents $o"
	else fail "OPTIONS documents $o" "no .It Fl line for it"; fi
	# SYNOPSIS shows an option by its short name when it has one.
	short=$(perl -ne "print \"-\$1\" if /^\\s*\\{\\s*\"\Q${o#--}\E\"\\s*,\\s*\\w+_argument\\s*,\\s*NULL\\s*,\\s*'(.)'/" "$REPORT_C")
	if has "$syn_opts" "$o" || { [ -n "$short" ] && has "$syn_opts" "$short"; }; then
		pass "SYNOPSIS shows $o"
	else
		fail "SYNOPSIS shows $o"
	fi
done
for o in $man_opts; do
	if has "$(printf '%s\n' $code_long $code_short)" "$o"; then
		pass "$o of OPTIONS exists in src/report/report.c"
	else
		fail "$o of OPTIONS exists in src/report/report.c" "documented but not in the getopt table"
	fi
	if has "$help_opts" "$o"; then pass "--help lists $o"
	else fail "--help lists $o" "documented in the man page, missing from report_usage()"; fi
done

# --- JSON keys: every json_object_set_new key of src/report/report.c -------------
# (and of src/report/instability.c, which builds the "days" and "before" rows).
json_sec=$(man_section "$MAN" "JSON OUTPUT")
man_keys=$(printf '%s\n' "$json_sec" | perl -ne '
	next unless /^\.It\s+Va\s+(\S+)/;
	print "$_\n" for grep { length } split /\[\]\.?|\./, $1' | sort -u)
code_keys=$(perl -0ne '
	while (/json_object_set_new\s*\(\s*\w+\s*,\s*((?:[^,"()]|"[^"]*"|\((?:[^()]|\([^()]*\))*\))*),/gs) {
		my $k = $1; print "$1\n" while $k =~ /"([^"]*)"/g;
	}' "$REPORT_C" "$SRC/src/report/instability.c" | sort -u)
# The "instability" object is built by instability_json() of
# src/verdict/vocab.c, which report.c shares with the round lines: its keys too.
instab_keys=$(perl -0ne '
	next unless /\ninstability_json\(.*?\n\{(.*?)\n\}/s;
	my $b = $1; print "$1\n" while $b =~ /json_object_set_new\(\s*\w+\s*,\s*"([^"]+)"/g;
	' "$SRC/src/verdict/vocab.c")
# Keys named by state_name(): the four states, as "states" has them.
code_keys=$(printf '%s\n%s\nup\npartial\ndown\nunknown\n' "$code_keys" "$instab_keys" | sort -u)
if [ "$(echo "$code_keys" | wc -l)" -lt 10 ]; then
	fail "found the JSON keys in src/report/report.c"
else
	pass "found $(echo "$code_keys" | wc -l) JSON keys in src/report/report.c"
fi
for k in $code_keys; do
	if has "$man_keys" "$k"; then pass "JSON OUTPUT documents \"$k\""
	else fail "JSON OUTPUT documents \"$k\"" "no .It Va line for it"; fi
done
for k in $man_keys; do
	if has "$code_keys" "$k"; then pass "\"$k\" of JSON OUTPUT is written by src/report/report.c"
	else fail "\"$k\" of JSON OUTPUT is written by src/report/report.c"; fi
done

# --- Exit statuses: 0 and every BO_EXIT_* the report's modules set. ---------
man_status=$(man_section "$MAN" "EXIT STATUS" | perl -ne 'print "$1\n" if /^\.It\s+(\d+)\s*$/' | sort -un)
names=$(perl -ne 'print "$1\n" while /\b(BO_EXIT_[A-Z]+)\b/g' "$REPORT_C" "$SRC/src/report/logfile.c" | sort -u)
for n in $names; do
	s=$(perl -ne "print \$1 if /\\b$n\\s*=\\s*(\\d+)/" "$UTIL_H")
	if [ -z "$s" ]; then fail "$n is in enum bo_status"; continue; fi
	if has "$man_status" "$s"; then pass "EXIT STATUS documents $s ($n)"
	else fail "EXIT STATUS documents $s ($n)"; fi
done
if has "$man_status" 0; then pass "EXIT STATUS documents 0"; else fail "EXIT STATUS documents 0"; fi

# --- blackout(8) points here. -----------------------------------------------
if grep -q '^\.Xr blackout-report 8' "$SRC/man/blackout.8"; then
	pass "blackout(8) refers to blackout-report(8)"
else
	fail "blackout(8) refers to blackout-report(8)"
fi

finish

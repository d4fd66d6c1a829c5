#!/usr/bin/env bash
# test_manpage_targets.sh BLACKOUT SRCDIR [MANPAGE]
#
# blackout-targets(8) is the contract of `blackout targets`, as
# blackout-report(8) is the report's: this fails when an option of the
# getopt table or of `blackout targets --help`, a key of the targets file it
# writes, or an exit status its modules can return is missing from the page,
# or when the page lists an option the code does not have. Everything is
# read from the sources. MANPAGE defaults to SRCDIR/man/blackout-targets.8.
set -u
BLACKOUT=$1 SRC=$2 MAN=${3:-$2/man/blackout-targets.8}
. "$(dirname "$0")/lib.sh"
need perl

CMD_C=$SRC/src/sources/targets_cmd.c
UTIL_H=$SRC/include/blackout/util.h
for f in "$MAN" "$CMD_C" "$UTIL_H"; do
	[ -r "$f" ] || { echo "# cannot read $f"; exit 1; }
done

# --- The page renders without warnings. -------------------------------------
if command -v groff >/dev/null; then
	w=$(groff -mandoc -Tutf8 -ww -z "$MAN" 2>&1)
	if [ -z "$w" ]; then pass "groff -ww renders the page without warnings"
	else fail "groff -ww renders the page without warnings" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
fi

# --- Options: the getopt table, --help and OPTIONS agree. -------------------
code_long=$(perl -ne 'print "--$1\n" if /^\s*\{\s*"([a-z][a-z0-9-]*)"\s*,\s*\w+_argument/' "$CMD_C" | sort -u)
optstring=$(perl -0ne 'print $1 if /getopt_long\s*\([^"]*"([^"]*)"/' "$CMD_C")
code_short=$(printf '%s' "$optstring" | tr -d ':' | fold -w1 | sed 's/^/-/' | sort -u)
if [ -z "$code_long" ]; then
	fail "found the getopt table in src/sources/targets_cmd.c"
	finish
fi
pass "found $(echo "$code_long" | wc -l) long options in src/sources/targets_cmd.c"
man_opts=$(man_section "$MAN" OPTIONS | fl_words | sort -u)
syn_opts=$(man_section "$MAN" SYNOPSIS | perl -ne 'while (/\bFl\s+(\S+)/g) { my $w = $1;
	if ($w =~ /^-([a-z][a-z0-9-]*)$/) { print "--$1\n" } elsif ($w =~ /^([A-Za-z])$/) { print "-$1\n" } }' | sort -u)
help=$("$BLACKOUT" targets --help 2>/dev/null)
help_opts=$(printf '%s\n' "$help" | perl -ne 'print "$1\n" while /(?:^|[\s,\[])(--?[A-Za-z][a-z0-9-]*)/g' | sort -u)
for o in $(printf '%s\n' $code_long $code_short $help_opts | sort -u); do
	if has "$man_opts" "$o"; then pass "OPTIONS documents $o"
	else fail "OPTIONS documents $o" "no .It Fl line for it"; fi
	if has "$syn_opts" "$o" || [ "$o" = --help ]; then pass "SYNOPSIS shows $o"
	else fail "SYNOPSIS shows $o"; fi
done
for o in $man_opts; do
	if has "$(printf '%s\n' $code_long $code_short)" "$o"; then
		pass "$o of OPTIONS exists in src/sources/targets_cmd.c"
	else
		fail "$o of OPTIONS exists in src/sources/targets_cmd.c" "documented but not in the getopt table"
	fi
	if has "$help_opts" "$o"; then pass "--help lists $o"
	else fail "--help lists $o" "documented in the man page, missing from targets_usage()"; fi
done

# --- Output keys: every json_object_set_new key of targets_cmd.c. -----------
man_keys=$(man_section "$MAN" OUTPUT | perl -ne '
	next unless /^\.It\s+Va\s+(\S+)/;
	print "$_\n" for grep { length } split /\[\]\.?|\./, $1' | sort -u)
code_keys=$(perl -0ne '
	while (/json_object_set_new\s*\(\s*\w+\s*,\s*((?:[^,"()]|"[^"]*"|\((?:[^()]|\([^()]*\))*\))*),/gs) {
		my $k = $1; print "$1\n" while $k =~ /"([^"]*)"/g;
	}' "$CMD_C" | sort -u)
if [ "$(echo "$code_keys" | wc -l)" -lt 4 ]; then
	fail "found the output keys in src/sources/targets_cmd.c"
fi
for k in $code_keys; do
	if has "$man_keys" "$k"; then pass "OUTPUT documents \"$k\""
	else fail "OUTPUT documents \"$k\"" "no .It Va line for it"; fi
done
for k in $man_keys; do
	if has "$code_keys" "$k"; then pass "\"$k\" of OUTPUT is written by src/sources/targets_cmd.c"
	else fail "\"$k\" of OUTPUT is written by src/sources/targets_cmd.c"; fi
done

# --- Exit statuses: 0 and every BO_EXIT_* the sources' modules set. --------
man_status=$(man_section "$MAN" "EXIT STATUS" | perl -ne 'print "$1\n" if /^\.It\s+(\d+)\s*$/' | sort -un)
# parse_uint() (util.c) sets 64, which the readers turn into 65.
names=$(printf '%s\nBO_EXIT_USAGE\n' "$(perl -ne 'print "$1\n" while /\b(BO_EXIT_[A-Z]+)\b/g' "$SRC"/src/sources/*.c)" | sort -u)
for n in $names; do
	s=$(perl -ne "print \$1 if /\\b$n\\s*=\\s*(\\d+)/" "$UTIL_H")
	if [ -z "$s" ]; then fail "$n is in enum bo_status"; continue; fi
	if has "$man_status" "$s"; then pass "EXIT STATUS documents $s ($n)"
	else fail "EXIT STATUS documents $s ($n)"; fi
done
if has "$man_status" 0; then pass "EXIT STATUS documents 0"; else fail "EXIT STATUS documents 0"; fi

# --- blackout(8) points here. -----------------------------------------------
if grep -q '^\.Xr blackout-targets 8' "$SRC/man/blackout.8"; then
	pass "blackout(8) refers to blackout-targets(8)"
else
	fail "blackout(8) refers to blackout-targets(8)"
fi

finish

#!/usr/bin/env bash
# test_manpage.sh BLACKOUT SRCDIR [MANPAGE]
#
# The man page is the contract (STYLE.md 10): this fails when an option of the
# getopt table or of --help, an exit status, or a JSON field that the code
# can produce is missing from blackout(8), or when the page lists an option
# the code does not have. Everything is read from the sources themselves, so
# a new option, status or field fails here until it is documented.
# MANPAGE defaults to SRCDIR/man/blackout.8 (test_manpage_selftest.sh passes
# damaged copies to prove that each check can fail).
set -u
BLACKOUT=$1 SRC=$2 MAN=${3:-$2/man/blackout.8}
. "$(dirname "$0")/lib.sh"
need perl

CLI=$SRC/src/cli.c
UTIL_H=$SRC/include/blackout/util.h
OUTPUT_C=$SRC/src/output.c
OUTPUT_BLOCKS_C=$SRC/src/output_blocks.c # the round line's /24s and counts
VOCAB_C=$SRC/src/verdict/vocab.c # the instability object, the state names
for f in "$MAN" "$CLI" "$UTIL_H" "$OUTPUT_C" "$OUTPUT_BLOCKS_C" "$VOCAB_C"; do
	[ -r "$f" ] || { echo "# cannot read $f"; exit 1; }
done

# --- The page renders without warnings. -------------------------------------
if command -v groff >/dev/null; then
	w=$(groff -mandoc -Tutf8 -ww -z "$MAN" 2>&1)
	if [ -z "$w" ]; then pass "groff -ww renders the page without warnings"
	else fail "groff -ww renders the page without warnings" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
else
	skip "groff -ww renders the page without warnings" "groff not installed"
fi
if command -v mandoc >/dev/null; then
	w=$(mandoc -T lint -W warning "$MAN" 2>&1)
	if [ -z "$w" ]; then pass "mandoc -T lint finds no warnings"
	else fail "mandoc -T lint finds no warnings" "$(echo "$w" | head -3 | tr '\n' ' ')"; fi
else
	skip "mandoc -T lint finds no warnings" "mandoc not installed"
fi

# --- Options. ----------------------------------------------------------------
# From the getopt table: lines like { "rate", required_argument, NULL, 'r' },
code_long=$(perl -ne 'print "--$1\n" if /^\s*\{\s*"([a-z][a-z0-9-]*)"\s*,\s*\w+_argument/' "$CLI" | sort -u)
code_short=$(perl -ne 'print "-$1\n" if /^\s*\{\s*"[a-z][a-z0-9-]*"\s*,\s*\w+_argument\s*,\s*NULL\s*,\s*\x27(.)\x27/' "$CLI" | sort -u)
# ... and from the getopt_long option string, e.g. ":f:m:r:hV".
optstring=$(perl -0ne 'print $1 if /getopt_long\s*\([^"]*"([^"]*)"/' "$CLI")
optstring_short=$(printf '%s' "$optstring" | tr -d ':' | fold -w1 | sed 's/^/-/' | sort -u)
if [ -z "$code_long" ] || [ -z "$optstring" ]; then
	fail "found the getopt table and option string in src/cli.c"
	finish
fi
pass "found $(echo "$code_long" | wc -l) long options and option string '$optstring' in src/cli.c"
check "the getopt table and the option string have the same short options" \
	"$(echo $optstring_short)" "$(echo $code_short)"

# Options the man page documents: the Fl arguments of the .It lines of
# OPTIONS (fl_words in lib.sh).
man_opts=$(man_section "$MAN" OPTIONS | fl_words | sort -u)
syn_opts=$(man_section "$MAN" SYNOPSIS | fl_words | sort -u)

code_opts=$(printf '%s\n' $code_long $code_short $optstring_short | sort -u)
for o in $code_opts; do
	if has "$man_opts" "$o"; then pass "OPTIONS documents $o (src/cli.c)"
	else fail "OPTIONS documents $o (src/cli.c)" "no .It Fl line for it"; fi
done
for o in $man_opts; do
	if has "$code_opts" "$o"; then
		pass "$o of OPTIONS exists in src/cli.c"
	else
		fail "$o of OPTIONS exists in src/cli.c" "documented but not in the getopt table"
	fi
done

# --help: every option it lists is in OPTIONS and in SYNOPSIS, and back.
help=$("$BLACKOUT" --help 2>/dev/null)
help_opts=$(printf '%s\n' "$help" | perl -ne 'print "$1\n" while /(?:^|[\s,\[])(--?[A-Za-z][a-z0-9-]*)/g' | sort -u)
if [ -z "$help_opts" ]; then
	fail "--help lists options"
else
	pass "--help lists $(echo "$help_opts" | wc -l) option names"
fi
for o in $help_opts; do
	if has "$man_opts" "$o"; then pass "OPTIONS documents $o (--help)"
	else fail "OPTIONS documents $o (--help)"; fi
done
for o in $man_opts; do
	if has "$help_opts" "$o"; then pass "--help lists $o (OPTIONS)"
	else fail "--help lists $o (OPTIONS)" "documented in the man page, missing from usage()"; fi
done
# SYNOPSIS shows each option of --help once, by its short name if it has one.
opt_sec=$(man_section "$MAN" OPTIONS)
while IFS= read -r line; do
	s='' l=''
	[[ $line =~ ^[[:space:]]*(-[A-Za-z]), ]] && s=${BASH_REMATCH[1]}
	[[ $line =~ ^[[:space:]]*(-[A-Za-z],[[:space:]]*)?(--[a-z][a-z0-9-]*) ]] &&
		l=${BASH_REMATCH[2]}
	[ -n "$l" ] || continue
	if { [ -n "$s" ] && has "$syn_opts" "$s"; } || has "$syn_opts" "$l"; then
		pass "SYNOPSIS shows ${s:+$s, }$l"
	else
		fail "SYNOPSIS shows ${s:+$s, }$l"
	fi
	# A short and a long name that --help pairs are one .It entry.
	if [ -n "$s" ]; then
		pair=$(printf '%s\n' "$opt_sec" |
			perl -ne "print if /^\\.It\\s+Fl\\s+\\Q${s#-}\\E\\b.*\\bFl\\s+\\Q${l#-}\\E(\\s|\$)/")
		if [ -n "$pair" ]; then pass "OPTIONS pairs $s with $l as --help does"
		else fail "OPTIONS pairs $s with $l as --help does"; fi
	fi
done <<<"$help"

# Defaults in cli.h / method.h are the defaults the page states.
defaults_h=$SRC/include/blackout/cli.h
method_h=$SRC/include/blackout/probe/method.h
opt_text() { # the roff text of the .It entry for option $1 (e.g. -rate)
	man_section "$MAN" OPTIONS | awk -v o="Fl $1" '
		/^\.It / { on = (index($0, o " ") || substr($0, length($0) - length(o) + 1) == o) }
		on { print }'
}
num() { perl -ne "print \$1 + 0 if /^#define\\s+$1\\s+([0-9.]+)/" "$2"; }
for pair in "-rate:$(num DEFAULT_RATE "$defaults_h")" \
	    "-timeout:$(num DEFAULT_TIMEOUT_S "$defaults_h")" \
	    "-retries:$(num DEFAULT_RETRIES "$defaults_h")" \
	    "-interval:$(num DEFAULT_INTERVAL_S "$defaults_h")" \
	    "-methods:$(perl -ne 'print $1 if /^#define\s+METHOD_DEFAULT\s+"([^"]*)"/' "$method_h")"; do
	o=${pair%%:*} v=${pair#*:}
	if [ -n "$v" ] && opt_text "$o" | tr '\n' ' ' | grep -qE "default is (\\\\\(dq|\.Dq |\")?$v"; then
		pass "OPTIONS gives the default of -$o as in the code ($v)"
	else
		fail "OPTIONS gives the default of -$o as in the code ($v)"
	fi
done

# --- Exit statuses. ----------------------------------------------------------
exit_sec=$(man_section "$MAN" "EXIT STATUS")
man_status=$(printf '%s\n' "$exit_sec" | perl -ne 'print "$1\n" if /^\.It\s+(?:Li\s+)?(\d+)\s*$/' | sort -un)
enum_status=$(perl -0ne 'if (/enum bo_status\s*\{([^}]*)\}/s) {
	my $b = $1; print "$1\n" while $b =~ /=\s*(\d+)/g }' "$UTIL_H")
# The enum, plus numbers written as literals where statuses are chosen:
# error_set(err, 66, ...), "? 66 :" inside it, and "return 130;" in main.c.
literal_status=$(perl -0ne '
	while (/error_set\s*\(\s*[\w>.-]+\s*,\s*((?:[^,()]|\([^()]*\))*),/gs) {
		my $e = $1; print "$1\n" while $e =~ /\b(\d{1,3})\b/g;
	}' "$SRC"/src/*.c "$SRC"/src/*/*.c
	perl -ne 'print "$1\n" if /^\s*return\s+(\d+)\s*;/' "$SRC/src/main.c")
all_status=$(printf '%s\n%s\n' "$enum_status" "$literal_status" | grep -E '^[0-9]+$' | sort -un)
if [ -z "$enum_status" ]; then
	fail "found enum bo_status in include/blackout/util.h"
else
	pass "found enum bo_status: $(echo $enum_status)"
fi
for s in $all_status; do
	where="enum bo_status"
	has "$enum_status" "$s" || where="a literal in src/"
	if has "$man_status" "$s"; then pass "EXIT STATUS documents $s ($where)"
	else fail "EXIT STATUS documents $s ($where)"; fi
done

# --- JSON fields. ------------------------------------------------------------
out_sec=$(man_section "$MAN" OUTPUT)
# Documented names: ".It Va probes.late Pq ..." documents "late" (and
# "probes"); "blocks[].state" documents "state"; "methods.*.rst" "rst".
man_fields=$(printf '%s\n' "$out_sec" | perl -ne '
	next unless /^\.It\s+Va\s+(\S+)/;
	print "$_\n" for grep { length && $_ ne "*" } split /\[\]\.?|\./, $1' | sort -u)
# Every string literal in the key argument of json_object_set_new(obj, key,
# value): a plain "key", or both names of a "cond ? \"a\" : \"b\"". The
# round line's "instability" object is built in src/verdict/vocab.c.
code_fields=$({ perl -0ne '
	while (/json_object_set_new\s*\(\s*\w+\s*,\s*((?:[^,"()]|"[^"]*"|\((?:[^()]|\([^()]*\))*\))*),/gs) {
		my $k = $1; print "$1\n" while $k =~ /"([^"]*)"/g;
	}' "$OUTPUT_C" "$OUTPUT_BLOCKS_C" "$VOCAB_C"
	# ... and the keys output.c takes from the probe methods' ops: their
	# counters and their probe lines' cookie fields.
	perl -0ne 'while (/\.(?:counters|fields)\s*=\s*\{([^}]*)\}/g) {
		my $k = $1; print "$1\n" while $k =~ /"([^"]*)"/g;
	}' "$SRC"/src/probe/method_*.c; } | sort -u)
if [ -z "$code_fields" ]; then
	fail "found JSON keys in src/output.c, src/verdict/vocab.c and src/probe/method_*.c"
else
	pass "found $(echo "$code_fields" | wc -l) JSON keys in src/output.c, src/output_blocks.c, src/verdict/vocab.c and src/probe/method_*.c"
fi
for k in $code_fields; do
	if has "$man_fields" "$k"; then pass "OUTPUT documents field \"$k\""
	else fail "OUTPUT documents field \"$k\"" "no .It Va line for it"; fi
done
# Line types: json_object_set_new(o, "type", json_string("run")).
for t in $(perl -ne 'print "$1\n" if /"type"\s*,\s*json_string\("([^"]+)"\)/' "$OUTPUT_C"); do
	if printf '%s\n' "$out_sec" | grep -qE "^\.Ss .*\b${t^}\b|^\.Dq $t( |$)"; then
		pass "OUTPUT documents the \"$t\" line"
	else
		fail "OUTPUT documents the \"$t\" line"
	fi
done
# ICMP error names (reply_icmp_error_name) and states (the state_names
# table behind state_name).
names=$(perl -0ne 'if (/\nreply_icmp_error_name\s*\(.*?\n\}/s) {
	my $b = $&; print "$1\n" while $b =~ /"([a-z-]+)"/g }' "$SRC/src/probe/reply.c")
for n in $names; do
	if printf '%s\n' "$out_sec" | grep -qE "^\.Dq $n( |$)"; then pass "OUTPUT names ICMP error \"$n\""
	else fail "OUTPUT names ICMP error \"$n\""; fi
done
states=$(perl -0ne 'if (/\nstatic const char \*const state_names\[\].*?\n\}/s) {
	my $b = $&; print "$1\n" while $b =~ /"([a-z]+)"/g }' "$VOCAB_C")
for n in $states; do
	if man_section "$MAN" STATES | grep -qE "^\.(It )?Dq $n( |$)"; then pass "STATES describes \"$n\""
	else fail "STATES describes \"$n\""; fi
done

finish

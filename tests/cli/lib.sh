# lib.sh - what the command-line tests share: one line per check, a failure
# count, and the sections of the man page. Sourced, never run.
#
# These tests never send a probe: they run blackout with --help, --version,
# --dry-run, or arguments it must refuse before opening a socket, and only
# with 198.18.0.0/15 prefixes (RFC 2544 benchmarking space).

CLI_CHECKS=0
CLI_FAILED=0

# pass NAME / fail NAME [DETAIL] / skip NAME WHY: one line each.
pass() {
	CLI_CHECKS=$((CLI_CHECKS + 1))
	printf 'ok %d - %s\n' "$CLI_CHECKS" "$1"
}

fail() {
	CLI_CHECKS=$((CLI_CHECKS + 1))
	CLI_FAILED=$((CLI_FAILED + 1))
	if [ $# -gt 1 ]; then
		printf 'not ok %d - %s (%s)\n' "$CLI_CHECKS" "$1" "$2"
	else
		printf 'not ok %d - %s\n' "$CLI_CHECKS" "$1"
	fi
}

skip() {
	CLI_CHECKS=$((CLI_CHECKS + 1))
	printf 'ok %d - %s # SKIP %s\n' "$CLI_CHECKS" "$1" "$2"
}

# check NAME EXPECTED ACTUAL: passes when the two strings are equal.
check() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected '$2', got '$3'"
	fi
}

# finish: the summary line and the exit status of the test.
finish() {
	printf '# %d checks, %d failed\n' "$CLI_CHECKS" "$CLI_FAILED"
	[ "$CLI_FAILED" -eq 0 ]
	exit
}

# man_section FILE NAME: the roff source of section NAME (.Sh NAME up to the
# next .Sh), without the .Sh line itself.
man_section() {
	awk -v want="$2" '
		/^\.Sh / { sub(/^\.Sh +/, ""); gsub(/"/, ""); on = ($0 == want); next }
		on { print }
	' "$1"
}

# Requires the commands named; exits 77 (skipped) when one is missing.
need() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "# $c is not installed: skipped"
			exit 77
		fi
	done
}

# fl_words: the options named by the Fl arguments of .It and .Op lines on
# stdin ("Fl -rate" is --rate, "Fl rq" is -r and -q), one a line.
fl_words() {
	perl -ne 'next unless /^\.(It|Op)\s/; while (/\bFl\s+(\S+)/g) {
		my $w = $1;
		if ($w =~ /^-([a-z][a-z0-9-]*)$/) { print "--$1\n" }
		elsif ($w =~ /^([A-Za-z0-9]+)$/) { print "-$_\n" for split //, $1 }
	}'
}

# has LIST WORD: whether WORD is a whole line of LIST.
has() { printf '%s\n' "$1" | grep -qxF -- "$2"; }

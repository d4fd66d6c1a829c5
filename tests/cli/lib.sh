# lib.sh - what the command-line tests share besides the assertions of
# tests/lib/assert.sh (sourced here): the sections of the man page and the
# options they name. Sourced, never run.
#
# These tests never send a probe: they run blackout with --help, --version,
# --dry-run, or arguments it must refuse before opening a socket, and only
# with 198.18.0.0/15 prefixes (RFC 2544 benchmarking space); or blackout
# simulate under unshare -n, whose probes never leave the process.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/assert.sh"

# man_section FILE NAME: the roff source of section NAME (.Sh NAME up to the
# next .Sh), without the .Sh line itself.
man_section() {
	awk -v want="$2" '
		/^\.Sh / { sub(/^\.Sh +/, ""); gsub(/"/, ""); on = ($0 == want); next }
		on { print }
	' "$1"
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

# has LIST WORD: whether WORD is a whole line of LIST. In bash itself, not
# grep: test_manpage.sh asks some 700 times, and test_manpage_selftest.sh
# runs it 17 times over.
has() { [[ $'\n'"$1"$'\n' == *$'\n'"$2"$'\n'* ]]; }

#!/usr/bin/env bash
# test_examples.sh BLACKOUT MANPAGE
#
# Runs the EXAMPLES of blackout(8) that are marked runnable (a '.\" runnable'
# comment line before their .Bd -literal block), the way jq runs the
# examples of its manual: each must exit 0, print nothing on stderr, and
# print JSON only. Before running one, the test checks that it cannot send a
# probe: it must be a --dry-run (or --help/--version), must not use sudo, and
# may name only 198.18.0.0/15 addresses.
set -u
BLACKOUT=$1 MAN=$2
. "$(dirname "$0")/lib.sh"
need jq perl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$(cd "$(dirname "$BLACKOUT")" && pwd)/$(basename "$BLACKOUT")" "$work/bin/blackout"

# Extracts the runnable examples, one per NUL-terminated record, with the
# roff escapes of the page turned back into what a person would type.
extract() {
	perl -ne '
		if (/^\.\\"\s*runnable\s*$/) { $want = 1; next }
		if ($want && /^\.Bd\s+-literal/) { $in = 1; $want = 0; $cmd = ""; next }
		$want = 0 if $want && /^\./ && !/^\.\\"/;
		if ($in && /^\.Ed\b/) { $in = 0; print $cmd, "\0"; next }
		if ($in) {
			s/\\\(aq/\x27/g; s/\\\(dq/"/g; s/\\-/-/g; s/\\&//g; s/\\e/\\/g;
			$cmd .= $_;
		}' "$MAN"
}

n=0
while IFS= read -r -d '' cmd; do
	n=$((n + 1))
	label="example $n: $(printf '%s' "$cmd" | tr -s ' \n\\' ' ' | cut -c1-70)"
	# Safety first: nothing that could send a probe gets run.
	bad=$(printf '%s' "$cmd" | perl -ne '
		while (/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g) {
			print "$&\n" unless $1 == 198 && ($2 == 18 || $2 == 19);
		}')
	if [ -n "$bad" ]; then
		fail "$label" "not run: names $(echo $bad) outside 198.18.0.0/15"
		continue
	fi
	if ! printf '%s' "$cmd" | grep -qE -- '--dry-run|--help|--version' ||
	   printf '%s' "$cmd" | grep -qw sudo; then
		fail "$label" "not run: a runnable example must be a dry run without sudo"
		continue
	fi
	(cd "$work" && PATH="$work/bin:$PATH" bash -o pipefail -c "$cmd") \
		>"$work/out" 2>"$work/err" </dev/null
	status=$?
	if [ "$status" -ne 0 ]; then
		fail "$label" "exit $status: $(head -c 200 "$work/err")"
	elif [ -s "$work/err" ]; then
		fail "$label" "stderr: $(head -c 200 "$work/err")"
	elif [ ! -s "$work/out" ]; then
		fail "$label" "printed nothing"
	elif ! jq -e -s 'length > 0' "$work/out" >/dev/null 2>&1; then
		fail "$label" "output is not JSON: $(head -c 200 "$work/out")"
	else
		pass "$label"
	fi
done < <(extract)

if [ "$n" -ge 3 ]; then
	pass "found $n runnable examples in the man page"
else
	fail "found $n runnable examples in the man page" "expected at least 3"
fi
finish

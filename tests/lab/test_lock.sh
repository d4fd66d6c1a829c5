#!/usr/bin/env bash
# One run per state file: a second run while the first holds the lock exits
# 75 with one stderr line and leaves the log and the state untouched; a
# corrupt, truncated or foreign state file, or another vantage's, is refused
# with 65 and never overwritten.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
bo() { in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -t 0.3 -r 5000 "$@"; }
bo -s "$work/s.json" >/dev/null 2>&1
check "a first run writes the state" true "$([ -s "$work/s.json" ] && echo true)"
bo -s "$work/s.json" -c 4 -i 1 >"$work/first.jsonl" 2>/dev/null &
first=$!
wait_for 10 test -s "$work/first.jsonl" # its run line: the lock is taken
cp "$work/s.json" "$work/s.before"
echo "old line" >"$work/log"
bo -s "$work/s.json" -o "$work/log" >"$work/out" 2>"$work/err"
check "second run on a locked state file: exit 75" 75 "$?"
check "one stderr line" 1 "$(wc -l <"$work/err")"
check "it says the file is in use" true "$(grep -q 'in use by another blackout run' "$work/err" && echo true)"
check "log untouched" "old line" "$(cat "$work/log")"
check "nothing on stdout" 0 "$(wc -c <"$work/out")"
wait $first
check "first run unaffected" 0 "$?"

refused() {
	local name=$1
	cp "$work/bad" "$work/bad.orig"
	bo -s "$work/bad" -o "$work/log" >"$work/out" 2>"$work/err"
	check "$name: exit 65" 65 "$?"
	check "$name: one stderr line naming the file" 1 "$(grep -c "$work/bad" "$work/err")"
	check "$name: state file untouched" same "$(cmp -s "$work/bad" "$work/bad.orig" && echo same)"
	check "$name: log untouched" "old line" "$(cat "$work/log")"
}
printf 'this is not json' >"$work/bad"
refused "garbage"
head -c 300 "$work/s.json" >"$work/bad"
refused "truncated"
: >"$work/bad"
refused "empty"
echo '{"targets": []}' >"$work/bad"
refused "foreign JSON"
jq -c '.version = 99' "$work/s.json" >"$work/bad"
refused "future version"
jq -c '.vantage = "elsewhere"' "$work/s.json" >"$work/bad"
refused "another vantage's"
finish

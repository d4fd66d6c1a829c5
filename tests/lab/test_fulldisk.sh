#!/usr/bin/env bash
# A full disk (man/blackout.8, OUTPUT and EXIT STATUS 74): a line reaches
# the log whole or not at all, and the state never runs ahead of the log.
# A 64 KiB tmpfs, mounted on a scratch directory and unmounted on exit, is
# filled to the last page, leaving the log room for exactly the lines the
# test wants to fit (its last page's slack).
#   - -o on the full disk: the run line and the round line fit, the event
#     line does not: exit 74, one stderr line, no torn line (the file ends
#     with the round line), the state still at the round before;
#   - with room again, the next run writes that round again, with its event;
#   - the state file on the full disk: 74, one line, the old state intact
#     and no temporary file left; the round is in the log, not the state;
#   - stdout redirected to a file on the full disk, and a dry run's -o
#     with two pages left: 74, whole lines only.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
fs=$work/fs
mkdir "$fs"
must mount -t tmpfs -o size=64k,mode=0755 blackout-test "$fs"
trap 'umount "$fs" 2>/dev/null; lab_down; rm -rf "$work"' EXIT
L=$fs/blackout.jsonl S=$work/s.json
ARGS=(-f "$work/t.json" --allow-reserved --sample all -m icmp -t 0.3 --retries 0 -r 0)

# whole FILE: every line parses as JSON and the file ends with a newline.
whole() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(wc -l <"$1")" = "$(jq -c . "$1" 2>/dev/null | wc -l)" ]
}
# fill: takes every free page of the tmpfs.
fill() { dd if=/dev/zero of="$fs/filler" bs=4096 2>/dev/null; sync; }
# pad_to SLACK: appends one JSON line to the log so that its last page has
# SLACK bytes left.
pad_to() {
	local size want pad
	size=$(stat -c %s "$L")
	want=$(((4096 - $1) % 4096))
	pad=$(((want - size) % 4096 + 4096))
	pad=$((pad % 4096))
	[ "$pad" -lt 40 ] && pad=$((pad + 4096))
	printf '{"type":"pad","pad":"%s"}\n' "$(head -c $((pad - 24)) /dev/zero | tr '\0' x)" >>"$L"
}
last_round() { jq -r 'select(.type=="round") | .round' "$1" | tail -n 1; }

# --- Run 1, with room: the baseline (round 1). ------------------------------
in_v "$BLACKOUT" "${ARGS[@]}" -s "$S" -o "$L" 2>"$work/err"
check "room: exit 0" "0 " "$? $(cat "$work/err")"
run_len=$(grep '"type":"run"' "$L" | awk '{ print length($0) + 1 }')
round_len=$(grep '"type":"round"' "$L" | awk '{ print length($0) + 1 }')

# --- Run 2: block 0 goes dark (an event), the disk is full. ------------------
# Room for the run line and a round line (with 80 bytes to spare), not
# for the event line after it.
lab_dark_block 0
pad_to $((run_len + round_len + 80))
fill
size0=$(stat -c %s "$L")
in_v "$BLACKOUT" "${ARGS[@]}" -s "$S" -o "$L" >"$work/out" 2>"$work/err"
status=$?
check "full: exit 74" 74 "$status"
check "full: one stderr line" 1 "$(wc -l <"$work/err")"
check "full: it says why" true "$(grep -q '^blackout: writing output: No space left on device$' "$work/err" && echo true)"
check "full: no torn line, the file ends with a whole line" true "$(whole "$L" && echo true)"
check "full: the run line and round 2 reached the log, the event did not" "run round" \
	"$(tail -c +$((size0 + 1)) "$L" | jq -r .type | paste -sd ' ' -)"
check "full: the state stays at round 1, no later than the log's last round ($(last_round "$L"))" \
	"1 true" "$(jq -r .round "$S") $([ "$(jq -r .round "$S")" -le "$(last_round "$L")" ] && echo true)"
check "full: no temporary state file left" "" "$(ls "$work" | grep '\.tmp\.')"

# --- Run 3, with room again: round 2 again, and its event this time. --------
rm -f "$fs/filler"
size0=$(stat -c %s "$L")
in_v "$BLACKOUT" "${ARGS[@]}" -s "$S" -o "$L" >"$work/out" 2>"$work/err"
status=$?
check "room again: exit 1 (partial), no message" "1 " "$status $(cat "$work/err")"
check "room again: round 2 is written again, with its event" \
	"run round:2 event:2:outage-start" \
	"$(tail -c +$((size0 + 1)) "$L" | jq -r '[.type, .round, .event] | map(select(. != null)) | map(tostring) | join(":")' | paste -sd ' ' -)"
check "room again: the state is at round 2" 2 "$(jq -r .round "$S")"
check "room again: the whole log is whole lines" true "$(whole "$L" && echo true)"

# --- The state file on the full disk. ---------------------------------------
S2=$fs/s.json L2=$work/log2.jsonl
rm -f "$L"
in_v "$BLACKOUT" "${ARGS[@]}" -s "$S2" -o "$L2" 2>"$work/err"
check "state on tmpfs, room: no message, state at round 1" " 1" "$(cat "$work/err") $(jq -r .round "$S2")"
cp "$S2" "$work/s2.before"
fill
in_v "$BLACKOUT" "${ARGS[@]}" -s "$S2" -o "$L2" >"$work/out" 2>"$work/err"
status=$?
check "state on a full disk: exit 74" 74 "$status"
check "state on a full disk: one stderr line" 1 "$(wc -l <"$work/err")"
check "state on a full disk: it names the state file" true \
	"$(grep -q "^blackout: --state: writing $S2.tmp.[0-9]*: No space left on device$" "$work/err" && echo true)"
check "state on a full disk: the old state is intact" same "$(cmp -s "$S2" "$work/s2.before" && echo same)"
check "state on a full disk: no temporary file left" "" "$(ls "$fs" | grep '\.tmp\.')"
check "state on a full disk: the log has round 2, the state round 1" "2 1" \
	"$(last_round "$L2") $(jq -r .round "$S2")"
rm -f "$fs/filler" "$S2" "$S2.lock"

# --- stdout to a file, and a dry run's -o, on the full disk. ----------------
fill
in_v "$BLACKOUT" "${ARGS[@]}" >>"$fs/stdout.jsonl" 2>"$work/err"
status=$?
check "stdout to a full disk: exit 74, one line" "74 1" "$status $(wc -l <"$work/err")"
check "stdout to a full disk: no torn line" true \
	"$([ ! -s "$fs/stdout.jsonl" ] || whole "$fs/stdout.jsonl" && echo true)"
rm -f "$fs/filler" "$fs/stdout.jsonl"
fill
truncate -s -8192 "$fs/filler" # two pages: some probe lines fit
in_v "$BLACKOUT" "${ARGS[@]}" --dry-run -o "$fs/dry.jsonl" >"$work/out" 2>"$work/err"
status=$?
check "dry run to a full disk: exit 74, one line" "74 1" "$status $(wc -l <"$work/err")"
check "dry run to a full disk: some lines, all whole" true "$(whole "$fs/dry.jsonl" && echo true)"
finish

#!/usr/bin/env bash
# The progress line: shown on a terminal (a pseudo-terminal made by
# script(1)) when a round takes more than a second, never in the JSON on
# stdout, never when stderr is a file, and not with --quiet.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
need script
slow="$BLACKOUT -f $work/t.json --allow-reserved --sample all -m icmp -r 300 -t 0.5 --retries 0"
# script(1) gives the command a terminal for stdin, stdout and stderr;
# stdout is sent on to a file, so the terminal shows stderr alone.
tty_run() {
	script -qec "ip netns exec $LAB_V $slow $1 >$work/tty.jsonl" "$work/tty.log" >/dev/null
}
tty_run ""
check "on a terminal: the progress line appears" true \
	"$(grep -q 'probes sent' "$work/tty.log" && echo true)"
check "on a terminal: it is redrawn in place" true \
	"$(grep -q $'\r\e\[K' "$work/tty.log" && echo true)"
check "on a terminal: stdout is still only JSON lines" 2 \
	"$(jq -c . "$work/tty.jsonl" | wc -l)"
check "on a terminal: nothing of it reaches stdout" 0 \
	"$(grep -c 'probes sent' "$work/tty.jsonl")"
tty_run "--quiet"
check "--quiet on a terminal: no progress line" 0 "$(grep -c 'probes sent' "$work/tty.log")"
in_v $slow >"$work/file.jsonl" 2>"$work/file.err"
check "stderr to a file: exit 0" 0 "$?"
check "stderr to a file: no progress line" 0 "$(wc -c <"$work/file.err")"
finish

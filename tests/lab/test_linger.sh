#!/usr/bin/env bash
# --linger as cron runs it (blackout(8), --linger; contrib/cron.d), with
# real packets. A run of one round that waits for its watch round lets the
# state file's lock go while it waits, so that the next run, which cron's
# */11 starts 5 minutes after the one at minute 55, is not turned away
# with 75; and makes no watch round once that run has had the file, whose
# memory is newer. A census and two rounds of the intact lab; then
# nftables drops every probe to the /22. Run A (-i 120: its watch round
# would come 60 s after its round) says down and waits; alone, it makes
# its watch round (the lock taken back). Run B, started while a second
# such run waits, gets the lock, probes and saves; that run then exits
# with its round's status and no watch round.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
need flock
log=$work/blackout.jsonl
run() { # ARGS...: one run of the lab /22 on the shared state file and log
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
		-o "$log" -t 0.3 -r 5000 "$@" 2>>"$work/err"
}
rounds() { jq -c 'select(.type=="round")' "$log"; }
# C has saved its round and let the lock go: it waits.
waiting() {
	[ "$(jq .round "$work/s.json" 2>/dev/null)" = 6 ] &&
		flock -n "$work/s.json.lock" true
}

run -c 3 -i 0
check "intact lab: 3 rounds up" "up up up" \
	"$(rounds | jq -r .state | paste -sd' ' -)"
lab_all_dark

# A alone: its round, then its watch round 60 s later, lock taken back.
run -c 1 -i 120 --linger
check "run A: exit 2 (down)" 2 "$?"
check "run A: its round down, then its watch round" "down/false down/true" \
	"$(rounds | tail -n 2 | jq -r '"\(.state)/\(.watch)"' | paste -sd' ' -)"
check "the state file holds A's watch round" 5 "$(jq .round "$work/s.json")"

# C waits for its watch round; B comes meanwhile.
run -c 1 -i 120 --linger &
c=$!
if wait_for 60 waiting; then
	run -c 1 -i 120
	check "run B, while C waits: exit 2 (down), not 75" 2 "$?"
fi
wait "$c"
check "run C: exit 2, its round's status" 2 "$?"
check "C's round, then B's; no watch round after them" \
	"6/down/false 7/down/false" \
	"$(rounds | tail -n 2 | jq -r '"\(.round)/\(.state)/\(.watch)"' |
		paste -sd' ' -)"
check "the state file holds B's round" 7 "$(jq .round "$work/s.json")"
check "the run lines' \"watch\": -i 0 off, A and C linger, B (-c 1) off" \
	"off linger linger off" \
	"$(jq -r 'select(.type=="run") | .watch' "$log" | paste -sd' ' -)"
check "nothing on stderr" 0 "$(wc -c <"$work/err")"
cat "$work/err"
finish

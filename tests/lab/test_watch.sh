#!/usr/bin/env bash
# Watch rounds (blackout(8), Rounds), with real packets: a total outage's
# end is timed by a watch round half way between two rounds. A census and
# two adaptive rounds of the intact lab, cron-style with a state file; then
# nftables drops every probe to the /22, and one round finds it down. Then
# a run of two rounds 120 s apart (the least interval with watch rounds)
# starts with the /22 still dark; once its first round has said down, the
# rule goes. The watch round, 60 s after that round, sees the /22 up and
# ends the outage, half way between the two rounds' starts: the round that
# follows is up. The /24s came back together: one of them is watched after
# (its next outage's start would be timed too), and the watch round after
# the second round probes that /24 alone. Five round lines, two of them
# watch rounds.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
run() { # OUT ARGS...: rounds of the lab /22, sharing the state file
	local out=$1
	shift
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
		-t 0.3 -r 5000 "$@" >"$out" 2>>"$work/err"
}
rounds() { jq -c 'select(.type=="round")' "$1"; }
said_down() { [ "$(rounds "$1" | head -n 1 | jq -r .state)" = down ]; }
t() { date -ud "$1" +%s; } # RFC 3339 -> epoch seconds

run "$work/before.jsonl" -c 3 -i 0
check "intact lab: 3 rounds up" "up up up" \
	"$(rounds "$work/before.jsonl" | jq -r .state | paste -sd' ' -)"
lab_all_dark
run "$work/dark.jsonl" -c 1
check "all dark: down" down "$(rounds "$work/dark.jsonl" | jq -r .state)"

# The run: round 1 down, the rule goes, the watch round at +60 s.
run "$work/watch.jsonl" -c 3 -i 120 &
pid=$!
if wait_for 60 said_down "$work/watch.jsonl"; then
	lab_restore
fi
wait "$pid"
check "the run: exit 0 (up at the end)" 0 "$?"
lines=$(rounds "$work/watch.jsonl" | jq -r '"\(.state)/\(.watch)"' | paste -sd' ' -)
echo "round lines: $lines"
check "round 1 down, a watch round up, round 2 up, a watch round, round 3" \
	"down/false up/true up/false up/true up/false" "$lines"
r1=$(t "$(rounds "$work/watch.jsonl" | sed -n 1p | jq -r .time)")
w=$(t "$(rounds "$work/watch.jsonl" | sed -n 2p | jq -r .time)")
# (times in whole seconds: a second more when the fraction carries)
check "the watch round: 60 s after round 1" true \
	"$([ $((w - r1)) -ge 60 ] && [ $((w - r1)) -le 61 ] && echo true)"
ev=$(jq -c 'select(.type=="event" and .event=="outage-end")' "$work/watch.jsonl")
check "the outage ends in the watch round" "$w" "$(t "$(echo "$ev" | jq -r .time)")"
end=$(t "$(echo "$ev" | jq -r .end)")
check "its end: half way between round 1 and the watch round" true \
	"$([ $((end - r1)) -ge 30 ] && [ $((end - r1)) -le 31 ] && echo true)"
check "round numbers go on through the watch rounds" "5 6 7 8 9" \
	"$(rounds "$work/watch.jsonl" | jq -r .round | paste -sd' ' -)"
check "the state file holds the last round" 9 "$(jq .round "$work/s.json")"
# The watch round of the target up again: its /24 back from down alone,
# the others carried through with no probe.
check "the second watch round: one /24 probed, three carried" "1 3" \
	"$(rounds "$work/watch.jsonl" | sed -n 4p |
		jq -r '(.blocks | length) as $n |
			[.blocks[] | select(.probes > 0)] | length |
			"\(.) \($n - .)"')"
cat "$work/err"
finish

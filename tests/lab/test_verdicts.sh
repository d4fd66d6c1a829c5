#!/usr/bin/env bash
# Verdicts across rounds, each round a separate run sharing a state file
# (as from cron): baseline, one /24 dark (partial), recovery (outage-end
# with its duration), all dark (total), recovery, a routing failure (down
# with the router's net-unreachable as evidence), recovery.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
n=0
# round: one run; sets $out (its output file) and $rc (its exit status).
round() {
	n=$((n + 1))
	out="$work/r$n.jsonl"
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/state.json" \
		-t 0.5 -r 5000 >"$out" 2>"$work/err"
	rc=$?
	cat "$work/err"
	echo "round $n: $(jq -r 'select(.type=="round") | "\(.state) (\(.reason)) probes/24: \([.blocks[] | .probes] | join(","))"' "$out")"
}
st() { round_of "$out" | jq -r "$1"; }
ev() { jq -r "select(.type==\"event\") | $1" "$out"; }

round
check "baseline: state up" up "$(st .state)"
check "baseline: exit 0" 0 "$rc"
check "baseline: census" census "$(st '.blocks[0].mode')"
check "baseline: 166 ever-responsive addresses" 166 "$(st .addresses.baseline)"
check "baseline: no event" "" "$(ev .event)"
round
check "adaptive round: up" up "$(st .state)"
check "adaptive round: blocks adaptive" "adaptive adaptive adaptive" \
	"$(st '[.blocks[0:3][] | .mode] | join(" ")')"
check "adaptive round: at most 15 probes per /24 beyond exploration" true \
	"$(st '[.blocks[] | .probes <= 15 + 3] | all')"

lab_dark_block 1
round
check "one /24 dark: target partial" partial "$(st .state)"
check "one /24 dark: exit 1" 1 "$rc"
check "one /24 dark: block states" "up down up" \
	"$(st '[.blocks[0:3][] | .state] | join(" ")')"
check "one /24 dark: reason names the block" true \
	"$(st '.reason | test("198.18.1.0/24 down")')"
check "one /24 dark: outage-start" outage-start "$(ev .event)"
check "one /24 dark: scope partial" partial "$(ev .scope)"
check "one /24 dark: blocks_down" 198.18.1.0/24 "$(ev '.blocks_down | join(",")')"
t_start=$(ev '.time | fromdateiso8601')

sleep 2 # deliberate: the outage lasts long enough to measure its duration
lab_restore
round
check "recovered: up" up "$(st .state)"
check "recovered: outage-end" outage-end "$(ev .event)"
t_end=$(st '.time | fromdateiso8601')
dur=$(ev .duration_s)
e_start=$(ev '.start | fromdateiso8601')
e_end=$(ev '.end | fromdateiso8601')
# blackout's estimates (issue 11): half way between the rounds either side.
check "recovered: start estimate by the round that saw the outage" true \
	"$([ "$e_start" -le "$t_start" ] && echo true)"
check "recovered: end estimate after the start, by the round that saw it end" true \
	"$([ "$e_end" -le "$t_end" ] && [ "$e_end" -ge "$e_start" ] && echo true)"
check "recovered: duration = end - start estimates (+-1 s)" true \
	"$(jq -n "($dur - ($e_end - $e_start)) | fabs <= 1")"
check "recovered: readable duration" "${dur}s" "$(ev .duration)"

lab_all_dark
round
check "all dark: down" down "$(st .state)"
check "all dark: exit 2" 2 "$rc"
check "all dark: outage-start total" "outage-start total" "$(ev '"\(.event) \(.scope)"')"
check "all dark: three /24s down" 3 "$(ev '.blocks_down | length')"
check "all dark: vantage up" up "$(st .vantage)"
t_start=$(ev '.time | fromdateiso8601')
probes_total_down=$(st '[.blocks[0:3][] | .probes] | join(",")')
sleep 3 # deliberate: the dark time the duration checks below rely on
round
check "still dark: down, no new event" "down " "$(st .state) $(ev .event)"
lab_restore
round
check "back: outage-end" outage-end "$(ev .event)"
t_end=$(st '.time | fromdateiso8601')
dur=$(ev .duration_s)
check "back: duration matches the dark time (+-1 s)" true \
	"$(jq -n "($dur - ($t_end - $t_start)) | fabs <= 1")"
check "back: duration at least the 3 s of dark pause" true "$(jq -n "$dur >= 3")"

lab_route_fail
round
check "routing failure: down" down "$(st .state)"
check "routing failure: outage-start total" "outage-start total" "$(ev '"\(.event) \(.scope)"')"
check "routing failure: reason cites routers" true "$(st '.reason | test("routers report")')"
check "routing failure: router and code" "$LAB_ROUTER 3/0 net-unreachable" \
	"$(st '.unreachable[0] | "\(.router) \(.type)/\(.code) \(.reason)"')"
check "routing failure: every judged /24 unreachable" true \
	"$(st '[.blocks[0:3][] | .unreachable > 0] | all')"
lab_restore
round
check "routes back: up, outage-end" "up outage-end" "$(st .state) $(ev .event)"

echo "adaptive probes per /24 in the round that found the total outage: $probes_total_down"
jq -s '[.[] | select(.type=="round") | .blocks[0:3][] | select(.mode=="adaptive") | .probes] | "adaptive rounds: probes per /24 mean \(add/length) max \(max) (n=\(length))"' "$work"/r*.jsonl
check "instability counts the state changes" true \
	"$(st '.instability.state_changes == 6 and .instability.window == 9')"
finish

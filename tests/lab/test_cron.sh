#!/usr/bin/env bash
# Two separate invocations sharing a state file, as cron runs them: the
# first (two rounds) sees the baseline and then the outage start; the
# second, a new process, reports the outage's end with its duration.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
log=$work/blackout.jsonl
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
	-o "$log" -t 0.3 -r 5000 -c 2 -i 4 2>"$work/err" &
first=$!
# Darken the whole /22 once the first round is in the log.
wait_for 10 grep -qs '"type":"round"' "$log"
lab_all_dark
wait $first
check "first run: exit 2 (down)" 2 "$?"
cat "$work/err"
check "first run: outage-start total" "outage-start total" \
	"$(jq -r 'select(.type=="event") | "\(.event) \(.scope)"' "$log")"
t_start=$(jq -r 'select(.type=="event") | .time | fromdateiso8601' "$log")
sleep 2 # deliberate: the outage lasts a while between the two runs
lab_restore
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
	-o "$log" -t 0.3 -r 5000 2>"$work/err"
check "second run: exit 0" 0 "$?"
cat "$work/err"
check "log: two run lines, three rounds" "2 3" \
	"$(jq -s '"\([.[] | select(.type=="run")] | length) \([.[] | select(.type=="round")] | length)"' -r "$log")"
check "second run: outage-end" outage-end \
	"$(jq -r 'select(.type=="event") | .event' "$log" | tail -1)"
check "round numbers continue across runs" "1 2 3" \
	"$(jq -r 'select(.type=="round") | .round' "$log" | paste -sd' ' -)"
t_end=$(jq -r 'select(.type=="round") | .time | fromdateiso8601' "$log" | tail -1)
dur=$(jq -r 'select(.type=="event" and .event=="outage-end") | .duration_s' "$log")
e_start=$(jq -r 'select(.type=="event" and .event=="outage-end") | .start | fromdateiso8601' "$log")
e_end=$(jq -r 'select(.type=="event" and .event=="outage-end") | .end | fromdateiso8601' "$log")
check "outage spans the two runs: start estimate by run 1's outage round, end by run 2's" true \
	"$([ "$e_start" -le "$t_start" ] && [ "$e_end" -le "$t_end" ] && [ "$e_end" -gt "$t_start" ] && echo true)"
check "outage duration = end - start estimates (+-1 s)" true \
	"$(jq -n "($dur - ($e_end - $e_start)) | fabs <= 1")"
check "outage-end start = outage-start's start estimate" \
	"$(jq -r 'select(.type=="event" and .event=="outage-start") | .start' "$log")" \
	"$(jq -r 'select(.type=="event" and .event=="outage-end") | .start' "$log")"
finish

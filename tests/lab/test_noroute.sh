#!/usr/bin/env bash
# Issue 11, item 2: the vantage's link goes down between two cron runs.
# The run with a state file and a log must write its round line (unknown,
# "vantage":"down", the reason naming ENETUNREACH), save the state without
# learning from the round, say one line on stderr and exit 3; a one-shot
# ad-hoc run with no route still exits 69. When the link is back, the next
# cron run is up, with no outage event: there was none.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
cron() {
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -t 0.3 -r 5000 \
		-s "$work/s.json" -o "$work/log.jsonl" "$@" 2>"$work/err"
	rc=$?
}
last() { jq -c 'select(.type=="round")' "$work/log.jsonl" | tail -n 1; }
cron
check "cron run 1: exit 0 (up)" 0 "$rc"
check "cron run 1: up" up "$(last | jq -r .state)"
before=$(jq -c '[.targets[0].blocks[] | {ever, availability: .avail, state}]' "$work/s.json")

must in_v ip link set bv0 down
check "the link is down: no route left" "" "$(in_v ip route show 198.18.0.0/15)"
cron
check "cron run 2, no route: exit 3" 3 "$rc"
check "cron run 2: stderr is one line" 1 "$(wc -l <"$work/err")"
echo "stderr: $(cat "$work/err")"
check "cron run 2: a round line was written (2 in the log)" 2 \
	"$(jq -c 'select(.type=="round")' "$work/log.jsonl" | wc -l)"
check "cron run 2: state unknown" unknown "$(last | jq -r .state)"
check "cron run 2: vantage down" down "$(last | jq -r .vantage)"
check "cron run 2: the reason names ENETUNREACH" true \
	"$(last | jq '.reason | test("ENETUNREACH")')"
check "cron run 2: no probe left" 0 "$(last | jq .probes.sent)"
check "cron run 2: no outage event (a state change to unknown only)" \
	'"state-change"' "$(jq -c 'select(.type=="event") | .event' "$work/log.jsonl" | paste -sd, -)"
check "cron run 2: state saved (round 2)" 2 "$(jq .round "$work/s.json")"
check "cron run 2: nothing learned" "$before" \
	"$(jq -c '[.targets[0].blocks[] | {ever, availability: .avail, state}]' "$work/s.json")"
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -t 0.3 >/dev/null 2>"$work/err1"
check "one-shot ad-hoc run, no route: exit 69" 69 "$?"
check "... with one line naming the route" true \
	"$(grep -q 'no route to' "$work/err1" && echo true)"

must in_v ip link set bv0 up
must in_v ip route add 198.18.0.0/15 via "$LAB_ROUTER"
must wait_for 5 lab_link_flushed
cron
check "cron run 3, link back: exit 0" 0 "$rc"
check "cron run 3: up, vantage up" "up up" "$(last | jq -r '"\(.state) \(.vantage)"')"
check "no outage event in the whole log" 0 \
	"$(jq -c 'select(.type=="event" and (.event | startswith("outage")))' "$work/log.jsonl" | wc -l)"
finish

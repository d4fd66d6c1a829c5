#!/usr/bin/env bash
# Two vantage points, "a" and "b", each in a namespace of its own with its
# own veth link to the target namespace, probing the lab /22 in step (each
# round a separate run per vantage, as from cron, with its own state file
# and log). nftables then drops 198.18.1.0/24 for b only: a local outage,
# seen from b alone while a sees the target up. Then the whole /22 goes dark
# for both: a global one. `blackout report --json` over the two logs must
# say which is which; the text report is printed for the record.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
LAB_V2="bo-v2-$$"
B_ADDR=198.19.255.5
trap 'ip netns del "$LAB_V2" 2>/dev/null; lab_down; rm -rf "$work"' EXIT
must ip netns add "$LAB_V2"
must ip link add name bv1 netns "$LAB_V2" type veth peer name bt1 netns "$LAB_T"
in_v2() { ip netns exec "$LAB_V2" "$@"; }
must in_v2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
must in_v2 ip link set lo up
must in_v2 ip addr add "$B_ADDR/30" dev bv1
must in_v2 ip link set bv1 up
must in_v2 ip route add 198.18.0.0/15 via 198.19.255.6
must in_t ip addr add 198.19.255.6/30 dev bt1
must in_t ip link set bt1 up

n=0
# round: one run from each vantage at once; sets $ra and $rb (exit statuses).
round() {
	n=$((n + 1))
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --vantage a -s "$work/a.state" \
		-t 0.5 -r 5000 -o "$work/a.jsonl" 2>"$work/a.err" &
	local pa=$!
	in_v2 "$BLACKOUT" -f "$work/t.json" --allow-reserved --vantage b -s "$work/b.state" \
		-t 0.5 -r 5000 -o "$work/b.jsonl" 2>"$work/b.err"
	rb=$?
	wait "$pa"
	ra=$?
	cat "$work/a.err" "$work/b.err"
	echo "round $n: a $(st a .state), b $(st b .state)"
}
st() { round_of "$work/$1.jsonl" | jq -r "$2"; }
# b_drops BLOCK: probes from vantage b to BLOCK are dropped (b's path only).
b_drops() { must in_t nft add rule inet lab pre ip saddr "$B_ADDR" ip daddr "$1" drop; }

round
check "both see the target" "up up" "$(st a .state) $(st b .state)"
check "round lines carry the vantage name" "a b" "$(st a .vantage_name) $(st b .vantage_name)"
check "... and the vantage state as before" "up up" "$(st a .vantage) $(st b .vantage)"
check "run lines carry the vantage name" "a b" \
	"$(jqr "$work/a.jsonl" 'select(.type=="run") | .vantage_name') $(jqr "$work/b.jsonl" 'select(.type=="run") | .vantage_name')"
check "the state files record the vantage" "a b" \
	"$(jq -r .vantage "$work/a.state") $(jq -r .vantage "$work/b.state")"
round

b_drops 198.18.1.0/24
round
check "local: b sees partial, a up" "up partial" "$(st a .state) $(st b .state)"
check "local: exit statuses 0 and 1" "0 1" "$ra $rb"
check "local: b's event carries its vantage name" "b outage-start" \
	"$(jqr "$work/b.jsonl" 'select(.type=="event") | "\(.vantage_name) \(.event)"' | tail -n 1)"
round
lab_restore
round
check "restored" "up up" "$(st a .state) $(st b .state)"

lab_all_dark
round
check "global: both down" "down down" "$(st a .state) $(st b .state)"
round
lab_restore
round
check "restored again" "up up" "$(st a .state) $(st b .state)"

# A state file of one vantage is not another's.
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --vantage b -s "$work/a.state" \
	-t 0.5 -o "$work/x.jsonl" 2>"$work/err"
check "a's state file under vantage b: exit 65" 65 "$?"
check "... one line naming both" 1 "$(grep -c "vantage 'a', not of 'b'" "$work/err")"
check "... no log written" absent "$([ -s "$work/x.jsonl" ] && echo written || echo absent)"

"$BLACKOUT" report --json "$work/a.jsonl" "$work/b.jsonl" >"$work/report.json"
check "report --json: exit 0" 0 "$?"
LC_ALL=C.UTF-8 "$BLACKOUT" report "$work/a.jsonl" "$work/b.jsonl"
jq . "$work/report.json"
r() { jq -r "$1" "$work/report.json"; }
check "report: both vantages" "a b" "$(r '.vantages | join(" ")')"
check "report: two outages" 2 "$(r '.outages | length')"
check "report: the first is local, seen by b, partial, 198.18.1.0/24" \
	"false b partial 198.18.1.0/24" \
	"$(r '.outages[0] | "\(.global) \(.vantages | join(",")) \(.scope) \(.blocks_down | join(","))"')"
check "report: the second is global, seen by both, total" "true a,b total" \
	"$(r '.outages[1] | "\(.global) \(.vantages | join(",")) \(.scope)"')"
check "report: a timeline per vantage" "UUUUUDDU UUPPUDDU" \
	"$(r '[.by_vantage[].timeline] | join(" ")')"
# "Up from at least one vantage" over the time any vantage knew: b's
# local outage must not drag it down to b's. It need not reach a's own:
# each vantage's round stands for the gap to its own next (at most twice
# its median gap), so the union of the two vantages' known time can hold
# non-up time of b's where a's spans, ending sooner, held none (CI on
# 489e3be: merged 60.0%, a 73.7%, b 36.0%; here 1 run of 16 on that
# code, none of 8 on f4de03f, with no unknown round in either timeline).
check "report: merged availability above b's, whose outage was local" true \
	"$(r '.availability.time > (.by_vantage[] | select(.vantage == "b") | .availability.time)')"
finish

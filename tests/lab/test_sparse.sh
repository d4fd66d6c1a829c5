#!/usr/bin/env bash
# A /24 with only two responsive addresses is judged by belief like any
# other (issue 11: not set aside as sparse, which probed all of E(b) with
# every method and flapped under loss): adaptive after the census, going
# round its two addresses; it does not flap while its hosts answer, and
# goes down in the first round both fall silent.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
# Block 2 keeps two ICMP hosts (198.18.2.5 and .21) and no TCP host.
icmp2=$(lab_icmp_hosts 2 | grep -vx -e 198.18.2.5 -e 198.18.2.21 | paste -sd, -)
tcp2=$(lab_tcp_hosts 2 | paste -sd, -)
must in_t nft delete element inet lab icmp_ok "{ $icmp2 }"
must in_t nft delete element inet lab tcp_ok "{ $tcp2 }"
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
	-t 0.3 -r 5000 -c 8 -i 0 >"$work/out.jsonl" 2>"$work/err"
check "exit status" 0 "$?"
cat "$work/err"
rounds() { jq -c 'select(.type=="round")' "$work/out.jsonl"; }
check "block 2 has 2 ever-responsive addresses" 2 "$(rounds | tail -1 | jq '.blocks[2].ever')"
check "block 2 is not sparse (its A(b) is not below 0.1)" false "$(rounds | tail -1 | jq '.blocks[2].sparse')"
check "block 2 probed adaptively after the census" adaptive \
	"$(rounds | tail -n +2 | jq -r '.blocks[2].mode' | sort -u | paste -sd, -)"
check "block 2 up in all 8 rounds" up "$(rounds | jq -r '.blocks[2].state' | sort -u | paste -sd, -)"
check "target up in all 8 rounds (no flapping)" up "$(rounds | jq -r .state | sort -u | paste -sd, -)"
check "no events" 0 "$(jq -c 'select(.type=="event")' "$work/out.jsonl" | wc -l)"
lab_dark_block 2
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
	-t 0.3 -r 5000 >"$work/dark.jsonl" 2>"$work/err"
check "sparse block silent: exit 1 (partial)" 1 "$?"
r=$(jq -c 'select(.type=="round")' "$work/dark.jsonl")
check "sparse block silent: block 2 down" down "$(jq -r '.blocks[2].state' <<<"$r")"
check "sparse block silent: target partial" partial "$(jq -r .state <<<"$r")"
finish

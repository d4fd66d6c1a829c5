#!/usr/bin/env bash
# Half the hosts of every /24 go dark (issue 11, item 3), with real
# packets: three cron-style runs sharing a state file. First a census and
# five adaptive rounds of the intact lab: never partial. The state file is
# then made a day older (its first round long ago, as in a file from
# before that was kept): on a target's first day the checks are held
# against half of A(b), its hours not learned yet (test_spot.c). Then
# nftables drops every probe to a host whose address has bit 4 set
# (16-31, 48-63, ...: half of each /24's ground-truth hosts, ICMP and
# TCP): within 3 adaptive rounds the target is partial, saying the
# responsive share of E(b) is far below A(b), and no /24 is down. Then the
# rule goes: within 4 rounds the target is up again.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
# A fixed --seed: which addresses the adaptive probes and a spot check
# draw is random, and a rare draw keeps the target up for 3 rounds (CI,
# once: the first probes hit live hosts for two rounds, and the third
# round's check drew 18 answering of 27 probed addresses). How often that
# happens is the simulator's to measure over seeds (partial-half, README);
# with the seed fixed and no loss in the lab, every run draws the same
# (seeds 1 to 9 all turned partial in the first dark round).
run() { # ROUNDS OUT
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
		--seed 1 -t 0.3 -r 5000 -c "$1" -i 0 >"$2" 2>>"$work/err"
}
rounds() { jq -c 'select(.type=="round")' "$1"; }

run 6 "$work/before.jsonl"
check "6 rounds of the intact lab" 6 "$(rounds "$work/before.jsonl" | wc -l)"
check "intact lab: every round up, none partial" "up" \
	"$(rounds "$work/before.jsonl" | jq -r .state | sort -u | paste -sd, -)"
check "the state file keeps the first round's time" true \
	"$(jq '[.targets[].first_ns] | all(. > 0)' "$work/s.json")"
sed -i -E 's/"first_ns": *[0-9]+/"first_ns":1/g' "$work/s.json"

# Every other ground-truth host of each /24 (ICMP or TCP), in address order.
half=$(for b in 0 1 2; do lab_icmp_hosts $b; lab_tcp_hosts $b; done |
	sort -u -t. -k3,3n -k4,4n | awk 'NR % 2 == 0' | paste -sd, -)
must in_t nft -f - <<NFT
table inet lab_half {
	set dark { type ipv4_addr; elements = { $half } }
	chain pre {
		type filter hook prerouting priority -310; policy accept;
		ip daddr @dark drop
	}
}
NFT
run 3 "$work/dark.jsonl"
states=$(rounds "$work/dark.jsonl" | jq -r .state | paste -sd' ' -)
echo "half dark, 3 rounds: $states"
rounds "$work/dark.jsonl" | jq -r '"  \(.state): \(.reason)"'
check "half dark: partial within 3 adaptive rounds" true \
	"$(rounds "$work/dark.jsonl" | jq -s 'any(.[]; .state == "partial")')"
check "half dark: the reason says the share of E(b) is far below A(b)" true \
	"$(rounds "$work/dark.jsonl" | jq -s 'any(.[]; .state == "partial" and
		(.reason | test("^responsive share of E\\(b\\) far below A\\(b\\): [0-9]+ of [0-9]+ spot-checked addresses answered")))')"
check "half dark: no /24 judged down" 0 \
	"$(rounds "$work/dark.jsonl" | jq -s '[.[].blocks[] | select(.judged and .state=="down")] | length')"
check "half dark: at most 15 probes a /24 a round (+1 explorer)" true \
	"$(rounds "$work/dark.jsonl" | jq -s '[.[].blocks[] | select(.mode=="adaptive") | .probes] | max <= 16')"

must in_t nft delete table inet lab_half
run 4 "$work/after.jsonl"
echo "back, 4 rounds: $(rounds "$work/after.jsonl" | jq -r .state | paste -sd' ' -)"
check "back: the last round is up" up "$(rounds "$work/after.jsonl" | tail -n 1 | jq -r .state)"
cat "$work/err"; rounds "$work/dark.jsonl" | jq -c "[.blocks[] | [.mode,.probes,.probed,.responsive,.availability]]"
finish

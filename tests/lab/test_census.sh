#!/usr/bin/env bash
# A census round of the sparse lab /22 must find exactly the ground truth:
# per /24 and per method, the unreachable /24 with its router and code, and
# as many probes sent as the target namespace received.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
t0=$(date +%s%N)
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --sample all \
	-t 1 --retries 1 -r 2000 >"$work/out.jsonl" 2>"$work/err"
status=$?
t1=$(date +%s%N)
echo "census round of a /22 took $(((t1 - t0) / 1000000)) ms (rate 2000, timeout 1 s, 1 retry)"
cat "$work/err"

check "exit status (target up)" 0 "$status"
check "lines: run + one round" 2 "$(wc -l <"$work/out.jsonl")"
check "every line is JSON" 2 "$(jq -c . "$work/out.jsonl" | wc -l)"
round=$(jq -c 'select(.type=="round")' "$work/out.jsonl")
r() { jq -r "$1" <<<"$round"; }

check "state" up "$(r .state)"
check "vantage" up "$(r .vantage)"
check "invalid replies" 0 "$(r .probes.invalid)"
check "duplicate replies" 0 "$(r .probes.duplicate)"
check "pcap drops" 0 "$(r .probes.pcap_drops)"
check "probes sent = probes the target received" "$(lab_probes_in)" "$(r .probes.sent)"

total=0
for b in 0 1 2; do
	icmp=$(lab_icmp_hosts $b | wc -l)
	tcp=$(lab_tcp_hosts $b | wc -l)
	any=$( (lab_icmp_hosts $b; lab_tcp_hosts $b) | sort -u | wc -l)
	total=$((total + any))
	blk=$(r ".blocks[$b]")
	bj() { jq -r "$1" <<<"$blk"; }
	check "block $b prefix" "198.18.$b.0/24" "$(bj .prefix)"
	check "block $b state" up "$(bj .state)"
	check "block $b probed" 256 "$(bj .probed)"
	check "block $b responsive" "$any" "$(bj .responsive)"
	check "block $b icmp" "$icmp" "$(bj .methods.icmp)"
	check "block $b tcp:80" "$tcp" "$(bj '.methods["tcp:80"]')"
	check "block $b tcp:443" "$tcp" "$(bj '.methods["tcp:443"]')"
done
check "responsive addresses" "$total" "$(r .addresses.responsive)"
check "probed addresses" 1024 "$(r .addresses.probed)"
check "block 3 state (never answered: no baseline, not judged)" "unknown false" \
	"$(r '"\(.blocks[3].state) \(.blocks[3].judged)"')"
check "block 3 responsive" 0 "$(r '.blocks[3].responsive')"
check "block 3 unreachable addresses" 256 "$(r '.blocks[3].unreachable')"
check "unreachable reports" 1 "$(r '.unreachable | length')"
check "unreachable router" "$LAB_ROUTER" "$(r '.unreachable[0].router')"
check "unreachable code" "3/0 net-unreachable" \
	"$(r '"\(.unreachable[0].type)/\(.unreachable[0].code) \(.unreachable[0].reason)"')"
check "unreachable count (256 addresses x 3 methods)" 768 "$(r '.unreachable[0].count')"
check "tcp:80 answered with SYN-ACK" "$((25 * 3))" "$(r '.methods["tcp:80"].synack')"
check "tcp:443 answered with RST" "$((25 * 3))" "$(r '.methods["tcp:443"].rst')"
check "rtt present" true "$(r '.rtt_ms.min > 0 and .rtt_ms.max >= .rtt_ms.median')"
recall=$(r ".addresses.responsive")
echo "recall: $recall of $total ground-truth responsive addresses"
finish

#!/usr/bin/env bash
# Hostile packets: while a census round runs, the target namespace sends
# the vantage point packets built to hurt a parser or to fool the matcher,
# as raw Ethernet frames so nothing repairs them on the way:
#   truncated IPv4, bad IPv4 / ICMP / TCP checksums, an IPv4 fragment
#     -> probes.rejected (and its breakdown), never parsed further;
#   echo replies with wrong cookies, ICMP net-unreachables quoting probes
#     that were never sent -> probes.invalid, never credited or recorded;
#   a genuine echo reply replayed N times -> probes.duplicate;
#   a genuine reply of round 1 replayed during round 2 -> probes.late.
# blackout must not crash or complain, and must still find exactly the
# ground truth.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
MAC=$(in_v cat /sys/class/net/bv0/address)
N=50
# Silent in the ground truth (see lab.sh): hostile packets come from there,
# so that any one wrongly accepted would show in the responsive counts.
forge() { in_t "$LABTOOL" forge "$1" "$2" "$LAB_VANTAGE" "$3" bt0 "$MAC"; }
truth_any() { (lab_icmp_hosts "$1"; lab_tcp_hosts "$1") | sort -u | wc -l; }
truth=$(( $(truth_any 0) + $(truth_any 1) + $(truth_any 2) ))

# --- One round under fire. ------------------------------------------------
ip netns exec "$LAB_T" "$LABTOOL" replay 198.18.0.0/22 $N bt0 >"$work/replay" 2>&1 &
replay=$!
wait_for 5 lab_replay_ready
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --sample all -t 3 \
	--retries 1 -r 2000 >"$work/out.jsonl" 2>"$work/err" &
pid=$!
wait_for 10 lab_probes_over 0 # the round is on
forge trunc-ip 198.18.0.0 $N
forge bad-ipsum 198.18.0.2 $N
forge bad-icmpsum 198.18.1.0 $N
forge bad-tcpsum 198.18.0.2 $N
forge frag 198.18.0.0 $N
forge unreach 198.18.0.0 $N
forge echo 198.18.2.0 $N
wait $pid
check "exit status (no crash, target up)" 0 "$?"
check "nothing on stderr" "" "$(cat "$work/err")"
wait $replay
check "a genuine reply was replayed" "replayed $N copies" "$(cut -d' ' -f1-3 "$work/replay")"
round=$(round_of "$work/out.jsonl")
r() { jq -r "$1" <<<"$round"; }
check "rejected: every malformed packet" $((5 * N)) "$(r .probes.rejected)"
check "rejected_truncated (truncated IPv4)" $N "$(r .probes.rejected_truncated)"
check "rejected_checksum (IPv4, ICMP and TCP)" $((3 * N)) "$(r .probes.rejected_checksum)"
check "rejected_malformed (a fragment)" $N "$(r .probes.rejected_malformed)"
check "invalid: wrong cookies and quotes of unsent probes" $((2 * N)) "$(r .probes.invalid)"
check "duplicate: the replayed reply" $N "$(r .probes.duplicate)"
check "late: none" 0 "$(r .probes.late)"
check "unsent quotes recorded as no ICMP error of block 0" 0 "$(r '.blocks[0].unreachable')"
check "only the lab router's net-unreachables (768)" "$LAB_ROUTER 768" \
	"$(r '[.unreachable[] | "\(.router) \(.count)"] | join(",")')"
check "responsive = ground truth" "$truth" "$(r .addresses.responsive)"
for b in 0 1 2; do
	check "block $b responsive = ground truth" "$(truth_any $b)" "$(r ".blocks[$b].responsive")"
	check "block $b icmp = ground truth" "$(lab_icmp_hosts $b | wc -l)" "$(r ".blocks[$b].methods.icmp")"
done
check "replies = one per ground-truth answer" \
	"$(( $(for b in 0 1 2; do lab_icmp_hosts $b; done | wc -l) + 2 * $(for b in 0 1 2; do lab_tcp_hosts $b; done | wc -l) ))" \
	"$(r .probes.replies)"

# --- Late: round 1's answer again during round 2. -------------------------
ip netns exec "$LAB_T" "$LABTOOL" replay 198.18.0.0/22 $N bt0 1000 >"$work/replay" 2>&1 &
replay=$!
wait_for 5 lab_replay_ready
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --sample all -t 2 \
	--retries 0 -r 2000 -c 2 -i 5 >"$work/out.jsonl" 2>"$work/err"
check "two rounds: exit status" 0 "$?"
check "two rounds: nothing on stderr" "" "$(cat "$work/err")"
wait $replay
check "round 1's reply was replayed in round 2" "replayed $N copies" "$(cut -d' ' -f1-3 "$work/replay")"
rounds() { jq -r "select(.type==\"round\") | $1" "$work/out.jsonl" | paste -sd' ' -; }
check "late per round" "0 $N" "$(rounds .probes.late)"
check "duplicate per round" "0 0" "$(rounds .probes.duplicate)"
check "invalid per round" "0 0" "$(rounds .probes.invalid)"
check "responsive per round = ground truth" "$truth $truth" "$(rounds .addresses.responsive)"
finish

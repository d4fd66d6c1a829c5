#!/usr/bin/env bash
# Forged replies: while a census round runs, the target namespace sends
# echo replies, SYN-ACKs and RSTs from silent lab addresses with random
# (wrong) cookies. Every one must be counted invalid and none credited.
# --retries 1, the default: a genuine reply lost while a loaded machine
# starves the capture is asked for again, so the exact counts below test
# the matcher, not the scheduler.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"

# Silent in the ground truth: host 0 of block 0, host 2 of block 0, host 0
# of block 1 (see lab.sh).
N=100
in_v "$BLACKOUT" --allow-reserved --sample all -t 3 --retries 1 -r 2000 \
	198.18.0.0/22 >"$work/out.jsonl" 2>"$work/err" &
pid=$!
wait_for 10 lab_probes_over 0 # the round is on
in_t "$LABTOOL" forge echo 198.18.0.0 "$LAB_VANTAGE" $N
in_t "$LABTOOL" forge synack 198.18.0.2 "$LAB_VANTAGE" $N
in_t "$LABTOOL" forge rst 198.18.1.0 "$LAB_VANTAGE" $N
wait $pid
check "exit status" 0 "$?"
cat "$work/err"
round=$(jq -c 'select(.type=="round")' "$work/out.jsonl")
r() { jq -r "$1" <<<"$round"; }
check "forged replies counted invalid" $((3 * N)) "$(r .probes.invalid)"
check "no forged reply credited as a duplicate" 0 "$(r .probes.duplicate)"
truth=$(for b in 0 1 2; do lab_icmp_hosts $b; lab_tcp_hosts $b; done | sort -u | wc -l)
check "responsive = ground truth (forgeries not credited)" "$truth" "$(r .addresses.responsive)"
b0=$( (lab_icmp_hosts 0; lab_tcp_hosts 0) | sort -u | wc -l)
check "block 0 responsive unchanged" "$b0" "$(r '.blocks[0].responsive')"
check "block 0 icmp unchanged" "$(lab_icmp_hosts 0 | wc -l)" "$(r '.blocks[0].methods.icmp')"
check "block 0 tcp:80 unchanged" "$(lab_tcp_hosts 0 | wc -l)" "$(r '.blocks[0].methods["tcp:80"]')"
check "block 1 tcp:443 unchanged" "$(lab_tcp_hosts 1 | wc -l)" "$(r '.blocks[1].methods["tcp:443"]')"
finish

#!/usr/bin/env bash
# Full speed without loss: a census of a /16 where every address answers,
# at --rate 0, must send every probe once, credit every reply, and lose
# none in capture (pcap or the reply ring); the target namespace must have
# received exactly what blackout says it sent. Then the same /16 as 256
# /24 targets, which must come out the same. Speed itself is measured by
# bench/compare.sh, not asserted here.
set -u
BLACKOUT=$1 LABTOOL=$2
. "$(dirname "$0")/lab.sh"
lab_require_root
lab_up "$LABTOOL"
lab_full16 count

work=$(mktemp -d)
trap 'lab_down; rm -rf "$work"' EXIT

t0=$(date +%s%N)
in_v "$BLACKOUT" --allow-reserved --sample all -m icmp --retries 0 -r 0 \
	-t 2 198.18.0.0/16 >"$work/out.jsonl" 2>"$work/err"
status=$?
t1=$(date +%s%N)
echo "a /16 at full speed took $(((t1 - t0) / 1000000)) ms"
cat "$work/err"
round=$(jq -c 'select(.type=="round")' "$work/out.jsonl")
r() { jq -r "$1" <<<"$round"; }
check "exit status (target up)" 0 "$status"
check "probes sent" 65536 "$(r .probes.sent)"
check "probes the target received" 65536 "$(lab_probes_in)"
check "replies credited" 65536 "$(r .probes.replies)"
check "send errors" 0 "$(r .probes.send_errors)"
check "capture drops (pcap and ring)" 0 "$(r .probes.pcap_drops)"
check "duplicates" 0 "$(r .probes.duplicate)"
check "responsive addresses" 65536 "$(r .addresses.responsive)"

{
	printf '{ "targets": [\n'
	for ((i = 0; i < 256; i++)); do
		printf '%s{ "name": "b%d", "prefix": "198.18.%d.0/24" }\n' \
			"$([ $i -gt 0 ] && echo ,)" "$i" "$i"
	done
	printf '] }\n'
} >"$work/t256.json"
in_v "$BLACKOUT" --allow-reserved --sample all -m icmp --retries 0 -r 0 \
	-t 2 -f "$work/t256.json" >"$work/out256.jsonl" 2>"$work/err256"
status=$?
cat "$work/err256"
sum() { jq -s "[.[] | select(.type==\"round\") | $1] | add" "$work/out256.jsonl"; }
check "256 targets: exit status" 0 "$status"
check "256 targets: round lines" 256 "$(jq -c 'select(.type=="round")' "$work/out256.jsonl" | wc -l)"
check "256 targets: probes sent" 65536 "$(sum .probes.sent)"
check "256 targets: replies credited" 65536 "$(sum .probes.replies)"
check "256 targets: drops (the run's, repeated per line)" 0 "$(sum .probes.pcap_drops)"
finish

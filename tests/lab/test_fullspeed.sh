#!/usr/bin/env bash
# Full speed without loss: a census of a /16 where every address answers,
# at --rate 0, must send every probe once, credit every reply, and lose
# none in capture (pcap or the reply ring); the target namespace must have
# received exactly what blackout says it sent. Then the same /16 as 256
# /24 targets, which must come out the same. Speed itself is measured by
# bench/compare.sh, not asserted here. Last, the link fast path of
# --interface: with the vantage's netfilter dropping every routed probe,
# only AF_PACKET sends (which bypass it) can get answers; they must, and
# a more specific route inside the target must send blackout back to the
# routing table (and so into the drop).
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

# The link fast path. The router's link address is in the neighbour table
# (permanent, as bench/compare.sh sets it); the vantage drops every probe
# that goes through its routing (raw sockets pass netfilter's output hook,
# AF_PACKET sockets do not).
mac=$(in_t cat /sys/class/net/bt0/address)
must in_v ip neigh replace "$LAB_ROUTER" lladdr "$mac" dev bv0 nud permanent
must in_v nft -f - <<NFT
table ip nopath {
	chain out {
		type filter hook output priority 0; policy accept;
		ip daddr 198.18.0.0/16 drop
	}
}
NFT
before=$(lab_probes_in)
in_v "$BLACKOUT" --allow-reserved --sample all -m icmp --retries 0 -r 0 \
	-t 2 -I bv0 198.18.0.0/16 >"$work/outlink.jsonl" 2>"$work/errlink"
status=$?
cat "$work/errlink"
round=$(jq -c 'select(.type=="round")' "$work/outlink.jsonl")
check "link path: exit status (target up)" 0 "$status"
check "link path: probes sent" 65536 "$(r .probes.sent)"
check "link path: probes the target received" 65536 "$(($(lab_probes_in) - before))"
check "link path: replies credited" 65536 "$(r .probes.replies)"
check "link path: capture drops" 0 "$(r .probes.pcap_drops)"

# A more specific route inside the target: the kernel's choice could
# differ per address, so blackout must not take the fast path.
must in_v ip route add 198.18.9.128/25 via "$LAB_ROUTER" dev bv0
in_v "$BLACKOUT" --allow-reserved --sample all -m icmp --retries 0 -r 0 \
	-t 1 -I bv0 198.18.9.0/24 >"$work/outref.jsonl" 2>"$work/erref"
round=$(jq -c 'select(.type=="round")' "$work/outref.jsonl")
check "refused fast path: nothing got through netfilter" 0 "$(r .probes.replies)"
check "refused fast path: every send refused by it" 256 "$(r .probes.send_errors)"
finish

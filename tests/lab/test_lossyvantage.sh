#!/usr/bin/env bash
# Issue 11, item 1: on a lossy path (30% each way on ALL of the vantage's
# traffic, controls and targets alike: nftables numgen on input and output
# of the far end, since the vantage's capture sees a packet before its own
# input hook could drop it) with one control probed by
# ICMP only, the controls are sometimes silent by chance; a round in which
# target addresses answered must still say "vantage":"up" and be judged,
# never "unknown" with the vantage down.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
must in_t nft -f - <<'NFT'
table inet lossy {
	chain in {
		type filter hook input priority 0; policy accept;
		numgen random mod 100 < 30 drop
	}
	chain out {
		type filter hook output priority 0; policy accept;
		numgen random mod 100 < 30 drop
	}
}
NFT
ROUNDS=12
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -m icmp -t 0.3 -r 5000 \
	-c $ROUNDS -i 0 -s "$work/s.json" >"$work/out.jsonl" 2>"$work/err"
rc=$?
cat "$work/err"
rounds() { jq -c 'select(.type=="round")' "$work/out.jsonl"; }
check "$ROUNDS round lines" $ROUNDS "$(rounds | wc -l)"
check "exit status is a verdict (0-3)" true "$([ $rc -le 3 ] && echo true)"
check "no round with addresses answering says the vantage is down" 0 \
	"$(rounds | jq -s '[.[] | select(.addresses.responsive > 0 and .vantage == "down")] | length')"
check "every round: vantage up" up \
	"$(rounds | jq -r .vantage | sort -u | paste -sd, -)"
check "no round unknown for a vantage reason" 0 \
	"$(rounds | jq -s '[.[] | select(.reason | test("vantage"))] | length')"
check "loss was real: the census found fewer than the lab's 112 ICMP hosts" true \
	"$(rounds | head -n 1 | jq '.addresses.responsive < 112')"
rounds | jq -r '"round \(.round): \(.state), vantage \(.vantage), \(.addresses.responsive) answering, \(.probes.sent) probes"'
finish

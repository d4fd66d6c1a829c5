#!/usr/bin/env bash
# A local outage (the vantage cut off: controls and targets all silent)
# must be unknown with "vantage":"down", never down, and must not teach the
# baseline that the target went dark.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
bo() {
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/s.json" \
		-t 0.3 -r 5000 "$@" >"$work/out.jsonl" 2>"$work/err"
	rc=$?
	cat "$work/err"
	r=$(jq -c 'select(.type=="round")' "$work/out.jsonl" | tail -1)
}
bo -c 2 -i 0
check "baseline: up" up "$(jq -r .state <<<"$r")"
check "baseline: vantage up" up "$(jq -r .vantage <<<"$r")"
before=$(jq -c '[.targets[0].blocks[] | {ever, belief, state}]' "$work/s.json")
# Cut the vantage off: its own firewall drops everything it sends.
must in_v nft -f - <<'NFT'
table inet cut {
	chain out {
		type filter hook output priority 0; policy drop;
	}
}
NFT
bo -c 3 -i 0
check "cut off: exit 3 (unknown), never 2" 3 "$rc"
check "cut off: every round unknown" unknown \
	"$(jq -r 'select(.type=="round") | .state' "$work/out.jsonl" | sort -u | paste -sd, -)"
check "cut off: vantage down" down "$(jq -r .vantage <<<"$r")"
check "cut off: reason says vantage" true "$(jq '.reason | test("vantage")' <<<"$r")"
check "cut off: no outage event" 0 \
	"$(jq -c 'select(.type=="event" and (.event | startswith("outage")))' "$work/out.jsonl" | wc -l)"
check "cut off: baseline untouched" "$before" \
	"$(jq -c '[.targets[0].blocks[] | {ever, belief, state}]' "$work/s.json")"
must in_v nft delete table inet cut
bo
check "reconnected: up" up "$(jq -r .state <<<"$r")"
check "reconnected: no outage-end (there was no outage)" 0 \
	"$(jq -c 'select(.type=="event" and .event=="outage-end")' "$work/out.jsonl" | wc -l)"
finish

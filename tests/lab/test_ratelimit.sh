#!/usr/bin/env bash
# Rate-limited ICMP with real packets (issue 11 item 8): hourly-style
# census rounds (--sample all, ICMP, one run per round sharing a state
# file) of the lab /22 (112 ICMP hosts). Once the baseline is learned, the
# target namespace lets at most 50 echo replies a second out of the /22
# (nftables `limit rate over 50/second`): the census falls short, the
# recheck re-probes 16 silent addresses at 10/s, and the target must stay
# up, "ICMP answers rate-limited". Under the same cap, with half the hosts
# of every /24 dark as well, it must be partial; with the cap alone again,
# up and rate-limited again (the capped rounds taught the baseline nothing).
# Rounds 4 and 5 know the cap round 3 measured: they pace the /22's E(b)
# under it (recheck.h), and round 5, all hosts back, needs no recheck.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
n=0
round() {
	n=$((n + 1))
	out="$work/r$n.jsonl"
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -s "$work/state.json" \
		--sample all -m icmp -t 0.5 -r 2000 >"$out" 2>"$work/err"
	rc=$?
	cat "$work/err"
	echo "round $n: exit $rc, $(round_of "$out" | jq -r '"\(.state), \(.waves) waves, \(.probes.sent) probes: \(.reason)"')"
}
st() { round_of "$out" | jq -r "$1"; }

round
round
check "rounds 1-2 (no cap): up, exit 0" "up 0" "$(st .state) $rc"

must in_t nft -f - <<NFT
table inet lab_cap {
	counter capped { }
	chain out {
		type filter hook output priority 0; policy accept;
		ip saddr 198.18.0.0/22 icmp type echo-reply limit rate over 50/second burst 10 packets counter name capped drop
	}
}
NFT
round
capped=$(in_t nft -j list counter inet lab_cap capped | jq '[.nftables[] | select(.counter) | .counter.packets][0]')
echo "echo replies the cap dropped: $capped"
check "cap: the cap dropped echo replies" true "$([ "$capped" -gt 50 ] && echo true)"
check "cap: up, exit 0" "up 0" "$(st .state) $rc"
check "cap: the reason says rate-limited" true \
	"$(st '.reason | startswith("ICMP answers rate-limited (~")')"
check "cap: the census fell short, the recheck heard the silent" true \
	"$(st '.addresses.responsive < 90 and .addresses.pvalue < 0.001 and
		(.reason | test("[0-9]+ of 16 silent ones re-probed at 10/s"))')"
sent3=$(st .probes.sent)
rate=$(st '.reason | capture("~(?<r>[0-9]+)/s").r')
check "cap: the rate it names is near the cap's 50/s ($rate)" true \
	"$([ "$rate" -ge 25 ] && [ "$rate" -le 100 ] && echo true)"

# Half the hosts of every /24 dark (the upper half of each), under the cap.
must in_t nft add rule inet lab pre ip daddr '{ 198.18.0.128/25, 198.18.1.128/25, 198.18.2.128/25 }' drop
round
check "cap and half dark: partial, exit 1" "partial 1" "$(st .state) $rc"
check "cap and half dark: the reason says what the recheck saw" true \
	"$(st '.reason | test("significantly below baseline.*re-probed at 10/s, [0-9]+ of 16 silent ones answered")')"
check "cap and half dark: E(b) paced under the cap round 3 measured" true \
	"$(st '.reason | test("ICMP to E\\(b\\) paced at [0-9]+/s under a cap of ~[0-9]+/s$")')"

lab_restore
round
check "cap again, hosts back: up, rate-limited" "up true" \
	"$(st '"\(.state) \(.reason | startswith("ICMP answers rate-limited"))"')"
check "cap again, hosts back: E(b) paced, no recheck" true \
	"$(st '.reason | test("^ICMP answers rate-limited \\(~[0-9]+/s\\), E\\(b\\) paced at [0-9]+/s: ")')"
check "cap again, hosts back: every host answered, fewer probes than round 3" true \
	"$(st ".addresses.responsive >= 100 and .probes.sent < $sent3")"
finish

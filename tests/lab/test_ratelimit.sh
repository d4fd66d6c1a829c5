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
# Last, two targets in one window, the first capped: a SIGTERM while its
# recheck goes out cuts it short alone, the other judged (prober.c).
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

# --- A signal in the recheck waves. ------------------------------------------
# Two targets in one window, the /22's first two /24s, with their own state
# file; only the first's echo replies capped. SIGTERM once the first's
# recheck is going out (probes arriving a few at a time, at its 10/s: not
# the census's 2000/s, nor none, as in a wait): the first target is cut
# short (interrupted, unknown, nothing learned); the second, whose round
# was whole, is judged up and learns; exit 143.
lab_restore
in_t nft delete table inet lab_cap 2>/dev/null
cat >"$work/t2.json" <<JSON
{ "targets": [ { "name": "a", "prefix": "198.18.0.0/24" },
               { "name": "b", "prefix": "198.18.1.0/24" } ],
  "controls": [ "$LAB_CONTROL" ] }
JSON
two() {
	in_v "$BLACKOUT" -f "$work/t2.json" --allow-reserved -s "$work/s2.json" \
		--sample all -m icmp -t 0.5 -r 2000 "$@"
}
hist() { # hist TARGET: its history entries in the state file
	jq --arg t "$1" '[.targets[] | select(.name == $t) | .history[]] | length' "$work/s2.json"
}
two >/dev/null 2>&1
two >"$work/two.jsonl" 2>/dev/null
check "two targets, no cap: both up" "up up" \
	"$(jq -r 'select(.type == "round") | .state' "$work/two.jsonl" | paste -sd' ')"
ha=$(hist a) hb=$(hist b)
must in_t nft -f - <<NFT
table inet lab_cap {
	chain out {
		type filter hook output priority 0; policy accept;
		ip saddr 198.18.0.0/24 icmp type echo-reply limit rate over 50/second burst 10 packets drop
	}
}
NFT
in0=$(lab_probes_in)
# Not through two(): $! must be blackout's own PID, not a subshell's.
ip netns exec "$LAB_V" "$BLACKOUT" -f "$work/t2.json" --allow-reserved \
	-s "$work/s2.json" --sample all -m icmp -t 0.5 -r 2000 \
	>"$work/cut.jsonl" 2>"$work/cut.err" </dev/null &
pid=$!
prev=$in0 slow=0 sent=no
for ((i = 0; i < 150; i++)); do # 30 s at most
	sleep 0.2
	cur=$(lab_probes_in)
	d=$((cur - prev)) prev=$cur
	if [ "$cur" -gt $((in0 + 300)) ] && [ "$d" -ge 1 ] && [ "$d" -le 6 ]; then
		slow=$((slow + 1))
	else
		slow=0
	fi
	if [ "$slow" -ge 2 ]; then
		kill -TERM "$pid" && sent=yes
		break
	fi
	kill -0 "$pid" 2>/dev/null || break
done
wait "$pid"
rc=$?
echo "recheck cut: SIGTERM sent: $sent, after $((prev - in0)) probes; exit $rc"
line() { jq -c --arg t "$1" 'select(.type == "round" and .target == $t)' "$work/cut.jsonl"; }
check "recheck cut: exit 143, nothing on stderr" "143 " "$rc $(cat "$work/cut.err")"
check "recheck cut: the rechecked target cut short, unknown" "true unknown" \
	"$(line a | jq -r '"\(.interrupted) \(.state)"')"
check "recheck cut: the other target judged up, its round whole" "false up up" \
	"$(line b | jq -r '"\(.interrupted) \(.state) \(.vantage)"')"
check "recheck cut: only the whole round is in the record" "$ha $((hb + 1))" \
	"$(hist a) $(hist b)"
finish

#!/usr/bin/env bash
# --metrics: the Prometheus text file a run rewrites after each round.
#   - a directory the run cannot write in (as nobody): exit 73, one line,
#     before any probe;
#   - promtool check metrics accepts the file, every round;
#   - the counters go on across runs (cron) through the state file;
#   - a dark /24: the state gauges say partial, one /24 down, and the open
#     outage's age grows;
#   - a full disk (a tiny tmpfs): exit 74, the old file whole;
#   - a real prometheus-node-exporter, started here on 127.0.0.1 inside the
#     vantage namespace with only its textfile collector, serves the
#     blackout series when scraped; it is stopped by its PID.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
need promtool prometheus-node-exporter curl
NE_PID=
trap '[ -n "$NE_PID" ] && kill "$NE_PID" 2>/dev/null; lab_down; rm -rf "$work"' EXIT
mkdir "$work/prom"
# The writer keeps root's right to write files (PRIVILEGES), so a directory
# that cannot take the file is one that does not exist.
nodir=$work/missing
bo() {
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved --vantage lab-a -s "$work/s.json" \
		-t 0.5 -r 5000 "$@"
}
M=$work/prom/blackout.prom
metric() { grep -E "^$1 " "$M" | awk '{ print $2 }'; }

before=$(lab_probes_in)
bo --metrics "$nodir/blackout.prom" -o "$work/no.jsonl" 2>"$work/err"
check "unwritable --metrics directory: exit 73" 73 "$?"
check "... one stderr line naming --metrics" 1 "$(grep -c '^blackout: --metrics: cannot create' "$work/err")"
must wait_for 5 lab_link_flushed
check "... before any probe" "$before" "$(lab_probes_in)"

n=0
round() {
	n=$((n + 1))
	bo --metrics "$M" -o "$work/r$n.jsonl" 2>"$work/err"
	rc=$?
	cat "$work/err"
	if promtool check metrics <"$M" >"$work/promtool" 2>&1; then
		pass "round $n: promtool check metrics accepts the file"
	else
		fail "round $n: promtool check metrics accepts the file" "$(head -c 300 "$work/promtool")"
	fi
	check "round $n: no temporary file left" "" "$(ls -A "$work/prom" | grep -v '^blackout.prom$')"
}
sent_in() { jq -s '[.[] | select(.type=="round") | .probes.sent] | add' "$1"; }

round
cat "$M"
S='{target="lab",prefix="198.18.0.0/22",vantage="lab-a"'
check "up: blackout_target_state up is 1" 1 "$(metric "blackout_target_state${S},state=\"up\"}")"
check "up: the other states 0" "0 0 0" \
	"$(for s in partial down unknown; do metric "blackout_target_state${S},state=\"$s\"}"; done | paste -sd' ')"
check "up: 3 /24s up, 1 unknown" "3 1" \
	"$(metric 'blackout_blocks{target="lab",vantage="lab-a",state="up"}') $(metric 'blackout_blocks{target="lab",vantage="lab-a",state="unknown"}')"
check "up: responsive addresses as on the round line" "$(jq -r 'select(.type=="round") | .addresses.responsive' "$work/r1.jsonl")" \
	"$(metric 'blackout_responsive_addresses{target="lab",vantage="lab-a"}')"
sent1=$(metric 'blackout_probes_sent_total{vantage="lab-a"}')
check "sent counter: the round's probes and the controls'" true \
	"$([ "$sent1" -gt "$(sent_in "$work/r1.jsonl")" ] && echo true)"
check "RTT quantiles in seconds" 3 "$(grep -c '^blackout_rtt_seconds{.*quantile=' "$M")"
check "every series has HELP and TYPE" true "$(
	for f in $(grep -v '^#' "$M" | sed 's/{.*//; s/_sum$//; s/_count$//' | sort -u); do
		grep -q "^# HELP $f " "$M" && grep -q "^# TYPE $f " "$M" || echo "$f"
	done | grep -q . && echo false || echo true)"

round
sent2=$(metric 'blackout_probes_sent_total{vantage="lab-a"}')
# Both runs probe the (answering) control alike: what the counter adds
# beyond the round line's probes is the same in both.
check "counters go on across runs (state file): run 2 adds its own" \
	"$((sent1 - $(sent_in "$work/r1.jsonl")))" "$((sent2 - sent1 - $(sent_in "$work/r2.jsonl")))"
check "the state file holds the totals" "$sent2" "$(jq -r .totals.sent "$work/s.json")"

lab_dark_block 1
round
check "dark /24: partial is 1" 1 "$(metric "blackout_target_state${S},state=\"partial\"}")"
check "dark /24: one /24 down" 1 "$(metric 'blackout_blocks{target="lab",vantage="lab-a",state="down"}')"
sleep 2 # deliberate: the open outage ages
round
age=$(metric 'blackout_outage_seconds{target="lab",vantage="lab-a"}')
check "the open outage's age: at least the 2 s pause" true "$(jq -n "$age >= 2")"

# A full disk: the round runs, the metrics cannot be written: exit 74, the
# old file left whole, no temporary file. The tiny tmpfs lives in a mount
# namespace of its own, gone with the command.
mkdir "$work/full"
unshare -m bash -c '
	mount -t tmpfs -o size=8k,mode=0755 tmpfs "$1" || exit 99
	chown nobody "$1"
	printf "old\n" >"$1/blackout.prom"
	head -c 65536 /dev/zero >"$1/filler" 2>/dev/null
	ip netns exec "$2" "$3" -f "$4/t.json" --allow-reserved --vantage lab-a \
		-s "$4/s.json" -t 0.5 -r 5000 -o "$4/full.jsonl" \
		--metrics "$1/blackout.prom" 2>"$4/full.err"
	echo "rc=$?"
	cat "$1/blackout.prom"
	ls -A "$1" | paste -sd" " -
' _ "$work/full" "$LAB_V" "$BLACKOUT" "$work" >"$work/full.out"
cat "$work/full.err"
check "full disk: exit 74" rc=74 "$(sed -n 1p "$work/full.out")"
check "... one stderr line about --metrics" 1 "$(grep -c '^blackout: --metrics: writing .*No space left on device' "$work/full.err")"
check "... the old metrics file left whole" old "$(sed -n 2p "$work/full.out")"
check "... no temporary file left" "blackout.prom filler" "$(sed -n 3p "$work/full.out")"
check "... the round was logged" 1 "$(jq -c 'select(.type=="round")' "$work/full.jsonl" | wc -l)"

# node-exporter on the vantage namespace's own 127.0.0.1, textfile only.
port=9100
ip netns exec "$LAB_V" prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$work/prom" >"$work/ne.log" 2>&1 &
NE_PID=$!
scrape() { in_v curl -sf "http://127.0.0.1:$port/metrics" >"$work/scrape"; }
must wait_for 10 scrape
grep '^blackout_' "$work/scrape" | head -n 12
check "node-exporter serves blackout_target_state" 4 "$(grep -c '^blackout_target_state{' "$work/scrape")"
check "... with the state of the last round" 1 \
	"$(grep '^blackout_target_state{' "$work/scrape" | grep 'state="partial"' | awk '{ print $2 }')"
check "... and the counters" "$(metric 'blackout_probes_sent_total{vantage="lab-a"}')" \
	"$(grep '^blackout_probes_sent_total{' "$work/scrape" | awk '{ print $2 }' | awk '{ printf "%d", $1 }')"
check "... read without error" 0 "$(grep '^node_textfile_scrape_error ' "$work/scrape" | awk '{ print $2 }')"
kill "$NE_PID"
wait "$NE_PID" 2>/dev/null
NE_PID=
finish

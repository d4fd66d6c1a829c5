#!/usr/bin/env bash
# test_dst.sh BLACKOUT SRCDIR - diurnal blocks whose rhythm moves by an
# hour, as a population's does when its clocks change for daylight saving
# time (issue 11 item 4: A(b) learned per hour of the day, in UTC). Under
# unshare -n, for --seed 1 and 2, tests/scenarios/diurnal-14d.json's four
# /24s (amplitudes 0.3 and 0.6) without their outage:
#   - 8 weeks with a state file: no event line;
#   - then, going on from that state file, 14 days with every peak an hour
#     later (or earlier) and a real outage on the 10th day, an hour at the
#     deepest swinging /24's new trough: the run resumes the rounds' count;
#     the outage is the one event (an outage-start and an outage-end of
#     that /24, total), the /24 down in the first round after it began,
#     its start and end within half a round (330 s); no other round of any
#     target partial or down.
# The hours the rhythm moved teach A(b) of each hour afresh: the first
# days after the change read the hours' old availability, and must not
# take the difference (up to 0.16 of a host's availability an hour, at
# amplitude 0.6) for an outage.
# Needs root only for unshare -n; skipped (77) without it or jq.
set -u
BIN=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"

need jq
need_unshare

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
D=$SRC/tests/scenarios/diurnal-14d
CHANGE=2024-04-29T00:00:00Z # 8 weeks after the scenario's start

# 8 weeks of the four /24s, no event.
jq --arg e "$CHANGE" '.end = $e | .events = []' "$D.json" >"$TMP/before.json"

# after H START END: 14 days from the change, every peak H hours on, the
# deepest swinging /24 (peak 03:00, trough 15:00 before) dark START..END.
after() {
	jq --arg s "$CHANGE" --argjson h "$1" --arg a "$2" --arg b "$3" '
		.start = $s | .end = "2024-05-13T00:00:00Z" |
		.networks |= map(if .diurnal then .diurnal.peak |=
			((((.[0:2] | tonumber) + $h + 24) % 24 | tostring |
			  if length == 1 then "0" + . else . end) + .[2:])
			else . end) |
		.events = [{ kind: "dark", prefix: "198.18.1.0/24",
			     start: $a, end: $b }]' "$D.json"
}

sim() { # sim SCENARIO STATE SEED: the lines on stdout
	unshare -n "$BIN" simulate "$1" -f "$D.targets.json" --seed "$3" \
		--dice "$3" -s "$2" 2>>"$TMP/err"
}

for seed in 1 2; do
	rm -f "$TMP/st$seed"
	sim "$TMP/before.json" "$TMP/st$seed" "$seed" >"$TMP/b.jsonl"
	check "seed $seed: 8 weeks of diurnal /24s, no event line" 0 \
		"$(grep -c '"type":"event"' "$TMP/b.jsonl")"
	last=$(jq -r 'select(.type == "round") | .round' "$TMP/b.jsonl" | tail -1)
	for shift in 1 -1; do
		# The trough an hour later (or earlier): 16:00 (14:00).
		t0=$(date -ud "2024-05-08T15:30:00Z $((shift * 60)) minutes" +%s)
		a=$(date -ud "@$t0" +%FT%TZ)
		b=$(date -ud "@$((t0 + 3600))" +%FT%TZ)
		after "$shift" "$a" "$b" >"$TMP/after.json"
		cp "$TMP/st$seed" "$TMP/st"
		sim "$TMP/after.json" "$TMP/st" "$seed" >"$TMP/a.jsonl"
		name="seed $seed, peaks ${shift#-}h $([ "$shift" -gt 0 ] && echo later || echo earlier)"
		check "$name: the rounds' count goes on" "$((last + 1))" \
			"$(jq -r 'select(.type == "round") | .round' "$TMP/a.jsonl" | head -1)"
		check "$name: the outage is the one event" \
			'[["outage-start","diurnal-a06-p03","total"],["outage-end","diurnal-a06-p03","total"]]' \
			"$(jq -sc '[.[] | select(.type == "event") | [.event, .target, .scope]]' "$TMP/a.jsonl")"
		check "$name: down in the first round after it began" down \
			"$(jq -r --argjson t "$t0" 'select(.type == "round" and
				.target == "diurnal-a06-p03" and
				(.time | fromdateiso8601) >= $t) | .state' \
				"$TMP/a.jsonl" | head -1)"
		check "$name: its start and end within half a round" true \
			"$(jq -s --argjson t "$t0" '[.[] | select(.event ==
				"outage-end")] | length == 1 and all(
				((.start | fromdateiso8601) - $t | fabs) <= 330 and
				((.end | fromdateiso8601) - $t - 3600 | fabs) <= 330)' \
				"$TMP/a.jsonl")"
		check "$name: no other round partial or down" 0 \
			"$(jq -r --argjson t "$t0" 'select(.type == "round" and
				(.state == "partial" or .state == "down") and
				(.target != "diurnal-a06-p03" or
				 (.time | fromdateiso8601) < $t or
				 (.time | fromdateiso8601) > $t + 3600 + 660))' \
				"$TMP/a.jsonl" | grep -c .)"
	done
done
check "nothing on stderr" "" "$(cat "$TMP/err")"
finish

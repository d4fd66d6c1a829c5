#!/usr/bin/env bash
# test_report.sh BLACKOUT SRCDIR
#
# Golden tests of `blackout report` on the logs committed beside this file:
#   handmade.jsonl  two targets with exact times, 11-minute rounds: a partial
#                   outage of 11m, a total one of 33m with an unknown round in
#                   its middle, one still going; a target without event lines
#                   (outages from round states) and a one-hour gap in its
#                   rounds; and six lines to skip: garbage, another program's
#                   JSON, an array, a round with a bad round number, a dry-run
#                   probe line and a line cut short at the end of the file.
#   lab.jsonl       a real run in the lab (record-lab.sh): up, partial, down,
#                   up, each round a separate run sharing a state file.
#   compact.jsonl   a simulation (record-compact.sh) of a target of two
#                   prefixes and 129 /24s, whose round lines are compact
#                   (only the /24s not up; "prefix" null, "prefixes" 2):
#                   partial, up, down, up. /24 flips count the /24s that
#                   came back although the line lists them no more.
#   vantage-*.jsonl, shards.jsonl  two vantages merged; shards merged.
# Shards of compact lines are simulated here (root, unshare -n) and their
# merged report compared with the unsharded simulation's.
# The text, JSON and stderr outputs must equal the *.golden files byte for
# byte; UPDATE_GOLDEN=1 rewrites them instead (read the diff before you
# commit it). Then the exit statuses, the window, stdin, logs split in two
# or read twice, a round cut short left out, and colour only on a
# terminal.
set -u
BLACKOUT=$1 SRC=$2
HERE=$SRC/tests/report
. "$SRC/tests/lib/assert.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
unset NO_COLOR

# run ARGS...: report with stdout, stderr and status kept in $work.
run() {
	"$BLACKOUT" report "$@" >"$work/stdout" 2>"$work/stderr" </dev/null
	status=$?
}

# golden NAME ARGS...: stdout and stderr of a report against NAME.golden and
# NAME.err.golden, and exit status 0.
golden() {
	local name=$1
	shift
	run "$@"
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$work/stdout" "$HERE/$name.golden"
		cp "$work/stderr" "$HERE/$name.err.golden"
	fi
	check "$name: exit 0" 0 "$status"
	if cmp -s "$work/stdout" "$HERE/$name.golden"; then
		pass "$name: output as in $name.golden"
	else
		fail "$name: output as in $name.golden" \
			"$(diff "$HERE/$name.golden" "$work/stdout" | head -5 | tr '\n' ' ')"
	fi
	if cmp -s "$work/stderr" "$HERE/$name.err.golden"; then
		pass "$name: stderr as in $name.err.golden"
	else
		fail "$name: stderr as in $name.err.golden" "$(head -c 200 "$work/stderr")"
	fi
}

cd "$SRC" # so messages name the logs as tests/report/...
H=tests/report/handmade.jsonl
L=tests/report/lab.jsonl

golden handmade "$H"
golden handmade-json --json "$H"
golden handmade-window --since 2014-12-22T14:50:00Z --until 2014-12-22T15:30:00Z "$H"
golden handmade-window-json --json --since 2014-12-22T14:50:00Z --until 2014-12-22T15:30:00Z "$H"
golden lab "$L"
golden lab-json --json "$L"
C=tests/report/compact.jsonl
golden compact "$C"
golden compact-json --json "$C"
VA=tests/report/vantage-ams1.jsonl
VS=tests/report/vantage-sfo2.jsonl
S=tests/report/shards.jsonl
golden vantages "$VA" "$VS"
golden vantages-json --json "$VA" "$VS"
golden shards "$S"
golden shards-json --json "$S"

# Shards of a target of two prefixes, one shard's round lines compact (65
# /24s: only those not up, and "block_counts") and the other's whole (64):
# merged, the report of both logs has the rounds, states, /24 flips and
# outages (times, scope, /24s) of the same simulation unsharded. Merged
# shards' outages come from their merged round states (each shard's event
# lines saw a part of the target), their start and end from the shards'
# event lines: the same midpoint estimates as the unsharded run's event
# lines give.
sim() {
	unshare -n "$BLACKOUT" simulate "$HERE/compact.scenario.json" \
		-f "$HERE/compact.targets.json" -c 14 -m icmp --seed 4 \
		--vantage v1 "$@" 2>/dev/null
}
keys='[.rounds, .states, .timeline, .availability, .changes,
  [.outages[] | [.start, .end, .scope, .blocks_down]]]'
if ! command -v jq >/dev/null 2>&1; then
	skip "compact shards merged" "jq not installed"
elif [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	skip "compact shards merged" "unshare -n needs root"
else
	sim --shard 0/2 >"$work/shard0.jsonl"
	sim --shard 1/2 >"$work/shard1.jsonl"
	# A shard runs no watch round (blackout(8), Rounds): nor does the
	# whole run it is compared with.
	sim --no-watch >"$work/whole.jsonl"
	check "compact shards: shard 1's lines are compact" 14 \
		"$(grep -c '"blocks_listed":"not-up"' "$work/shard1.jsonl")"
	run --json "$work/shard0.jsonl" "$work/shard1.jsonl"
	merged=$(jq -c "$keys" "$work/stdout")
	cp "$work/stdout" "$work/merged.json"
	run --json "$work/whole.jsonl"
	check "compact shards merged: as the whole run" \
		"$(jq -c "$keys" "$work/stdout")" "$merged"
	check "compact shards merged: outages from rounds, times the shards' estimates" \
		'["rounds",["2026-12-01T00:27:30Z","2026-12-01T01:22:30Z"],["2026-12-01T01:44:30Z","2026-12-01T01:55:30Z"]]' \
		"$(jq -c '[.outages_from, (.outages[] | [.start, .end])]' "$work/merged.json")"
	# ... and how far each may be off from the same lines' brackets: as
	# the whole run's but for the seconds a shard's round probes less.
	check "compact shards merged: each duration's error, as the whole run's" \
		true "$(jq -s '[.[0].outages, .[1].outages] | transpose |
			length == 2 and all(.[0].duration_error_s as $w |
				.[1].duration_error_s as $m | $w != null and
				$m != null and $m <= $w and $m >= $w - 5)' \
			"$work/stdout" "$work/merged.json")"
	# A log whose event lines were filtered out: outages from its round
	# states, each edge dated as blackout dates it (the midpoint of the
	# last round before the change whose state is known and the round
	# that saw it; watch rounds and a vantage's cut included) and its
	# error from the same rounds, so the same as the event lines say for
	# total outages (flapping's watched flaps, vantage-cut's unknown
	# rounds, routing-failure's partial one; "murky": loss-30's /22 at
	# half its hosts' availability and 50% loss, an hour dark, whose
	# unknown rounds with answers are, for blackout, rounds before a
	# change, and its watch rounds of other /24s not).
	jq '.networks[0].hosts = 150 | .networks[0].availability = 0.5 |
		.events[0].rate = 0.5 | .events += [{ kind: "dark",
		prefix: "198.18.4.0/22", start: "2024-03-04T10:00:00Z",
		end: "2024-03-04T11:00:00Z" }]' \
		"$SRC/tests/scenarios/loss-30.json" >"$work/murky.json"
	cp "$SRC/tests/scenarios/loss-30.targets.json" "$work/murky.targets.json"
	for sc in flapping vantage-cut routing-failure murky; do
		s=$SRC/tests/scenarios/$sc seed=3
		[ "$sc" = murky ] && s=$work/$sc seed=1
		unshare -n "$BLACKOUT" simulate "$s.json" -f "$s.targets.json" \
			--seed $seed 2>/dev/null >"$work/$sc.jsonl"
		jq -c 'select(.type != "event")' "$work/$sc.jsonl" \
			>"$work/$sc-rounds.jsonl"
		o='[.outages_from, [.outages[] | [.start, .end, .duration_s,
			.duration_error_s]]]'
		run --json "$work/$sc.jsonl"
		from_events=$(jq -c "$o" "$work/stdout")
		run --json "$work/$sc-rounds.jsonl"
		check "$sc without event lines: outages dated as the events date them" \
			"$(echo "$from_events" | jq -c '.[0] = "rounds"')" \
			"$(jq -c "$o" "$work/stdout")"
		# A log of more rounds than --width's 100: 100 cells, its
		# outages (a round or a few each) still shown.
		LC_ALL=C "$BLACKOUT" report "$work/$sc.jsonl" 2>/dev/null |
			sed -n 's/^  timeline      \([UPD?]*\)   .*/\1/p' >"$work/tl"
		check "$sc: a timeline of 100 cells, its outages shown" true \
			"$(jq -Rn --argjson n "$(jq -s '[.[] | select(.type == "round")] | length' "$work/$sc.jsonl")" \
				'input | length == 100 and $n > 100 and test("[PD]")' "$work/tl")"
		check "$sc: outages found, each with its error" true \
			"$(echo "$from_events" | jq '.[1] | length > 0 and
				all(.[3] != null and .[3] > 0)')"
	done
fi

# --- What the golden files say, checked once more by name. -----------------
if command -v jq >/dev/null; then
	j() { jq -r "select(.target == \"$1\") | $2" "$HERE/handmade-json.golden"; }
	check "partial outage: 11m to the second" "partial 660 11m" \
		"$(j kp-star-jv '.outages[0] | "\(.scope) \(.duration_s) \(.duration)"')"
	check "total outage through an unknown round: 33m" "total 1980 2014-12-22T14:55:00Z 2014-12-22T15:28:00Z" \
		"$(j kp-star-jv '.outages[1] | "\(.scope) \(.duration_s) \(.start) \(.end)"')"
	check "last outage ongoing, total, 11m so far" "true null total 660" \
		"$(j kp-star-jv '.outages[2] | "\(.ongoing) \(.end) \(.scope) \(.duration_s)"')"
	check "availability by rounds: 5 of 10 known rounds" 0.5 "$(j kp-star-jv .availability.rounds)"
	check "timeline" "UUPUUD?DUPD" "$(j kp-star-jv .timeline)"
	check "outages from round states without event lines" "rounds 600 total" \
		"$(j lab '"\(.outages_from) \(.outages[0].duration_s) \(.outages[0].scope)"')"
	check "availability by time caps the one-hour gap" "0.7143 0.75" \
		"$(j lab '"\(.availability.rounds) \(.availability.time)"')"
	check "skipped lines counted in --json" "45 39 6" \
		"$(j lab '"\(.lines.read) \(.lines.used) \(.lines.skipped)"')"
	check "lab run: up, partial, down, up" "UUPPDDUU" \
		"$(jq -r .timeline "$HERE/lab-json.golden")"
	# Two vantages (vantage-*.jsonl): ams1 alone sees 198.18.1.0/24 go
	# (local), both see the /22 go (global), then ams1 alone while sfo2's
	# controls are silent (global: sfo2 is not counted either way).
	v() { jq -r "$1" "$HERE/vantages-json.golden"; }
	check "vantages: both named, sorted" "ams1 sfo2" "$(v '.vantages | join(" ")')"
	check "vantages: a local, a global, one sfo2 could not see" \
		"partial ams1 false|total ams1,sfo2 true|partial ams1 true" \
		"$(v '[.outages[] | "\(.scope) \(.vantages | join(",")) \(.global)"] | join("|")')"
	check "vantages: one timeline per vantage" "UUPPUDDUPUU UUUUUDDU??U" \
		"$(v '[.by_vantage[].timeline] | join(" ")')"
	check "vantages: merged availability, up from at least one" 0.7335 "$(v .availability.time)"
	check "shards: two shards make whole rounds" "7 UUPPUDU" \
		"$(jq -r '"\(.rounds) \(.timeline)"' "$HERE/shards-json.golden")"
	check "shards: the merged outage names the shard's /24" "partial 198.18.1.0/24" \
		"$(jq -r '.outages[0] | "\(.scope) \(.blocks_down | join(" "))"' "$HERE/shards-json.golden")"
	# Shard 1 alone saw the partial outage (its estimates 14:16:37 to
	# 14:38:37); both the total one, shard 0 from 14:49:30, shard 1 until
	# 15:00:37: the earliest start and the latest end.
	check "shards: merged outages take the shards' estimates" \
		"rounds 14:16:37 14:38:37 14:49:30 15:00:37 667" \
		"$(jq -r '"\(.outages_from) \([.outages[] | .start, .end | .[11:19]] | join(" ")) \(.outages[1].duration_s)"' "$HERE/shards-json.golden")"
else
	skip "the golden JSON, key by key" "jq not installed"
fi

# --- Vantages: files in any order, or mixed on stdin; one alone as before. --
"$BLACKOUT" report --json "$VS" "$VA" >"$work/vs" 2>/dev/null
check "vantages: the order of the logs does not matter" "$(cat "$HERE/vantages-json.golden")" "$(cat "$work/vs")"
sort -t'"' -k8 "$VA" "$VS" | "$BLACKOUT" report --json >"$work/vs" 2>/dev/null
check "vantages: both mixed on stdin" "$(cat "$HERE/vantages-json.golden")" "$(cat "$work/vs")"
"$BLACKOUT" report --json "$VA" >"$work/one" 2>/dev/null
check "one vantage reads as a log without vantages" "null 3" \
	"$(jq -r '"\(.vantages) \(.outages | length)"' "$work/one")"
# Several vantages' outage is the union of theirs: one's start, another's
# end, each with its error. lon3 is ams1 but for its partial outage's
# start, 14:20 (between 14:11 and 14:22: off by 9m at most); ams1's is
# 14:22 (11m), and both end at 14:44 (between 14:33 and 14:44: 11m).
jq -c 'if .vantage_name then .vantage_name = "lon3" else . end |
	if .event == "outage-end" and .start == "2014-12-22T14:22:00Z" then
	.start = "2014-12-22T14:20:00Z" | .duration_s = 1440 else . end' \
	"$VA" >"$work/lon3"
check "vantages: a merged outage's error, its start's and its end's" \
	'["14:20:00",1440,1200,["ams1","lon3"]]' \
	"$("$BLACKOUT" report --json "$VA" "$work/lon3" 2>/dev/null |
		jq -c '.outages[0] | [.start[11:19], .duration_s,
			.duration_error_s, .vantages]')"

# --- Timeline without a UTF-8 locale: letters. -----------------------------
LC_ALL=C "$BLACKOUT" report "$H" 2>/dev/null >"$work/c"
check "C locale: the timeline in letters" "  timeline      UUPUUD?DUPD   U up  P partial  D down  ? unknown" \
	"$(sed -n 2p "$work/c")"
# --width: a cell per run of consecutive rounds (11 into 4: 2, 3, 3, 3),
# the worst state of them (UU, PUU, D?D, UPD); 0, a cell per round.
LC_ALL=C "$BLACKOUT" report --width 4 "$H" 2>/dev/null >"$work/w4"
check "--width 4: the worst state of each run of rounds" \
	"  timeline      UPDD   U up  P partial  D down  ? unknown; a cell: ~3 rounds, their worst state" \
	"$(sed -n 2p "$work/w4")"
check "--width 0, or 11 and more: a cell per round" \
	"$(sed -n 2p "$work/c")
$(sed -n 2p "$work/c")" \
	"$(LC_ALL=C "$BLACKOUT" report --width 0 "$H" 2>/dev/null | sed -n 2p)
$(LC_ALL=C "$BLACKOUT" report --width 11 "$H" 2>/dev/null | sed -n 2p)"
# Several vantages: each row in at most --width cells, of its own rounds;
# the legend says how many rounds a cell holds in the longest row (ams1's
# last 5 rounds in 5 cells, sfo2's 11 in 5: the legend is sfo2's).
grep '"type":"round"' tests/report/vantage-ams1.jsonl | tail -n 5 >"$work/ams5"
check "--width, vantages: the legend for the longest row" \
	"; a cell: ~2 rounds, their worst state" \
	"$(LC_ALL=C "$BLACKOUT" report --width 5 "$work/ams5" tests/report/vantage-sfo2.jsonl 2>/dev/null |
		sed -n 's/^  timeline .*unknown\(.*\)$/\1/p')"
check "--width: the JSON timeline keeps a letter per round" \
	"$(jq -r .timeline "$HERE/handmade-json.golden")" \
	"$("$BLACKOUT" report --json --width 4 "$H" 2>/dev/null | jq -r .timeline)"
check "C locale: the duration's error as +-" \
	"    2014-12-22T14:55:00Z  2014-12-22T15:28:00Z  total    33m +-22m" \
	"$(grep -o '^.*33m +-22m' "$work/c")"
# The times an outage-end line's edges lie between (start_after .. end_by):
# the farther of each edge's two from its estimate, summed, is the most
# its duration may be off (here each estimate is at one end: 11 + 11
# min); null without them.
check "JSON: duration_error_s from the edges' rounds, null without" \
	"[null,1320,null]" \
	"$("$BLACKOUT" report --json "$H" 2>/dev/null | jq -sc \
		'[.[0].outages[].duration_error_s]')"

# --- Inputs: stdin, split, twice. ------------------------------------------
"$BLACKOUT" report <"$H" >"$work/stdin" 2>/dev/null
check "stdin gives what the file gives" "$(cat "$HERE/handmade.golden")" "$(cat "$work/stdin")"
"$BLACKOUT" report - <"$H" >"$work/dash" 2>/dev/null
check "'-' is stdin" "$(cat "$HERE/handmade.golden")" "$(cat "$work/dash")"
head -n 20 "$H" >"$work/part1"
tail -n +21 "$H" >"$work/part2"
"$BLACKOUT" report "$work/part1" "$work/part2" >"$work/split" 2>/dev/null
check "a log split in two (rotated) reads as one" "$(cat "$HERE/handmade.golden")" "$(cat "$work/split")"
"$BLACKOUT" report "$work/part2" "$work/part1" >"$work/split" 2>/dev/null
check "the order of the files does not matter" "$(cat "$HERE/handmade.golden")" "$(cat "$work/split")"
"$BLACKOUT" report "$H" "$H" >"$work/twice" 2>/dev/null
check "a log read twice counts once" "$(cat "$HERE/handmade.golden")" "$(cat "$work/twice")"
# A round cut short by a signal (man/blackout.8, interrupted) is no round of
# the record: its line is read and left out.
grep '"type":"round"' "$H" | grep '"round":11,' | jq -c '.time = "2014-12-22T16:01:00Z" |
	.round = 12 | .state = "unknown" | .since = null | .interrupted = true' >"$work/cut"
check "the cut line is kp-star-jv's" kp-star-jv "$(jq -r .target "$work/cut")"
"$BLACKOUT" report "$work/cut" "$H" >"$work/withcut" 2>/dev/null
check "a round cut short is left out" "$(cat "$HERE/handmade.golden")" "$(cat "$work/withcut")"

# --- Exit statuses; errors leave stdout empty. -----------------------------
# status NAME EXPECTED ARGS...: exit status, empty stdout, one stderr line
# (or two, when skipped lines were reported first).
status_row() {
	local name=$1 want=$2
	shift 2
	run "$@"
	if [ "$status" = "$want" ] && [ ! -s "$work/stdout" ] &&
	   [ "$(grep -c '^blackout report: ' "$work/stderr")" = "$(wc -l <"$work/stderr")" ] &&
	   [ -s "$work/stderr" ]; then
		pass "$name: exit $want, stdout empty, the reason on stderr"
	else
		fail "$name: exit $want, stdout empty, the reason on stderr" \
			"exit $status: $(head -c 200 "$work/stderr")"
	fi
}
printf 'not json\n{"a":1}\n{"type":"round"}\n' >"$work/junk"
: >"$work/empty"
status_row "unknown option" 64 --bogus "$H"
status_row "unknown short option" 64 -x "$H"
status_row "--since needs a value" 64 --since
status_row "--since not RFC 3339" 64 --since yesterday "$H"
status_row "--until not a date" 64 --until 2014-02-30T00:00:00Z "$H"
status_row "--since not before --until" 64 --since 2014-12-23 --until 2014-12-22 "$H"
status_row "--width not a number" 64 --width many "$H"
status_row "--width over 100000" 64 --width 100001 "$H"
status_row "no valid line at all" 65 "$work/junk"
status_row "an empty log" 65 "$work/empty"
status_row "a missing file" 66 "$work/missing.jsonl"
status_row "a directory" 66 "$work"
status_row "a good log, then a missing one" 66 "$H" "$work/missing.jsonl"
status_row "--svg into a missing directory" 73 --svg "$work/no/such/dir.svg" "$H"
run "$work/junk"
if grep -q "skipped 3 of 3 lines .*(the first: $work/junk:1)" "$work/stderr"; then
	pass "junk: the skipped count and the first skipped line on stderr"
else
	fail "junk: the skipped count and the first skipped line on stderr"
fi

run --since 2000-01-01 --until 2000-01-02 "$H"
if [ "$status" = 0 ] && [ ! -s "$work/stdout" ] &&
   grep -q "no round or outage in the window" "$work/stderr"; then
	pass "an empty window: exit 0, nothing on stdout, said on stderr"
else
	fail "an empty window: exit 0, nothing on stdout, said on stderr"
fi

run --help
if [ "$status" = 0 ] && head -n1 "$work/stdout" | grep -q '^usage: blackout report ' &&
   [ ! -s "$work/stderr" ]; then
	pass "--help prints the usage on stdout and exits 0"
else
	fail "--help prints the usage on stdout and exits 0"
fi
run -h
check "-h prints what --help prints" "$(cat "$work/stdout")" "$("$BLACKOUT" report --help)"

# --- Colour only on a terminal, and never with NO_COLOR. --------------------
esc=$(printf '\033')
if grep -q "$esc" "$HERE"/*.golden; then
	fail "no escape codes when stdout is not a terminal"
else
	pass "no escape codes when stdout is not a terminal"
fi
if command -v script >/dev/null; then
	script -qec "'$BLACKOUT' report '$H'" /dev/null >"$work/tty" 2>&1
	if grep -q "${esc}\[32m" "$work/tty"; then pass "colour on a terminal"
	else fail "colour on a terminal"; fi
	NO_COLOR=1 script -qec "'$BLACKOUT' report '$H'" /dev/null >"$work/tty" 2>&1
	if grep -q "${esc}\[3" "$work/tty"; then fail "NO_COLOR turns colour off"
	else pass "NO_COLOR turns colour off"; fi
else
	skip "colour on a terminal" "script(1) not installed"
fi

finish

#!/usr/bin/env bash
# test_cron.sh BLACKOUT SRCDIR - blackout simulate as a cron job: one
# process a round, the state file its only memory (blackout-simulate(8),
# "Rounds and time"). Under unshare -n:
#   - three rounds in one run, then a run of -c 1 with the state file: its
#     round starts an interval after the third, adaptive (no census again);
#   - a state file whose last round is outside the scenario: the first
#     round at the scenario's start; so with none, at the epoch too;
#   - --at: the round at the time given (a cron schedule's), refused (64)
#     at or before the last round or the start, and in a live run;
#   - sparse-loss10 (seed 3) for its 7 days as 917 runs of -c 1: each exits
#     0 to 3 with one round line and nothing on stderr, the rounds 660 s
#     apart; the 2 h outage found once, and no other; the run after the
#     end runs no round and exits 3; the state file does not grow;
#   - partial-half (seed 2) as 230 runs, to 18:00 on its second day: the
#     half-dark outage found, partial, within an hour of its edges.
#     Before each run drew its order from the rounds run too, every run of
#     one --seed probed the same addresses, and this outage went unseen;
#   - flapping (seed 1) as runs of -c 1 --linger, as the systemd unit runs
#     blackout: each run that wants a watch round waits for it, and the
#     flaps are timed as in one long run: the 2nd to 8th starts within a
#     quarter round, every duration within half a round. Without --linger,
#     the same runs have no watch round and durations over half a round.
# Every run reads the state file the run before saved. Without 51a9077 (a
# spot memory's decayed sums one bit apart, refused), flapping's run 198
# exits 65, and so does every run after; the sparse week did at run 415
# before fc5fd3b drew a resumed run's order afresh.
# Needs root only for unshare -n; skipped (77) without it or jq.
set -u
BIN=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"
. "$SRC/tests/lib/flaps.sh"

need jq
need_unshare

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
S=$SRC/tests/scenarios/sparse-loss10
sim() { # sim SCENARIO STATE ROUNDS [ARG...]: the output on stdout, stderr to $TMP/err
	local scenario=$1 state=$2 rounds=$3
	shift 3
	unshare -n "$BIN" simulate "$scenario" -f "$S.targets.json" -q --seed 3 \
		--dice 3 -s "$state" -c "$rounds" "$@" 2>"$TMP/err"
}
times() { jq -r 'select(.type == "round") | .time'; }
# cron_runs NAME RUNS LOG [ARG...]: up to RUNS runs of one round of
# scenario NAME, each going on from the state file the last saved, until
# one has no round; their lines in LOG, their stderr added to $TMP/err.
cron_runs() {
	local name=$1 runs=$2 log=$3 i
	shift 3
	rm -f "$TMP/$name.st"
	for i in $(seq 1 "$runs"); do
		unshare -n "$BIN" simulate "$SRC/tests/scenarios/$name.json" \
			-f "$SRC/tests/scenarios/$name.targets.json" -q \
			-s "$TMP/$name.st" -c 1 "$@" >"$TMP/one" 2>>"$TMP/err"
		grep -q '"type":"round"' "$TMP/one" || break
		cat "$TMP/one"
	done >"$log"
}

# Three rounds in one run, then one more.
sim "$S.json" "$TMP/a" 3 >/dev/null
sim "$S.json" "$TMP/a" 1 >"$TMP/one"
check "resumed: an interval after the third round" \
	"2024-03-04T00:33:00Z" "$(times <"$TMP/one")"
check "resumed: round 4, adaptive" "4 adaptive" \
	"$(jq -r 'select(.type == "round") |
		"\(.round) \([.blocks[].mode] | unique | join(","))"' "$TMP/one")"

# A state file from after the scenario: a scenario of the same targets a
# month later starts at its start.
jq '.start = "2024-04-04T00:00:00Z" | .end = "2024-04-05T00:00:00Z" |
    .events = []' "$S.json" >"$TMP/later.json"
sim "$TMP/later.json" "$TMP/a" 1 >/dev/null
sim "$S.json" "$TMP/a" 1 >"$TMP/one"
check "a state file from outside: the first round at the start" \
	"2024-03-04T00:00:00Z" "$(times <"$TMP/one")"

# A scenario at the epoch and no state file: nothing to resume (a time of
# 0 is not "no round").
jq '.start = "1970-01-01T00:00:00Z" | .end = "1970-01-02T00:00:00Z"' \
	"$S.json" >"$TMP/epoch.json"
sim "$TMP/epoch.json" "$TMP/e" 2 >"$TMP/one"
check "at the epoch, no state file: rounds at 00:00 and 00:11" \
	"1970-01-01T00:00:00Z 1970-01-01T00:11:00Z" "$(times <"$TMP/one" | tr '\n' ' ' | sed 's/ $//')"

# --at: a cron schedule's next time instead of the grid's. After the
# three rounds and the one resumed (00:33), a run at 00:40; one at or
# before the last round, or before the start, is refused (64) and the
# state file left as it was; --at in a live run is a usage error.
sim "$S.json" "$TMP/at" 3 >/dev/null
sim "$S.json" "$TMP/at" 1 >/dev/null
sim "$S.json" "$TMP/at" 1 --at 2024-03-04T00:40:00Z >"$TMP/one"
check "--at: the round at the time given, round 5" "2024-03-04T00:40:00Z 5" \
	"$(jq -r 'select(.type == "round") | "\(.time) \(.round)"' "$TMP/one")"
cp "$TMP/at" "$TMP/at.before"
sim "$S.json" "$TMP/at" 1 --at 2024-03-04T00:40:00Z >"$TMP/one"
check "--at the last round's time: 64, nothing written, one stderr line" \
	"64 0 same 1" "$? $(wc -c <"$TMP/one") $(cmp -s "$TMP/at" "$TMP/at.before" && echo same) $(wc -l <"$TMP/err")"
sim "$S.json" "$TMP/fresh" 1 --at 2024-03-03T23:59:00Z >/dev/null
check "--at before the scenario's start: 64" 64 "$?"
check "--at in a live run: 64" 64 \
	"$(unshare -n "$BIN" --dry-run --at 2024-03-04T00:40:00Z 198.18.0.0/24 >/dev/null 2>&1; echo $?)"

# The week, a run a round.
rm -f "$TMP/st"
: >"$TMP/log"
bad="" runs=0 size=0
for i in $(seq 1 1000); do
	sim "$S.json" "$TMP/st" 1 >"$TMP/one"
	rc=$?
	n=$(times <"$TMP/one" | wc -l)
	[ "$i" -eq 100 ] && size=$(wc -c <"$TMP/st")
	[ "$n" -eq 0 ] && [ "$rc" -gt 3 ] && bad="run $i: exit $rc, $(head -c 200 "$TMP/err")"
	[ "$n" -eq 0 ] && break
	runs=$i
	cat "$TMP/one" >>"$TMP/log"
	if [ "$rc" -gt 3 ] || [ "$n" -ne 1 ] || [ -s "$TMP/err" ]; then
		bad="run $i: exit $rc, $n round lines, $(head -c 200 "$TMP/err")"
		break
	fi
done
check "917 runs, each with its round and a status of 0 to 3" "917 " "$runs $bad"
check "the run after the end: exit 3, nothing on stderr" "3 0" \
	"$rc $(wc -c <"$TMP/err")"
check "the rounds are 660 s apart" "660" \
	"$(times <"$TMP/log" | jq -Rn '[inputs | fromdate] |
	   [range(1; length) as $i | .[$i] - .[$i - 1]] | unique | @tsv' -r)"
# Its edges within half a round (330 s) of 09:00 and 11:00.
check "the 2 h outage found once, total, and no other outage" \
	"total true true" \
	"$(jq -rs 'def near($t): (fromdate - ($t | fromdate)) | fabs <= 330;
		[.[] | select(.event == "outage-start")] as $s |
		[.[] | select(.event == "outage-end")] as $e |
		if ($s | length) == 1 and ($e | length) == 1 then
		"\($s[0].scope) \($s[0].start | near("2024-03-07T09:00:00Z")) \(
		  $e[0].end | near("2024-03-07T11:00:00Z"))"
		else "\($s | length) starts, \($e | length) ends" end' "$TMP/log")"
# The rounds its start rests on are kept in the state file across runs:
# the end line, in a later run, still has them, around 09:00.
check "its end line: 09:00 and 11:00 between the rounds the edges rest on" \
	"true true" \
	"$(jq -r 'def t: fromdateiso8601; select(.event == "outage-end") |
		"\(.start_after | t | . < ("2024-03-07T09:00:00Z" | t)) \(
		  .end_after | t | . < ("2024-03-07T11:00:00Z" | t))" +
		if (.start_by | t) >= ("2024-03-07T09:00:00Z" | t) and
		   (.end_by | t) >= ("2024-03-07T11:00:00Z" | t) then ""
		else " (late)" end' "$TMP/log")"
size_end=$(wc -c <"$TMP/st")
check "the state file does not grow with the runs (917th < 1.25 x 100th)" 1 \
	"$((size_end * 4 < size * 5))"

# Half of every /24 dark from 10:00 to 16:00 on 5 March.
: >"$TMP/err"
cron_runs partial-half 230 "$TMP/ph.log" --seed 2 --dice 2
check "partial-half's runs: nothing on stderr" 0 "$(wc -c <"$TMP/err")"
check "partial-half: its outage found once, partial, within its hours" \
	"partial true true" \
	"$(jq -rs '[.[] | select(.event == "outage-end")] as $e |
		if ($e | length) == 1 then
		"\($e[0].scope) \($e[0].start < "2024-03-05T11:00:00Z") \(
		  $e[0].end | . > "2024-03-05T15:00:00Z" and . < "2024-03-05T17:00:00Z")"
		else "\($e | length) outages" end' "$TMP/ph.log")"

# A run a round from a timer: --linger. Flapping's 2 days.
: >"$TMP/err"
cron_runs flapping 600 "$TMP/linger" --seed 1 --linger
cron_runs flapping 600 "$TMP/nolinger" --seed 1
check "flapping's runs: nothing on stderr" 0 "$(wc -c <"$TMP/err")"
check "--linger: 262 regular rounds, each run one, and watch rounds" \
	"262 262 true" \
	"$(jq -rs '"\([.[] | select(.type == "round" and (.watch | not))] |
		length) \([.[] | select(.type == "run")] | length) \(
		[.[] | select(.type == "round" and .watch)] | length > 20)"' \
		"$TMP/linger")"
check "--linger: the 2nd to 8th flaps start within a quarter round" \
	'[8,true]' "$(flap_starts "$TMP/linger")"
check "--linger: every flap's duration within half a round" \
	'[8,true]' "$(flap_durations "$TMP/linger")"
check "without --linger: no watch round, durations over half a round" \
	'0 [8,false]' "$(jq -s '[.[] | select(.type == "round" and .watch)] |
		length' "$TMP/nolinger") $(flap_durations "$TMP/nolinger")"
check "the run lines say so: \"watch\" linger with --linger, off without" \
	'["linger"] ["off"]' \
	"$(jq -sc '[.[] | select(.type == "run") | .watch] | unique' \
		"$TMP/linger") $(jq -sc '[.[] | select(.type == "run") |
		.watch] | unique' "$TMP/nolinger")"

finish

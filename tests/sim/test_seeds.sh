#!/usr/bin/env bash
# test_seeds.sh BLACKOUT SRCDIR - bench/seeds.sh, the multi-seed benchmark
# the README's "over seeds 1 to 240" figures come from, on two seeds of
# partial-half (each run under unshare -n, as seeds.sh does itself):
#   - one row per scenario after the header, with 2 runs, 2 true outages,
#     and the sums of the two runs' own scores (bench/score.py --json);
#   - BENCH_OUT keeps each run's score as NAME/SEED.json;
#   - BENCH_PHASE=seed starts a run earlier by the seed's share of a round;
#   - BENCH_RUN=round plays a run a round a process, with a state file;
#     timer the same with --linger; cron at cron's */11 with --linger,
#     but for the run at minute 55;
#   - a run that fails (here: a binary that exits 70) makes it exit 1 and
#     say which run on stderr.
set -u
BLACKOUT=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"
need jq python3
if [ "$(id -u)" -eq 0 ]; then NONET=(unshare -n); else NONET=(unshare -rn); fi
"${NONET[@]}" true 2>/dev/null || { echo "# no network namespace here: skipped" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
S=$SRC/tests/scenarios

BLACKOUT=$BLACKOUT BENCH_JOBS=2 BENCH_OUT=$work/out bash "$SRC/bench/seeds.sh" 3 4 "$S/partial-half.json" \
	>"$work/table" 2>"$work/err"
check "seeds.sh exits 0" 0 "$?"
check "a header, its rule and one row" 3 "$(wc -l <"$work/table")"
check "the scores are kept as NAME/SEED.json" "3.json 4.json" "$(cd "$work/out/partial-half" && echo *)"
row=$(sed -n 3p "$work/table")
check "the row names the scenario and 2 runs" "| partial-half | 2 | 2 |" "$(cut -d'|' -f1-4 <<<"$row")|"
# The row is the sum of the two runs' own scores.
for s in 3 4; do
	"${NONET[@]}" "$BLACKOUT" simulate "$S/partial-half.json" -f "$S/partial-half.targets.json" \
		--seed "$s" --dice "$s" -q >"$work/$s.jsonl"
	python3 "$SRC/bench/score.py" --name partial-half --scenario "$S/partial-half.json" \
		--targets "$S/partial-half.targets.json" --output "$work/$s.jsonl" --json >"$work/$s.json"
done
found=$(jq -s 'map(.found) | add' "$work/3.json" "$work/4.json")
cost=$(jq -s 'map(.probes_24_h_after) | add / 2 * 100 | round / 100' "$work/3.json" "$work/4.json")
check "found is the runs' sum ($found)" " $found " "$(cut -d'|' -f5 <<<"$row")"
check "the cost is the runs' mean ($cost)" "$cost" "$(awk -F'|' '{ print $(NF - 1) + 0 }' <<<"$row")"
# The true edges between the times their outage-end lines give: counted
# from the runs' own lines.
inside=$(jq -rs 'def t: fromdate; [.[] | select(.event == "outage-end")] |
	"\(map(select((.start_after | t) <= ("2024-03-05T10:00:00Z" | t) and
	  ("2024-03-05T10:00:00Z" | t) <= (.start_by | t))) | length), \(
	  map(select((.end_after | t) <= ("2024-03-05T16:00:00Z" | t) and
	  ("2024-03-05T16:00:00Z" | t) <= (.end_by | t))) | length) of \(length)"' \
	"$work/3.jsonl" "$work/4.jsonl")
check "true edges between their lines' times ($inside)" " $inside " \
	"$(awk -F'|' '{ print $(NF - 2) }' <<<"$row")"

# BENCH_PHASE=seed: seed 3 starts frac(3 x 0.618...) = 0.854 of 660 s, 563 s,
# before the scenario's start (2024-03-04T00:00:00Z), its census then; the
# default starts at the scenario's start.
BLACKOUT=$BLACKOUT BENCH_JOBS=1 BENCH_OUT=$work/phase BENCH_KEEP=1 BENCH_PHASE=seed \
	bash "$SRC/bench/seeds.sh" 3 3 "$S/partial-half.json" >"$work/table3" 2>"$work/err3"
check "BENCH_PHASE=seed: exits 0" 0 "$?"
check "BENCH_PHASE=seed: the run starts 563 s early" 2024-03-03T23:50:37Z \
	"$(jq -r 'select(.type == "round") | .time' "$work/phase/partial-half/3.jsonl" | head -n 1)"
check "the default: at the scenario's start" 2024-03-04T00:00:00Z \
	"$(jq -r 'select(.type == "round") | .time' "$work/3.jsonl" | head -n 1)"
check "BENCH_PHASE=oops: usage, 64" 64 \
	"$(BENCH_PHASE=oops bash "$SRC/bench/seeds.sh" 3 3 "$S/partial-half.json" >/dev/null 2>&1; echo $?)"

# BENCH_RUN=round: a process a round, with a state file, until the end: 393
# rounds 660 s apart, one census; the run line of each process; the
# outage found, as a cron job would.
BLACKOUT=$BLACKOUT BENCH_JOBS=1 BENCH_OUT=$work/round BENCH_KEEP=1 BENCH_RUN=round \
	bash "$SRC/bench/seeds.sh" 3 3 "$S/partial-half.json" >"$work/table4" 2>"$work/err4"
check "BENCH_RUN=round: exits 0" 0 "$?"
log=$work/round/partial-half/3.jsonl
check "BENCH_RUN=round: 393 rounds, 393 processes, 1 census" "393 393 1" \
	"$(jq -rs '[.[] | select(.type == "round")] as $r |
		"\($r | length) \([.[] | select(.type == "run")] | length) \(
		  [$r[] | select(.blocks[0].mode == "census")] | length)"' "$log")"
check "BENCH_RUN=round: rounds 660 s apart" 660 \
	"$(jq -rs '[.[] | select(.type == "round") | .time | fromdate] |
		[range(1; length) as $i | .[$i] - .[$i - 1]] | unique | @tsv' "$log")"
check "BENCH_RUN=round: the outage found" 1 "$(jq .found "$work/round/partial-half/3.json")"
# BENCH_RUN=timer: the same with --linger: flapping's 262 regular rounds,
# and the watch rounds its runs waited for.
BLACKOUT=$BLACKOUT BENCH_JOBS=1 BENCH_OUT=$work/timer BENCH_KEEP=1 BENCH_RUN=timer \
	bash "$SRC/bench/seeds.sh" 3 3 "$S/flapping.json" >"$work/table5" 2>"$work/err5"
check "BENCH_RUN=timer: exits 0, 262 regular rounds, watch rounds" "0 262 true" \
	"$? $(jq -rs '"\([.[] | select(.type == "round" and (.watch | not))] | length) \(
		[.[] | select(.type == "round" and .watch)] | length > 20)"' \
		"$work/timer/flapping/3.jsonl")"
# BENCH_RUN=cron: flapping's two days at cron's */11, from 00:00: 48 runs
# at each of minutes 0, 11, ..., 55; watch rounds 330 s after a round,
# never after one at minute 55.
BLACKOUT=$BLACKOUT BENCH_JOBS=1 BENCH_OUT=$work/cron BENCH_KEEP=1 BENCH_RUN=cron \
	bash "$SRC/bench/seeds.sh" 3 3 "$S/flapping.json" >"$work/table6" 2>"$work/err6"
log=$work/cron/flapping/3.jsonl
check "BENCH_RUN=cron: exits 0, regular rounds at 0, 11, ..., 55, 48 each" \
	"0 00 11 22 33 44 55 48" \
	"$? $(jq -r 'select(.type == "round" and (.watch | not)) | .time[14:16]' "$log" |
		sort | uniq -c | awk '{ printf "%s ", $2; n[$1] } END { for (k in n) print k }')"
check "BENCH_RUN=cron: watch rounds 330 s after a round not at 55, none after" \
	"05:30 16:30 27:30 38:30 49:30" \
	"$(jq -r 'select(.type == "round" and .watch) | .time[14:19]' "$log" | sort -u | paste -sd' ' -)"
check "BENCH_RUN=oops: usage, 64" 64 \
	"$(BENCH_RUN=oops bash "$SRC/bench/seeds.sh" 3 3 "$S/partial-half.json" >/dev/null 2>&1; echo $?)"

# A run that fails.
printf '#!/bin/sh\necho broken >&2\nexit 70\n' >"$work/broken"
chmod +x "$work/broken"
BLACKOUT=$work/broken BENCH_JOBS=1 bash "$SRC/bench/seeds.sh" 1 1 "$S/partial-half.json" \
	>"$work/table2" 2>"$work/err2"
check "a failed run makes seeds.sh exit 1" 1 "$?"
check "and it says which" 1 "$(grep -c 'partial-half seed 1: exit 70: broken' "$work/err2")"
finish

#!/usr/bin/env bash
# bench/accuracy.sh - blackout's verdicts against the scenarios' own truth.
#
#   bench/accuracy.sh [SCENARIO.json ...]
#
# Runs `blackout simulate` on every scenario of tests/scenarios/ (or on the
# ones named), each with its NAME.targets.json and the options of NAME.args,
# under `unshare -n` (no network at all: nothing can leave), and prints one
# markdown table row per scenario, scored by bench/score.py against the
# events of the scenario file; the truth never comes from blackout. The
# scoring rules are in bench/scenarios.md.
#
# Needs python3 (standard library only) and unshare(1): as root `unshare -n`,
# otherwise `unshare -rn` (an unprivileged user namespace).
#
# Environment:
#   BLACKOUT   the binary (default build/blackout of this tree)
#   BENCH_SEED blackout's --seed (default 1); the scenario's own seed draws
#              the network
#   BENCH_DICE the model's --dice (default: the scenario's seed, which then
#              draws every chance too): runs over several BENCH_SEEDs with
#              the same dice share one stream of chances, and runs whose
#              probes keep step meet the same lost packets; give each seed
#              its own dice for independent runs
#   BENCH_OUT  a directory to keep each run's JSON lines and stderr in
#              (default: a temporary directory, removed at the end)
#   BENCH_LIMIT seconds any one run may take (default 300)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BLACKOUT=${BLACKOUT:-$top/build/blackout}
SEED=${BENCH_SEED:-1}
DICE=()
[ -n "${BENCH_DICE:-}" ] && DICE=(--dice "$BENCH_DICE")
LIMIT=${BENCH_LIMIT:-300}

me=accuracy.sh
. "$top/bench/lib.sh"
bench_ready
bench_out
bench_scenarios "$@"

python3 "$top/bench/score.py" --header
status=0
for s in "${scenarios[@]}"; do
	name=$(basename "$s" .json)
	dir=$(dirname "$s")
	targets=$dir/$name.targets.json
	args=()
	[ -f "$dir/$name.args" ] && read -r -a args <"$dir/$name.args"
	if [ ! -f "$targets" ]; then
		echo "accuracy.sh: $name: no $targets" >&2
		status=1
		continue
	fi
	t0=$(date +%s.%N)
	timeout "$LIMIT" $isolate "$BLACKOUT" simulate "$s" -f "$targets" --seed "$SEED" "${DICE[@]}" -q "${args[@]}" \
		>"$out/$name.jsonl" 2>"$out/$name.stderr"
	rc=$?
	t1=$(date +%s.%N)
	wall=$(echo "$t1 - $t0" | bc -l 2>/dev/null || python3 -c "print($t1 - $t0)")
	# 0-3 are verdicts (up, partial, down, unknown); anything else failed.
	if [ "$rc" -gt 3 ]; then
		echo "accuracy.sh: $name: exit $rc: $(head -n 1 "$out/$name.stderr")" >&2
		status=1
	fi
	python3 "$top/bench/score.py" --name "$name" --scenario "$s" --targets "$targets" \
		--output "$out/$name.jsonl" --wall "$wall" --rc "$rc" || status=1
done
exit $status

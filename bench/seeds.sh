#!/usr/bin/env bash
# bench/seeds.sh - blackout's verdicts over many seeds, summed per scenario.
#
#   bench/seeds.sh FIRST LAST [SCENARIO.json ...]
#
# Runs `blackout simulate` on every scenario of tests/scenarios/ (or on the
# ones named) once for each seed of FIRST to LAST, each run with its
# NAME.targets.json and the options of NAME.args, under `unshare -n` (no
# network at all: nothing can leave), scores each run with bench/score.py
# against the scenario's own events, and prints one markdown row per
# scenario with the runs' sums (bench/score.py --summary): what one seed
# of bench/accuracy.sh cannot tell, how often a rare miss or false outage
# happens. The README's "over seeds 1 to 240" figures are made this way.
#
# Environment:
#   BLACKOUT    the binary (default build/blackout of this tree)
#   BENCH_DICE  "own" (default): each run --seed n --dice n, independent
#               trials of the network; "scenario": --seed n alone, the
#               scenario's one stream of chances for every run
#               (blackout-simulate(8), "Determinism")
#   BENCH_JOBS  runs at once (default: the number of CPUs)
#   BENCH_OUT   a directory to keep each run's score in, as
#               NAME/SEED.json (default: a temporary directory); with
#               BENCH_KEEP=1 the JSON lines too (NAME/SEED.jsonl), which
#               a 14-day scenario makes 15 MB of
#   BENCH_LIMIT seconds any one run may take (default 300)
#   BENCH_PHASE "fixed" (default): every run starts at the scenario's
#               start, so the rounds fall at the same times on every seed;
#               "seed": each run starts earlier by a share of the round
#               interval (-i, 660 s unless NAME.args says) drawn from the
#               seed, its events where they were: the rounds' phase
#               against the events differs run to run, as it would for
#               outages that come at any time
#   BENCH_RUN   "process" (default): each run one process, rounds and
#               watch rounds as a long run makes them; "round": each run
#               played one process a round (-c 1) on the rounds' grid,
#               with a state file (-s) as its only memory, no watch
#               rounds (blackout-simulate(8), "Rounds and time"), as the
#               cron example ran blackout before 2026-12-07; "timer": the
#               same with --linger, as the systemd unit runs it; "cron":
#               as the cron example runs it, at cron's */11 (minutes 0,
#               11, ..., 55 of each hour, --at, the start taken for minute
#               0) with --linger, but for a run whose next comes within
#               half an interval (the run at 55 with -i 660), whose watch
#               round the next run forestalls (blackout(8), --linger); all
#               some 20 times slower
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BLACKOUT=${BLACKOUT:-$top/build/blackout}
LIMIT=${BENCH_LIMIT:-300}
JOBS=${BENCH_JOBS:-$(nproc)}
DICE=${BENCH_DICE:-own}
PHASE=${BENCH_PHASE:-fixed}
RUN=${BENCH_RUN:-process}

usage() {
	echo "usage: bench/seeds.sh FIRST LAST [SCENARIO.json ...]" >&2
	exit 64
}
[ $# -ge 2 ] || usage
first=$1 last=$2
shift 2
[[ $first =~ ^[0-9]+$ && $last =~ ^[0-9]+$ ]] && [ "$first" -le "$last" ] || usage
case $DICE in own | scenario) ;; *) usage ;; esac
case $PHASE in fixed | seed) ;; *) usage ;; esac
case $RUN in process | round | timer | cron) ;; *) usage ;; esac

me=seeds.sh
. "$top/bench/lib.sh"
bench_ready
bench_out
bench_scenarios "$@"
for s in "${scenarios[@]}"; do
	name=$(basename "$s" .json)
	[ -f "$(dirname "$s")/$name.targets.json" ] || {
		echo "seeds.sh: $name: no $(dirname "$s")/$name.targets.json" >&2
		exit 1
	}
	[ "$RUN" = process ] || jq -e .end "$s" >/dev/null || {
		echo "seeds.sh: $name: BENCH_RUN=$RUN needs a scenario with an end" >&2
		exit 64
	}
	mkdir -p "$out/$name"
done

# One run: simulate, score, and drop the JSON lines unless kept. A run
# that fails (exit above 3, the verdicts) is said on stderr and leaves no
# score, so the summary's count of runs shows it, and seeds.sh exits 1.
run_one() {
	local s=$1 seed=$2 name dir targets args=() dice=() rc
	name=$(basename "$s" .json)
	dir=$(dirname "$s")
	targets=$dir/$name.targets.json
	[ -f "$dir/$name.args" ] && read -r -a args <"$dir/$name.args"
	[ "$DICE" = own ] && dice=(--dice "$seed")
	# the round interval: -i of NAME.args, else blackout's 660 s
	local i=660 k
	for k in "${!args[@]}"; do
		[ "${args[$k]}" = -i ] && i=${args[$((k + 1))]}
	done
	if [ "$PHASE" = seed ]; then
		# The start moved back by frac(seed x golden ratio) of a round.
		jq --argjson back "$(awk -v n="$seed" -v i="$i" \
			'BEGIN { x = n * 0.6180339887498949; print int((x - int(x)) * i) }')" \
			'.start |= (fromdateiso8601 - $back | todateiso8601)' "$s" >"$out/$name/$seed.scenario.json"
		s=$out/$name/$seed.scenario.json
	fi
	local cmd=("$BLACKOUT" simulate "$s" -f "$targets" --seed "$seed" "${dice[@]}" -q "${args[@]}")
	if [ "$RUN" != process ]; then
		[ "$RUN" = timer ] && cmd+=(--linger)
		# A round a process, until a run finds the scenario over.
		local st=$out/$name/$seed.state one=$out/$name/$seed.one n r
		local t end when=()
		local gap at0
		if [ "$RUN" = cron ]; then
			# cron's */11 from the start, taken for minute 0 (with
			# BENCH_PHASE=seed, the start moved back)
			at0=$(jq -r '.start | fromdateiso8601' "$s")
			end=$(jq -r '.end | fromdateiso8601' "$s")
			t=$at0
		fi
		rm -f "$st"
		: >"$out/$name/$seed.jsonl"
		rc=3
		for ((n = 0; n < 1000000; n++)); do
			if [ "$RUN" = cron ]; then
				[ "$t" -lt "$end" ] || break
				when=(--at "$(date -ud "@$t" +%FT%TZ)")
				# minute 55: the next run comes 5 minutes on
				if [ $(((t - at0) / 60 % 60)) -eq 55 ]; then
					gap=300
				else
					gap=660
				fi
				# --linger when the next run leaves room for the
				# watch round, half an interval on: the run at 55
				# would find the next has had the state file
				[ $((gap * 2)) -gt "$i" ] && when+=(--linger)
				t=$((t + gap))
			fi
			timeout "$LIMIT" $isolate "${cmd[@]}" "${when[@]}" -c 1 -s "$st" >"$one" 2>>"$out/$name/$seed.stderr"
			r=$?
			[ "$r" -gt 3 ] && rc=$r
			[ "$r" -gt 3 ] || ! grep -q '"type":"round"' "$one" && break
			rc=$r
			cat "$one" >>"$out/$name/$seed.jsonl"
		done
		rm -f "$st" "$st.lock" "$one"
	else
		timeout "$LIMIT" $isolate "${cmd[@]}" >"$out/$name/$seed.jsonl" 2>"$out/$name/$seed.stderr"
		rc=$?
	fi
	if [ "$rc" -gt 3 ]; then
		echo "seeds.sh: $name seed $seed: exit $rc: $(head -n 1 "$out/$name/$seed.stderr")" >&2
		: >"$out/$name/failed"
	else
		python3 "$top/bench/score.py" --name "$name" --scenario "$s" --targets "$targets" \
			--output "$out/$name/$seed.jsonl" --rc "$rc" --json >"$out/$name/$seed.json" ||
			rm -f "$out/$name/$seed.json"
	fi
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$out/$name/$seed.jsonl"
	rm -f "$out/$name/$seed.stderr" "$out/$name/$seed.scenario.json"
}
export -f run_one
export BLACKOUT LIMIT DICE PHASE RUN out top isolate

for s in "${scenarios[@]}"; do
	for seed in $(seq "$first" "$last"); do
		printf '%s\0%s\0' "$s" "$seed"
	done
done | xargs -0 -n 2 -P "$JOBS" bash -c 'run_one "$0" "$1"'

python3 "$top/bench/score.py" --summary-header
status=0
for s in "${scenarios[@]}"; do
	name=$(basename "$s" .json)
	[ -e "$out/$name/failed" ] && status=1
	python3 "$top/bench/score.py" --summary "$out/$name"/*.json || status=1
done
exit $status

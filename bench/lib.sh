# bench/lib.sh - what bench/accuracy.sh and bench/seeds.sh share: the
# checks before the first run, the output directory and the scenario list.
# Sourced, never run; $me (the script's name, for messages), $top and
# $BLACKOUT are the caller's.

# bench_ready: exits 1 unless python3 is there, $BLACKOUT is built, and a
# network namespace of the run's own works. Sets isolate to the command
# that gives one: "unshare -n" as root, "unshare -rn" (an unprivileged
# user namespace) otherwise; a simulate run inside has no network at all.
bench_ready() {
	command -v python3 >/dev/null || { echo "$me: needs python3" >&2; exit 1; }
	[ -x "$BLACKOUT" ] || {
		echo "$me: no $BLACKOUT: build first (cmake -S . -B build && cmake --build build)" >&2
		exit 1
	}
	if [ "$(id -u)" = 0 ]; then isolate="unshare -n"; else isolate="unshare -rn"; fi
	$isolate true 2>/dev/null || { echo "$me: $isolate does not work here" >&2; exit 1; }
}

# bench_out: sets out to $BENCH_OUT, made if missing, or to a temporary
# directory removed when the script exits.
bench_out() {
	if [ -n "${BENCH_OUT:-}" ]; then
		out=$BENCH_OUT
		mkdir -p "$out"
	else
		out=$(mktemp -d)
		trap 'rm -rf "$out"' EXIT
	fi
}

# bench_scenarios [SCENARIO.json ...]: sets the array scenarios to those
# named, or to every NAME.json of tests/scenarios/ that is not a targets
# file, in natural order (loss-5 before loss-10).
bench_scenarios() {
	if [ $# -gt 0 ]; then
		scenarios=("$@")
	else
		mapfile -t scenarios < <(printf '%s\n' "$top"/tests/scenarios/*.json |
			grep -v '\.targets\.json$' | sort -V)
	fi
}

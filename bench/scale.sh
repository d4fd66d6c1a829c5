#!/usr/bin/env bash
# bench/scale.sh - blackout's memory and CPU at scale, simulated.
#
#   bench/scale.sh [N16 [BLACKOUT]]
#
# Runs `blackout simulate` under `unshare -n` (nothing is sent; root, or
# `unshare -rn` otherwise) on N16 /16 targets (default 64: a /10, 16,384
# /24s; 3907 for a million /24s; 256 for a /8) in networks of density 0.2,
# ICMP only, --seed 1. Prints, for a census round, then a run of 1
# adaptive round and one of 4 from the state each left: peak RSS, CPU
# (user + system) and wall time, and the state file's size per /24; and
# the CPU of one adaptive round in a long run (the 4-round run less the
# 1-round one, over 3). The scenario and targets are
# written to a temporary directory, removed on exit.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
N16=${1:-64}
BLACKOUT=${2:-$top/build/blackout}
[ -x "$BLACKOUT" ] || { echo "build first: cmake --build build" >&2; exit 1; }
ns=(unshare -n)
[ "$(id -u)" -eq 0 ] || ns=(unshare -rn)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
	printf '{ "targets": [\n'
	for ((i = 0; i < N16; i++)); do
		printf '%s{ "name": "n%d", "prefix": "%d.%d.0.0/16" }\n' \
			"$([ $i -gt 0 ] && echo ,)" "$i" $((10 + i / 256)) $((i % 256))
	done
	printf '] }\n'
} >"$work/t.json"
{
	printf '{ "start": "2024-03-04T00:00:00Z", "seed": 7, "networks": [\n'
	for ((a = 10; a <= 10 + (N16 - 1) / 256; a++)); do
		printf '%s{ "prefix": "%d.0.0.0/8", "density": 0.2 }\n' \
			"$([ $a -gt 10 ] && echo ,)" "$a"
	done
	printf '] }\n'
} >"$work/s.json"

# run NAME ROUNDS: one simulate run with the state file, and its figures.
run() {
	"${ns[@]}" /usr/bin/time -f '%M %U %S %e' -o "$work/$1.time" \
		"$BLACKOUT" simulate "$work/s.json" -f "$work/t.json" \
		--allow-reserved -m icmp --seed 1 -c "$2" -s "$work/state" -q \
		>/dev/null || echo "$1: exit $?" >&2
	awk -v n="$1" -v r="$2" -v b=$((N16 * 256)) -v s="$(stat -c %s "$work/state")" \
		'{printf "%-9s %d round(s): peak RSS %.1f MiB, CPU %.2f s, wall %.1f s; state %d bytes (%.1f per /24)\n",
		 n, r, $1 / 1024, $2 + $3, $4, s, s / b}' "$work/$1.time"
}
# cpu NAME: the CPU seconds (user + system) of run NAME.
cpu() { awk '{ print $2 + $3 }' "$work/$1.time"; }
echo "$N16 /16 targets, $((N16 * 256)) /24s, density 0.2, -m icmp; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run census 1
# One adaptive round a process (a timer's run: start, load, round, save),
# then four in one process; their difference is three rounds, each with
# its save, without the start and the load.
run adaptive 1
run adaptive4 4
awk -v a="$(cpu adaptive)" -v b="$(cpu adaptive4)" -v n=$((N16 * 256)) \
	'BEGIN { r = (b - a) / 3; printf "per adaptive round in a long run: CPU %.3f s, %.1f us per /24\n", r, r / n * 1e6 }'

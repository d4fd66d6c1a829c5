#!/usr/bin/env bash
# record-lab.sh BLACKOUT LABTOOL OUT.jsonl
#
# Records the lab log that test_report.sh and test_svg.sh read (lab.jsonl):
# eight rounds of the lab /22, each a separate run sharing a state file and
# appending to one log, as from cron: up, up, one /24 dark (partial) twice,
# all dark (down) twice, restored (up) twice. Not run by ctest: the golden
# files are made from the recorded log, so a new recording needs
# `UPDATE_GOLDEN=1 ctest -R report_golden` and a look at the diff.
# Needs root (network namespaces); sends nothing outside 198.18.0.0/15.
set -u
OUT=$3
. "$(dirname "$0")/../lab/lab.sh"
lab_begin "$1" "$2"
: >"$OUT"
round() {
	in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -t 0.5 -r 5000 \
		-s "$work/state.json" -o "$OUT"
	echo "round: exit $?" >&2
	sleep 2 # deliberate: rounds some seconds apart, as cron spaces them
}
round
round
lab_dark_block 1
round
round
lab_all_dark
round
round
lab_restore
round
round

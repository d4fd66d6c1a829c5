#!/usr/bin/env bash
# record-compact.sh BLACKOUT OUT.jsonl
#
# Records compact.jsonl, which test_report.sh reads: blackout simulate of
# compact.scenario.json, one target of two prefixes (129 /24s, so its round
# lines list only the /24s that are not up, and carry "prefix": null and
# "prefixes": 2): a /21 dark for 50 minutes (partial), then the whole
# target (down), then back. Not run by ctest: the golden files are made
# from the recorded log, so a new recording needs
# `UPDATE_GOLDEN=1 ctest -R report_golden` and a look at the diff.
# Runs under unshare -n (root), as every simulation in the tests.
set -u
HERE=$(dirname "$0")
unshare -n "$1" simulate "$HERE/compact.scenario.json" \
	-f "$HERE/compact.targets.json" -c 14 -m icmp --seed 4 >"$2"

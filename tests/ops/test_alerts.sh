#!/usr/bin/env bash
# test_alerts.sh SRCDIR: contrib/prometheus/blackout.rules.yml is valid
# (promtool check rules) and its alerts fire when they should and not
# before (promtool test rules, tests/ops/blackout.rules.test.yml): down in
# two rounds in a row, partial in three, no round for 30 minutes.
set -u
SRC=$1
. "$SRC/tests/lib/assert.sh"
need promtool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$SRC/contrib/prometheus/blackout.rules.yml" "$SRC/tests/ops/blackout.rules.test.yml" "$work/"
cd "$work"
promtool check rules blackout.rules.yml >out 2>&1
check "promtool check rules" 0 "$?"
check "three rules" true "$(grep -q 'SUCCESS: 3 rules found' out && echo true)"
promtool test rules blackout.rules.test.yml >out 2>&1
check "promtool test rules: the alerts fire on time, not before" 0 "$?"
grep -q FAILED out && sed -n 1,30p out >&2
finish

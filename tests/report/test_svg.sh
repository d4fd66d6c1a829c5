#!/usr/bin/env bash
# test_svg.sh BLACKOUT SRCDIR [KEEPDIR]
#
# `blackout report --svg`: every drawing must be well-formed XML (xmllint
# --noout) and render to a PNG (rsvg-convert), so a broken drawing fails
# here; and it must show what it claims: one panel per target, one line per
# /24 that ever answered, each outage labelled with its scope and duration.
# Target names from the log are escaped, whatever they hold. With KEEPDIR
# the SVG and PNG files are left there to be looked at.
set -u
BLACKOUT=$1 SRC=$2 KEEP=${3:-}
. "$SRC/tests/lib/assert.sh"
need xmllint rsvg-convert

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
cd "$SRC"
H=tests/report/handmade.jsonl
L=tests/report/lab.jsonl

# draw NAME ARGS...: report --svg NAME.svg, then checks that it is XML and
# renders to NAME.png.
draw() {
	local name=$1
	shift
	"$BLACKOUT" report --svg "$work/$name.svg" "$@" >"$work/$name.out" 2>/dev/null
	check "$name: exit 0" 0 "$?"
	if xmllint --noout "$work/$name.svg" 2>"$work/xmllint"; then
		pass "$name: well-formed XML"
	else
		fail "$name: well-formed XML" "$(head -c 200 "$work/xmllint")"
	fi
	if rsvg-convert "$work/$name.svg" -o "$work/$name.png" 2>"$work/rsvg" &&
	   [ "$(head -c 8 "$work/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		pass "$name: renders to a PNG"
	else
		fail "$name: renders to a PNG" "$(head -c 200 "$work/rsvg")"
	fi
	[ -n "$KEEP" ] && cp "$work/$name.svg" "$work/$name.png" "$KEEP/"
	return 0
}
count() { grep -o "$1" "$2" | wc -l | tr -d ' '; }

draw handmade "$H"
check "handmade: the text report is printed as without --svg" \
	"$(cat tests/report/handmade.golden)" "$(cat "$work/handmade.out")"
check "handmade: one panel per target" 2 "$(count '<g class="target">' "$work/handmade.svg")"
check "handmade: one line per /24 (4 + 1)" 5 "$(count '<path ' "$work/handmade.svg")"
for label in "outage: partial, 11m<" "outage: total, 33m<" "outage: total, 11m so far<" \
	     "outage: total, 10m<" "kp-star-jv 175.45.176.0/22<" "175.45.179.0/24<"; do
	if grep -qF "$label" "$work/handmade.svg"; then pass "handmade: shows '${label%<}'"
	else fail "handmade: shows '${label%<}'"; fi
done
check "handmade: the unknown round is shaded" 1 "$(count 'class="unknown"' "$work/handmade.svg")"

draw lab "$L"
check "lab: one panel" 1 "$(count '<g class="target">' "$work/lab.svg")"
check "lab: a line for each /24 that answered" 3 "$(count '<path ' "$work/lab.svg")"
if grep -qF "198.18.3.0/24 (never answered)" "$work/lab.svg"; then
	pass "lab: the silent /24 is named as such in the legend"
else
	fail "lab: the silent /24 is named as such in the legend"
fi
check "lab: partial and down rounds shaded" "1 1" \
	"$(count 'class="partial"' "$work/lab.svg") $(count 'class="down"' "$work/lab.svg")"

# Two vantages of one target: a band each, in vantage order, as in the
# golden drawing (UPDATE_GOLDEN=1 rewrites it); shards drawn whole.
VA=tests/report/vantage-ams1.jsonl VS=tests/report/vantage-sfo2.jsonl
draw vantages "$VS" "$VA"
[ -n "${UPDATE_GOLDEN:-}" ] && cp "$work/vantages.svg" tests/report/vantages.svg.golden
if cmp -s "$work/vantages.svg" tests/report/vantages.svg.golden; then
	pass "vantages: the drawing as in vantages.svg.golden"
else
	fail "vantages: the drawing as in vantages.svg.golden"
fi
check "vantages: one band per vantage, ams1 first" "ams1 sfo2" \
	"$(grep -o 'data-vantage="[^"]*"' "$work/vantages.svg" | cut -d'"' -f2 | tr '\n' ' ' | sed 's/ $//')"
for label in "kp 198.18.0.0/22 from vantage ams1<" "kp 198.18.0.0/22 from vantage sfo2<" \
	     "outage: partial, 22m<" "outage: total, 22m<"; do
	if grep -qF "$label" "$work/vantages.svg"; then pass "vantages: shows '${label%<}'"
	else fail "vantages: shows '${label%<}'"; fi
done
draw shards tests/report/shards.jsonl
check "shards: one band with the four /24s" "1 4" \
	"$(count '<g class="target" data-vantage="lon1">' "$work/shards.svg") $(count '<path ' "$work/shards.svg")"

draw window --since 2014-12-22T14:50:00Z --until 2014-12-22T15:30:00Z "$H"
draw empty-window --since 2000-01-01T00:00:00Z --until 2000-01-02T00:00:00Z "$H"
if grep -qF "no round in the window" "$work/empty-window.svg"; then
	pass "empty window: says so"
else
	fail "empty window: says so"
fi

# Names that are not XML-safe: & < > " ' and a control character.
printf '%s\n' \
	'{"type":"round","time":"2014-12-22T14:00:00Z","round":1,"target":"a&b <c> \"d\" '\''e'\'' \u0001","prefix":"198.18.0.0/24","state":"up","blocks":[{"prefix":"198.18.0.0/24","state":"up","mode":"census","ever":3,"responsive":3}]}' \
	'{"type":"round","time":"2014-12-22T14:11:00Z","round":2,"target":"a&b <c> \"d\" '\''e'\'' \u0001","prefix":"198.18.0.0/24","state":"down","blocks":[{"prefix":"198.18.0.0/24","state":"down","mode":"census","ever":3,"responsive":0}]}' \
	>"$work/names.jsonl"
draw names "$work/names.jsonl"
if grep -qF 'a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;' "$work/names.svg"; then
	pass "names: escaped"
else
	fail "names: escaped"
fi

# --svg - : the drawing is the output.
"$BLACKOUT" report --svg - "$H" >"$work/stdout.svg" 2>/dev/null
check "--svg -: exit 0" 0 "$?"
if xmllint --noout "$work/stdout.svg" 2>/dev/null && cmp -s "$work/stdout.svg" "$work/handmade.svg"; then
	pass "--svg -: the same drawing on stdout, and nothing else"
else
	fail "--svg -: the same drawing on stdout, and nothing else"
fi
"$BLACKOUT" report --svg "$work/again.svg" "$H" >/dev/null 2>&1
if cmp -s "$work/again.svg" "$work/handmade.svg"; then
	pass "the same log gives the same bytes"
else
	fail "the same log gives the same bytes"
fi

# A log of more rounds than the plot has columns: 8 weeks of diurnal-14d's
# /24s, their 1 h outage on the 10th day (7,332 rounds; simulated, under
# unshare -n). Each line keeps at most the first, highest, lowest and last
# point of each half-pixel column, in time order, so the file is a few
# points a pixel, and the dark /24's hour still reaches the bottom.
if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	skip "months: a few points a pixel" "unshare -n needs root"
else
	jq '.end = "2024-04-29T00:00:00Z"' tests/scenarios/diurnal-14d.json >"$work/long.json"
	unshare -n "$BLACKOUT" simulate "$work/long.json" \
		-f tests/scenarios/diurnal-14d.targets.json --seed 1 \
		>"$work/long.jsonl" 2>/dev/null
	draw long "$work/long.jsonl"
	check "months: each line a few points a pixel, the outage's hour kept" ok \
		"$(python3 - "$work/long.svg" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
bad = []
for panel in svg.split('<g class="target"')[1:]:
    rect = re.search(r'<rect x="64" y="([0-9.]+)" width="680" height="200"', panel)
    bottom = float(rect.group(1)) + 200
    name = re.search(r'font-weight="bold"[^>]*>([^<]*)<', panel).group(1)
    for d in re.findall(r'<path fill="none"[^>]* d="([^"]*)"', panel):
        pts = [(float(x), float(y)) for x, y in re.findall(r'[ML]([0-9.]+) ([0-9.]+)', d)]
        cols = {}
        for x, y in pts:
            cols[round(x * 2)] = cols.get(round(x * 2), 0) + 1
        if len(pts) > 4 * 1360 or max(cols.values()) > 4:
            bad.append("%s: %d points, %d in a column" % (name, len(pts), max(cols.values())))
        if name.startswith("diurnal-a06-p03") and max(y for x, y in pts) != bottom:
            bad.append("%s: the outage's hour lost" % name)
    if len(pts) < 1000:
        bad.append("%s: only %d points" % (name, len(pts)))
print("; ".join(bad) or "ok")
PY
)"
fi

finish

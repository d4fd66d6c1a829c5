#!/usr/bin/env bash
# test_scale.sh BLACKOUT SRCDIR - targets of many prefixes, wide targets
# and their round lines, with blackout simulate under `unshare -n` (no
# network at all), as nobody; and a /8 operand in a dry run, as nobody.
#
# tests/sim/scale.json and scale.targets.json: target "two" is
# 5.1.0.0/24 + 175.45.176.0/22 (five /24s); "wide" is 6.0.0.0/14 (1,024
# /24s). Rounds every 11 minutes from 00:00: 5.1.0.0/24 and 6.0.0.0/20 dark
# 00:30-01:00 (rounds 4-6), all of "two" dark 01:10-01:30 (rounds 8-9), the
# vantage cut 01:45-02:00 (round 11). It asserts:
#   - "two" is judged over all its /24s: partial with one prefix dark, down
#     with both; its lines say "prefix": null and "prefixes": 2;
#   - "wide"'s default lines stay under 64 KiB and list only the /24s that
#     are not up (the 16 dark ones when partial); with the vantage down
#     (1,024 unknown /24s) as many as fit, the rest counted as omitted;
#   - --blocks all lists every /24; none lists none; changed lists exactly
#     the /24s whose state changed since the last round that reached them;
#     the counts per state are the same whatever is listed;
#   - blackout report says the same of the compact and the full lines;
#   - wide-dark.json (all of "wide" dark): the outage's event lines list
#     the first 256 down /24s and count the rest; --blocks all lists all,
#     none none; blackout report reads both alike;
#   - a /8 operand: a dry run as nobody plans one probe per /24, 65,536.
# Needs root only for unshare -n; skipped (77) without it or jq.
set -u
BIN=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"

need jq
need_unshare

DIR=$SRC/tests/sim
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
chmod 0777 "$TMP"

# simulate SCENARIO ROUNDS NAME ARGS...: tests/sim/SCENARIO.json with its
# targets, as nobody under unshare -n, into $TMP/NAME; prints the status.
# --no-watch: the checks below name rounds by number, one every interval
# (watch rounds: test_simulate.sh).
simulate() {
	local scenario=$1 rounds=$2 name=$3
	shift 3
	unshare -n setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN" simulate "$DIR/$scenario.json" -f "$DIR/$scenario.targets.json" \
		-c "$rounds" -m icmp --seed 2 --no-watch "$@" >"$TMP/$name" \
		2>"$TMP/$name.err"
	echo $?
}
# sim NAME ARGS...: scale.json, 12 rounds.
sim() { simulate scale 12 "$@"; }
is() { check "$1" "$3" "$2"; }
# rounds FILE TARGET FILTER: one jq result a round, space-separated.
rounds() {
	jq -c --arg t "$2" "select(.type == \"round\" and .target == \$t) | $3" \
		"$TMP/$1" | tr '\n' ' ' | sed 's/ $//'
}

is "default lines, as nobody: exit 0 (up at the end)" "$(sim auto)" 0
is "nothing on stderr" "$(cat "$TMP/auto.err")" ""

# --- a target of two prefixes -------------------------------------------------
is "two: up, partial with 5.1.0.0/24 dark, down with both prefixes dark, unknown with the vantage cut" \
	"$(rounds auto two .state)" \
	'"up" "up" "up" "partial" "partial" "partial" "up" "down" "down" "up" "unknown" "up"'
is "two: the partial rounds name the dark prefix's /24" \
	"$(rounds auto two '.reason | startswith("5.1.0.0/24 down; 4 of 5")' | tr ' ' '\n' | sort -u | tr '\n' ' ')" \
	"false true "
is "two: \"prefix\" null and \"prefixes\" 2 on every round line" \
	"$(rounds auto two '[.prefix, .prefixes]' | tr ' ' '\n' | sort -u)" '[null,2]'
is "two: its five /24s, of both prefixes, in address order (five: all listed)" \
	"$(jq -c 'select(.type == "round" and .target == "two" and .round == 1) | [.blocks_listed, [.blocks[].prefix]]' "$TMP/auto")" \
	'["all",["5.1.0.0/24","175.45.176.0/24","175.45.177.0/24","175.45.178.0/24","175.45.179.0/24"]]'
is "two: the outage events carry the prefix count too" \
	"$(jq -c 'select(.type == "event" and .target == "two") | [.event, .prefix, .prefixes]' "$TMP/auto" | head -n 1)" \
	'["outage-start",null,2]'

# --- a wide target's lines ------------------------------------------------------
longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 1 }' "$TMP/auto")
if [ "$longest" -lt 65536 ]; then
	pass "every default line is under 64 KiB (longest: $longest bytes with its newline)"
else
	fail "every default line is under 64 KiB" "$longest bytes"
fi
is "wide: its lines list the /24s that are not up" \
	"$(rounds auto wide .blocks_listed | tr ' ' '\n' | sort -u)" '"not-up"'
is "wide: how many listed, each round (16 dark /24s in rounds 4-6)" \
	"$(rounds auto wide '.blocks | length' | cut -d' ' -f1-10)" \
	"0 0 0 16 16 16 0 0 0 0"
is "wide: round 4 lists exactly 6.0.0.0/20's /24s, down" \
	"$(jq -c 'select(.type == "round" and .target == "wide" and .round == 4) |
		[([.blocks[].prefix] == [range(16) | "6.0.\(.).0/24"]), ([.blocks[].state] | unique)]' "$TMP/auto")" \
	'[true,["down"]]'
is "wide: counts per state in round 4" \
	"$(jq -c 'select(.type == "round" and .target == "wide" and .round == 4) | .block_counts | [.up, .down, .unknown, .judged, .adaptive]' "$TMP/auto")" \
	"[1008,16,0,1024,1024]"
r11=$(jq -c 'select(.type == "round" and .target == "wide" and .round == 11) |
	[.vantage, (.blocks | length) + .blocks_omitted, .blocks_omitted > 0,
	 ([.blocks[].state] | unique)]' "$TMP/auto")
is "wide, vantage down: 1,024 unknown /24s, as many listed as fit, the rest counted as omitted" \
	"$r11" '["down",1024,true,["unknown"]]'

# --- --blocks all, changed, none -----------------------------------------------
is "--blocks all: exit 0" "$(sim all --blocks all)" 0
is "--blocks all: every /24 of wide, every round" \
	"$(rounds all wide '[.blocks_listed, (.blocks | length)]' | tr ' ' '\n' | sort -u)" '["all",1024]'
is "--blocks all: the same counts per state as the default lines" \
	"$(rounds all wide .block_counts)" "$(rounds auto wide .block_counts)"
is "--blocks all: the same target fields as the default lines" \
	"$(rounds all wide '[.state, .reason, .addresses, .probes.sent]')" \
	"$(rounds auto wide '[.state, .reason, .addresses, .probes.sent]')"
is "--blocks none: exit 0" "$(sim none --blocks none)" 0
is "--blocks none: no /24 listed, none omitted" \
	"$(rounds none wide '[.blocks_listed, (.blocks | length), .blocks_omitted]' | tr ' ' '\n' | sort -u)" \
	'["none",0,0]'
is "--blocks changed: exit 0" "$(sim changed --blocks changed)" 0
# From the full lines: the /24s whose state differs from the round before.
# Round 1 changes every /24 (from nothing known); round 11, the vantage
# down, reaches none; round 12 finds them as round 10 left them.
jq -s -c '[.[] | select(.type == "round" and .target == "wide")] as $r |
	[range(1; 10) as $i | [$r[$i].blocks, $r[$i - 1].blocks] |
	 [transpose[] | select(.[0].state != .[1].state) | .[0].prefix]]' \
	"$TMP/all" >"$TMP/want"
jq -s -c '[.[] | select(.type == "round" and .target == "wide")][1:10] |
	[.[] | [.blocks[].prefix]]' "$TMP/changed" >"$TMP/got"
is "--blocks changed, rounds 2-10: exactly the /24s whose state changed" \
	"$(cat "$TMP/got")" "$(cat "$TMP/want")"
is "--blocks changed: round 5 lists none, round 4 and 7 the 16 that went down and came back" \
	"$(rounds changed wide '.blocks | length' | cut -d' ' -f4-7)" "16 0 0 16"
is "--blocks changed: round 1 (all changed) is bounded; 11 (vantage down) and 12 list none" \
	"$(jq -c 'select(.type == "round" and .target == "wide" and (.round == 1 or .round >= 11)) |
		[.round, (.blocks | length) + .blocks_omitted, .blocks_omitted > 0]' "$TMP/changed" | tr '\n' ' ')" \
	'[1,1024,true] [11,0,false] [12,0,false] '

# --- blackout report reads both forms alike ----------------------------------
# same_report WHAT A B [OPTION]: blackout report says the same of logs A and
# B (in $TMP), its reports kept as $TMP/report.A and report.B.
same_report() {
	"$BIN" report ${4:-} "$TMP/$2" >"$TMP/report.$2" 2>&1
	"$BIN" report ${4:-} "$TMP/$3" >"$TMP/report.$3" 2>&1
	if cmp -s "$TMP/report.$2" "$TMP/report.$3"; then
		pass "blackout report: the same report from $1"
	else
		fail "blackout report: the same report from $1" \
			"$(diff "$TMP/report.$2" "$TMP/report.$3" | cut -c1-200 | head -4 | tr '\n' ' ')"
	fi
}
same_report "the compact and the full lines" auto all
is "blackout report: wide's /24 flips counted from compact lines (16 down, 16 back)" \
	"$(grep -A4 '^wide' "$TMP/report.auto" | grep -o '[0-9]* /24 flips in these rounds')" \
	"32 /24 flips in these rounds"

# --- event lines of a wide outage (wide-dark.json: all of 6.0.0.0/14 dark
# 00:30-01:00, rounds 4-6) ------------------------------------------------------
# wsim NAME ARGS...: wide-dark.json, 8 rounds.
wsim() { simulate wide-dark 8 "$@"; }
# events FILE: round, event, /24s listed, omitted, the first; one per event.
events() {
	jq -c 'select(.type == "event") | [.round, .event, (.blocks_down | length), .blocks_down_omitted, .blocks_down[0]]' \
		"$TMP/$1" | tr '\n' ' '
}
is "wide outage: exit 0" "$(wsim dark)" 0
is "wide outage: the start lists the first 256 of 1,024 down /24s, 768 omitted" \
	"$(events dark)" '[4,"outage-start",256,768,"6.0.0.0/24"] [7,"outage-end",0,0,null] '
is "wide outage: the first 256 in address order" \
	"$(jq -c 'select(.event == "outage-start") | .blocks_down == [range(256) | "6.0.\(.).0/24"]' "$TMP/dark")" true
bytes=$(jq -c 'select(.type == "event")' "$TMP/dark" | awk '{ if (length($0) > n) n = length($0) } END { print n + 1 }')
if [ "$bytes" -lt 8192 ]; then
	pass "wide outage: its longest event line is $bytes bytes"
else
	fail "wide outage: event lines stay short" "$bytes bytes"
fi
is "--blocks all: the start lists all 1,024" "$(wsim darkall --blocks all)" 0
is "--blocks all: every down /24, none omitted" \
	"$(events darkall)" '[4,"outage-start",1024,0,"6.0.0.0/24"] [7,"outage-end",0,0,null] '
is "--blocks none: exit 0" "$(wsim darknone --blocks none)" 0
is "--blocks none: no /24 listed, all 1,024 counted" \
	"$(events darknone)" '[4,"outage-start",0,1024,null] [7,"outage-end",0,0,null] '
# The same log with the full event lines of --blocks all in place of the
# bounded ones (round lines as they were): the same report.
{ jq -c 'select(.type != "event")' "$TMP/dark"; jq -c 'select(.type == "event")' "$TMP/darkall"; } |
	jq -s -c 'sort_by(.time, (.type == "event")) | .[]' >"$TMP/darkfull"
same_report "bounded and full event lines" dark darkfull --json
is "blackout report: one total outage of wide, from the events, the estimates" \
	"$(jq -c '[.outages_from, (.outages | length), .outages[0].scope, .outages[0].start, .outages[0].end]' "$TMP/report.dark")" \
	'["events",1,"total","2026-12-01T00:27:30Z","2026-12-01T01:00:30Z"]'

# --- a /8 operand, in a dry run, as nobody ------------------------------------
unshare -n setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$BIN" 5.0.0.0/8 --dry-run --sample 1 -m icmp --seed 1 \
	>"$TMP/dry8" 2>"$TMP/dry8.err"
is "a /8 operand: the dry run exits 0 as nobody" "$?" 0
is "a /8 operand: one probe per /24, each in its own /24 of 5.0.0.0/8" \
	"$(jq -r 'select(.type == "probe") | .dst' "$TMP/dry8" |
		awk -F. '$1 == 5 { b[$2 "." $3]++ } END { n = 0; for (k in b) n++; print n, length(b) == NR }')" \
	"65536 1"
is "a /8 operand: nothing on stderr" "$(cat "$TMP/dry8.err")" ""

finish

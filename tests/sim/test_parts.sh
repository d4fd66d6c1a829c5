#!/usr/bin/env bash
# test_parts.sh BLACKOUT TESTHOOKS SRCDIR - a target wider than one window.
#
# A /14 target (1,024 /24s, 262,144 addresses) and a /24 after it, three
# rounds an hour apart, with a /16 of the /14 going dark and a router
# reporting one /24 unreachable from round 2. Run once as `blackout` (one
# window holds the round) and once as blackout-testhooks with
# BLACKOUT_TEST_WINDOW_RECORDS=4096 (a test build's knob: windows of 4,096
# planned records, so the /14 is planned, sent and judged in 64 parts of
# 16 /24s as a census and in parts again once adaptive). RTTs are fixed
# (25 ms) so that the order of sending changes nothing. Under `unshare -n`:
#   - the /14's round and event lines are the same, field for field, but
#     duration_s (each part waits its own timeouts) and the outage's
#     start_by, the end of the round that saw it (later in parts); the
#     /24's too, but its waves (its window is its own now);
#   - the state files are the same but for the time they were saved and
#     that start_by (outage_by_ns);
#   - the parts ran after one another: the /14's first round took longer;
#   - a dry run in parts prints the same probe lines, each address once.
# Needs root only for unshare -n; skipped (77) without it or jq.
set -u
BIN=$1 HOOKS=$2 SRC=$3
. "$SRC/tests/lib/assert.sh"

need jq
need_unshare

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/t.json" <<'JSON'
{ "targets": [ { "name": "wide", "prefix": "10.4.0.0/14" },
               { "name": "small", "prefix": "10.9.0.0/24" } ] }
JSON
cat >"$TMP/s.json" <<'JSON'
{ "start": "2024-03-04T00:00:00Z", "seed": 7,
  "networks": [ { "prefix": "10.0.0.0/8", "density": 0.1,
                  "rtt_ms": [25, 25] } ],
  "events": [
    { "kind": "dark", "prefix": "10.5.0.0/16",
      "start": "2024-03-04T00:30:00Z", "end": "2024-03-04T02:30:00Z" },
    { "kind": "unreachable", "prefix": "10.6.3.0/24",
      "router": "203.0.113.1",
      "start": "2024-03-04T00:30:00Z", "end": "2024-03-04T02:30:00Z" } ] }
JSON
is() { check "$1" "$3" "$2"; }
sim() { # sim OUT STATE BINARY [env...]: three rounds, an hour apart
	local out=$1 state=$2 bin=$3
	shift 3
	env "$@" unshare -n "$bin" simulate "$TMP/s.json" -f "$TMP/t.json" \
		--allow-reserved -m icmp --seed 1 -c 3 -i 3600 -q \
		-s "$TMP/$state" >"$TMP/$out" 2>"$TMP/$out.err"
}
sim one st1 "$BIN"
is "one window: exit 1 (partial)" "$?" 1
sim parts st2 "$HOOKS" BLACKOUT_TEST_WINDOW_RECORDS=4096
is "parts: exit 1 (partial)" "$?" 1
is "parts: nothing on stderr" "$(wc -c <"$TMP/parts.err")" 0

lines() { # lines FILE TARGET [FIELD...]: its lines, sorted keys, less FIELDs
	local f=$1 t=$2 del='.duration_s'
	shift 2
	for x in "$@"; do del="$del, .$x"; done
	jq -cS --arg t "$t" "select(.target == \$t) | del($del)" "$TMP/$f"
}
lines one wide start_by >"$TMP/one.wide"
lines parts wide start_by >"$TMP/parts.wide"
# The outage is watched half way to round 3 (blackout(8), Rounds).
is "the /14: 3 round lines, an outage event and a watch round" \
	"$(jq -r '.type + "/" + (.state // .event) +
		(if .watch then "/watch" else "" end)' "$TMP/parts.wide" |
		tr '\n' ' ')" \
	"round/up round/partial event/outage-start round/partial/watch round/partial "
is "the /14's lines: the same, field for field, in parts" \
	"$(cmp -s "$TMP/one.wide" "$TMP/parts.wide" && echo same ||
		diff <(jq -S . "$TMP/one.wide") <(jq -S . "$TMP/parts.wide") | head -20)" same
is "the /14 in round 2: 257 /24s down, 767 up, one router's report" \
	"$(jq -c 'select(.type == "round" and .round == 2) |
		[.block_counts.down, .block_counts.up, .unreachable[0].router,
		 .addresses.probed > 0, .blocks_listed]' "$TMP/parts.wide")" \
	'[257,767,"203.0.113.1",true,"not-up"]'
is "the /24's lines: the same but for its window's waves" \
	"$(cmp -s <(lines one small waves) <(lines parts small waves) && echo same)" same
is "the /14's outage: start_by, the end of its round, later in parts" \
	"$(for f in one parts; do
		jq 'select(.event == "outage-start" and .target == "wide") |
			.start_by | fromdate' "$TMP/$f"
	done | jq -s '.[1] > .[0]')" true
st() { jq -S 'del(.saved) | del(.targets[].outage_by_ns)' "$1"; }
is "the state files: the same but for when they were saved, and start_by" \
	"$(cmp -s <(st "$TMP/st1") <(st "$TMP/st2") && echo same)" same
is "parts: the /14's census took longer (64 parts, each its own waits)" \
	"$(for f in one parts; do
		jq 'select(.type == "round" and .round == 1 and .target == "wide") |
			.duration_s' "$TMP/$f"
	done | jq -s '.[1] > .[0] + 60')" true

unshare -n "$BIN" --dry-run --allow-reserved -m icmp -r 0 --seed 1 \
	-f "$TMP/t.json" |
	LC_ALL=C sort >"$TMP/dry1"
BLACKOUT_TEST_WINDOW_RECORDS=4096 unshare -n "$HOOKS" --dry-run \
	--allow-reserved -m icmp -r 0 --seed 1 -f "$TMP/t.json" |
	LC_ALL=C sort >"$TMP/dry2"
is "dry run in parts: a probe line per address" \
	"$(grep -c '"type":"probe"' "$TMP/dry2")" 262400
is "dry run in parts: each address once" \
	"$(grep '"type":"probe"' "$TMP/dry2" | jq -r .dst | sort -u | wc -l)" 262400
is "dry run in parts: the same probe lines as in one window" \
	"$(cmp -s <(grep '"type":"probe"' "$TMP/dry1") <(grep '"type":"probe"' "$TMP/dry2") && echo same)" same
finish

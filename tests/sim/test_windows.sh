#!/usr/bin/env bash
# test_windows.sh BLACKOUT SRCDIR - a round planned and sent in windows.
#
# 18 /16 targets (1,179,648 addresses) are more than one window's 2^20
# planned records, so a census round runs as two windows: the first 16
# targets, then the last 2. Under `unshare -n`, nothing sent:
#   - blackout simulate: every target gets its round line with every
#     address probed, up, with a fifth of them answering (the density,
#     within five standard deviations); the second window's lines come
#     after the first's and later in the round (its waves ran after);
#   - --dry-run: every probe line is printed once, and the second
#     window's come after all of the first's (the dry run streams window by
#     window instead of planning the whole round).
# Needs root only for unshare -n; skipped (77) without it or jq.
set -u
BIN=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"

need jq
need_unshare

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
{
	printf '{ "targets": [\n'
	for ((i = 0; i < 18; i++)); do
		printf '%s{ "name": "n%d", "prefix": "10.%d.0.0/16" }\n' \
			"$([ $i -gt 0 ] && echo ,)" "$i" "$i"
	done
	printf '] }\n'
} >"$TMP/t.json"
cat >"$TMP/s.json" <<'JSON'
{ "start": "2024-03-04T00:00:00Z", "seed": 7,
  "networks": [ { "prefix": "10.0.0.0/8", "density": 0.2 } ] }
JSON

unshare -n "$BIN" simulate "$TMP/s.json" -f "$TMP/t.json" --allow-reserved \
	-m icmp --retries 0 --seed 1 -c 1 -q >"$TMP/out" 2>"$TMP/err"
is() { check "$1" "$3" "$2"; }
is "simulate: exit 0 (all up)" "$?" 0
is "simulate: nothing on stderr" "$(wc -c <"$TMP/err")" 0
jq -c 'select(.type=="round")' "$TMP/out" >"$TMP/rounds"
is "simulate: a round line per target, in order" \
	"$(jq -r .target "$TMP/rounds" | tr '\n' ' ')" \
	"$(for ((i = 0; i < 18; i++)); do printf 'n%d ' $i; done)"
is "simulate: every address probed, all up" \
	"$(jq -s '[.[] | select(.addresses.probed == 65536 and .state == "up")] | length' "$TMP/rounds")" 18
is "simulate: a fifth of each /16 answers" \
	"$(jq -s '[.[] | select(.addresses.responsive > 12600 and .addresses.responsive < 13600)] | length' "$TMP/rounds")" 18
is "simulate: one window for n0..n15 (one duration)" \
	"$(jq -s '[.[0:16][] | .duration_s] | unique | length' "$TMP/rounds")" 1
is "simulate: n16 and n17 judged later, in a window of their own" \
	"$(jq -s '(.[16].duration_s == .[17].duration_s) and (.[16].duration_s > .[15].duration_s)' "$TMP/rounds")" true

unshare -n "$BIN" --dry-run --allow-reserved -m icmp --sample all -r 0 \
	-f "$TMP/t.json" >"$TMP/dry" 2>"$TMP/dryerr"
is "dry run: exit 0" "$?" 0
is "dry run: one probe line per address" \
	"$(grep -c '"type":"probe"' "$TMP/dry")" 1179648
last15=$(grep -n '"target":"n15"' "$TMP/dry" | tail -n 1 | cut -d: -f1)
first16=$(grep -n '"target":"n16"' "$TMP/dry" | head -n 1 | cut -d: -f1)
is "dry run: the second window's probes after all of the first's" \
	"$([ "${first16:-0}" -gt "${last15:-0}" ] && echo yes)" yes
finish

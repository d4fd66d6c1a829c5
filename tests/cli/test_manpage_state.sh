#!/usr/bin/env bash
# test_manpage_state.sh BLACKOUT SRCDIR [MANPAGE]
#
# The state file's keys and blackout(8) agree. STATE FILE sends the reader
# to "State file" in OUTPUT, whose list names each key: ".It Va round",
# ".It Va targets[].spot", and the members of an object in its item's text
# (".Va suspicion"). This makes a real state file, with `blackout simulate`
# under `unshare -n` (nothing can leave), of a target of two prefixes (so
# that "prefixes" is written), and fails when a key of the document, of a
# targets[] entry or of an object in either is missing from that list, or
# when the list names one the file lacks. The version-1 block keys
# (targets[].blocks[].*) are not written any more and are not asked for.
# Keys written only at times are asked of two more state files, whose
# targets join the first's: flapping's 175 rounds, up after a flap and
# watched (targets[].history_some), and partial-half's 200, in its
# partial outage (targets[].outage_inside).
# MANPAGE defaults to SRCDIR/man/blackout.8.
set -u
BLACKOUT=$1 SRC=$2 MAN=${3:-$2/man/blackout.8}
. "$(dirname "$0")/lib.sh"
need jq

if [ "$(id -u)" -eq 0 ]; then NONET=(unshare -n); else NONET=(unshare -rn); fi
"${NONET[@]}" true 2>/dev/null || { echo "# no network namespace here: skipped" >&2; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/targets.json" <<'EOF'
{ "targets": [ { "name": "kp", "prefixes": [ "175.45.176.0/23", "175.45.179.0/24" ] } ],
  "controls": [ "192.0.2.1", "192.0.2.2" ] }
EOF
"${NONET[@]}" "$BLACKOUT" simulate "$SRC/tests/scenarios/north-korea-2014.json" \
	-f "$TMP/targets.json" --seed 1 -c 2 -q -s "$TMP/state" >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" -gt 3 ] || [ ! -s "$TMP/state" ]; then
	fail "blackout simulate -s writes a state file" "exit $rc: $(head -c 200 "$TMP/err")"
	finish
fi
pass "blackout simulate -s writes a state file ($(wc -c <"$TMP/state") bytes)"
for s in flapping:175 partial-half:200; do
	"${NONET[@]}" "$BLACKOUT" simulate "$SRC/tests/scenarios/${s%:*}.json" \
		-f "$SRC/tests/scenarios/${s%:*}.targets.json" --seed 1 -c "${s#*:}" \
		-q -s "$TMP/${s%:*}" >/dev/null 2>>"$TMP/err"
done
jq -s '.[0] + { targets: (map(.targets) | add) }' "$TMP/state" "$TMP/flapping" \
	"$TMP/partial-half" >"$TMP/joined" && mv "$TMP/joined" "$TMP/state"

# The file's keys as paths: "round", "targets[].since_ns", "totals.sent",
# "targets[].spot.due"; and which of them are objects.
members='(to_entries[], (.targets[] | to_entries[] | .key |= "targets[]." + .))'
file_keys=$(jq -r "$members"' | .key as $p | $p,
	(.value | objects | keys_unsorted[] | "\($p).\(.)")' "$TMP/state" | sort -u)
file_objects=$(jq -r "$members"' | select(.value | type == "object") | .key' \
	"$TMP/state" | sort -u)

# The page's: each .It Va PATH of "State file", and PATH.KEY for each .Va KEY
# in the item's own text, up to its next .It, .Bl or .El.
man_keys=$(awk '
	/^\.S[hs] / { on = ($0 == ".Ss State file"); next }
	!on { next }
	/^\.It Va / { item = $3; print item; next }
	/^\.(It|Bl|El)( |$)/ { item = ""; next }
	item != "" { sub(/^\./, ""); for (i = 1; i < NF; i++) if ($i == "Va") print item "." $(i + 1) }
' "$MAN" | sort -u)
[ -n "$man_keys" ] || { fail "found the State file list in $MAN"; finish; }

for k in $file_keys; do
	if has "$man_keys" "$k"; then pass "the page documents $k"
	else fail "the page documents $k" "in the state file, not in State file"; fi
done
# asked KEY: whether the file must hold KEY of the page: a key of the
# document or of a target, or a member of what the file holds as an object
# (another item's .Va is prose: "as in .Va instability").
asked() { [[ $1 =~ ^(targets\[\]\.)?[a-z_]+$ ]] || has "$file_objects" "${1%.*}"; }
for k in $man_keys; do
	asked "$k" || continue
	if has "$file_keys" "$k"; then pass "$k of the page is in the state file"
	else fail "$k of the page is in the state file" "documented, not written"; fi
done
finish

#!/usr/bin/env bash
# test_targets_cmd.sh BLACKOUT SRCDIR - `blackout targets` end to end, on
# excerpts written for the test (tests/cli/sources/):
#   - the APNIC excerpt with --country KP gives 175.45.176.0/22 (the README's
#     example), a count that is not a power of two becomes two prefixes,
#     reserved and available rows are left out, and the file it writes is a
#     targets file blackout takes (a dry run as nobody under unshare -n when
#     root; a --help-free check of the file otherwise);
#   - the pfx2as excerpt: multi-origin, an AS set, the most specific prefix;
#   - bad lines: file:line and 65, stdout empty; usage: 64; no file: 66.
set -u
BIN=$1 SRC=$2
. "$(dirname "$0")/lib.sh"
need jq

D=$SRC/tests/cli/sources
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
chmod 0755 "$TMP" # nobody reads the file it writes

"$BIN" targets --delegated "$D/delegated-apnic-excerpt" --country KP \
	>"$TMP/kp.json" 2>"$TMP/err"
check "--country KP: exit 0" 0 "$?"
check "--country KP: nothing on stderr" "" "$(cat "$TMP/err")"
check "--country KP gives 175.45.176.0/22" \
	'[{"name":"KP","prefixes":["175.45.176.0/22"]}]' \
	"$(jq -c '.targets' "$TMP/kp.json")"
check "--country jp,KP: one target each, in that order; 1536 addresses are a /22 and a /23; reserved and available left out" \
	'[["JP",["1.0.16.0/20","1.0.64.0/22","1.0.68.0/23"]],["KP",["175.45.176.0/22"]]]' \
	"$(cat "$D/delegated-apnic-excerpt" | "$BIN" targets --delegated - \
		--country jp --country KP | jq -c '[.targets[] | [.name, .prefixes]]')"

# The file it writes is a targets file blackout takes.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
	out=$(unshare -n setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BIN" -f "$TMP/kp.json" --dry-run --sample 1 -m icmp 2>"$TMP/err")
	check "blackout takes the file: a dry run as nobody under unshare -n plans one probe per /24" \
		4 "$(printf '%s\n' "$out" | jq -s '[.[] | select(.type == "probe")] | length')"
	check "... with nothing on stderr" "" "$(cat "$TMP/err")"
else
	skip "blackout takes the file (dry run)" "needs root for unshare -n"
fi

"$BIN" targets --pfx2as "$D/pfx2as-excerpt" --asn 38803,AS4713,18144,7670,23969 \
	>"$TMP/as.json" 2>"$TMP/err"
check "--pfx2as: exit 0" 0 "$?"
check "--pfx2as: AS38803 keeps the multi-origin /24 it was asked for first; AS sets count; 7670's /24 is cut out of 18144's /18; nested prefixes of one AS merge" \
	'[["AS38803",38803,["1.0.4.0/22"]],["AS4713",4713,["1.0.16.0/24"]],["AS18144",18144,["1.0.64.0/24","1.0.66.0/23","1.0.68.0/22","1.0.72.0/21","1.0.80.0/20","1.0.96.0/19"]],["AS7670",7670,["1.0.65.0/24"]],["AS23969",23969,["1.0.128.0/17"]]]' \
	"$(jq -c '[.targets[] | [.name, .asn, .prefixes]]' "$TMP/as.json")"

# A more specific prefix at 0.0.0.0 itself, of another AS: the /24 keeps
# only its upper half (the sweep once gave it all of IPv4, found by
# fuzz_sources).
printf '0.0.0.0\t24\t13335\n0.0.0.0\t25\t38803\n' |
	"$BIN" targets --pfx2as - --asn 13335,38803 >"$TMP/zero.json" 2>"$TMP/err"
check "--pfx2as: a nested prefix at 0.0.0.0" \
	'[["AS13335",["0.0.0.128/25"]],["AS38803",["0.0.0.0/25"]]]' \
	"$(jq -c '[.targets[] | [.name, .prefixes]]' "$TMP/zero.json")"

# bad input
refused() { # NAME STATUS WANT ARGS... (stdin from $TMP/in)
	local name=$1 st=$2 want=$3
	shift 3
	"$BIN" targets "$@" <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	check "$name: exit $st" "$st" "$rc"
	if grep -qF -- "$want" "$TMP/err"; then pass "$name: stderr says '$want'"
	else fail "$name: stderr says '$want'" "$(cat "$TMP/err")"; fi
	check "$name: stdout empty" 0 "$(wc -c <"$TMP/out")"
}
printf 'apnic|KP|ipv4|175.45.176.0|1024|20091118|allocated\napnic|KP|ipv4|175.45.176.0\n' >"$TMP/in"
refused "delegated, a short line" 65 "stdin:2: expected registry|cc|type|start|value|date|status" \
	--delegated - --country KP
printf '1.0.0.0\t24\t13335\n1.0.1.0\t24\tAS13335\n' >"$TMP/in"
refused "pfx2as, a bad origin" 65 "stdin:2: origin AS: 'AS13335' is not a number" \
	--pfx2as - --asn 13335
: >"$TMP/in"
refused "a country with no space" 65 "no allocated or assigned IPv4 space for FR" \
	--delegated "$D/delegated-apnic-excerpt" --country FR
refused "no code" 64 "give --delegated FILE and --country CC" --delegated "$D/delegated-apnic-excerpt"
refused "two kinds mixed" 64 "do not mix" --delegated - --asn 1
refused "a bad country code" 64 "'K1' is not a two-letter country code" --delegated - --country K1
refused "an operand" 64 "unexpected operand" --delegated - --country KP extra
refused "a missing file" 66 "/nonexistent/x: No such file or directory" \
	--pfx2as /nonexistent/x --asn 1

finish

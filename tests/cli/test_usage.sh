#!/usr/bin/env bash
# test_usage.sh BLACKOUT SRCDIR
#
# Command-line golden tests (man/blackout.8, EXIT STATUS). First a table of
# bad input: each row must exit with its status, print exactly one line on
# stderr containing the expected text, print nothing on stdout, and leave a
# pre-existing --output file byte for byte as it was. Then positive checks:
# --version, --help, and what a dry run plans.
#
# No row sends a probe. "dry" rows run with --dry-run. "live" rows (the ones
# whose refusal depends on the network: interface, source address, route,
# and the state file, which a dry run does not read) run without --dry-run
# but inside a new, empty network namespace, where nothing could leave the
# host even if blackout failed to refuse; they are skipped when no namespace
# can be made. "lock" rows are live rows run while another process holds the
# state file's lock (flock FILE.lock sleep 5, as a second run would find it).
# "nobody" rows are dry rows run as the user nobody when we are root (so a
# file mode can make a file unreadable), skipped without setpriv. Every row
# also checks that no file of the data directory changed (the state files
# byte for byte) and that no temporary state file was left behind. Every
# prefix is in 198.18.0.0/15, or is refused before anything is planned.
set -u
BLACKOUT=$1 SRC=$2
. "$(dirname "$0")/lib.sh"
need jq

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
D=$work/data
mkdir "$D"
OUT=$work/out.log
printf 'an earlier run wrote this line\n{"type":"run"}\n' >"$work/out.ref"

# --- Input files. --------------------------------------------------------
: >"$D/empty.json"
tgt() { # tgt FILE JSON-TEXT: writes the file with a trailing newline.
	printf '%s\n' "$2" >"$D/$1"
}
tgt invalid.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" },
  { "name": "b" "prefix": "198.18.1.0/24" }
] }'
tgt dup.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" },
  { "name": "a", "prefix": "198.18.1.0/24" }
] }'
tgt overlap.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/23" },
  { "name": "b", "prefix": "198.18.1.0/24" }
] }'
tgt overlap2.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/23" },
  { "name": "b", "prefixes": [ "198.19.0.0/24",
                               "198.18.1.0/24" ] }
] }'
tgt overlap3.json '{ "targets": [
  { "name": "a", "prefixes": [ "198.18.0.0/23", "198.18.1.0/24" ] }
] }'
tgt unknownkey.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "colour": "red" }
] }'
tgt unknowntop.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" }
], "control": [] }'
tgt hostbits.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.1/24" }
] }'
tgt wide.json '{ "targets": [
  { "name": "a", "prefix": "198.0.0.0/7" }
] }'
tgt ipv6.json '{ "targets": [
  { "name": "a", "prefix": "2001:db8::/32" }
] }'
tgt ctlin.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" }
], "controls": [ "198.18.0.5" ] }'
tgt ctlprefix.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" }
], "controls": [ "198.18.1.0/30" ] }'
tgt reserved.json '{ "targets": [
  { "name": "a", "prefix": "10.0.0.0/24" }
] }'
tgt reservedctl.json '{ "targets": [
  { "name": "kp", "prefix": "175.45.176.0/22" }
], "controls": [ "192.0.2.1" ] }'
tgt notargets.json '{ "targets": [] }'
tgt array.json '[ { "name": "a", "prefix": "198.18.0.0/24" } ]'
tgt noname.json '{ "targets": [
  { "prefix": "198.18.0.0/24" }
] }'
tgt longname.json "{ \"targets\": [
  { \"name\": \"$(printf 'x%.0s' {1..65})\", \"prefix\": \"198.18.0.0/24\" }
] }"
tgt sample.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "sample": 0 }
] }'
tgt sample2.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "sample": 5 },
  { "name": "b", "prefix": "198.18.1.0/24", "sample": 0 }
] }'
tgt methods.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "methods": "icmp,udp:53" }
] }'
tgt asn.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "asn": -1 }
] }'
tgt dupkey.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" }
], "targets": [] }'
tgt trailing.json '{ "targets": [ { "name": "a", "prefix": "198.18.0.0/24" } ] } x'
printf '{ "targets": [ { "name": "a", "prefix": "198.18.0.0/24" ' >"$D/truncated.json"
printf '{ "targets": [ { "name": "a\377", "prefix": "198.18.0.0/24" } ] }\n' >"$D/utf8.json"
printf ' \n\t\n' >"$D/blank.json"
tgt ctl6.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" }
], "controls": [ "2001:db8::1" ] }'
tgt nomethods.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "methods": [] }
] }'
tgt nummethods.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "methods": [80] }
] }'
tgt numprefix.json '{ "targets": [
  { "name": "a", "prefix": 198 }
] }'
tgt bigasn.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24", "asn": 4294967296 }
] }'
tgt newline.json '{ "targets": [
  { "name": "a\nb", "prefix": "198.18.0.0/24" },
  { "name": "a\nb", "prefix": "198.18.1.0/24" }
] }'
tgt escape.json '{ "targets": [
  { "name": "a\u001b[2J", "prefix": "10.0.0.0/24" }
] }'
tgt badvantage.json '{ "targets": [
  { "name": "a", "prefix": "198.18.0.0/24" } ],
  "vantage": "two words" }'
tgt unreadable.json '{ "targets": [ { "name": "a", "prefix": "198.18.0.0/24" } ] }'
chmod 0 "$D/unreadable.json"
chmod 0755 "$work" "$D"
printf '198.18.0.0/30\n# a comment\n  198.18.0.300\n' >"$D/bad.exclude"
printf '198.18.0.0/30\n2001:db8::/32\n' >"$D/ipv6.exclude"

# State files. good.state is a valid state for the operand 198.18.0.0/30 and
# the default methods (its row proves it loads: the run goes on to fail on
# the route); the others are damaged copies or not ours at all.
ever=$(printf '0%.0s' {1..63}) hints=$(printf '.%.0s' {1..252})
good='{"format":"blackout-state","version":1,"saved":"2026-11-23T05:00:00Z","round":3,"methods":["icmp","tcp:80","tcp:443"],"targets":[{"name":"198.18.0.0/30","prefix":"198.18.0.0/30","state":"up","since_ns":1,"in_outage":false,"outage_start_ns":0,"outage_scope":"up","census_avail":0.5,"history":[[1,"up",0,0.5]],"blocks":[{"ever":"f'$ever'","hints":"aaaa'$hints'","avail":0.5,"belief":0.99,"state":"up","censused":true}]}]}'
printf '%s\n' "$good" >"$D/good.state"
printf '%s\n' "$good" >"$D/locked.state"
printf '%s\n' "${good/\"round\":3,/\"round\":3,\"vantage\":\"ams1\",}" >"$D/vantage.state"
printf 'this is not json' >"$D/garbage.state"
printf '%s' "$good" | head -c 200 >"$D/truncated.state"
: >"$D/empty.state"
printf '{"targets": []}\n' >"$D/foreign.state"
printf '%s\n' "${good/\"blackout-state\"/\"other-tool\"}" >"$D/format.state"
printf '%s\n' "${good/\"version\":1/\"version\":99}" >"$D/future.state"
printf '%s\n' "${good/\"round\":3/\"round\":-1}" >"$D/round.state"
printf '%s\n' "${good/\"ever\":\"f/\"ever\":\"g}" >"$D/ever.state"
printf '%s\n' "${good/\"belief\":0.99/\"belief\":7}" >"$D/belief.state"
printf '%s\n' "${good/\"methods\":\[\"icmp\"/\"methods\":[\"udp:53\"}" >"$D/method.state"
printf '%s\n' "${good/\"round\":3,/\"round\":3,\"round\":4,}" >"$D/dupkey.state"
printf '{"format":"blackout-state",\0"version":1}\n' >"$D/nul.state"
mkdir "$D/dir.state"
ln -s "$D/victim" "$D/symlink.state.lock"
printf '198.18.0.0/30\n198.18.1.1/24 # host bits\n' >"$D/hostbits.exclude"

# --- Where the live rows run. ----------------------------------------------
NETNS=
if unshare -n true 2>/dev/null; then
	NETNS="unshare -n"
elif unshare -rn true 2>/dev/null; then
	NETNS="unshare -rn"
fi

# --- The table. ---------------------------------------------------------------
# mode | status | stderr text | arguments (after "-o $OUT", and --dry-run
# for dry rows; shell words, $D is the data directory)
rows() {
	cat <<'ROWS'
dry | 64 | unknown option '--bogus' (see --help) | --bogus 198.18.0.0/30
dry | 64 | unknown option '-x' (see --help) | -x 198.18.0.0/30
dry | 64 | option '--rate' needs a value | --allow-reserved 198.18.0.0/30 --rate
dry | 64 | option '-t' needs a value | --allow-reserved 198.18.0.0/30 -t
dry | 64 | option '--exclude' needs a value | --allow-reserved 198.18.0.0/30 --exclude
dry | 64 | --rate: '-1' is not a number | --rate -1 --allow-reserved 198.18.0.0/30
dry | 64 | --rate: 99999999999 is too large (maximum 10000000) | --rate 99999999999 --allow-reserved 198.18.0.0/30
dry | 64 | --rate: 'abc' is not a number | --rate abc --allow-reserved 198.18.0.0/30
dry | 64 | --rate: empty number | --rate= --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: '-1' is not a number of seconds | --timeout -1 --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: 1e9 is too large (maximum 3600) | --timeout 1e9 --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: 'nan' is not a number of seconds | -t nan --allow-reserved 198.18.0.0/30
dry | 64 | --retries: 11 is too large (maximum 10) | --retries 11 --allow-reserved 198.18.0.0/30
dry | 64 | --rounds: 'x' is not a number | -c x --allow-reserved 198.18.0.0/30
dry | 64 | --interval: 604801 is too large (maximum 604800) | -i 604801 --allow-reserved 198.18.0.0/30
dry | 64 | --seed: '-1' is not a number | --seed -1 --allow-reserved 198.18.0.0/30
dry | 64 | --sample: '0' is not 'all', 'auto' or 1 to 256 | --sample 0 --allow-reserved 198.18.0.0/30
dry | 64 | --sample: '257' is not 'all', 'auto' or 1 to 256 | --sample 257 --allow-reserved 198.18.0.0/30
dry | 64 | --sample: 'most' is not 'all', 'auto' or 1 to 256 | --sample most --allow-reserved 198.18.0.0/30
dry | 64 | --blocks: 'some' is not auto, all, changed or none | --blocks some --allow-reserved 198.18.0.0/30
dry | 64 | --methods: unknown method 'udp:53' (use icmp or tcp:PORT) | --methods udp:53 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: 'tcp:0' has a bad port (1 to 65535) | --methods tcp:0 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: 'tcp:65536' has a bad port (1 to 65535) | -m icmp,tcp:65536 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: method 'icmp' given twice | --methods icmp,icmp --allow-reserved 198.18.0.0/30
dry | 64 | --methods: no methods given | --methods , --allow-reserved 198.18.0.0/30
dry | 64 | --source: 'not-an-ip' is not an IPv4 address or prefix | --source not-an-ip --allow-reserved 198.18.0.0/30
dry | 64 | --source: '2001:db8::1' is IPv6; blackout probes IPv4 only | --source 2001:db8::1 --allow-reserved 198.18.0.0/30
dry | 64 | --source: '198.18.0.0/30' is not a single address | -S 198.18.0.0/30 --allow-reserved 198.18.0.0/30
dry | 64 | '198.18.0.1/30' has host bits set (did you mean 198.18.0.0/30?) | --allow-reserved 198.18.0.1/30
dry | 64 | '2001:db8::/32' is IPv6; blackout probes IPv4 only | --allow-reserved 2001:db8::/32
dry | 64 | 198.0.0.0/7 is wider than a /8; split it into /8s | --allow-reserved 198.0.0.0/7
dry | 64 | '198.18.0.0/33' has a bad prefix length (0 to 32) | --allow-reserved 198.18.0.0/33
dry | 64 | '198.18.0' is not an IPv4 address or prefix | --allow-reserved 198.18.0
dry | 64 | 10.0.0.0/16 is special-use space (10.0.0.0/8); pass --allow-reserved | 10.0.0.0/16
dry | 64 | 198.18.0.0/30 is special-use space (198.18.0.0/15); pass --allow-reserved | 198.18.0.0/30
dry | 64 | no targets (give a PREFIX or -f FILE | -m icmp
dry | 64 | duplicate target name "198.18.0.0/30" | --allow-reserved 198.18.0.0/30 198.18.0.0/30
dry | 64 | target "198.18.0.0/30" (198.18.0.0/30) overlaps target "198.18.0.0/24" | --allow-reserved 198.18.0.0/24 198.18.0.0/30
dry | 66 | missing.json: No such file or directory | --allow-reserved -f $D/missing.json
dry | 66 | Is a directory | --allow-reserved -f $D
dry | 65 | empty.json: the targets file is empty | --allow-reserved -f $D/empty.json
dry | 65 | invalid.json:3:24: | --allow-reserved -f $D/invalid.json
dry | 65 | duplicate target name "a" | --allow-reserved -f $D/dup.json
dry | 65 | target "b" (198.18.1.0/24) overlaps target "a" (198.18.0.0/23) | --allow-reserved -f $D/overlap.json
dry | 65 | overlap2.json:4:32: target "b" (198.18.1.0/24) overlaps target "a" (198.18.0.0/23) | --allow-reserved -f $D/overlap2.json
dry | 65 | overlap3.json:2:49: target "a": 198.18.1.0/24 overlaps 198.18.0.0/23, another of its prefixes | --allow-reserved -f $D/overlap3.json
dry | 65 | unknownkey.json:2:45: target "a": unknown key "colour" | --allow-reserved -f $D/unknownkey.json
dry | 65 | unknowntop.json:3:4: unknown key "control" | --allow-reserved -f $D/unknowntop.json
dry | 65 | hostbits.json:2:28: '198.18.0.1/24' has host bits set | --allow-reserved -f $D/hostbits.json
dry | 65 | 198.0.0.0/7 is wider than a /8 | --allow-reserved -f $D/wide.json
dry | 65 | ipv6.json:2:28: '2001:db8::/32' is IPv6 | --allow-reserved -f $D/ipv6.json
dry | 65 | control 198.18.0.5 lies inside target "a" | --allow-reserved -f $D/ctlin.json
dry | 65 | control '198.18.1.0/30' must be a single address | --allow-reserved -f $D/ctlprefix.json
dry | 65 | 10.0.0.0/24 is special-use space (10.0.0.0/8) | -f $D/reserved.json
dry | 65 | control 192.0.2.1 is special-use space (192.0.2.0/24) | -f $D/reservedctl.json
dry | 65 | needs a non-empty "targets" array | --allow-reserved -f $D/notargets.json
dry | 65 | array.json:1:1: expected an object with a "targets" array | --allow-reserved -f $D/array.json
dry | 65 | targets[0] needs a "name" string of 1 to 64 characters | --allow-reserved -f $D/noname.json
dry | 65 | targets[0] needs a "name" string of 1 to 64 characters | --allow-reserved -f $D/longname.json
dry | 65 | sample.json:2:45: "sample" must be "all", "auto" or 1 to 256 | --allow-reserved -f $D/sample.json
dry | 65 | sample2.json:3:45: "sample" must be "all", "auto" or 1 to 256 | --allow-reserved -f $D/sample2.json
dry | 65 | methods.json:2:45: unknown method 'udp:53' | --allow-reserved -f $D/methods.json
dry | 65 | asn.json:2:45: "asn" must be an AS number | --allow-reserved -f $D/asn.json
dry | 65 | dupkey.json:3:12: duplicate object key | --allow-reserved -f $D/dupkey.json
dry | 65 | bad.exclude:3:3: '198.18.0.300' is not an IPv4 address or prefix | --allow-reserved --exclude $D/bad.exclude 198.18.0.0/24
dry | 65 | hostbits.exclude:2:1: '198.18.1.1/24' has host bits set | --allow-reserved --exclude $D/hostbits.exclude 198.18.0.0/24
dry | 66 | missing.exclude: No such file or directory | --allow-reserved --exclude $D/missing.exclude 198.18.0.0/24
dry | 73 | --output: $D/nodir/out.log: No such file or directory | --allow-reserved -o $D/nodir/out.log 198.18.0.0/30
dry | 73 | --output: $D: Is a directory | --allow-reserved -o $D 198.18.0.0/30
dry | 64 | target: '198.18.0.0/' has a bad prefix length (0 to 32) | --allow-reserved 198.18.0.0/
dry | 64 | target: '198.18.0.0/24x' has a bad prefix length (0 to 32) | --allow-reserved 198.18.0.0/24x
dry | 64 | target: '/24' is not an IPv4 address or prefix | --allow-reserved /24
dry | 64 | target: '198.018.0.0/24' is not an IPv4 address or prefix | --allow-reserved 198.018.0.0/24
dry | 64 | target: '256.0.0.0/16' is not an IPv4 address or prefix | --allow-reserved 256.0.0.0/16
dry | 64 | target: ' 198.18.0.0/24' is not an IPv4 address or prefix | --allow-reserved ' 198.18.0.0/24'
dry | 64 | target: '::ffff:198.18.0.1' is IPv6; blackout probes IPv4 only | --allow-reserved ::ffff:198.18.0.1
dry | 64 | --source: '::ffff:198.18.0.1' is IPv6; blackout probes IPv4 only | -S ::ffff:198.18.0.1 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: 'tcp:' has a bad port (1 to 65535) | -m tcp: --allow-reserved 198.18.0.0/30
dry | 64 | --methods: 'tcp:80x' has a bad port (1 to 65535) | -m tcp:80x --allow-reserved 198.18.0.0/30
dry | 64 | --methods: 'tcp:-80' has a bad port (1 to 65535) | -m tcp:-80 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: unknown method 'icmp:1' (use icmp or tcp:PORT) | -m icmp:1 --allow-reserved 198.18.0.0/30
dry | 64 | --methods: unknown method 'TCP:80' (use icmp or tcp:PORT) | -m TCP:80 --allow-reserved 198.18.0.0/30
dry | 64 | --rate: 10000001 is too large (maximum 10000000) | -r 10000001 --allow-reserved 198.18.0.0/30
dry | 64 | --rate: 18446744073709551616 is too large (maximum 10000000) | -r 18446744073709551616 --allow-reserved 198.18.0.0/30
dry | 64 | --rate: '1e3' is not a number | -r 1e3 --allow-reserved 198.18.0.0/30
dry | 64 | --rounds: 4294967295 is too large (maximum 4294967294) | -c 4294967295 --allow-reserved 198.18.0.0/30
dry | 64 | --seed: 9223372036854775808 is too large (maximum 9223372036854775807) | --seed 9223372036854775808 --allow-reserved 198.18.0.0/30
dry | 64 | --interval: '-1' is not a number of seconds | -i -1 --allow-reserved 198.18.0.0/30
dry | 64 | --retries: '-1' is not a number | --retries -1 --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: 3601 is too large (maximum 3600) | -t 3601 --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: 'inf' is not a number of seconds | -t inf --allow-reserved 198.18.0.0/30
dry | 64 | --timeout: '0x10' is not a number of seconds | -t 0x10 --allow-reserved 198.18.0.0/30
dry | 64 | 224.0.0.0/24 is special-use space (224.0.0.0/4); pass --allow-reserved | 224.0.0.0/24
dry | 64 | 0.0.0.0/16 is special-use space (0.0.0.0/8); pass --allow-reserved | 0.0.0.0/16
dry | 64 | 255.255.255.255/32 is special-use space (240.0.0.0/4); pass --allow-reserved | 255.255.255.255
dry | 64 | 127.0.0.1/32 is special-use space (127.0.0.0/8); pass --allow-reserved | 127.0.0.1
dry | 64 | 100.64.0.0/16 is special-use space (100.64.0.0/10); pass --allow-reserved | 100.64.0.0/16
dry | 64 | 172.16.0.0/16 is special-use space (172.16.0.0/12); pass --allow-reserved | 172.16.0.0/16
dry | 64 | 192.168.1.0/24 is special-use space (192.168.0.0/16); pass --allow-reserved | 192.168.1.0/24
dry | 64 | 169.254.0.0/16 is special-use space (169.254.0.0/16); pass --allow-reserved | 169.254.0.0/16
dry | 64 | 192.0.2.0/24 is special-use space (192.0.2.0/24); pass --allow-reserved | 192.0.2.0/24
dry | 64 | --user: no such user 'no-such-user-x' | --user no-such-user-x --allow-reserved 198.18.0.0/30
dry | 64 | --user: no such user '' | --user '' --allow-reserved 198.18.0.0/30
dry | 64 | --shard: '1' is not I/N (e.g. 0/4) | --seed 1 --shard 1 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: '/2' is not I/N (e.g. 0/4) | --seed 1 --shard /2 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: 2/2: I must be 0 to N-1 (shards are numbered from 0) | --seed 1 --shard 2/2 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: N: 0 is too small (minimum 1) | --seed 1 --shard 0/0 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: N: 65537 is too large (maximum 65536) | --seed 1 --shard 0/65537 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: I: 'a' is not a number | --seed 1 --shard a/2 --allow-reserved 198.18.0.0/30
dry | 64 | --shard: I: '-1' is not a number | --seed 1 --shard -1/2 --allow-reserved 198.18.0.0/30
dry | 64 | --shard needs --seed | --shard 0/2 --allow-reserved 198.18.0.0/30
dry | 64 | --vantage: 'a b' is not 1 to 63 letters, digits, '.', '-' or '_' | --vantage 'a b' --allow-reserved 198.18.0.0/30
dry | 64 | --vantage: '' is not 1 to 63 letters | --vantage '' --allow-reserved 198.18.0.0/30
dry | 65 | badvantage.json:3:3: "vantage" must be a name of 1 to 63 letters | --allow-reserved -f $D/badvantage.json
dry | 73 | --metrics: cannot create $D/nodir/.m.prom. | --metrics $D/nodir/m.prom --allow-reserved 198.18.0.0/30
live | 65 | vantage.state: the state of vantage 'ams1', not of 'fra2'; give each vantage a state file of its own | --vantage fra2 --allow-reserved -s $D/vantage.state 198.18.0.0/30
dry | 66 | empty.json/x: Not a directory | --allow-reserved -f $D/empty.json/x
nobody | 66 | unreadable.json: Permission denied | --allow-reserved -f $D/unreadable.json
dry | 65 | blank.json:3:0: '[' or '{' expected near end of file | --allow-reserved -f $D/blank.json
dry | 65 | trailing.json:1:63: end of file expected near 'x' | --allow-reserved -f $D/trailing.json
dry | 65 | truncated.json:1:56: '}' expected near end of file | --allow-reserved -f $D/truncated.json
dry | 65 | utf8.json:1:27: unable to decode byte 0xff | --allow-reserved -f $D/utf8.json
dry | 65 | ctl6.json:3:18: '2001:db8::1' is IPv6; blackout probes IPv4 only | --allow-reserved -f $D/ctl6.json
dry | 65 | nomethods.json:2:45: no methods given | --allow-reserved -f $D/nomethods.json
dry | 65 | nummethods.json:2:45: "methods" must hold strings such as "icmp" | --allow-reserved -f $D/nummethods.json
dry | 65 | numprefix.json:2:13: target "a" needs a "prefix" string | --allow-reserved -f $D/numprefix.json
dry | 65 | bigasn.json:2:45: "asn" must be an AS number | --allow-reserved -f $D/bigasn.json
dry | 65 | ipv6.exclude:2:1: '2001:db8::/32' is IPv6; blackout probes IPv4 only | --allow-reserved --exclude $D/ipv6.exclude 198.18.0.0/24
dry | 65 | newline.json: duplicate target name "a\nb" | --allow-reserved -f $D/newline.json
dry | 65 | escape.json: target "a\x1b[2J": 10.0.0.0/24 is special-use space | -f $D/escape.json
dry | 64 | target: '198.18.0.0\n/24' is not an IPv4 address or prefix | --allow-reserved $'198.18.0.0\n/24'
live | 65 | garbage.state: not a valid blackout state file (line 1, column 4: | --allow-reserved -s $D/garbage.state 198.18.0.0/30
live | 65 | truncated.state: not a valid blackout state file (line 1, column 200: premature end of input | --allow-reserved -s $D/truncated.state 198.18.0.0/30
live | 65 | empty.state: not a valid blackout state file (line 1, column 0: '[' or '{' expected near end of file) | --allow-reserved -s $D/empty.state 198.18.0.0/30
live | 65 | foreign.state: not a valid blackout state file (no "format": "blackout-state"); refusing to use or overwrite it | --allow-reserved -s $D/foreign.state 198.18.0.0/30
live | 65 | format.state: not a valid blackout state file (no "format": "blackout-state") | --allow-reserved -s $D/format.state 198.18.0.0/30
live | 65 | future.state: not a valid blackout state file (unsupported version) | --allow-reserved -s $D/future.state 198.18.0.0/30
live | 65 | round.state: not a valid blackout state file (round) | --allow-reserved -s $D/round.state 198.18.0.0/30
live | 65 | ever.state: not a valid blackout state file (block: "ever" must be hex) | --allow-reserved -s $D/ever.state 198.18.0.0/30
live | 65 | belief.state: not a valid blackout state file (block: avail, belief, state or censused) | --allow-reserved -s $D/belief.state 198.18.0.0/30
live | 65 | method.state: not a valid blackout state file (methods: unknown method) | --allow-reserved -s $D/method.state 198.18.0.0/30
live | 65 | dupkey.state: not a valid blackout state file (line 1, column | --allow-reserved -s $D/dupkey.state 198.18.0.0/30
live | 65 | nul.state: not a valid blackout state file (line 1, column | --allow-reserved -s $D/nul.state 198.18.0.0/30
live | 66 | --state: $D/dir.state: Is a directory | --allow-reserved -s $D/dir.state 198.18.0.0/30
live | 73 | --state: cannot create $D/nodir/s.state.lock: No such file or directory | --allow-reserved -s $D/nodir/s.state 198.18.0.0/30
live | 73 | --state: $D/symlink.state.lock is a symbolic link; blackout will not follow it | --allow-reserved -s $D/symlink.state 198.18.0.0/30
lock | 75 | --state: $D/locked.state is in use by another blackout run | --allow-reserved -s $D/locked.state 198.18.0.0/30
dry | 69 | --interface: nosuchif0: no such interface | --allow-reserved -I nosuchif0 198.18.0.0/30
live | 69 | --interface: nosuchif0: no such interface | --allow-reserved -I nosuchif0 198.18.0.0/30
live | 69 | blackout: --source: source address 198.18.0.9 is not on any interface of this host | --allow-reserved -S 198.18.0.9 198.18.0.0/30
ROWS
}

# A digest of every file in the data directory, to prove a row changed none.
digest() { find "$D" -type f ! -name '*.lock' -exec md5sum {} + 2>/dev/null | sort; }
lock_held() { ! flock -n "$1" true; } # someone else holds lock file $1
AS_NOBODY=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi

row_no=0
while IFS='|' read -r mode status text args; do
	mode=$(echo $mode) status=$(echo $status)
	text=${text# } text=${text% } args=${args# }
	[ -n "$mode" ] || continue
	row_no=$((row_no + 1))
	eval "set -- $args"
	text=${text//\$D/$D}
	label="row $row_no ($mode): ${args//\$D\//} -> $status"
	cp "$work/out.ref" "$OUT"
	before=$(digest)
	lockpid=
	if [ "$mode" = live ] || [ "$mode" = lock ]; then
		if [ -z "$NETNS" ]; then
			skip "$label" "cannot make a network namespace"
			continue
		fi
		if [ "$mode" = lock ]; then
			if ! command -v flock >/dev/null; then
				skip "$label" "flock (util-linux) not installed"
				continue
			fi
			lockfile=$(printf '%s\n' "$@" | grep -m1 '\.state$').lock
			flock "$lockfile" sleep 5 &
			lockpid=$!
			# Until the lock is taken (flock -n fails).
			wait_for 2 lock_held "$lockfile"
		fi
		timeout 60 $NETNS "$BLACKOUT" -o "$OUT" "$@" \
			>"$work/stdout" 2>"$work/stderr" </dev/null
	elif [ "$mode" = nobody ] && [ "$(id -u)" -eq 0 ]; then
		if [ ${#AS_NOBODY[@]} -eq 0 ]; then
			skip "$label" "setpriv (util-linux) not installed"
			continue
		fi
		timeout 60 "${AS_NOBODY[@]}" "$BLACKOUT" -o "$OUT" --dry-run "$@" \
			>"$work/stdout" 2>"$work/stderr" </dev/null
	else
		timeout 60 "$BLACKOUT" -o "$OUT" --dry-run "$@" \
			>"$work/stdout" 2>"$work/stderr" </dev/null
	fi
	got=$?
	[ -n "$lockpid" ] && kill "$lockpid" 2>/dev/null && wait "$lockpid" 2>/dev/null
	why=()
	[ "$got" = "$status" ] || why+=("exit $got, expected $status")
	lines=$(wc -l <"$work/stderr")
	[ "$lines" = 1 ] || why+=("$lines lines on stderr")
	grep -qF -- "$text" "$work/stderr" || why+=("stderr lacks '$text'")
	head -n1 "$work/stderr" | grep -q '^blackout: ' || why+=("stderr does not start with 'blackout: '")
	[ -s "$work/stdout" ] && why+=("$(wc -l <"$work/stdout") lines on stdout")
	cmp -s "$OUT" "$work/out.ref" || why+=("--output file changed")
	[ "$(digest)" = "$before" ] || why+=("a file of the data directory changed")
	[ -z "$(find "$D" -name '*.tmp.*')" ] || why+=("a temporary state file was left")
	if [ ${#why[@]} -eq 0 ]; then
		pass "$label"
	else
		msg=$(IFS=';'; echo "${why[*]}")
		fail "$label" "$msg; stderr: $(head -c 160 "$work/stderr" | tr '\n' ' ')"
	fi
done < <(rows)
check "a lock file that is a symbolic link was not followed" absent \
	"$([ -e "$D/victim" ] && echo created || echo absent)"

# --- Positive checks. ---------------------------------------------------------
# run NAME ARGS...: runs blackout, leaving stdout, stderr and the status.
run() {
	timeout 60 "$BLACKOUT" "$@" >"$work/stdout" 2>"$work/stderr" </dev/null
	status=$?
}

run --version
version=$(cat "$work/stdout")
if [ "$status" = 0 ] && [ "$(wc -l <"$work/stdout")" = 1 ] &&
   printf '%s\n' "$version" | grep -qxE 'blackout [0-9]+\.[0-9]+\.[0-9]+' &&
   [ ! -s "$work/stderr" ]; then
	pass "--version prints 'blackout X.Y.Z' and exits 0 ($version)"
else
	fail "--version prints 'blackout X.Y.Z' and exits 0" "exit $status, '$version'"
fi
cmake_version=$(perl -ne 'print $1 if /^project\(\s*blackout\s+VERSION\s+([0-9.]+)/' "$SRC/CMakeLists.txt")
check "--version matches project(VERSION) in CMakeLists.txt" "blackout $cmake_version" "$version"
run -V
check "-V prints what --version prints" "$version" "$(cat "$work/stdout")"

run --help
help=$(cat "$work/stdout")
if [ "$status" = 0 ] && [ ! -s "$work/stderr" ] &&
   printf '%s\n' "$help" | head -n1 | grep -q '^usage: blackout ' &&
   printf '%s\n' "$help" | grep -q 'blackout(8)'; then
	pass "--help prints the usage on stdout and exits 0"
else
	fail "--help prints the usage on stdout and exits 0" "exit $status"
fi
run -h
check "-h prints what --help prints" "$help" "$(cat "$work/stdout")"

# The golden dry run: a /30, seed 7, ICMP only, a census.
golden=(--dry-run --allow-reserved --seed 7 -m icmp --sample all 198.18.0.0/30)
run "${golden[@]}"
cp "$work/stdout" "$work/seed7a"
check "dry run exits 0" 0 "$status"
check "dry run prints nothing on stderr" "" "$(cat "$work/stderr")"
check "dry run prints every line as JSON" 5 "$(jq -c . "$work/seed7a" 2>/dev/null | wc -l)"
check "dry run starts with a run line" run "$(head -n1 "$work/seed7a" | jq -r .type)"
check "dry run prints exactly 4 probe lines" 4 "$(jq -c 'select(.type == "probe")' "$work/seed7a" | wc -l)"
check "the probes cover .0 .1 .2 .3 once each" "198.18.0.0 198.18.0.1 198.18.0.2 198.18.0.3" \
	"$(jq -r 'select(.type == "probe") | .dst' "$work/seed7a" | sort -V | tr '\n' ' ' | sed 's/ $//')"
check "every probe line is round 1, wave 0, icmp, target 198.18.0.0/30, with integer cookie fields" 4 \
	"$(jq -c 'select(.type == "probe" and .round == 1 and .wave == 0 and .method == "icmp"
		and .target == "198.18.0.0/30" and (.icmp_id | type) == "number"
		and (.seq | type) == "number")' "$work/seed7a" | wc -l)"
check "the run line reports the options" \
	'{"version":"'"${version#blackout }"'","methods":["icmp"],"seed":7,"sample":"all","rounds":1,"targets":1,"controls":0,"dry_run":true}' \
	"$(head -n1 "$work/seed7a" | jq -c '{version, methods, seed, sample, rounds, targets, controls, dry_run}')"
check "the run line's time is RFC 3339 UTC" 1 \
	"$(head -n1 "$work/seed7a" | jq -r .time | grep -cxE '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z')"

order() { jq -r 'select(.type == "probe") | "\(.dst) \(.method)"' "$1" | tr '\n' ' '; }
run "${golden[@]}"
cp "$work/stdout" "$work/seed7b"
check "the same seed gives the same probe order" "$(order "$work/seed7a")" "$(order "$work/seed7b")"
jq -c 'del(.time)' "$work/seed7a" >"$work/seed7a.notime"
jq -c 'del(.time)' "$work/seed7b" >"$work/seed7b.notime"
if cmp -s "$work/seed7a.notime" "$work/seed7b.notime"; then
	pass "the same seed gives the same output apart from the time field"
else
	d=$(diff "$work/seed7a.notime" "$work/seed7b.notime" | grep -m2 '^[<>]' | tr '\n' ' ')
	fail "the same seed gives the same output apart from the time field" "first difference: $d"
fi
run --dry-run --allow-reserved --seed 8 -m icmp --sample all 198.18.0.0/30
cp "$work/stdout" "$work/seed8"
if [ "$(order "$work/seed7a")" != "$(order "$work/seed8")" ]; then
	pass "another seed gives another probe order"
else
	fail "another seed gives another probe order" "seeds 7 and 8 gave $(order "$work/seed8")"
fi
check "another seed probes the same addresses" \
	"$(order "$work/seed7a" | tr ' ' '\n' | sort | tr -d '\n')" \
	"$(order "$work/seed8" | tr ' ' '\n' | sort | tr -d '\n')"

# --output appends after what the file held, and stdout stays empty.
cp "$work/out.ref" "$OUT"
run -o "$OUT" "${golden[@]}"
if [ "$status" = 0 ] && [ ! -s "$work/stdout" ] &&
   [ "$(head -n2 "$OUT")" = "$(cat "$work/out.ref")" ] &&
   [ "$(tail -n +3 "$OUT" | jq -c 'select(.type == "probe")' | wc -l)" = 4 ]; then
	pass "-o appends the lines to the file and leaves stdout empty"
else
	fail "-o appends the lines to the file and leaves stdout empty" "exit $status"
fi

# The defaults --help states are the defaults a run uses.
run --dry-run --allow-reserved --seed 1 198.18.0.0/30
runline=$(head -n1 "$work/stdout")
hdef() { # the "(default X)" of the --help line for option $1
	printf '%s\n' "$help" | grep -E -- "$1[ ,]" | perl -ne 'print $1 if /\(default:? ([^)]*)\)/'
}
for pair in "--rate:rate" "--timeout:timeout_s" "--retries:retries" "--rounds:rounds" \
	    "--interval:interval_s" "--sample:sample"; do
	opt=${pair%%:*} key=${pair#*:}
	check "the default of $opt in --help is the run line's $key" \
		"$(hdef "$opt")" "$(printf '%s\n' "$runline" | jq -r ".$key | if type == \"number\" and . == floor then floor else . end")"
done
check "the default of --methods in --help is the run line's methods" \
	"$(hdef --methods)" "$(printf '%s\n' "$runline" | jq -r '.methods | join(",")')"

# A reader that goes away: exit 141, quietly.
timeout 60 "$BLACKOUT" --dry-run --allow-reserved --seed 1 198.18.0.0/16 2>"$work/stderr" | head -n1 >/dev/null
check "a closed pipe ends the run with 141 and no message" "141 " \
	"${PIPESTATUS[0]} $(cat "$work/stderr")"

# SIGINT and SIGTERM stop a (slow, dry) run: 130 and 143, no message, and
# fewer probe lines than planned. The signal is sent only once a probe line
# is out, so blackout's handlers are in place and the round is under way.
for sig in INT:130 TERM:143; do
	name=${sig%%:*} want=${sig#*:}
	: >"$work/sig.out"
	"$BLACKOUT" --dry-run --allow-reserved --seed 1 -m icmp -r 200 \
		-o "$work/sig.out" 198.18.0.0/24 2>"$work/stderr" </dev/null &
	pid=$!
	wait_for 5 grep -q '"type":"probe"' "$work/sig.out"
	kill -"$name" "$pid"
	wait "$pid"
	got=$?
	probes=$(grep -c '"type":"probe"' "$work/sig.out")
	if [ "$got" = "$want" ] && [ ! -s "$work/stderr" ] && [ "$probes" -lt 256 ]; then
		pass "SIG$name stops a run with $want and no message ($probes of 256 probes planned)"
	else
		fail "SIG$name stops a run with $want and no message" "exit $got, $probes probes, stderr: $(head -c 100 "$work/stderr")"
	fi
done

# Sampling, rounds, exclusion, per-target settings.
run --dry-run --allow-reserved --seed 3 --sample 2 198.18.0.0/23
check "--sample 2 on a /23 plans 2 addresses per /24 with each of 3 methods" \
	'[{"block":"198.18.0","addresses":2,"probes":6},{"block":"198.18.1","addresses":2,"probes":6}]' \
	"$(jq -s -c 'map(select(.type == "probe")) | group_by(.dst | split(".")[0:3] | join("."))
		| map({block: (.[0].dst | split(".")[0:3] | join(".")),
		       addresses: (map(.dst) | unique | length), probes: length})' "$work/stdout")"
run --dry-run --allow-reserved --seed 3 -c 3 -m icmp 198.18.0.0/30
check "-c 3 plans 3 rounds of the 4 addresses" '[[1,4],[2,4],[3,4]]' \
	"$(jq -s -c 'map(select(.type == "probe")) | group_by(.round) | map([.[0].round, (map(.dst) | unique | length)])' "$work/stdout")"
printf '198.18.0.1\n' >"$D/one.exclude"
run --dry-run --allow-reserved --seed 3 -m icmp --exclude "$D/one.exclude" 198.18.0.0/30
check "--exclude leaves the excluded address out" "198.18.0.0 198.18.0.2 198.18.0.3" \
	"$(jq -r 'select(.type == "probe") | .dst' "$work/stdout" | sort -V | tr '\n' ' ' | sed 's/ $//')"
run --dry-run --allow-reserved --seed 3 -r 0 -t 0.5 -i 0 198.18.0.0/30
check "--rate 0, --timeout 0.5 and --interval 0 are accepted and reported" '[0,0.5,0]' \
	"$(head -n1 "$work/stdout" | jq -c '[.rate, .timeout_s, .interval_s]')"
tgt pertarget.json '{ "description": "per-target settings", "targets": [
  { "name": "lab", "prefix": "198.18.2.0/24", "asn": 64512,
    "methods": ["tcp:22"], "sample": 3, "description": "three SYNs" }
] }'
run --dry-run --allow-reserved --seed 3 -f "$D/pertarget.json"
check "a target's methods and sample override the run's" '{"n":3,"methods":["tcp:22"],"targets":["lab"],"sport":true}' \
	"$(jq -s -c 'map(select(.type == "probe")) | {n: length, methods: (map(.method) | unique),
		targets: (map(.target) | unique), sport: all(has("sport"))}' "$work/stdout")"

# No route (man/blackout.8, EXIT STATUS): in an empty namespace nothing can
# leave. A run that keeps a record (-o here) writes its round, unknown with
# the vantage down, and exits 3; a one-shot ad-hoc run exits 69 (the table's
# rows cannot say this: they all run with -o). As root only: the run drops
# to nobody, which an unprivileged user namespace cannot map.
if [ -n "$NETNS" ] && [ "$(id -u)" = 0 ]; then
	$NETNS "$BLACKOUT" --allow-reserved -t 0.2 -o "$work/nr.jsonl" \
		198.18.0.0/30 >/dev/null 2>"$work/nr.err"
	check "no route, with -o: exit 3, not 69" 3 "$?"
	check "no route, with -o: one line on stderr" 1 "$(wc -l <"$work/nr.err")"
	check "no route, with -o: the round line says why" \
		'["unknown","down",true]' \
		"$(jq -c 'select(.type == "round") | [.state, .vantage,
			(.reason | test("no route \\(ENETUNREACH"))]' "$work/nr.jsonl")"
	$NETNS "$BLACKOUT" --allow-reserved -t 0.2 198.18.0.0/30 \
		>"$work/nr.out" 2>"$work/nr.err"
	check "no route, one-shot ad-hoc run: exit 69" 69 "$?"
	check "... and nothing on stdout" 0 "$(wc -c <"$work/nr.out")"
else
	skip "no route with -o: needs root and a network namespace"
fi

finish

#!/usr/bin/env bash
# bench/compare.sh - blackout against zmap, fping and nmap, in the lab.
#
#   sudo bench/compare.sh [BLACKOUT [LABTOOL]]
#
# Needs root. Installs the peers from Debian when missing (zmap, fping,
# nmap). Builds the lab of tests/lab/lab.sh once: two network namespaces
# with PID-unique names, removed on exit even on failure. Every probe of
# every tool goes to 198.18.0.0/15 inside those namespaces and nowhere
# else; every run is bounded by timeout(1).
#
# (a) sparse /22 census (the lab's shaping, ground truth from lab.sh):
#     wall time of one full round with the same timeout for every tool,
#     probes sent, responsive addresses found against the ground truth.
# (b) a /16 where every address answers ICMP (a local route for
#     198.18.0.0/16 in the target namespace, no nftables there): send rate,
#     replies captured against expected, capture drops, CPU and peak RSS,
#     blackout --rate 0 -I bv0 against zmap -r 0 -i bv0 (each told the
#     interface, so each may skip the kernel's routing of every probe),
#     best of BENCH_REPS runs each
#     (alternating, so both meet the same noise; other work on the machine
#     shows in the load average printed with the table).
# (c) blackout's peak RSS for one /16 target and for 10,000 /24 targets
#     in --dry-run (inside a namespace of its own with no route anywhere),
#     and for the /16 as 256 /24 targets in the lab.
#
# Send rates are measured the same way for every tool: the vantage veth's
# transmit counter, sampled every millisecond (labtool txwatch).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
BLACKOUT=${1:-$top/build/blackout}
LABTOOL=${2:-$top/build/tests/labtool}
T=${BENCH_TIMEOUT:-2}	 # seconds every tool waits for late replies
REPS=${BENCH_REPS:-5}	 # runs of each tool in (b), alternating; the best is shown
LIMIT=${BENCH_LIMIT:-120} # seconds any one run may take
PARTS=${BENCH_PARTS:-abc} # which of (a), (b), (c) to run: BENCH_PARTS=b
part() { case "$PARTS" in *"$1"*) return 0 ;; esac; return 1; }

. "$top/tests/lab/lab.sh"
lab_require_root
[ -x "$BLACKOUT" ] && [ -x "$LABTOOL" ] || {
	echo "build first: cmake -S . -B build && cmake --build build" >&2
	exit 1
}

bench_peers() {
	local missing="" p
	for p in zmap fping nmap time; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing </dev/null >&2
}
must bench_peers

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d)
ISO="bo-iso-$$"
lab_up "$LABTOOL"
# After lab_up, whose own trap this one replaces (it calls lab_down too).
trap 'lab_down; ip netns del "$ISO" 2>/dev/null; rm -rf "$work"' EXIT
MAC=$(in_t cat /sys/class/net/bt0/address)
# The router's MAC known up front: nobody's first probe waits for ARP.
must in_v ip neigh replace "$LAB_ROUTER" lladdr "$MAC" dev bv0 nud permanent
echo "192.0.2.0/24" >"$work/zmap-blocklist" # must not hold 198.18.0.0/15
ZMAP=(zmap -q -i bv0 -S "$LAB_VANTAGE" -G "$MAC" -b "$work/zmap-blocklist")

# run NAME CMD...: runs CMD in the vantage namespace, bounded, under
# /usr/bin/time, with the transmit counter watched; leaves NAME.out,
# NAME.err, NAME.time ("wall user sys maxrss_kb") and NAME.tx
# ("packets seconds") in $work.
run() {
	local name=$1 wpid
	shift
	in_v "$LABTOOL" txwatch bv0 "$LIMIT" 300 >"$work/$name.tx" &
	wpid=$!
	sleep 0.2 # the watcher has read the counter before anything is sent
	in_v timeout "$LIMIT" /usr/bin/time -f '%e %U %S %M' \
		-o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
	wait "$wpid"
}
# The last line: time(1) puts "Command exited with non-zero status" above.
field() { tail -n 1 "$work/$1" | awk -v i="$2" '{print $i}'; }
cpu() { tail -n 1 "$work/$1.time" | awk '{printf "%.2f", $2 + $3}'; }
rss_mib() { tail -n 1 "$work/$1.time" | awk '{printf "%.1f", $4 / 1024}'; }
pps() { awk '$2 > 0 {printf "%.0f", $1 / $2; exit} {print 0}' "$work/$1.tx"; }

# --- (a) sparse /22 census ----------------------------------------------
a_rows=()
if part a; then
for b in 0 1 2; do lab_icmp_hosts $b; lab_tcp_hosts $b; done | sort -u >"$work/truth"
TRUTH=$(wc -l <"$work/truth")

# score FILE: "found true-positives false-positives" against the truth.
score() {
	local found tp
	sort -u "$1" >"$1.sorted"
	found=$(wc -l <"$1.sorted")
	tp=$(comm -12 "$1.sorted" "$work/truth" | wc -l)
	echo "$found $tp $((found - tp))"
}

# blackout_row NAME RETRIES: one census round of the /22, and its table row.
# With no retry it does what zmap does (one pass, then the timeout); with
# one it re-probes the silent pairs in a second wave, as it does by default.
blackout_row() {
	local round exact=yes b want
	run "$1" "$BLACKOUT" --allow-reserved --sample all \
		-m icmp,tcp:80,tcp:443 -t "$T" --retries "$2" -r 0 198.18.0.0/22
	round=$(jq -c 'select(.type=="round")' "$work/$1.out")
	for b in 0 1 2; do
		want=$( (lab_icmp_hosts $b; lab_tcp_hosts $b) | sort -u | wc -l)
		[ "$(jq -r ".blocks[$b].responsive" <<<"$round")" = "$want" ] || exact=no
	done
	a_rows+=("blackout --retries $2 (3 methods)|$(field "$1".time 1)|$(jq -r .probes.sent <<<"$round")|$(jq -r .addresses.responsive <<<"$round")|per-/24 exact: $exact")
}
blackout_row a-blackout0 0
blackout_row a-blackout 1

run a-zmap "${ZMAP[@]}" -M icmp_echoscan -r 0 -c "$T" \
	-m "$work/a-zmap.meta" 198.18.0.0/22
read -r f tp fp < <(score "$work/a-zmap.out")
a_rows+=("zmap -M icmp_echoscan|$(field a-zmap.time 1)|$(jq -r .total_sent "$work/a-zmap.meta")|$f|true $tp, false $fp")

run a-fping fping -g 198.18.0.0/22 -a -q -s -r 1 -t "${T}000" -i 0
read -r f tp fp < <(score "$work/a-fping.out")
sent=$(awk '/ICMP Echos sent/ {print $1}' "$work/a-fping.err")
a_rows+=("fping -g (icmp)|$(field a-fping.time 1)|$sent|$f|true $tp, false $fp")

run a-nmap nmap -sn -n -v --max-retries 1 --max-rtt-timeout "${T}000ms" \
	-oG "$work/a-nmap.gnmap" 198.18.0.0/22
awk '/Status: Up/ {print $2}' "$work/a-nmap.gnmap" >"$work/a-nmap.up"
read -r f tp fp < <(score "$work/a-nmap.up")
sent=$(awk '/Raw packets sent:/ {print $4}' "$work/a-nmap.out" | tail -n 1)
a_rows+=("nmap -sn (echo,syn443,ack80,ts)|$(field a-nmap.time 1)|$sent|$f|true $tp, false $fp")

# The same, asking with the probes blackout uses (echo, SYN to 80 and 443).
run a-nmap2 nmap -sn -n -v -PE -PS80,443 --max-retries 1 \
	--max-rtt-timeout "${T}000ms" -oG "$work/a-nmap2.gnmap" 198.18.0.0/22
awk '/Status: Up/ {print $2}' "$work/a-nmap2.gnmap" >"$work/a-nmap2.up"
read -r f tp fp < <(score "$work/a-nmap2.up")
sent=$(awk '/Raw packets sent:/ {print $4}' "$work/a-nmap2.out" | tail -n 1)
a_rows+=("nmap -sn -PE -PS80,443|$(field a-nmap2.time 1)|$sent|$f|true $tp, false $fp")
fi

# --- (b) a /16 where every address answers ------------------------------
if part b; then
lab_full16
EXPECT=65536

# best NAME-PREFIX: the run (of REPS) with the highest send rate.
best() {
	local i top=-1 bestname=""
	for ((i = 1; i <= REPS; i++)); do
		r=$(pps "$1$i")
		if [ "$r" -gt "$top" ]; then top=$r; bestname=$1$i; fi
	done
	echo "$bestname"
}
for ((i = 1; i <= REPS; i++)); do
	run "b-blackout$i" "$BLACKOUT" --allow-reserved --sample all -m icmp \
		--retries 0 -r 0 -t "$T" -I bv0 198.18.0.0/16
	run "b-zmap$i" "${ZMAP[@]}" -M icmp_echoscan -r 0 -c "$T" \
		-m "$work/b-zmap$i.meta" 198.18.0.0/16
done
bb=$(best b-blackout) bz=$(best b-zmap)
round=$(jq -c 'select(.type=="round")' "$work/$bb.out")
bo_sent=$(jq -r .probes.sent <<<"$round")
bo_replies=$(jq -r .probes.replies <<<"$round")
bo_drops=$(jq -r .probes.pcap_drops <<<"$round")
z_sent=$(jq -r .total_sent "$work/$bz.meta")
z_replies=$(sort -u "$work/$bz.out" | wc -l)
z_drops=$(jq -r '(.pcap_drop // 0) + (.pcap_ifdrop // 0)' "$work/$bz.meta")
fi

# --- (c) peak RSS for many targets --------------------------------------
if part c; then
# A dry run sends nothing; it runs in a namespace with only a downed
# loopback, so not even a bug could put a packet on a wire.
must ip netns add "$ISO"
dry_rss() {
	ip netns exec "$ISO" timeout "$LIMIT" /usr/bin/time -f '%e %U %S %M' \
		-o "$work/$1.time" "$BLACKOUT" --dry-run --allow-reserved \
		--sample all -m icmp -r 0 "${@:2}" >/dev/null 2>"$work/$1.err"
	echo "$(rss_mib "$1") MiB in $(field "$1.time" 1) s"
}
{
	printf '{ "targets": [\n'
	for ((i = 0; i < 10000; i++)); do
		printf '%s{ "name": "n%d", "prefix": "100.%d.%d.0/24" }\n' \
			"$([ $i -gt 0 ] && echo ,)" "$i" $((64 + i / 256)) $((i % 256))
	done
	printf '] }\n'
} >"$work/t10k.json"
{
	printf '{ "targets": [\n'
	for ((i = 0; i < 256; i++)); do
		printf '%s{ "name": "n%d", "prefix": "198.18.%d.0/24" }\n' \
			"$([ $i -gt 0 ] && echo ,)" "$i" "$i"
	done
	printf '] }\n'
} >"$work/t256.json"
rss_dry16=$(dry_rss c-dry16 198.18.0.0/16)
rss_dry10k=$(dry_rss c-dry10k -f "$work/t10k.json")
run c-lab256 "$BLACKOUT" --allow-reserved --sample all -m icmp --retries 0 \
	-r 0 -t "$T" -f "$work/t256.json"
lab256_replies=$(jq -s '[.[] | select(.type=="round") | .probes.replies] | add' "$work/c-lab256.out")
fi

# --- the table ----------------------------------------------------------
echo
echo "blackout $("$BLACKOUT" --version | awk '{print $2}'), $(nproc) cores, $(uname -r); lab veth; timeout ${T} s for every tool"
echo "load average at start: $LOAD0; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if part a; then
echo
echo "(a) sparse /22 census: $TRUTH responsive addresses in the ground truth (ICMP or TCP)"
printf '%-34s %8s %8s %6s  %s\n' tool wall_s sent found "vs truth"
for r in "${a_rows[@]}"; do
	IFS='|' read -r n w s f v <<<"$r"
	printf '%-34s %8s %8s %6s  %s\n' "$n" "$w" "$s" "$f" "$v"
done
fi
if part b; then
echo
echo "(b) 198.18.0.0/16, every address answers ICMP; best of $REPS runs by send rate"
printf '%-30s %9s %7s %8s %7s %6s %6s %7s %7s\n' tool send_pps sent replies "capt%" drops cpu_s rss_MiB wall_s
row_b() {
	printf '%-30s %9s %7s %8s %7s %6s %6s %7s %7s\n' "$1" "$(pps "$2")" "$3" "$4" \
		"$(awk -v r="$4" -v e="$EXPECT" 'BEGIN {printf "%.2f", 100 * r / e}')" \
		"$5" "$(cpu "$2")" "$(rss_mib "$2")" "$(field "$2.time" 1)"
}
row_b "blackout -r 0 --retries 0 -I" "$bb" "$bo_sent" "$bo_replies" "$bo_drops"
row_b "zmap -M icmp_echoscan -r 0" "$bz" "$z_sent" "$z_replies" "$z_drops"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }
echo "blackout/zmap: send rate $(ratio "$(pps "$bb")" "$(pps "$bz")")x," \
	"CPU $(ratio "$(cpu "$bb")" "$(cpu "$bz")")x," \
	"peak RSS $(ratio "$(rss_mib "$bb")" "$(rss_mib "$bz")")x," \
	"replies $(ratio "$bo_replies" "$z_replies")x"
median() { for ((i = 1; i <= REPS; i++)); do pps "$1$i"; echo; done | sort -n |
	awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "median send rates: blackout $(median b-blackout), zmap $(median b-zmap):" \
	"$(ratio "$(median b-blackout)" "$(median b-zmap)")x"
echo "all send rates (pps): blackout $(for ((i = 1; i <= REPS; i++)); do printf '%s ' "$(pps b-blackout$i)"; done)| zmap $(for ((i = 1; i <= REPS; i++)); do printf '%s ' "$(pps b-zmap$i)"; done)"
fi
if part c; then
echo
echo "(c) blackout peak RSS: /16 target in the lab $(rss_mib "$bb") MiB;" \
	"256 /24 targets (the same /16) in the lab $(rss_mib c-lab256) MiB," \
	"$lab256_replies of $EXPECT replies"
echo "    --dry-run -m icmp --sample all: /16 target $rss_dry16;" \
	"10,000 /24 targets (2,560,000 probes) $rss_dry10k"
fi

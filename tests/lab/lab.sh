# lab.sh - the lab network, sourced by every lab test and by scripts/demo.
#
# Two network namespaces joined by a veth pair:
#
#   vantage ns  bv0 198.19.255.1/30 ----- bt0 198.19.255.2/30  target ns
#   (blackout runs here;                  (the kernel answers for
#    198.18.0.0/15 via .2)                 198.18.0.0/22 through local routes;
#                                          nftables decides who answers)
#
# Ground truth of the sparse lab (per /24 of 198.18.0.0/22, host i = 0..255):
#   198.18.0.0/24  ICMP: i % 4 == 1 (64)   TCP: i % 10 == 7 (26)
#   198.18.1.0/24  ICMP: i % 8 == 3 (32)   TCP: i % 10 == 7 (26)
#   198.18.2.0/24  ICMP: i % 16 == 5 (16)  TCP: i % 10 == 7 (26)
#   198.18.3.0/24  the target namespace, acting as the upstream router
#                  (198.19.255.2), answers every probe with ICMP
#                  net-unreachable.
# TCP: port 80 has a listener (SYN-ACK), other ports are closed (RST).
# Control address (vantage check): 198.19.254.1, answers ICMP and TCP.
#
# Safety: every address here is in 198.18.0.0/15; namespaces are named with
# the test's PID and removed by an EXIT trap, also on failure; those of a
# test killed before its trap could run are removed by the next lab_up
# (lab_reap).
#
# The checks themselves (check, pass, fail, finish, need, must, wait_for)
# are tests/lib/assert.sh's, sourced here.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/assert.sh"

LAB_V="bo-v-$$"
LAB_T="bo-t-$$"
LAB_VANTAGE=198.19.255.1
LAB_ROUTER=198.19.255.2
LAB_CONTROL=198.19.254.1
LAB_LISTENER_PID=

lab_require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: lab tests need root (network namespaces)" >&2
		exit 77
	fi
	need ip nft jq ss
}

lab_down() {
	[ -n "$LAB_LISTENER_PID" ] && kill "$LAB_LISTENER_PID" 2>/dev/null
	ip netns del "$LAB_V" 2>/dev/null
	ip netns del "$LAB_T" 2>/dev/null
	return 0
}

# in_v CMD...: run in the vantage namespace; in_t: in the target one.
in_v() { ip netns exec "$LAB_V" "$@"; }
in_t() { ip netns exec "$LAB_T" "$@"; }

# lab_workdir: a new temporary directory for a test's files, owned by
# nobody: blackout, run as root, becomes nobody (its default --user) once its
# sockets are open, and must still be able to save a state file there.
lab_workdir() {
	local d
	d=$(mktemp -d) && chown nobody "$d" && echo "$d"
}

# lab_icmp_hosts BLOCK / lab_tcp_hosts BLOCK: ground truth, one address a line.
lab_icmp_hosts() {
	local b=$1 mod rem i
	case $b in
	0) mod=4 rem=1 ;;
	1) mod=8 rem=3 ;;
	2) mod=16 rem=5 ;;
	*) return 0 ;;
	esac
	for ((i = 0; i < 256; i++)); do
		((i % mod == rem)) && echo "198.18.$b.$i"
	done
	return 0
}

lab_tcp_hosts() {
	local b=$1 i
	[ "$b" -le 2 ] || return 0
	for ((i = 0; i < 256; i++)); do
		((i % 10 == 7)) && echo "198.18.$b.$i"
	done
	return 0
}

# lab_begin BLACKOUT LABTOOL: what every lab test does first. Needs root
# (else exits 77: skipped), builds the lab, and makes $work, a scratch
# directory removed with the lab on exit, holding t.json: the lab /22 as
# one target with its control.
lab_begin() {
	BLACKOUT=$1 LABTOOL=$2
	lab_require_root
	lab_up "$LABTOOL"
	work=$(lab_workdir)
	trap 'lab_down; rm -rf "$work"' EXIT
	lab_targets "$work/t.json"
}

# lab_reap: what lab runs killed before their EXIT trap (SIGKILL, a CI
# timeout) left: the namespaces named as the lab names them, bo-v-PID and
# bo-t-PID here, bo-v2-PID (test_vantages.sh) and bo-iso-PID
# (bench/compare.sh), whose PID is no process any more. A namespace whose
# PID lives is another run's and is left alone, as is any other name. The
# processes still in a stale one (the TCP listener, a blackout run) are
# ended first: unnamed, it would live on as long as they do, and with it
# its veths and routes. The lab makes its veths inside its namespaces, so
# they go with them; none is ever in this namespace.
lab_reap() {
	local ns pid
	for ns in $(ip netns list | awk '{ print $1 }'); do
		[[ $ns =~ ^bo-(v|t|v2|iso)-([1-9][0-9]*)$ ]] || continue
		pid=${BASH_REMATCH[2]}
		[ -e "/proc/$pid" ] && continue
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null &&
			echo "# removed $ns, left by process $pid, which is gone" >&2
	done
	return 0
}

# lab_up: builds the namespaces, routes and the sparse shaping above, once
# lab_reap has cleared what killed runs left.
lab_up() {
	local labtool=$1 b
	trap lab_down EXIT
	trap 'exit 130' INT TERM
	lab_reap
	must ip netns add "$LAB_V"
	must ip netns add "$LAB_T"
	must ip link add name bv0 netns "$LAB_V" type veth peer name bt0 netns "$LAB_T"
	for ns in "$LAB_V" "$LAB_T"; do
		must ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		must ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		must ip netns exec "$ns" ip link set lo up
	done
	must in_v ip addr add "$LAB_VANTAGE/30" dev bv0
	must in_v ip link set bv0 up
	must in_v ip route add 198.18.0.0/15 via "$LAB_ROUTER"
	must in_t ip addr add "$LAB_ROUTER/30" dev bt0
	must in_t ip link set bt0 up
	must in_t ip addr add "$LAB_CONTROL/32" dev lo
	for b in 0 1 2; do
		must in_t ip route add local "198.18.$b.0/24" dev lo
	done
	# The target namespace routes like a router: 198.18.3.0/24 is routed
	# on toward a dead-end link, and the forward chain rejects it with ICMP
	# net-unreachable (a kernel with no route would rate-limit its errors
	# per source host, a few a second, whatever the sysctls say).
	must in_t sysctl -qw net.ipv4.ip_forward=1
	must in_t ip link add lab-dark type veth peer name lab-dark-p
	must in_t ip link set lab-dark-p up
	must in_t ip link set lab-dark up
	must in_t ip route add 198.18.3.0/24 dev lab-dark
	must in_t sysctl -qw net.ipv4.icmp_ratelimit=0
	must in_t sysctl -qw net.ipv4.icmp_ratemask=0
	must lab_shape_sparse
	# Not through in_t: a function in the background is a subshell, and $!
	# must be the listener itself so lab_down can stop it.
	ip netns exec "$LAB_T" "$labtool" listen 80 </dev/null >/dev/null 2>&1 &
	LAB_LISTENER_PID=$!
	must wait_for 5 lab_listening
}

# lab_shape_sparse: only the ground-truth hosts answer; counts every probe.
lab_shape_sparse() {
	local icmp tcp b
	icmp=$(for b in 0 1 2; do lab_icmp_hosts $b; done | paste -sd, -)
	tcp=$(for b in 0 1 2; do lab_tcp_hosts $b; done | paste -sd, -)
	in_t nft -f - <<NFT
table inet lab {
	counter probes_in { }
	set icmp_ok { type ipv4_addr; elements = { $icmp } }
	set tcp_ok { type ipv4_addr; elements = { $tcp } }
	chain pre {
		type filter hook prerouting priority -300; policy accept;
		ip saddr $LAB_VANTAGE ip daddr 198.18.0.0/22 icmp type echo-request counter name probes_in
		ip saddr $LAB_VANTAGE ip daddr 198.18.0.0/22 tcp flags == syn counter name probes_in
	}
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr 198.18.0.0/22 icmp type echo-request ip daddr != @icmp_ok drop
		ip daddr 198.18.0.0/22 tcp flags syn ip daddr != @tcp_ok drop
	}
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr 198.18.3.0/24 reject with icmp type net-unreachable
	}
}
NFT
}

# lab_dark_block N: every probe to 198.18.N.0/24 is dropped silently.
lab_dark_block() {
	must in_t nft add rule inet lab pre ip daddr "198.18.$1.0/24" drop
}

# lab_probes_in: probes the target namespace has received so far.
lab_probes_in() {
	in_t nft -j list counter inet lab probes_in |
		jq '[.nftables[] | select(.counter) | .counter.packets][0]'
}

# What the tests wait for (with wait_for) once they have started something
# in the background:
#   lab_probes_over N   the target has received more than N probes in all
#                       (a run has started sending: its capture is open)
#   lab_listening       the target's TCP listener (lab_up) accepts
#   lab_replay_ready    labtool replay watches the target's link
#   lab_link_flushed    a TCP connection to the control's listener, over
#                       the link the probes take, is made: whatever the
#                       vantage sent before it has crossed the link
lab_probes_over() { [ "$(lab_probes_in)" -gt "$1" ]; }
lab_listening() { in_t ss -Hltn 'sport = :80' | grep -q LISTEN; }
lab_replay_ready() { in_t ss -H -0 | grep -q bt0; }
lab_link_flushed() {
	in_v timeout 1 bash -c ": <>/dev/tcp/$LAB_CONTROL/80" 2>/dev/null
}

# lab_route_fail: the upstream router loses its routes to the whole /22 and
# answers every probe with ICMP net-unreachable (a routing outage).
lab_route_fail() {
	local b
	for b in 0 1 2; do
		must in_t ip route del local "198.18.$b.0/24" dev lo table local
	done
	must in_t ip route del 198.18.3.0/24 dev lab-dark
	must in_t ip route add 198.18.0.0/22 dev lab-dark
	must in_t nft insert rule inet lab forward ip daddr 198.18.0.0/22 \
		reject with icmp type net-unreachable
}

# lab_all_dark: every probe to the /22 is dropped silently (a total outage
# seen from outside, with no router saying so).
lab_all_dark() {
	must in_t nft add rule inet lab pre ip daddr 198.18.0.0/22 drop
}

# lab_restore: back to the sparse lab after any of the above.
lab_restore() {
	local b
	in_t nft delete table inet lab
	in_t ip route del 198.18.0.0/22 dev lab-dark 2>/dev/null
	in_t ip route replace 198.18.3.0/24 dev lab-dark
	for b in 0 1 2; do
		in_t ip route replace local "198.18.$b.0/24" dev lo table local
	done
	must lab_shape_sparse
}

# lab_targets FILE: the lab /22 as one target, with the control address.
lab_targets() {
	cat >"$1" <<JSON
{ "targets": [ { "name": "lab", "prefix": "198.18.0.0/22" } ],
  "controls": [ "$LAB_CONTROL" ] }
JSON
}

# jqr FILE FILTER: jq -r over the JSON lines of FILE (one result per line).
jqr() { jq -r "$2" "$1"; }

# round_of FILE: the (last) round line of a run's output.
round_of() { jq -c 'select(.type=="round")' "$1" | tail -n 1; }

# lab_loss PCT: the target's replies are lost with probability PCT%:
# netem on its link where the kernel has it, else an nftables random drop
# of what the target namespace sends (same effect on every reply).
lab_loss() {
	if in_t tc qdisc add dev bt0 root netem loss "$1%" 2>/dev/null; then
		echo "loss: netem $1% on the target link"
		return 0
	fi
	must in_t nft -f - <<NFT
table inet lab_loss {
	chain out {
		type filter hook output priority 0; policy accept;
		numgen random mod 100 < $1 drop
	}
}
NFT
	echo "loss: no netem in this kernel; nftables drops $1% of the target's packets"
}

# lab_full16 [count]: the target namespace answers for every address of
# 198.18.0.0/16 (a local route, no shaping: every echo is answered); with
# "count", an nftables counter (lab_probes_in) counts the echo requests, at
# some cost per packet, so benchmarks leave it out.
lab_full16() {
	local b
	in_t nft delete table inet lab 2>/dev/null
	for b in 0 1 2; do
		in_t ip route del local "198.18.$b.0/24" dev lo table local 2>/dev/null
	done
	in_t ip route del 198.18.3.0/24 dev lab-dark 2>/dev/null
	must in_t ip route add local 198.18.0.0/16 dev lo
	[ "${1:-}" = count ] || return 0
	must in_t nft -f - <<NFT
table inet lab {
	counter probes_in { }
	chain pre {
		type filter hook prerouting priority -300; policy accept;
		ip saddr $LAB_VANTAGE ip daddr 198.18.0.0/16 icmp type echo-request counter name probes_in
	}
}
NFT
}

# lab_socket_holders PID: of PID and its children, the ones that hold a raw
# or packet socket (by the socket inodes of /proc/P/net/raw and
# /proc/P/net/packet, seen from P's own network namespace), one PID a line.
lab_socket_holders() {
	local p inodes fd
	for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		inodes=$(awk 'NR > 1 { print $10 }' /proc/"$p"/net/raw 2>/dev/null
			awk 'NR > 1 { print $NF }' /proc/"$p"/net/packet 2>/dev/null)
		for fd in /proc/"$p"/fd/*; do
			case $(readlink "$fd" 2>/dev/null) in
			socket:\[*\])
				local ino=$(readlink "$fd")
				ino=${ino#socket:[}
				ino=${ino%]}
				if grep -qx "$ino" <<<"$inodes"; then
					echo "$p"
					break
				fi
				;;
			esac
		done
	done
}

# lab_thread_creds PID: "uid=R,E,S,F capeff=X seccomp=N" of every thread
# of PID, one line per distinct answer.
lab_thread_creds() {
	local t
	for t in /proc/"$1"/task/*; do
		awk '/^Uid:/ { u = $2 "," $3 "," $4 "," $5 } /^CapEff:/ { c = $2 }
		     /^Seccomp:/ { s = $2 }
		     END { print "uid=" u, "capeff=" c, "seccomp=" s }' "$t/status"
	done | sort -u
}

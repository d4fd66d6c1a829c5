# deps.sh - sourced by scripts/test and scripts/demo: installs the Debian
# packages blackout needs to build and test, if any is missing. Needs root
# for apt-get; without root it only says what is missing.
# xmllint and rsvg-convert check the drawings of blackout report,
# systemd-analyze the units in contrib/; clang and libclang-rt-14-dev (the
# libFuzzer and sanitizer runtimes of Debian 12's clang 14) build the
# sanitizer tree and the fuzz targets; libcap2-bin (setcap) lets lab_privs
# test file capabilities; clang-format (14 on Debian 12) checks the layout
# of the sources against .clang-format (scripts/check-format);
# libseccomp-dev the prober's sandbox (src/probe/sandbox.c); strace shows
# that blackout simulate opens no socket (sim_simulate); prometheus
# (promtool) checks the --metrics file and the alert rules in contrib/, and
# prometheus-node-exporter serves that file in lab_metrics (the tests start
# their own on 127.0.0.1; the packages' services are never needed).
# python3 runs bench/score.py's tests (sim_score).
BLACKOUT_DEPS="cmake make gcc pkg-config libnet1-dev libpcap-dev libjansson-dev
libseccomp-dev jq nftables iproute2 util-linux groff-base libxml2-utils
librsvg2-bin systemd clang libclang-rt-14-dev libcap2-bin clang-format strace
prometheus prometheus-node-exporter python3"

# deps_as_root NAME [ARGS...]: the scripts need root (apt-get, network
# namespaces). Run as root, this returns at once; run by another user, it
# runs the script again through sudo when sudo is installed (the variables
# the scripts read are kept), and otherwise says how to run it and returns 1.
# A fresh Debian root shell has no sudo and needs none.
deps_as_root() {
	local name=$1
	shift
	[ "$(id -u)" -eq 0 ] && return 0
	if command -v sudo >/dev/null; then
		echo "$name: needs root; running it with sudo" >&2
		exec sudo --preserve-env=BUILD_DIR,SANITIZE_BUILD_DIR,BLACKOUT_FUZZ_SECONDS \
			-- "$(realpath "$name")" "$@"
	fi
	echo "$name: needs root: run it as root (su -c $name)" >&2
	return 1
}

deps_install() {
	local missing="" p
	for p in $BLACKOUT_DEPS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages:$missing (run as root to install them)" >&2
		return 1
	fi
	echo "installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null >&2 &&
		apt-get install -y -qq --no-install-recommends $missing </dev/null >&2
}

# deps.sh - sourced by scripts/test and scripts/demo: installs the Debian
# packages blackout needs to build and test, if any is missing. Needs root
# for apt-get; without root it only says what is missing.
# xmllint and rsvg-convert check the drawings of blackout report,
# systemd-analyze the units in contrib/; clang and libclang-rt-14-dev (the
# libFuzzer and sanitizer runtimes of Debian 12's clang 14) build the
# sanitizer tree and the fuzz targets; libcap2-bin (setcap) lets lab_privs
# test file capabilities; clang-format (14 on Debian 12) checks the layout
# of the sources against .clang-format (scripts/check-format); prometheus
# (promtool) checks the --metrics file and the alert rules in contrib/, and
# prometheus-node-exporter serves that file in lab_metrics (the tests start
# their own on 127.0.0.1; the packages' services are never needed).
BLACKOUT_DEPS="cmake make gcc pkg-config libnet1-dev libpcap-dev libjansson-dev
jq nftables iproute2 util-linux groff-base libxml2-utils librsvg2-bin systemd
clang libclang-rt-14-dev libcap2-bin clang-format prometheus
prometheus-node-exporter"

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

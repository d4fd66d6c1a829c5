#!/usr/bin/env bash
# test_install.sh BUILDDIR SRCDIR
#
# `cmake --install BUILDDIR --prefix DIR` puts every file where GNUInstallDirs
# says (binary in sbin, man pages in man8, examples and the cron job in the
# docdir, the units, the completion, the logrotate snippet) and nothing
# else; the installed service names the installed binary, which runs; and
# DESTDIR is honoured.
set -u
BUILD=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

if cmake --install "$BUILD" --prefix "$prefix" >"$work/log" 2>&1; then
	pass "cmake --install --prefix exits 0"
else
	fail "cmake --install --prefix exits 0" "$(tail -n 3 "$work/log" | tr '\n' ' ')"
	finish
fi
expected="etc/logrotate.d/blackout
lib/systemd/system/blackout.service
lib/systemd/system/blackout.timer
sbin/blackout
share/bash-completion/completions/blackout
share/doc/blackout/examples/blackout.rules.yml
share/doc/blackout/examples/cron.d-blackout
share/doc/blackout/examples/targets.example.json
share/man/man8/blackout-report.8
share/man/man8/blackout-simulate.8
share/man/man8/blackout-targets.8
share/man/man8/blackout.8"
check "the installed files, and no others" "$expected" \
	"$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)"
if [ -x "$prefix/sbin/blackout" ] && "$prefix/sbin/blackout" --version >/dev/null; then
	pass "the installed binary runs"
else
	fail "the installed binary runs"
fi
check "the service runs the installed binary" \
	"ExecStart=$prefix/sbin/blackout -f /etc/blackout/targets.json -s /var/lib/blackout/state.json -o /var/log/blackout/blackout.jsonl --metrics /run/blackout/blackout.prom --linger" \
	"$(grep '^ExecStart=' "$prefix/lib/systemd/system/blackout.service")"
if grep -qE '@[a-z_]+@' "$prefix/lib/systemd/system/blackout.service"; then
	fail "no @variable@ is left in the service"
else
	pass "no @variable@ is left in the service"
fi
for f in man8/blackout.8 man8/blackout-report.8 man8/blackout-simulate.8 \
	man8/blackout-targets.8; do
	check "$f is the page of the source tree" "" \
		"$(cmp "$prefix/share/man/$f" "$SRC/man/${f#man8/}" 2>&1)"
done
if DESTDIR=$work/dest cmake --install "$BUILD" --prefix /usr >/dev/null 2>&1 &&
   [ -x "$work/dest/usr/sbin/blackout" ] &&
   grep -q '^ExecStart=/usr/sbin/blackout ' "$work/dest/usr/lib/systemd/system/blackout.service"; then
	pass "DESTDIR stages a /usr install whose service runs /usr/sbin/blackout"
else
	fail "DESTDIR stages a /usr install whose service runs /usr/sbin/blackout"
fi
finish

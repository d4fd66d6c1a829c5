#!/usr/bin/env bash
# test_systemd.sh BUILDDIR SRCDIR
#
# The units of contrib/systemd, as installed (into a temporary prefix, so
# ExecStart names a binary that exists), pass `systemd-analyze verify`
# without a word, their man pages found; and the service keeps to what the
# issue asked: CAP_NET_RAW alone, a user of its own, writes only to its
# state and log directories, one round with the state file and the log.
# Skipped (77) without systemd-analyze.
set -u
BUILD=$1 SRC=$2
. "$SRC/tests/lib/assert.sh"
need systemd-analyze

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$BUILD" --prefix "$prefix" >/dev/null 2>&1 ||
	{ fail "cmake --install"; finish; }
units=$prefix/lib/systemd/system
svc=$units/blackout.service

out=$(cd "$units" && MANPATH=$prefix/share/man systemd-analyze verify \
	./blackout.service ./blackout.timer 2>&1)
status=$?
if [ "$status" = 0 ] && [ -z "$out" ]; then
	pass "systemd-analyze verify: no complaint"
else
	fail "systemd-analyze verify: no complaint" "exit $status: $(echo "$out" | head -3 | tr '\n' ' ')"
fi
# And it does complain about a damaged copy, so the pass above means something.
sed 's/^ProtectSystem=strict/ProtectSystem=stricter/' "$svc" >"$work/blackout.service"
out=$(cd "$work" && MANPATH=$prefix/share/man systemd-analyze verify ./blackout.service 2>&1)
if printf '%s' "$out" | grep -q stricter; then
	pass "systemd-analyze verify complains about a damaged copy"
else
	fail "systemd-analyze verify complains about a damaged copy"
fi

prop() { grep "^$1=" "$svc" | cut -d= -f2-; }
check "AmbientCapabilities" CAP_NET_RAW "$(prop AmbientCapabilities)"
check "CapabilityBoundingSet" CAP_NET_RAW "$(prop CapabilityBoundingSet)"
check "DynamicUser" yes "$(prop DynamicUser)"
check "NoNewPrivileges" yes "$(prop NoNewPrivileges)"
check "ProtectSystem" strict "$(prop ProtectSystem)"
check "StateDirectory" blackout "$(prop StateDirectory)"
check "LogsDirectory" blackout "$(prop LogsDirectory)"
check "RuntimeDirectory, kept and readable: the --metrics file" "blackout 0755 yes" \
	"$(prop RuntimeDirectory) $(prop RuntimeDirectoryMode) $(prop RuntimeDirectoryPreserve)"
case $(prop ExecStart) in
*" --metrics /run/blackout/blackout.prom"*) pass "metrics for node-exporter in the runtime directory" ;;
*) fail "metrics for node-exporter in the runtime directory" "$(prop ExecStart)" ;;
esac
check "Type" oneshot "$(prop Type)"
check "verdicts, and a stop, are not failures" "1 2 3 75 143" "$(prop SuccessExitStatus)"
exec_start=$(prop ExecStart)
case $exec_start in
*" -s /var/lib/blackout/state.json"*" -o /var/log/blackout/blackout.jsonl"*) pass "one round, the state file and the log in those directories" ;;
*) fail "one round, the state file and the log in those directories" "$exec_start" ;;
esac
case $exec_start in
*" -c "* | *--rounds*) fail "no --rounds: the default, one round" ;;
*) pass "no --rounds: the default, one round" ;;
esac
case $exec_start in
*" --linger"*) pass "--linger: the round's watch round too, as a long run" ;;
*) fail "--linger: the round's watch round too, as a long run" "$exec_start" ;;
esac
check "timer: every 11 minutes" 11min "$(grep '^OnUnitActiveSec=' "$units/blackout.timer" | cut -d= -f2)"
check "timer: starts the service" blackout.service "$(grep '^Unit=' "$units/blackout.timer" | cut -d= -f2)"

# The service's command line is one blackout accepts: the same options, as
# a dry run (nothing sent), with a lab targets file in place of /etc's.
printf '{"targets":[{"name":"lab","prefix":"198.18.0.0/30"}]}\n' >"$work/t.json"
args=$(printf '%s\n' "$exec_start" | sed "s|/etc/blackout/targets.json|$work/t.json|; s|/var/lib/blackout|$work|; s|/var/log/blackout|$work|; s|/run/blackout|$work|")
# shellcheck disable=SC2086
if $args --dry-run --allow-reserved >/dev/null 2>"$work/err"; then
	pass "its options are ones blackout accepts (dry run)"
else
	fail "its options are ones blackout accepts (dry run)" "$(head -c 200 "$work/err")"
fi
finish

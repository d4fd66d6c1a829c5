#!/usr/bin/env bash
# test_sandbox.sh BLACKOUT-TESTHOOKS LABTOOL SANITIZED BLACKOUT
#
# The prober's sandbox refuses (man/blackout.8, SECURITY). BLACKOUT-TESTHOOKS
# is blackout built with the test-only trigger (tests/lab/sandbox_hook.c):
# with BLACKOUT_TEST_FORBIDDEN=CALL the prober, once sandboxed, makes that
# call. For each forbidden call:
#   - the run exits 71 with one stderr line, "the sandbox stopped the
#     prober", and writes nothing: no line, no state, no probe sent;
# and:
#   - with --no-sandbox the same call is made and comes back (the hook's 70);
#   - without the variable, the test binary runs normally (exit 0);
#   - the shipped binary (BLACKOUT) holds no trigger.
# In the ASan/UBSan tree (SANITIZED 1) the runtime may open files and
# ptrace its threads, so only exec and socket are tried there.
set -u
SANITIZED=${3:-0} SHIPPED=${4:-}
. "$(dirname "$0")/lab.sh"
lab_begin "$1" "$2"
ARGS=(-f "$work/t.json" --allow-reserved --sample all -m icmp -t 0.3 --retries 0 -r 0)

calls="exec socket"
[ "$SANITIZED" = 1 ] || calls="$calls open ptrace"
for call in $calls; do
	rm -f "$work/s.json" "$work/log"
	in0=$(lab_probes_in)
	BLACKOUT_TEST_FORBIDDEN=$call in_v "$BLACKOUT" "${ARGS[@]}" -s "$work/s.json" \
		-o "$work/log" >"$work/out" 2>"$work/err" </dev/null
	status=$?
	check "$call: exit 71" 71 "$status"
	check "$call: one stderr line" 1 "$(wc -l <"$work/err")"
	check "$call: it says the sandbox stopped the prober" true \
		"$(grep -q '^blackout: the sandbox stopped the prober: it made a forbidden system call (see --no-sandbox)$' "$work/err" && echo true)"
	check "$call: no line written, no state saved" "0 absent" \
		"$(cat "$work/log" "$work/out" 2>/dev/null | wc -c) $([ -e "$work/s.json" ] || echo absent)"
	check "$call: no probe sent" "$in0" "$(lab_probes_in)"
done

# --no-sandbox: the call is made and returns; the hook reports it (70).
BLACKOUT_TEST_FORBIDDEN=socket in_v "$BLACKOUT" "${ARGS[@]}" --no-sandbox \
	>"$work/out" 2>"$work/err" </dev/null
check "--no-sandbox: the call comes back (70)" 70 "$?"
check "--no-sandbox: the hook says so" true \
	"$(grep -q '^blackout: test hook: socket was not refused' "$work/err" && echo true)"

# Without the variable the trigger does nothing: a normal round.
in_v "$BLACKOUT" "${ARGS[@]}" >"$work/out" 2>"$work/err" </dev/null
check "no trigger asked: exit 0, no message" "0 " "$? $(cat "$work/err")"
check "no trigger asked: a round line" 1 "$(grep -c '"type":"round"' "$work/out")"

if [ -n "$SHIPPED" ]; then
	check "the test binary has the trigger" true \
		"$(grep -q BLACKOUT_TEST_FORBIDDEN "$BLACKOUT" && echo true)"
	check "the shipped binary has none" false \
		"$(grep -q BLACKOUT_TEST_FORBIDDEN "$SHIPPED" && echo true || echo false)"
fi
finish

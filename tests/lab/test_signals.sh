#!/usr/bin/env bash
# Signals and pipes (man/blackout.8, EXIT STATUS), with a state file:
#   - SIGINT / SIGTERM in the middle of a slow census round: sending stops,
#     the round line is still written, with "interrupted": true, unknown,
#     and nothing of it is learned nor in the --metrics gauges; the state
#     is saved (and its lock released), and the exit status is 130 / 143,
#     with nothing on stderr;
#   - SIGTERM between two rounds: 143 at once, round 1 saved;
#   - a reader that closes the pipe (| head -1, and | head -2 on --rounds 0):
#     exit 141, nothing on stderr, the state saved;
#   - the writer process killed (SIGKILL) while the prober waits between
#     rounds: the prober ends too, at once.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
S=$work/s.json
ARGS=(-f "$work/t.json" --allow-reserved --sample all -m icmp --retries 0 -s "$S")

# saved NAME ROUND: the state file is ours, complete, at round ROUND, with no
# temporary file left and the lock free.
saved() {
	check "$1: state saved at round $2" "blackout-state $2" "$(jq -r '"\(.format) \(.round)"' "$S" 2>&1)"
	check "$1: no temporary state file left" "" "$(ls "$work" | grep '\.tmp\.')"
	check "$1: lock released" free "$(flock -n "$S.lock" true && echo free)"
}

# saved_at ROUND: whether the state file says ROUND (for wait_for).
saved_at() { [ "$(jq -r .round "$S" 2>/dev/null)" = "$1" ]; }

# --- SIGINT / SIGTERM mid-round. ------------------------------------------
for sig in INT:130 TERM:143; do
	name=SIG${sig%%:*} want=${sig#*:}
	rm -f "$S" "$work/m.prom"
	# 1025 probes at 200 per second: a round of about 5 s.
	ip netns exec "$LAB_V" "$BLACKOUT" "${ARGS[@]}" -r 200 -t 1 --metrics "$work/m.prom" \
		>"$work/out.jsonl" 2>"$work/err" </dev/null &
	pid=$!
	in0=$(lab_probes_in)
	wait_for 5 lab_probes_over $((in0 + 49)) # the first 50 have arrived
	t0=$(date +%s%N)
	kill -"${sig%%:*}" "$pid"
	wait "$pid"
	status=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	check "$name mid-round: exit $want" "$want" "$status"
	check "$name mid-round: nothing on stderr" "" "$(cat "$work/err")"
	check "$name mid-round: stopped within 2 s ($ms ms)" true "$([ $ms -lt 2000 ] && echo true)"
	round=$(round_of "$work/out.jsonl")
	check "$name mid-round: the round line is written, interrupted" "1 true" \
		"$(jq -r '"\(.round) \(.interrupted)"' <<<"$round")"
	sent=$(jq -r .probes.sent <<<"$round")
	check "$name mid-round: sending stopped early (sent $sent of 1024)" true \
		"$([ "$sent" -gt 0 ] && [ "$sent" -lt 1024 ] && echo true)"
	check "$name mid-round: every line is JSON" "$(wc -l <"$work/out.jsonl")" \
		"$(jq -c . "$work/out.jsonl" | wc -l)"
	saved "$name mid-round" 1
	# The census was cut short: its silences are no evidence, so the round
	# is unknown, makes no event and teaches nothing: the state file holds
	# no verdict, no history, and the four /24s as unknown as before.
	check "$name mid-round: the round is unknown, cut short, no since, no event" "unknown true null 0" \
		"$(jq -r '"\(.state) \(.reason | test("cut short")) \(.since)"' <<<"$round") $(grep -c '"type":"event"' "$work/out.jsonl")"
	check "$name mid-round: nothing of it learned" "null 0 1" \
		"$(jq -r '.targets[0] | "\(.state) \(.history | length) \(.blocks | unique | length)"' "$S")"
	check "$name mid-round: the metrics written, with no gauge of the cut target" "1 0" \
		"$(grep -c '^blackout_probes_sent_total' "$work/m.prom") $(grep -c '^blackout_target_state{' "$work/m.prom")"
done

# --- SIGTERM between rounds. ----------------------------------------------
ip netns exec "$LAB_V" "$BLACKOUT" "${ARGS[@]}" -r 5000 -t 0.5 -c 3 -i 60 \
	>"$work/out.jsonl" 2>"$work/err" </dev/null &
pid=$!
# The round line, then the state saved right after it: the run waits for
# its next round.
wait_for 10 grep -q '"type":"round"' "$work/out.jsonl"
wait_for 5 saved_at 2
t0=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
status=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "SIGTERM between rounds: exit 143" 143 "$status"
check "SIGTERM between rounds: at once, not after -i 60 ($ms ms)" true "$([ $ms -lt 1000 ] && echo true)"
check "SIGTERM between rounds: nothing on stderr" "" "$(cat "$work/err")"
check "SIGTERM between rounds: one round line, not interrupted" "2 false" \
	"$(jq -r 'select(.type=="round") | "\(.round) \(.interrupted)"' "$work/out.jsonl")"
saved "SIGTERM between rounds" 2

# --- A reader that goes away. ---------------------------------------------
ip netns exec "$LAB_V" "$BLACKOUT" "${ARGS[@]}" -r 5000 -t 0.5 2>"$work/err" </dev/null |
	head -n 1 >"$work/first"
status=${PIPESTATUS[0]}
check "| head -1: exit 141" 141 "$status"
check "| head -1: nothing on stderr" "" "$(cat "$work/err")"
check "| head -1: the reader got the run line" run "$(jq -r .type "$work/first")"
saved "| head -1" 3

ip netns exec "$LAB_V" "$BLACKOUT" "${ARGS[@]}" -r 5000 -t 0.5 --rounds 0 -i 0 \
	2>"$work/err" </dev/null | head -n 2 >"$work/first"
status=${PIPESTATUS[0]}
check "--rounds 0 | head -2: exit 141" 141 "$status"
check "--rounds 0 | head -2: nothing on stderr" "" "$(cat "$work/err")"
check "--rounds 0 | head -2: the reader got run and round 4" "run 4" \
	"$(jq -r '.round // .type' "$work/first" | paste -sd' ' -)"
saved "--rounds 0 | head -2" 5

# --- The writer killed outright: the prober does not outlive it. ----------
ip netns exec "$LAB_V" "$BLACKOUT" "${ARGS[@]}" -r 5000 -t 0.5 --rounds 0 -i 60 \
	>"$work/out.jsonl" 2>"$work/err" </dev/null &
pid=$!
wait_for 10 grep -q '"type":"round"' "$work/out.jsonl"
prober=$(cat /proc/"$pid"/task/*/children 2>/dev/null)
check "writer killed: there is a prober" true "$([ -n "$prober" ] && echo true)"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
# gone PID: no such process, or a zombie nobody has reaped yet.
gone() { [ ! -e /proc/"$1" ] || grep -q '^State:.*Z' /proc/"$1"/status 2>/dev/null; }
wait_for 3 gone "$prober"
check "writer killed: the prober ends within 3 s, not after -i 60" gone \
	"$(gone "$prober" && echo gone)"
finish

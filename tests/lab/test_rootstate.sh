#!/usr/bin/env bash
# Root in directories only root may write (man/blackout.8, PRIVILEGES and
# SECURITY): the writer keeps root, the prober does not.
#   - as root, -s in a 0700 directory of root's and -o in another: the
#     first run creates the state (round 1), the second updates it (round
#     2), and both append to the log, with no message;
#   - mid-round, the one process holding a raw or packet socket is a child
#     of the one started, and every thread of it (the capture thread and
#     the sender lanes included) has a user ID other than 0 (real,
#     effective, saved and file system), CapEff 0 and Seccomp 2 (filter),
#     read from /proc/PID/task/*/status;
#   - the process started (the writer) holds no raw or packet socket, and
#     stays root with only the capabilities of writing files and of
#     signalling the prober (CAP_CHOWN, CAP_DAC_OVERRIDE,
#     CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_KILL: 0x2f) in its effective,
#     permitted and bounding sets, and no_new_privs.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
chown root:root "$work" && chmod 0700 "$work"
mkdir -m 0700 "$work/state" "$work/log"
S=$work/state/s.json L=$work/log/blackout.jsonl
NOBODY=$(id -u nobody)

for run in 1 2; do
	in0=$(lab_probes_in)
	# 1024 probes at 400 per second: a round of about 3 s.
	ip netns exec "$LAB_V" "$BLACKOUT" -f "$work/t.json" --allow-reserved \
		--sample all -m icmp -t 0.5 --retries 0 -r 400 -s "$S" -o "$L" \
		>"$work/out" 2>"$work/err" </dev/null &
	pid=$!
	wait_for 10 lab_probes_over $((in0 + 200))
	holder=$(lab_socket_holders "$pid")
	kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr ' ' '\n')
	threads=$(ls /proc/"$holder"/task 2>/dev/null | wc -l)
	creds=$(lab_thread_creds "$holder")
	writer=$(awk '/^(Uid|CapEff|CapPrm|CapBnd|NoNewPrivs):/ { $1 = $1; print }' \
		/proc/"$pid"/status | paste -sd ' ' -)
	wait "$pid"
	status=$?
	check "run $run: exit 0, no message" "0 " "$status $(cat "$work/err")"
	check "run $run: the sockets are held by one child of the run" "1 child" \
		"$(wc -w <<<"$holder") $(grep -qx -- "$holder" <<<"$kids" && echo child)"
	check "run $run: the prober has several threads ($threads)" true "$([ "$threads" -ge 2 ] && echo true)"
	check "run $run: every thread: uid nobody, CapEff 0, Seccomp 2" \
		"uid=$NOBODY,$NOBODY,$NOBODY,$NOBODY capeff=0000000000000000 seccomp=2" "$creds"
	check "run $run: the writer: root, capabilities 0x2f only, no_new_privs" \
		"Uid: 0 0 0 0 CapPrm: 000000000000002f CapEff: 000000000000002f CapBnd: 000000000000002f NoNewPrivs: 1" \
		"$writer"
	check "run $run: state at round $run" "blackout-state $run" \
		"$(jq -r '"\(.format) \(.round)"' "$S" 2>&1)"
	check "run $run: the log has rounds 1..$run" "$(seq -s ' ' 1 "$run")" \
		"$(jq -r 'select(.type=="round") | .round' "$L" | paste -sd ' ' -)"
	check "run $run: state and log belong to root, the directories still 0700" \
		"0:0 0:0 700 700" \
		"$(stat -c %u:%g "$S") $(stat -c %u:%g "$L") $(stat -c %a "$work/state") $(stat -c %a "$work/log")"
done
check "nothing written outside the two directories" "log state" "$(ls "$work" | grep -v -e '^out$' -e '^err$' -e '^t.json$' | paste -sd ' ' -)"
finish

#!/usr/bin/env bash
# Log rotation of a long run (man/blackout.8, OUTPUT; contrib/logrotate.d):
# a `-c 0 -i 1 -o LOG` run; LOG is renamed as logrotate does, and the
# postrotate script of contrib/logrotate.d/blackout runs (with LOG's path
# in place of /var/log/blackout/blackout.jsonl): it finds the process that
# has LOG.1 open and sends it SIGHUP. Then a SIGHUP with nothing renamed.
#   - SIGHUP does not end the run: it goes on writing, to a new LOG;
#   - both files hold only whole JSON lines; the renamed one has the run
#     line and the rounds before the HUP, the new one the rounds after;
#   - round numbers run on across the two files with no gap and no repeat;
#   - a SIGHUP with nothing renamed changes nothing (same file, no repeat);
#   - SIGTERM then ends the run with 143 and no message, and the state
#     file has the last round.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
L=$work/blackout.jsonl S=$work/s.json

# rounds FILE: the round numbers of FILE's round lines, space-separated.
rounds() { jq -r 'select(.type=="round") | .round' "$1" 2>/dev/null | paste -sd ' ' -; }
# n_rounds FILE: how many round lines FILE has.
n_rounds() { grep -c '"type":"round"' "$1" 2>/dev/null || echo 0; }
# whole FILE: every line parses as JSON and the file ends with a newline.
whole() {
	[ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(wc -l <"$1")" = "$(jq -c . "$1" 2>/dev/null | wc -l)" ]
}
more_rounds() { [ "$(n_rounds "$1")" -ge "$2" ]; }

ip netns exec "$LAB_V" "$BLACKOUT" -f "$work/t.json" --allow-reserved \
	--sample all -m icmp -t 0.3 --retries 0 -r 0 -c 0 -i 1 -o "$L" -s "$S" \
	>"$work/out" 2>"$work/err" </dev/null &
pid=$!
wait_for 20 more_rounds "$L" 2
mv "$L" "$L.1"
postrotate=$(sed -n '/^\tpostrotate$/,/^\tendscript$/p' \
	"$(dirname "$0")/../../contrib/logrotate.d/blackout" | sed '1d;$d' |
	sed "s|/var/log/blackout/blackout.jsonl|$L|g")
check "the logrotate snippet has a postrotate script" true \
	"$(grep -q 'kill -HUP' <<<"$postrotate" && echo true)"
sh -c "$postrotate"
wait_for 20 more_rounds "$L" 2
check "after SIGHUP the run goes on" alive "$(kill -0 "$pid" 2>/dev/null && echo alive)"
check "a new log was opened at the old name" true "$([ -f "$L" ] && echo true)"
before=$(n_rounds "$L")
kill -HUP "$pid" # nothing renamed: the same file again
wait_for 20 more_rounds "$L" $((before + 2))
check "after a second SIGHUP the run goes on" alive "$(kill -0 "$pid" 2>/dev/null && echo alive)"
kill -TERM "$pid"
wait "$pid"
status=$?
check "SIGTERM: exit 143" 143 "$status"
check "no message on stderr" "" "$(cat "$work/err")"
check "nothing on stdout" 0 "$(wc -c <"$work/out")"
for f in "$L.1" "$L"; do
	check "${f##*/}: only whole JSON lines" true "$(whole "$f" && echo true)"
done
check "the run line is in the renamed log only" "1 0" \
	"$(grep -c '"type":"run"' "$L.1") $(grep -c '"type":"run"' "$L")"
old=$(rounds "$L.1") new=$(rounds "$L")
all="$old $new"
last=${all##* }
check "the renamed log has rounds 1.. ($old)" 1 "${old%% *}"
check "round numbers run on across both files, no gap, no repeat" \
	"$(seq -s ' ' 1 "$last")" "$all"
check "the state file has the last round ($last)" "$last" "$(jq -r .round "$S")"
finish

#!/usr/bin/env bash
# 10% loss (netem on the target's link where the kernel has it, else an
# nftables random drop: every reply at risk) over 20
# rounds in one run: never a false down or partial, no /24 ever down.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
lab_loss 10
in_v "$BLACKOUT" -f "$work/t.json" --allow-reserved -t 0.3 -r 5000 -c 20 -i 0 \
	>"$work/out.jsonl" 2>"$work/err"
check "exit status (last round up)" 0 "$?"
cat "$work/err"
rounds() { jq -c 'select(.type=="round")' "$work/out.jsonl"; }
check "20 round lines" 20 "$(rounds | wc -l)"
check "states over 20 rounds" "up" "$(rounds | jq -r .state | sort -u | paste -sd, -)"
check "no /24 judged down in any round" 0 \
	"$(rounds | jq -s '[.[].blocks[] | select(.judged and .state=="down")] | length')"
check "no event lines" 0 "$(jq -c 'select(.type=="event")' "$work/out.jsonl" | wc -l)"
check "loss was real (E(b) answer rate over the window below 0.99)" true \
	"$(rounds | tail -1 | jq '.instability.rate_mean < 0.99')"
rounds | jq -s -r '"availability learned under loss: " + ([.[-1].blocks[0:3][] | .availability] | map(tostring) | join(", "))'
rounds | jq -s -r '"probes per /24 per adaptive round: mean " + ([.[1:][] | .blocks[0:3][] | .probes] | (add/length | tostring)) + ", max " + ([.[1:][] | .blocks[0:3][] | .probes] | max | tostring)'
finish

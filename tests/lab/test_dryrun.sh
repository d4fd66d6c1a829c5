#!/usr/bin/env bash
# --dry-run prints the plan and sends nothing: checked by the target
# namespace's probe counter and by the vantage interface's TX counter. It
# also needs no privilege: it runs as nobody with no capabilities.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"

tx() { in_v cat /sys/class/net/bv0/statistics/tx_packets; }
tx0=$(tx)
in_v setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$BLACKOUT" --dry-run --allow-reserved --sample all --seed 5 \
	198.18.0.0/22 >"$work/out.jsonl" 2>"$work/err"
check "exit status as nobody" 0 "$?"
cat "$work/err"
# The vantage counts a packet as it leaves: the run is over, its count is
# final. The target counts one when it arrives: anything the run sent is
# ahead of a connection made now over the same link.
sent=$(($(tx) - tx0))
must wait_for 5 lab_link_flushed
check "packets sent on the vantage link" 0 "$sent"
check "probes received by the target" 0 "$(lab_probes_in)"
check "probe lines (1024 addresses x 3 methods)" 3072 \
	"$(jq -c 'select(.type=="probe")' "$work/out.jsonl" | wc -l)"
check "distinct (address, method) pairs" 3072 \
	"$(jq -r 'select(.type=="probe") | "\(.dst) \(.method)"' "$work/out.jsonl" | sort -u | wc -l)"
check "run line says dry_run" true "$(jq -r 'select(.type=="run") | .dry_run' "$work/out.jsonl")"
finish

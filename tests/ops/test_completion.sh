#!/usr/bin/env bash
# test_completion.sh SRCDIR
#
# contrib/bash-completion/blackout offers every long option of blackout's
# getopt table (src/cli.c) and of blackout report's (src/report/report.c), and only
# those; offers "report", "simulate" and "targets" as the first word, the
# options of blackout targets' table (src/sources/targets_cmd.c) after
# "targets", and blackout's minus the wire's after "simulate"; completes
# files after options that take one; and needs nothing of the
# bash-completion package.
set -u
SRC=$1
. "$SRC/tests/lib/assert.sh"
need perl
COMP=$SRC/contrib/bash-completion/blackout

if bash -n "$COMP"; then pass "bash -n"; else fail "bash -n"; finish; fi
# shellcheck disable=SC1090
. "$COMP"

# complete WORD...: what the completion offers for the last word.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_blackout
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
longs() { perl -ne 'print "--$1\n" if /^\s*\{\s*"([a-z][a-z0-9-]*)"\s*,\s*\w+_argument/' "$1" | sort; }

check "blackout --<TAB>: the long options of src/cli.c" "$(longs "$SRC/src/cli.c")" \
	"$(complete_words blackout --)"
check "blackout report --<TAB>: the long options of src/report/report.c" "$(longs "$SRC/src/report/report.c")" \
	"$(complete_words blackout report -- | grep -- '^--')"
check "blackout re<TAB>: report" report "$(complete_words blackout re)"
check "blackout <TAB>: the three commands" "report
simulate
targets" "$(complete_words blackout '')"
check "blackout targets --<TAB>: the long options of targets_cmd.c" \
	"$(longs "$SRC/src/sources/targets_cmd.c")" \
	"$(complete_words blackout targets -- | grep -- '^--')"
check "blackout simulate --<TAB>: blackout's, less the wire's" \
	"$(longs "$SRC/src/cli.c" | grep -vxE -- '--(interface|source|user|dry-run)')" \
	"$(complete_words blackout simulate x.json --)"
check "--sample: all, auto" "all
auto" "$(complete_words blackout --sample '')"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/targets.json" "$work/log.jsonl"
check "-f: files" "$work/targets.json" "$(complete_words blackout -f "$work/ta")"
check "simulate: the scenario is a file" "$work/targets.json" \
	"$(complete_words blackout simulate "$work/ta")"
check "targets --delegated: a file" "$work/log.jsonl" \
	"$(complete_words blackout targets --delegated "$work/lo")"
check "report: log files" "$work/log.jsonl" "$(complete_words blackout report --json "$work/lo")"
check "report --svg: a file" "$work/log.jsonl" "$(complete_words blackout report --svg "$work/lo")"
check "report --since: now, RFC 3339 UTC" 1 \
	"$(complete_words blackout report --since '' | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$')"
finish

#!/usr/bin/env bash
# test_shard.sh BLACKOUT: --shard I/N in dry runs, in a network namespace
# of its own (unshare -n) so not a packet could leave. With the same --seed
# and targets, the N shards' probe lines name disjoint sets of /24s that
# together cover every /24 of every target, each shard probes every address
# of its /24s (full per-/24 verdicts), the shards are within one /24 of the
# same size, and the run line says which shard it was.
set -u
BLACKOUT=$1
. "$(dirname "$0")/../lib/assert.sh"
need jq
NETNS=
if unshare -n true 2>/dev/null; then NETNS="unshare -n"
elif unshare -rn true 2>/dev/null; then NETNS="unshare -rn"
else
	echo "SKIP: cannot make a network namespace (unshare -n)" >&2
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two targets: a /20 (16 /24s) and a /23 (2 /24s); census, ICMP only.
targets=(198.18.0.0/20 198.18.64.0/23)
printf '%s\n' 198.18.{0..15}.0/24 198.18.64.0/24 198.18.65.0/24 | sort >"$work/all"
for n in 1 2 3 5; do
	: >"$work/union"
	for ((i = 0; i < n; i++)); do
		$NETNS "$BLACKOUT" --dry-run --allow-reserved --seed 42 --sample all \
			-m icmp --shard "$i/$n" "${targets[@]}" >"$work/s$i" 2>"$work/err"
		check "$n shards: shard $i exits 0" 0 "$?"
		check "$n shards: run line names shard $i/$n" "$i/$n" \
			"$(jq -r 'select(.type=="run") | "\(.shard.index)/\(.shard.count)"' "$work/s$i")"
		jq -r 'select(.type=="probe") | .dst' "$work/s$i" |
			awk -F. '{ print $1"."$2"."$3".0/24" }' | sort >"$work/a$i"
		sort -u "$work/a$i" >"$work/b$i"
		# A census of each /24 it has: 256 probes per /24, no other.
		check "$n shards: shard $i probes every address of its /24s" \
			"$(($(wc -l <"$work/b$i") * 256))" "$(wc -l <"$work/a$i")"
		cat "$work/b$i" >>"$work/union"
	done
	check "$n shards: no /24 in two shards" 0 "$(sort "$work/union" | uniq -d | wc -l)"
	check "$n shards: together they cover every /24" "$(cat "$work/all")" "$(sort -u "$work/union")"
	sizes=$(for ((i = 0; i < n; i++)); do wc -l <"$work/b$i"; done | sort -n)
	check "$n shards: sizes within 2 (one per target)" true \
		"$([ $(($(tail -1 <<<"$sizes") - $(head -1 <<<"$sizes"))) -le 2 ] && echo true)"
	echo "# $n shards: $(for ((i = 0; i < n; i++)); do printf '%s ' "$(wc -l <"$work/b$i")"; done)/24s each"
done
# The same seed gives the same split; another seed another.
s24() {
	$NETNS "$BLACKOUT" --dry-run --allow-reserved --sample all -m icmp "$@" \
		"${targets[@]}" 2>/dev/null | jq -r 'select(.type=="probe") | .dst' |
		awk -F. '{ print $1"."$2"."$3".0/24" }' | sort -u
}
s24 --seed 42 --shard 0/5 >"$work/again"
s24 --seed 43 --shard 0/5 >"$work/other"
check "same seed, same shard" same "$(cmp -s "$work/again" "$work/b0" && echo same || echo differs)"
check "another seed, another split" differs "$(cmp -s "$work/again" "$work/other" && echo same || echo differs)"
finish

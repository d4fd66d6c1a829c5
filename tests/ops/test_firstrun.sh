#!/usr/bin/env bash
# test_firstrun.sh BLACKOUT SRCDIR - a first run as shipped (README.md):
#   - the README's two set-up commands are scripts/demo and scripts/test,
#     without sudo, and both scripts exist;
#   - deps_as_root (scripts/deps.sh), which both call first: as root it
#     returns at once and says nothing (a fresh Debian root shell has no
#     sudo); as another user it runs the script again through sudo, by its
#     absolute path, with its arguments; without sudo it says to run it as
#     root and fails (the user parts need root to become nobody: skipped
#     otherwise);
#   - `blackout -f targets.example.json --dry-run` exits 0 without
#     --allow-reserved (no special-use control), under unshare -n, printing
#     JSON lines only.
set -u
BLACKOUT=$1 SRC=$2
. "$SRC/tests/cli/lib.sh"
need jq

first=$(awk '/^    / { sub(/^    /, ""); sub(/ *#.*/, ""); print; n++ } n == 2 { exit }' "$SRC/README.md" | paste -sd '|' -)
check "README: the first two commands" "scripts/demo|scripts/test" "$first"
for s in demo test; do
	check "scripts/$s exists and is executable" true "$([ -x "$SRC/scripts/$s" ] && echo true)"
	check "scripts/$s asks for root through deps_as_root" 1 \
		"$(grep -c '^deps_as_root "\$0" "\$@"' "$SRC/scripts/$s")"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
mkdir -p "$work/scripts" "$work/stub"
cp "$SRC/scripts/deps.sh" "$work/scripts/"
printf '#!/bin/sh\necho demo ran\n' >"$work/scripts/demo"
# A stand-in for sudo: says how it was called.
printf '#!/bin/sh\necho "sudo $*"\n' >"$work/stub/sudo"
chmod 0755 "$work/scripts/demo" "$work/stub/sudo"
chmod -R a+rX "$work"
as_root() {
	(cd "$work" && PATH=$1 bash -c '. scripts/deps.sh; deps_as_root scripts/demo a "b c"; echo "returned $?"') 2>&1
}
if [ "$(id -u)" -eq 0 ]; then
	check "as root without sudo: returns at once, silently" "returned 0" "$(as_root /usr/bin:/bin)"
	if command -v setpriv >/dev/null; then
		as_nobody() {
			(cd "$work" && PATH=$1 setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
				bash -c '. scripts/deps.sh; deps_as_root scripts/demo a "b c"; echo "returned $?"') 2>&1
		}
		check "as nobody with sudo: runs itself through sudo" \
			"scripts/demo: needs root; running it with sudo|sudo --preserve-env=BUILD_DIR,SANITIZE_BUILD_DIR,BLACKOUT_FUZZ_SECONDS -- $work/scripts/demo a b c" \
			"$(as_nobody "$work/stub:/usr/bin:/bin" | paste -sd '|' -)"
		check "as nobody without sudo: says to run it as root, fails" \
			"scripts/demo: needs root: run it as root (su -c scripts/demo)|returned 1" \
			"$(as_nobody /usr/bin:/bin | paste -sd '|' -)"
	else
		skip "deps_as_root as another user" "setpriv not installed"
	fi
else
	skip "deps_as_root" "needs root to compare root with another user"
fi

if unshare -n true 2>/dev/null; then NETNS="unshare -n"
elif unshare -rn true 2>/dev/null; then NETNS="unshare -rn"
else NETNS=""; fi
if [ -n "$NETNS" ]; then
	(cd "$SRC" && $NETNS "$BLACKOUT" -f targets.example.json --dry-run) >"$work/out" 2>"$work/err" </dev/null
	check "targets.example.json --dry-run: exit 0, no message" "0 " "$? $(cat "$work/err")"
	check "targets.example.json --dry-run: JSON lines only" "$(wc -l <"$work/out")" \
		"$(jq -c . "$work/out" 2>/dev/null | wc -l)"
	check "targets.example.json --dry-run: 1 target, 3 controls, probes planned" "1 3 true" \
		"$(jq -r 'select(.type=="run") | "\(.targets) \(.controls)"' "$work/out") $([ "$(grep -c '"type":"probe"' "$work/out")" -gt 0 ] && echo true)"
else
	skip "targets.example.json --dry-run" "cannot unshare the network namespace"
fi
finish

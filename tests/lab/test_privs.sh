#!/usr/bin/env bash
# man/blackout.8, PRIVILEGES: blackout opens the raw socket and the
# capture, then splits; the prober, the one process that holds them, gives
# up privilege before it reads a packet (the writer holds no socket).
#   - as root it becomes --user (default nobody): all user and group IDs,
#     supplementary groups, no capability left, no_new_privs; and it still
#     finds the ground truth as that user;
#   - --user NAME picks another account, --user root keeps root, an unknown
#     user is refused (64) before anything is opened;
#   - run by nobody from a copy with the file capability cap_net_raw+ep, it
#     works and clears every capability;
#   - run by nobody without it: exit 77 and one line naming the fix;
#   - run that way, the state directory must be writable by the caller
#     (73 before probing); as root it need not be (test_rootstate.sh).
# The credentials are read from /proc/PID/status (every thread of the
# process holding the sockets) while a slow census round runs.
set -u
. "$(dirname "$0")/lab.sh"
lab_begin "$@"
chmod 0755 "$work"
ARGS=(-f "$work/t.json" --allow-reserved --sample all -m icmp -t 0.5 --retries 0)

# creds PID: "uid gid groups capeff/capprm/capinh/capamb nnp" of every thread,
# one line per distinct answer.
creds() {
	local t
	for t in /proc/"$1"/task/*; do
		awk '/^Uid:/ { u = $2 "," $3 "," $4 "," $5 }
		     /^Gid:/ { g = $2 "," $3 "," $4 "," $5 }
		     /^Groups:/ { $1 = ""; gr = $0; gsub(/^ +| +$/, "", gr); gsub(/ +/, ",", gr) }
		     /^CapEff:/ { ce = $2 } /^CapPrm:/ { cp = $2 } /^CapInh:/ { ci = $2 }
		     /^CapAmb:/ { ca = $2 } /^NoNewPrivs:/ { n = $2 }
		     END { print u, g, "[" gr "]", ce "/" cp "/" ci "/" ca, n }' "$t/status"
	done | sort -u
}

# during NAME WANT CMD...: starts CMD (a slow round) in the vantage
# namespace, reads its credentials once its capture runs (the run line is
# out), lets it finish, and checks the credentials and exit status 0.
during() {
	local name=$1 want=$2 pid got status
	shift 2
	: >"$work/out"
	rm -f "$work/s.json" "$work/s.json.lock"
	ip netns exec "$LAB_V" "$@" -r 400 -s "$work/s.json" >"$work/out" 2>"$work/err" </dev/null &
	pid=$!
	wait_for 5 test -s "$work/out"
	holder=$(lab_socket_holders "$pid")
	got=$(creds "$holder")
	sandbox=$(lab_thread_creds "$holder" | sed 's/.* seccomp=//' | sort -u)
	wait "$pid"
	status=$?
	check "$name: one process, the prober, holds the sockets" "1 child" \
		"$(wc -w <<<"$holder") $([ "$holder" != "$pid" ] && echo child)"
	check "$name: credentials of every thread" "$want" "$got"
	check "$name: every thread sandboxed (Seccomp 2)" 2 "$sandbox"
	check "$name: exit 0 (the lab is up)" 0 "$status"
	check "$name: no message" "" "$(cat "$work/err")"
	check "$name: found the ground truth" "$(for b in 0 1 2; do lab_icmp_hosts $b; done | wc -l)" \
		"$(jq -r 'select(.type=="round") | .addresses.responsive' "$work/out")"
	check "$name: saved the state" blackout-state "$(jq -r .format "$work/s.json")"
}

NOBODY=$(id -u nobody) NOGROUP=$(id -g nobody)
DAEMON=$(id -u daemon) DAEMONG=$(id -g daemon)
groups_of() { id -G "$1" | tr ' ' '\n' | sort -n | paste -sd, -; }
during "root, default --user" \
	"$NOBODY,$NOBODY,$NOBODY,$NOBODY $NOGROUP,$NOGROUP,$NOGROUP,$NOGROUP [$(groups_of nobody)] 0000000000000000/0000000000000000/0000000000000000/0000000000000000 1" \
	"$BLACKOUT" "${ARGS[@]}"
chown daemon "$work"
during "root, --user daemon" \
	"$DAEMON,$DAEMON,$DAEMON,$DAEMON $DAEMONG,$DAEMONG,$DAEMONG,$DAEMONG [$(groups_of daemon)] 0000000000000000/0000000000000000/0000000000000000/0000000000000000 1" \
	"$BLACKOUT" "${ARGS[@]}" --user daemon
# --user root keeps root, sandboxed all the same (the filter sets
# no_new_privs).
chown nobody "$work"
during "root, --user root" "$(creds $$ | sed 's/ [01]$/ 1/')" \
	"$BLACKOUT" "${ARGS[@]}" --user root

# Refusals: one line, nothing on stdout, the log untouched.
refused() {
	local name=$1 status=$2 text=$3
	shift 3
	echo "old line" >"$work/log"
	ip netns exec "$LAB_V" "$@" -o "$work/log" >"$work/out" 2>"$work/err" </dev/null
	check "$name: exit $status" "$status" "$?"
	check "$name: one stderr line" 1 "$(wc -l <"$work/err")"
	check "$name: it says '$text'" true "$(grep -qF -- "$text" "$work/err" && echo true)"
	check "$name: nothing on stdout" 0 "$(wc -c <"$work/out")"
	check "$name: log untouched" "old line" "$(cat "$work/log")"
}
refused "unknown --user" 64 "--user: no such user 'no-such-user-x'" \
	"$BLACKOUT" "${ARGS[@]}" --user no-such-user-x

mkdir "$work/rootonly" && chmod 0755 "$work/rootonly"

# File capabilities: a copy of the binary with cap_net_raw+ep, run by nobody.
if command -v setcap >/dev/null && command -v setpriv >/dev/null; then
	cp "$BLACKOUT" "$work/blackout-caps" && cp "$BLACKOUT" "$work/blackout-plain"
	chmod 0755 "$work/blackout-caps" "$work/blackout-plain"
	as_nobody=(setpriv --reuid=nobody --regid="$NOGROUP" --clear-groups)
	if setcap cap_net_raw+ep "$work/blackout-caps" 2>/dev/null; then
		during "nobody with file capabilities" \
			"$NOBODY,$NOBODY,$NOBODY,$NOBODY $NOGROUP,$NOGROUP,$NOGROUP,$NOGROUP [] 0000000000000000/0000000000000000/0000000000000000/0000000000000000 1" \
			"${as_nobody[@]}" "$work/blackout-caps" "${ARGS[@]}"
	else
		skip "nobody with file capabilities" "setcap failed on this file system"
	fi
	# Without root the writer has the caller's rights: a state directory
	# it cannot write is refused up front (73), before a probe is sent.
	if setcap -v cap_net_raw+ep "$work/blackout-caps" >/dev/null 2>&1; then
		in0=$(lab_probes_in)
		refused "nobody with file capabilities, root's state directory" 73 "cannot create" \
			"${as_nobody[@]}" "$work/blackout-caps" "${ARGS[@]}" -s "$work/rootonly/s.json"
		check "root's state directory: no probe sent" "$in0" "$(lab_probes_in)"
	fi
	refused "nobody without CAP_NET_RAW" 77 "sudo setcap cap_net_raw+ep \$(command -v blackout)" \
		"${as_nobody[@]}" "$work/blackout-plain" "${ARGS[@]}"
	refused "nobody, dry run needs no privilege: still refuses bad input" 64 "--user: no such user" \
		"${as_nobody[@]}" "$work/blackout-plain" "${ARGS[@]}" --dry-run --user no-such-user-x
	ip netns exec "$LAB_V" "${as_nobody[@]}" "$work/blackout-plain" "${ARGS[@]}" --dry-run \
		>"$work/out" 2>"$work/err"
	check "nobody without CAP_NET_RAW: a dry run works" "0 0" "$? $(wc -c <"$work/err")"
else
	skip "file capabilities" "setcap or setpriv not installed"
fi
finish

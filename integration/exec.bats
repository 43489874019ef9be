#!/usr/bin/env bats
# cinch exec end to end: a process in a running (or created) container,
# observed from inside: exit status, stdio, env, cwd, user, groups,
# detach, preserved fds, --process, terminals; the container's namespaces
# (its user namespace included); security equal to the init's (user
# namespace range, no_new_privs, seccomp, capabilities within the
# bounding set) under the hardened policy; and attacks from inside the
# container on the exec'd process before it execs and on the cinch binary
# (CVE-2019-5736, CVE-2016-9962, CVE-2016-3697, CVE-2022-29162 classes).
#
# The containers run under compat (the wrapper's default) unless a test
# sets POLICY=hardened.
# shellcheck disable=SC2016,SC2034,SC2154  # scripts in single quotes; POLICY is read by helpers.bash; bats sets stderr

load helpers

# start_ct [SCRIPT]: `cinch run -d` a container whose init runs `sh -c
# SCRIPT` (default: a long sleep); INIT is its pid (host view).
start_ct() {
	sh_args "${1:-exec sleep 1000}"
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	INIT=$(pid_of "$ID")
	pid_alive "$INIT"
}

# xc ARGS...: a foreground `cinch exec ARGS...` (bats `run`: status,
# output, stderr).
xc() { run --separate-stderr cinch exec "$@" </dev/null; }

# st FIELD [TEXT]: the value of "FIELD:" in a /proc/PID/status text (TEXT,
# default $output)
st() { awk -v f="$1:" '$1 == f { $1 = ""; sub(/^ +/, ""); print }' <<<"${2-$output}"; }

# host_st PID FIELD: the same from the host's /proc/PID/status
host_st() { st "$2" "$(cat "/proc/$1/status")"; }

# caps_within CAPS BOUND WHAT: hex CAPS has no bit outside hex BOUND
caps_within() {
	if (((0x$1 & ~0x$2) != 0)); then
		printf '%s %s has capabilities outside %s (%#x)\n' "$3" "$1" "$2" $((0x$1 & ~0x$2)) >&2
		show >&2
		return 1
	fi
}

# assert_not_ran: the command of a refused exec (which would have touched
# /tmp/ran) never ran in the container
assert_not_ran() {
	local save_status=$status save_output=$output save_stderr=$stderr
	run --separate-stderr cinch exec "$ID" test -e /tmp/ran </dev/null
	if [ "$status" -eq 0 ]; then
		echo "the refused command ran in the container (/tmp/ran exists)" >&2
		return 1
	fi
	status=$save_status output=$save_output stderr=$save_stderr
}

# only_init: the container's only process is its init (no exec'd process
# left behind), seen from the host through the test marker.
only_init() {
	local extra
	extra=$(leftover_pids | grep -vx "$INIT" || true)
	if [ -n "$extra" ]; then
		echo "processes left besides the init $INIT:" >&2
		for p in $extra; do printf '  %s: %s\n' "$p" "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" >&2; done
		return 1
	fi
}

# ------------------------------------------------------------ basics (compat)

@test "exec: exit status (exit N, 128+N for a signal), stdout and stderr" {
	start_ct
	xc "$ID" sh -c 'echo to-stdout; echo to-stderr >&2; exit 7'
	assert_status 7
	assert_eq "$output" to-stdout stdout
	assert_eq "$stderr" to-stderr stderr

	xc "$ID" sh -c 'kill -TERM $$; sleep 5'
	assert_status 143
	xc "$ID" sh -c 'kill -KILL $$; sleep 5'
	assert_status 137
	xc "$ID" true
	assert_status 0
	assert_eq "$(status_of "$ID")" running "container status after the execs"
	only_init
}

@test "exec: the status of a process that exits at once is its own, never a start failure" {
	# cinch learns that the process has exec'd from the EOF on its sync
	# socket; a process that has already exited by then ran all the same.
	start_ct
	local round bad=0 log="" # (not i: bats' `run --separate-stderr` sets i)
	for ((round = 0; round < 40; round++)); do
		xc "$ID" sh -c 'exit 5'
		if [ "$status" -ne 5 ]; then
			bad=$((bad + 1))
			log+="  exit 5 -> status $status: $stderr"$'\n'
		fi
		xc "$ID" true
		if [ "$status" -ne 0 ]; then
			bad=$((bad + 1))
			log+="  true -> status $status: $stderr"$'\n'
		fi
	done
	if [ "$bad" -ne 0 ]; then
		printf '%d of 80 quick execs got a wrong status:\n%s' "$bad" "$log" >&2
		return 1
	fi
}

@test "exec: env is the container's plus -e (replacing), nothing from the caller" {
	cfg '.process.env = ["PATH=/bin:/usr/bin", "FOO=orig", "KEEP=kept", $m]' --arg m "$MARKER"
	start_ct
	export CINCH_IT_HOST_LEAK=leaked
	xc -e FOO=new -e BAR=added "$ID" sh -c 'env | sort'
	unset CINCH_IT_HOST_LEAK
	assert_success
	# (busybox sh adds PWD and SHLVL)
	assert_eq "$(grep -vE '^(PWD|SHLVL)=' <<<"$output")" \
		"$(printf '%s\n' BAR=added FOO=new KEEP=kept "$MARKER" PATH=/bin:/usr/bin | sort)" env

	xc -e NOEQUALS "$ID" true
	assert_error_names NOEQUALS
}

@test "exec: --cwd, and the container's cwd by default" {
	cfg '.process.cwd = "/data"'
	start_ct
	xc "$ID" pwd
	assert_success
	assert_eq "$output" /data "default cwd"
	xc --cwd /etc "$ID" pwd
	assert_success
	assert_eq "$output" /etc "--cwd"
	xc --cwd relative "$ID" pwd
	assert_error_names relative
}

@test "exec: -u UID:GID, -u UID keeps the container's gid, --additional-gids; a name is refused" {
	cfg '.process.user = {uid: 0, gid: 42}'
	start_ct
	xc -u 1000:1000 "$ID" sh -c 'id -u; id -g; grep -E "^(Uid|Gid):" /proc/self/status | tr -s "\t" " "'
	assert_success
	assert_eq "$output" "$(printf '1000\n1000\nUid: 1000 1000 1000 1000\nGid: 1000 1000 1000 1000')"

	# alice is uid 1000 with gid 50 and in group 60 in the image: no lookup
	xc -u 1000 "$ID" sh -c 'id -u; id -g; grep ^Groups: /proc/self/status | tr -s "\t" " "'
	assert_success
	assert_eq "$output" "$(printf '1000\n42\nGroups: ')" "-u 1000"

	xc -u 1000:1000 --additional-gids 10 -g 20 "$ID" sh -c 'grep ^Groups: /proc/self/status'
	assert_success
	assert_eq "$(st Groups)" "10 20" "Groups with --additional-gids"

	xc -u alice "$ID" sh -c 'touch /tmp/ran'
	assert_error_names alice
	xc -u 1000:staff "$ID" sh -c 'touch /tmp/ran'
	assert_error_names staff
	xc --additional-gids sixty "$ID" sh -c 'touch /tmp/ran'
	assert_error_names sixty
	assert_not_ran
}

@test "exec: -d --pid-file: a live process in the container's pid namespace" {
	start_ct
	runf cinch exec -d --pid-file "$T/exec.pid" "$ID" sleep 1000
	assert_success
	local pid
	pid=$(cat "$T/exec.pid")
	[ -n "$pid" ] && [ "$pid" != "$INIT" ] || { echo "pid file: '$pid' (init $INIT)" >&2; return 1; }
	pid_alive "$pid"
	for ns in pid mnt net ipc uts; do
		assert_eq "$(readlink "/proc/$pid/ns/$ns")" "$(readlink "/proc/$INIT/ns/$ns")" "ns/$ns of the detached process"
	done
	assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " cmdline
	grep -qF -- "$MARKER" "/proc/$pid/environ" || { echo "no container env in the detached process" >&2; return 1; }
	# gone with the container
	run --separate-stderr cinch delete -f "$ID"
	assert_success
	pid_gone "$pid"
}

@test "exec: --preserve-fds 1 passes fd 3 and nothing above it" {
	start_ct
	echo content-three >"$T/three"
	echo content-four >"$T/four"
	run --separate-stderr cinch exec --preserve-fds 1 "$ID" \
		sh -c 'cat <&3; for f in 4 5 6 7 8 9; do [ -e /proc/$$/fd/$f ] && echo "LEAK$f $(readlink /proc/$$/fd/$f)"; done; true' \
		3<"$T/three" 4<"$T/four" </dev/null
	assert_success
	assert_eq "$output" content-three "fds inside"

	# without --preserve-fds no fd above 2 reaches the process
	run --separate-stderr cinch exec "$ID" \
		sh -c 'for f in 3 4 5 6 7 8 9 10; do [ -e /proc/$$/fd/$f ] && echo "LEAK$f $(readlink /proc/$$/fd/$f)"; done; true' \
		3<"$T/three" 7<"$T/four" </dev/null
	assert_success
	assert_eq "$output" "" "fds above 2 inside"
}

@test "exec: --process FILE runs that process; the flags describing a process are ignored" {
	start_ct
	jq -n '{args: ["sh", "-c", "echo FOO=$FOO; pwd; id -u; id -g; echo $0"], env: ["PATH=/bin", "FOO=fromjson"],
		cwd: "/etc", user: {uid: 1234, gid: 5}}' >"$T/process.json"
	xc --process "$T/process.json" -e FOO=fromflag --cwd /tmp -u 99 "$ID" ignored-command
	assert_success
	assert_eq "$output" "$(printf 'FOO=fromjson\n/etc\n1234\n5\nsh')"

	echo '{"args": ["true"], "cwd": 7}' >"$T/bad.json"
	xc --process "$T/bad.json" "$ID"
	assert_error_names "$T/bad.json" cwd
	xc --process "$T/missing.json" "$ID"
	assert_error_names "$T/missing.json"
}

@test "exec: into a created container; it stays created and starts afterwards" {
	sh_args 'echo started >/tmp/started; exec sleep 1000'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	INIT=$(pid_of "$ID")
	xc "$ID" sh -c 'echo $$; cat /etc/hostname; [ -e /tmp/started ] && echo init-ran; true'
	assert_success
	[ "$(sed -n 1p <<<"$output")" -gt 1 ] || { echo "pid inside: $output" >&2; return 1; }
	assert_eq "$(sed -n 2p <<<"$output")" cinch-it "the container's rootfs"
	assert_eq "$(sed -n 3p <<<"$output")" "" "the init's program has not run"
	assert_eq "$(status_of "$ID")" created "status after exec"
	only_init
	run --separate-stderr cinch start "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/started" 5
	assert_eq "$(status_of "$ID")" running "status after start"
}

@test "exec: into a stopped container fails naming it and starts nothing" {
	start_ct
	run --separate-stderr cinch kill "$ID" KILL
	assert_success
	wait_status "$ID" stopped 10
	xc "$ID" sh -c 'touch /tmp/ran'
	assert_error_names "$ID" stopped
	[ ! -e "$BUNDLE/rootfs/tmp/ran" ] || { echo "the command ran" >&2; return 1; }
	pids=$(leftover_pids)
	[ -z "$pids" ] || { echo "processes after a refused exec: $pids" >&2; return 1; }
}

@test "exec: a missing command, a missing id, no command" {
	start_ct
	xc "$ID" no-such-command arg
	assert_error_names no-such-command
	xc "$ID" /no/such/path
	assert_error_names /no/such/path
	xc "$ID" /etc/motd
	assert_error_names /etc/motd
	only_init

	xc "nosuch-$ID" true
	assert_error_names "nosuch-$ID"
	xc "$ID"
	assert_error_names "$ID" command
}

# -------------------------------------------------------------- namespaces

@test "exec: every namespace of the init (user and cgroup included), its rootfs and hostname" {
	add_ns user
	add_ns cgroup
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .hostname = "exec-host"'
	echo "rootfs-$ID" >"$BUNDLE/rootfs/etc/exec-marker"
	start_ct
	xc "$ID" sh -c 'for n in pid mnt net ipc uts user cgroup; do echo "$n $(readlink /proc/1/ns/$n) $(readlink /proc/self/ns/$n)"; done
		echo "mypid $$"; hostname; cat /etc/exec-marker; cat /proc/self/uid_map'
	assert_success
	local n a b
	for n in pid mnt net ipc uts user cgroup; do
		read -r _ a b < <(grep "^$n " <<<"$output")
		assert_eq "$b" "$a" "ns/$n inside (self vs the init)"
		assert_eq "$b" "$(readlink "/proc/$INIT/ns/$n")" "ns/$n inside vs the init's from the host"
		[ "$b" != "$(host_ns "$n")" ] || { echo "ns/$n is the host's" >&2; return 1; }
	done
	local pid
	pid=$(sed -n 's/^mypid //p' <<<"$output")
	[ "$pid" -gt 1 ] && [ "$pid" -lt 100 ] || { echo "pid inside: $pid" >&2; return 1; }
	assert_eq "$(grep -c . <<<"$output")" 11 "lines"
	assert_eq "$(sed -n 9p <<<"$output")" exec-host hostname
	assert_eq "$(sed -n 10p <<<"$output")" "rootfs-$ID" "the container's rootfs"
	assert_eq "$(sed -n 11p <<<"$output" | tr -s ' ' ' ' | sed 's/^ //')" "0 100000 65536" uid_map
}

# -------------------------------------------------- security under hardened

@test "hardened: exec has the init's user namespace range, no_new_privs, seccomp filter and capabilities" {
	POLICY=hardened
	# the init records how the default seccomp profile treats a new user namespace
	start_ct 'unshare -U true 2>/tmp/unshare.err; echo $? >/tmp/unshare.rc; exec sleep 1000'
	wait_file "/proc/$INIT/root/tmp/unshare.rc" 5
	xc "$ID" sh -c 'cat /proc/self/uid_map /proc/self/gid_map; grep -E "^(Cap|NoNewPrivs|Seccomp)" /proc/self/status
		for n in pid mnt net ipc uts user cgroup; do [ "$(readlink /proc/1/ns/$n)" = "$(readlink /proc/self/ns/$n)" ] || echo "NS-DIFF $n"; done
		unshare -U true 2>/tmp/exec-unshare.err; echo "unshare $?"; cat /tmp/unshare.rc /tmp/unshare.err /tmp/exec-unshare.err'
	assert_success
	local init_map
	init_map=$(tr -s ' ' <"/proc/$INIT/uid_map")
	assert_eq "$(sed -n 1p <<<"$output" | tr -s ' ')" "$init_map" "uid_map vs the init's"
	assert_eq "$(sed -n 2p <<<"$output" | tr -s ' ')" "$(tr -s ' ' <"/proc/$INIT/gid_map")" "gid_map vs the init's"
	case $init_map in *" 0 0 4294967295"*) echo "the init has the identity map: not hardened?" >&2; return 1 ;; esac
	! grep -q NS-DIFF <<<"$output" || { echo "namespaces differ: $output" >&2; return 1; }
	assert_eq "$(st NoNewPrivs)" 1 NoNewPrivs
	assert_eq "$(st Seccomp)" 2 Seccomp
	assert_eq "$(st Seccomp_filters)" "$(host_st "$INIT" Seccomp_filters)" "Seccomp_filters vs the init's"
	assert_eq "$(st CapBnd)" "$(host_st "$INIT" CapBnd)" "CapBnd vs the init's"
	assert_eq "$(st CapEff)" "$(host_st "$INIT" CapEff)" "CapEff vs the init's"
	assert_eq "$(st CapPrm)" "$(host_st "$INIT" CapPrm)" "CapPrm vs the init's"
	assert_eq "$(st CapInh)" 0000000000000000 CapInh
	assert_eq "$(st CapAmb)" 0000000000000000 CapAmb
	# the seccomp filter: a new user namespace fails the same way as in the init
	local init_rc
	init_rc=$(cat "/proc/$INIT/root/tmp/unshare.rc")
	[ "$init_rc" != 0 ] || { echo "unshare -U worked in the hardened init" >&2; return 1; }
	assert_eq "$(sed -n 's/^unshare //p' <<<"$output")" "$init_rc" "unshare -U status vs the init's"
	assert_eq "$(cat "/proc/$INIT/root/tmp/exec-unshare.err")" "$(cat "/proc/$INIT/root/tmp/unshare.err")" \
		"unshare -U error vs the init's"
}

@test "hardened: --cap inside the bounding set works, outside it is refused and nothing starts" {
	POLICY=hardened
	cfg '.process.capabilities = {bounding: ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
		effective: ["CAP_NET_BIND_SERVICE"], permitted: ["CAP_NET_BIND_SERVICE"]}'
	start_ct
	assert_eq "$(host_st "$INIT" CapEff)" 0000000000000400 "init CapEff"
	xc "$ID" grep ^Cap /proc/self/status
	assert_success
	assert_eq "$(st CapEff)" 0000000000000400 "CapEff without --cap"
	xc --cap CAP_KILL "$ID" grep ^Cap /proc/self/status
	assert_success
	assert_eq "$(st CapEff)" 0000000000000420 "CapEff with --cap CAP_KILL"
	assert_eq "$(st CapBnd)" "$(host_st "$INIT" CapBnd)" "CapBnd with --cap CAP_KILL"
	assert_eq "$(st CapInh)$(st CapAmb)" 00000000000000000000000000000000 "CapInh and CapAmb"

	xc --cap CAP_SYS_ADMIN "$ID" sh -c 'touch /tmp/ran'
	assert_error_names CAP_SYS_ADMIN "$ID"
	xc --cap CAP_NET_RAW "$ID" sh -c 'touch /tmp/ran'
	assert_error_names CAP_NET_RAW
	xc --cap CAP_NO_SUCH "$ID" sh -c 'touch /tmp/ran'
	assert_error_names CAP_NO_SUCH
	assert_not_ran
	only_init
}

@test "hardened: --process capabilities beyond the container are dropped (hardened) or refused (strict, compat); inheritable and ambient stay empty" {
	POLICY=hardened
	start_ct
	local bnd
	bnd=$(host_st "$INIT" CapBnd)
	jq -n '["CAP_KILL", "CAP_NET_RAW", "CAP_SYS_ADMIN"] as $c
		| {args: ["sh", "-c", "touch /tmp/ran; grep ^Cap /proc/self/status"], cwd: "/", env: ["PATH=/bin"],
		   user: {uid: 0, gid: 0},
		   capabilities: {bounding: $c, effective: $c, permitted: $c, inheritable: $c, ambient: $c}}' \
		>"$T/caps.json"
	# strict and compat: refused, naming the capability and the container
	POLICY=strict xc --process "$T/caps.json" "$ID"
	assert_error_names CAP_NET_RAW "$ID"
	POLICY=compat xc --process "$T/caps.json" "$ID"
	assert_error_names CAP_NET_RAW "$ID"
	assert_not_ran
	# hardened: dropped
	xc --process "$T/caps.json" "$ID"
	assert_success
	caps_within "$(st CapBnd)" "$bnd" CapBnd
	caps_within "$(st CapPrm)" "$bnd" CapPrm
	caps_within "$(st CapEff)" "$bnd" CapEff
	assert_eq "$(st CapEff)" 0000000000000020 "CapEff: CAP_KILL, the only one of the container's"
	assert_eq "$(st CapInh)" 0000000000000000 "CapInh (CVE-2022-29162)"
	assert_eq "$(st CapAmb)" 0000000000000000 CapAmb

	# inheritable listed within the bounding set: still emptied under hardened
	jq '.capabilities = {bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"],
		inheritable: ["CAP_KILL", "CAP_NET_BIND_SERVICE"], ambient: ["CAP_KILL"]} | .user.uid = 1000' \
		"$T/caps.json" >"$T/inh.json"
	xc --process "$T/inh.json" "$ID"
	assert_success
	assert_eq "$(st CapInh)" 0000000000000000 "CapInh (CVE-2022-29162)"
	assert_eq "$(st CapAmb)" 0000000000000000 CapAmb
	assert_eq "$(st CapEff)" 0000000000000000 "CapEff of uid 1000 without ambient"
}

@test "compat: exec adds no inheritable or ambient capability beyond the container's" {
	cfg '.process.user = {uid: 1000, gid: 1000}
		| .process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"],
		permitted: ["CAP_KILL", "CAP_NET_RAW"],
		effective: ["CAP_KILL"],
		inheritable: ["CAP_KILL"],
		ambient: ["CAP_KILL"]}'
	start_ct
	local inh amb bnd
	inh=$(host_st "$INIT" CapInh)
	amb=$(host_st "$INIT" CapAmb)
	bnd=$(host_st "$INIT" CapBnd)
	assert_eq "$inh/$amb" 0000000000000020/0000000000000020 "the init's inheritable/ambient"
	for args in "" "--cap CAP_NET_RAW" "--cap CAP_CHOWN -u 0"; do
		# shellcheck disable=SC2086  # flags as words
		xc $args "$ID" grep ^Cap /proc/self/status
		assert_success
		caps_within "$(st CapInh)" "$inh" "CapInh (exec $args)"
		caps_within "$(st CapAmb)" "$amb" "CapAmb (exec $args)"
		caps_within "$(st CapEff)" "$bnd" "CapEff (exec $args)"
		caps_within "$(st CapPrm)" "$bnd" "CapPrm (exec $args)"
		caps_within "$(st CapBnd)" "$bnd" "CapBnd (exec $args)"
	done
}

# ----------------------------------------------------------------- terminal

@test "exec -t in the foreground: a pty proxied by cinch, the exit status" {
	command -v script >/dev/null || skip "script(1) is not installed"
	start_ct
	status=0
	output=$(timeout 30 script -qec "$CINCH --root $ROOT --policy compat exec -t $ID sh -c 'tty; test -t 0 && echo stdin-is-tty; test -t 1 && echo stdout-is-tty; exit 3'" \
		/dev/null </dev/null) || status=$?
	output=$(tr -d '\r' <<<"$output")
	assert_status 3
	# (not anchored at the start: script(1), its stdin at EOF, may send its
	# EOF character once cinch has put the terminal in raw mode, and the
	# container's pty echoes it before tty prints)
	grep -qE '/dev/pts/[0-9]+$' <<<"$output" || { echo "tty: $output" >&2; return 1; }
	assert_output_has stdin-is-tty
	assert_output_has stdout-is-tty

	# without -t: no terminal, even when cinch has one
	output=$(timeout 30 script -qec "$CINCH --root $ROOT --policy compat exec $ID sh -c 'tty; true'" \
		/dev/null </dev/null | tr -d '\r') || true
	assert_output_has "not a tty"
}

@test "exec -t -d --console-socket sends the pty master; -t -d without it is refused" {
	start_ct
	local sock=$HOSTDIR/console.sock rc=0 out
	bg python3 "$CINCH_IT_DIR/console_recv.py" "$sock" "$T/console.out"
	recv=${BG_PIDS[-1]}
	wait_file "$sock.ready" 10
	runf cinch exec -t -d --console-socket "$sock" "$ID" sh -c 'tty; [ -t 0 ] && echo STDIN_TTY; [ -t 1 ] && echo STDOUT_TTY; true'
	assert_success
	wait "$recv" || rc=$?
	out=$(tr -d '\r' <"$T/console.out")
	[ "$rc" = 0 ] || { echo "receiver failed ($rc), output: $out" >&2; return 1; }
	grep -qE '^/dev/pts/[0-9]+$' <<<"$out" || { echo "tty inside: $out" >&2; return 1; }
	grep -qx STDIN_TTY <<<"$out" || { echo "stdin is not a tty: $out" >&2; return 1; }
	grep -qx STDOUT_TTY <<<"$out" || { echo "stdout is not a tty: $out" >&2; return 1; }

	runf cinch exec -t -d "$ID" sh -c 'touch /tmp/ran'
	assert_error_names console-socket
	assert_not_ran
}

# ------------------------------------------------- attacks from inside

# attacker_start: build integration/exec_attack.c statically into the
# rootfs and start a container whose init runs it in the background
# (logging to the container's /tmp); ALOG is the log, seen from the host.
attacker_start() {
	command -v gcc >/dev/null || skip "gcc is needed to build the in-container attacker"
	gcc -D_GNU_SOURCE -static -O2 -o "$T/exec_attack" "$CINCH_IT_DIR/exec_attack.c" 2>"$T/gcc.err" ||
		skip "cannot link a static program with gcc -static: $(head -3 "$T/gcc.err")"
	install -m 0755 "$T/exec_attack" "$BUNDLE/rootfs/bin/exec_attack"
	CINCH_SHA=$(sha256sum <"$CINCH")
	CINCH_ID=$(stat -L -c %d:%i "$CINCH")
	# (stdio on /dev/null: no host path in the init's fds either)
	sh_args '/bin/exec_attack /tmp 60 & exec sleep 1000'
	status=0
	cinch run -d --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 || status=$?
	output="" stderr="(on /dev/null)"
	assert_success
	INIT=$(pid_of "$ID")
	ALOG=/proc/$INIT/root/tmp/attack.log
	local i
	for ((i = 0; i < 50; i++)); do
		grep -q '^busybox ' "$ALOG" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^busybox ' "$ALOG" || { echo "the attacker did not start" >&2; return 1; }
	SELF_ID=$(sed -n 's/^self //p' "$ALOG")
	BB_ID=$(sed -n 's/^busybox //p' "$ALOG")
}

# attacker_stop: stop the attacker; LOG is a copy of its log.
attacker_stop() {
	run --separate-stderr cinch exec "$ID" touch /tmp/stop </dev/null
	assert_success
	wait_file "/proc/$INIT/root/tmp/attack.done" 10
	LOG=$T/attack.log
	cp "$ALOG" "$LOG"
	# for the record: how often it met a process it could not look into
	echo "# attacker (${POLICY:-compat}): $(grep -c . "$LOG") log lines, $(grep -cE '^denied [0-9]+ exe ' "$LOG") pids whose exe was denied" >&3
}

# exec_rounds N CMD...: N foreground execs of CMD, stdio on /dev/null (no
# host path in the exec'd process's fds: the attacker logs every fd it sees)
exec_rounds() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		cinch exec "$ID" "$@" </dev/null >/dev/null 2>&1 || true
	done
}

assert_cinch_unchanged() {
	assert_eq "$(sha256sum <"$CINCH")" "$CINCH_SHA" "sha256 of the cinch binary"
}

# assert_no_foreign_exe KINDS: no log line of KINDS (a regex of line kinds)
# names an exe other than busybox, the attacker itself, or cinch's exec stub
# (runtime/exec_stub.c: while it runs, its exe is a sealed memfd, on the
# memfd device, which nothing can write)
assert_no_foreign_exe() {
	local bad memfd_dev
	memfd_dev=$(python3 -c 'import os; print(os.fstat(os.memfd_create("x")).st_dev)')
	bad=$(awk -v k="^($1)\$" -v s="$SELF_ID" -v b="$BB_ID" -v m="$memfd_dev:" \
		'$1 ~ k && $3 != s && $3 != b && $3 != "gone" && index($3, m) != 1 { print }' "$LOG")
	if [ -n "$bad" ]; then
		echo "the attacker in the container got hold of an exe that is not the container's (cinch is $CINCH_ID):" >&2
		echo "$bad" >&2
		return 1
	fi
}

# assert_saw_execd: the attacker did see exec'd processes after their
# execve (so it raced cinch exec, not an empty container)
assert_saw_execd() {
	if ! awk -v b="$BB_ID" '$1 == "exe" && $2 != 1 && $3 == b { f = 1 } END { exit !f }' "$LOG"; then
		echo "the attacker never saw an exec'd process: the test proves nothing" >&2
		cat "$LOG" >&2
		return 1
	fi
}

cve_2019_5736_window() {
	attacker_start
	exec_rounds 30 sh -c 'sleep 0.02'
	exec_rounds 30 true
	attacker_stop
	assert_cinch_unchanged
	assert_no_foreign_exe 'exe|exe-wronly|exe-reopen|ptrace'
	assert_saw_execd
}

@test "CVE-2019-5736 (hardened): nothing in the container opens the cinch binary through /proc/PID/exe of an exec'd process" {
	POLICY=hardened
	cve_2019_5736_window
}

@test "CVE-2019-5736 (compat): nothing in the container opens the cinch binary through /proc/PID/exe of an exec'd process" {
	cve_2019_5736_window
}

# The original CVE-2019-5736 vector: the command exec'd is a script whose
# interpreter is #!/proc/self/exe, which the kernel resolves in the
# process that execs it, i.e. to the cinch binary (with the loader and
# libraries cinch needs in the image, it then runs in the container as
# a container process; the attacker holds /proc/PID/exe and reopens it for
# writing once cinch has exited).  The attacker never writes a byte: a
# successful open for writing is the failure.
cve_2019_5736_selfexe() {
	local lib
	for lib in $(ldd "$CINCH" 2>/dev/null | grep -o '/[^ ]*' || true); do
		mkdir -p "$BUNDLE/rootfs$(dirname "$lib")"
		cp -L "$lib" "$BUNDLE/rootfs$lib"
	done
	printf '#!/proc/self/exe\n' >"$BUNDLE/rootfs/bin/evil"
	chmod 0755 "$BUNDLE/rootfs/bin/evil"
	attacker_start
	exec_rounds 30 /bin/evil
	attacker_stop
	assert_cinch_unchanged
	local bad
	bad=$(awk -v c="$CINCH_ID" '($1 == "exe-wronly" || $1 == "exe-reopen") && $3 == c' "$LOG")
	if [ -n "$bad" ]; then
		echo "the attacker in the container opened the cinch binary ($CINCH, $CINCH_ID) for writing:" >&2
		echo "$bad" >&2
		echo "(exe lines: $(grep -c "^exe [0-9]* $CINCH_ID\$" "$LOG") opens of the cinch binary run by #!/proc/self/exe)" >&2
		return 1
	fi
	assert_no_foreign_exe 'exe-wronly|exe-reopen'
}

@test "CVE-2019-5736 (hardened): a #!/proc/self/exe command cannot give the container a writable cinch binary" {
	POLICY=hardened
	cve_2019_5736_selfexe
}

@test "CVE-2019-5736 (compat): a #!/proc/self/exe command cannot give the container a writable cinch binary" {
	cve_2019_5736_selfexe
}

# CVE-2016-9962 class: the exec'd process before its execve holds fds of
# the host (the state dir, the sync socket...) and cinch's environment;
# nothing in the container may see them.
cve_2016_9962() {
	attacker_start
	exec_rounds 30 sh -c 'sleep 0.02'
	exec_rounds 30 true
	attacker_stop
	local bad host_ids p
	# fd targets: no path of the host's (the test dir holds the state dir,
	# the bundle and its config; cinch itself; the user namespace pool)
	bad=$(awk -v t="$CINCH_IT_TMP" -v c="$CINCH" \
		'$1 == "fd" && (index($0, t) || index($0, c) || index($0, "/run/cinch"))' "$LOG")
	[ -z "$bad" ] || { echo "the attacker saw host fds:" >&2; echo "$bad" >&2; return 1; }
	# files opened through /proc/PID/fd/N: none of the host's
	host_ids=" "
	for p in / "$CINCH_IT_TMP" "$T" "$ROOT" "$ROOT/$ID" "$ROOT/$ID/config.json" "$BUNDLE" \
		"$BUNDLE/config.json" "$CINCH" /run/cinch; do
		[ -e "$p" ] && host_ids+="$(stat -L -c %d:%i "$p") "
	done
	bad=$(awk -v h="$host_ids" '$1 == "fd-open" && index(h, " " $4 " ")' "$LOG")
	[ -z "$bad" ] || { echo "the attacker opened host files (ids:$host_ids):" >&2; echo "$bad" >&2; return 1; }
	# environments: never cinch's (the test's, with BATS_ and CINCH_IT_TMP)
	bad=$(grep -E '^env [0-9]+ .*(BATS_|CINCH_IT_TMP=)' "$LOG" || true)
	[ -z "$bad" ] || { echo "the attacker read cinch's environment:" >&2; echo "$bad" >&2; return 1; }
	assert_no_foreign_exe 'exe|ptrace'
	assert_saw_execd
	# it did read the environment of exec'd processes after their execve
	grep -qE "^env ([2-9]|[1-9][0-9]+) .*$MARKER" "$LOG" ||
		{ echo "the attacker never read an exec'd process's environment" >&2; cat "$LOG" >&2; return 1; }
}

@test "CVE-2016-9962 (hardened): the exec'd process's fds and environment are out of reach until it execs" {
	POLICY=hardened
	cve_2016_9962
}

@test "CVE-2016-9962 (compat): the exec'd process's fds and environment are out of reach until it execs" {
	cve_2016_9962
}

@test "CVE-2016-9962 (hardened and compat): the waiting init of a created container is out of reach" {
	local p
	for p in compat hardened; do
		POLICY=$p
		[ "$p" = compat ] || ID="${ID}h"
		sh_args 'exec sleep 1000'
		runf cinch create --bundle "$BUNDLE" "$ID"
		assert_success
		xc "$ID" sh -c 'readlink /proc/1/exe && echo EXE-READ; head -c 100 /proc/1/environ && echo ENV-READ
			for f in /proc/1/fd/*; do readlink "$f" && echo FD-READ; done; true'
		assert_success
		if grep -qE 'EXE-READ|ENV-READ|FD-READ' <<<"$output"; then
			echo "$p: the exec'd process looked into the waiting init:" >&2
			show >&2
			return 1
		fi
	done
}

# CVE-2016-3697 class: -u is numeric, never looked up in the image, even
# where the image maps a name to uid 0 or names a user "1000"
cve_2016_3697() {
	{
		echo '1000:x:0:0:a user named 1000:/root:/bin/sh'
		echo 'evil:x:0:0:evil:/root:/bin/sh'
		cat "$BUNDLE/rootfs/etc/passwd"
	} >"$T/passwd"
	cp "$T/passwd" "$BUNDLE/rootfs/etc/passwd"
	{
		echo '1000:x:0:'
		cat "$BUNDLE/rootfs/etc/group"
	} >"$T/group"
	cp "$T/group" "$BUNDLE/rootfs/etc/group"
	cfg '.process.user = {uid: 0, gid: 42}'
	start_ct
	xc -u 1000 "$ID" sh -c 'id -u; id -g; grep -E "^(Uid|Gid|Groups):" /proc/self/status | tr -s "\t" " "'
	assert_success
	assert_eq "$output" "$(printf '1000\n42\nUid: 1000 1000 1000 1000\nGid: 42 42 42 42\nGroups: ')" "-u 1000"
	xc -u 1000:1000 "$ID" sh -c 'id -u; id -g'
	assert_success
	assert_eq "$output" "$(printf '1000\n1000')" "-u 1000:1000"
	xc -u evil "$ID" sh -c 'touch /tmp/ran'
	assert_error_names evil
	xc -u 1000:1000x "$ID" sh -c 'touch /tmp/ran'
	assert_error_names 1000x
	assert_not_ran
}

@test "CVE-2016-3697 (compat): -u 1000 is uid 1000 even where the image names a user 1000 with uid 0" {
	cve_2016_3697
}

@test "CVE-2016-3697 (hardened): -u 1000 is uid 1000 even where the image names a user 1000 with uid 0" {
	POLICY=hardened
	cve_2016_3697
}

#!/usr/bin/env bats
# The process object and process-level linux settings, observed from inside.

load helpers

# capability numbers used below (linux/capability.h)
# CHOWN 0, KILL 5, NET_BIND_SERVICE 10, NET_RAW 13, SYS_ADMIN 21, AUDIT_WRITE 29

# caps_of FIELD: the hex value of CapXxx from the ct_run output
caps_of() { awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"; }

@test "process: args are passed verbatim" {
	set_args sh -c 'printf "[%s]" "$@"' argv0 "a b" "" 'c"d' "\$HOME" "*"
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" '[a b][][c"d][$HOME][*]'
}

@test "process: env is exactly the configured one" {
	cfg '.process.env = ["PATH=/bin:/usr/bin", "FOO=bar baz", "EMPTY=", $m]' --arg m "$MARKER"
	export CINCH_IT_HOST_LEAK=leaked
	ct_run 'echo "FOO=$FOO"; echo "PATH=$PATH"; env | grep -c CINCH_IT_HOST_LEAK || true; env | grep -q "^EMPTY=$" && echo has-empty'
	unset CINCH_IT_HOST_LEAK
	assert_success
	assert_eq "$output" "$(printf 'FOO=bar baz\nPATH=/bin:/usr/bin\n0\nhas-empty')"
}

@test "process: cwd is honoured and created when missing" {
	cfg '.process.cwd = "/data"'
	ct_run 'pwd; pwd -P'
	assert_success
	assert_eq "$output" "$(printf '/data\n/data')"

	cfg '.process.cwd = "/newdir/sub"'
	ct_run 'pwd -P'
	assert_success
	assert_eq "$output" /newdir/sub
	[ -d "$BUNDLE/rootfs/newdir/sub" ]
}

@test "process: user uid, gid and additionalGids (numeric, never looked up)" {
	# alice (uid 1000) has gid 50 in /etc/passwd and is in group 60: none may appear
	cfg '.process.user = {uid: 1000, gid: 1000, additionalGids: [10, 20]}'
	ct_run 'id -u; id -g; id -G | tr " " "\n" | sort -n | uniq | tr "\n" " "'
	assert_success
	assert_eq "$output" "$(printf '1000\n1000\n10 20 1000 ')"

	cfg '.process.user = {uid: 1000, gid: 1000}'
	ct_run 'id -G'
	assert_success
	assert_eq "$output" 1000 "supplementary groups without additionalGids"

	cfg '.process.user = {uid: 4321, gid: 8765}'
	ct_run 'id -u; id -g; grep -E "^(Uid|Gid):" /proc/$$/status | tr -s "\t" " "'
	assert_success
	assert_eq "$output" "$(printf '4321\n8765\nUid: 4321 4321 4321 4321\nGid: 8765 8765 8765 8765')"
}

@test "process: umask" {
	cfg '.process.user.umask = 23' # 0027
	ct_run 'umask; touch /tmp/f; stat -c %a /tmp/f'
	assert_success
	assert_eq "$output" "$(printf '0027\n640')"
	cfg '.process.user.umask = 0'
	ct_run 'umask'
	assert_success
	assert_eq "$output" 0000
}

@test "process: rlimits" {
	cfg '.process.rlimits = [
		{type: "RLIMIT_NOFILE", soft: 512, hard: 768},
		{type: "RLIMIT_CORE", soft: 1024, hard: 2048},
		{type: "RLIMIT_NPROC", soft: 300, hard: 400}]'
	ct_run 'ulimit -n; ulimit -Hn; grep -E "^Max (open files|core file size|processes)" /proc/$$/limits | tr -s " "'
	assert_success
	assert_eq "$output" "$(printf '512\n768\nMax core file size 1024 2048 bytes \nMax processes 300 400 processes \nMax open files 512 768 files ')"
}

@test "process: noNewPrivileges" {
	cfg '.process.noNewPrivileges = true'
	ct_run 'grep NoNewPrivs /proc/$$/status'
	assert_success
	assert_eq "$(tr -s '\t ' ' ' <<<"$output")" "NoNewPrivs: 1"

	cfg '.process.noNewPrivileges = false'
	ct_run 'grep NoNewPrivs /proc/$$/status'
	assert_success
	assert_eq "$(tr -s '\t ' ' ' <<<"$output")" "NoNewPrivs: 0"
}

@test "process: capabilities of a root process; inheritable and ambient empty unless listed" {
	cfg '.process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
		effective: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
		permitted: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"]}'
	ct_run 'grep ^Cap /proc/$$/status'
	assert_success
	assert_eq "$(caps_of CapBnd)" 0000000000000421 CapBnd
	assert_eq "$(caps_of CapPrm)" 0000000000000421 CapPrm
	assert_eq "$(caps_of CapEff)" 0000000000000421 CapEff
	assert_eq "$(caps_of CapInh)" 0000000000000000 CapInh
	assert_eq "$(caps_of CapAmb)" 0000000000000000 CapAmb
}

@test "process: all five capability sets for a non-root user (ambient carries across exec)" {
	cfg '.process.user = {uid: 1000, gid: 1000}
		| .process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW", "CAP_SYS_ADMIN"],
		permitted: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"],
		effective: ["CAP_CHOWN", "CAP_KILL"],
		inheritable: ["CAP_KILL", "CAP_NET_RAW"],
		ambient: ["CAP_KILL"]}'
	ct_run 'grep ^Cap /proc/$$/status'
	assert_success
	# after execve by a non-root user without file caps: P' = E' = ambient
	assert_eq "$(caps_of CapBnd)" 0000000000202021 CapBnd
	assert_eq "$(caps_of CapInh)" 0000000000002020 CapInh
	assert_eq "$(caps_of CapAmb)" 0000000000000020 CapAmb
	assert_eq "$(caps_of CapPrm)" 0000000000000020 CapPrm
	assert_eq "$(caps_of CapEff)" 0000000000000020 CapEff
}

@test "process: empty capability sets drop everything, even for root" {
	cfg '.process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []}'
	ct_run 'grep ^Cap /proc/$$/status; chown 1:1 /tmp 2>&1 && echo CHOWN-WORKED; true'
	assert_success
	for c in CapBnd CapPrm CapEff CapInh CapAmb; do
		assert_eq "$(caps_of $c)" 0000000000000000 "$c"
	done
	if grep -q CHOWN-WORKED <<<"$output"; then
		echo "chown succeeded without CAP_CHOWN" >&2
		return 1
	fi
}

@test "process: oomScoreAdj set, and untouched when unset" {
	cfg '.process.oomScoreAdj = 500'
	ct_run 'cat /proc/$$/oom_score_adj'
	assert_success
	assert_eq "$output" 500

	cfg 'del(.process.oomScoreAdj)'
	sh_args 'cat /proc/$$/oom_score_adj'
	run --separate-stderr bash -c 'echo 123 >/proc/$BASHPID/oom_score_adj && exec "$@"' _ \
		timeout 60 "$CINCH" --root "$ROOT" run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" 123 "oom_score_adj inherited from the caller"
}

@test "process: hostname and domainname" {
	cfg '.hostname = "ct-host" | .domainname = "example.test"'
	ct_run 'hostname; cat /proc/sys/kernel/domainname'
	assert_success
	assert_eq "$output" "$(printf 'ct-host\nexample.test')"
	[ "$(hostname)" != ct-host ] || { echo "host's hostname changed" >&2; return 1; }
}

@test "process: terminal through --console-socket, with consoleSize and /dev/console" {
	cfg '.process.terminal = true | .process.consoleSize = {height: 33, width: 101}'
	sh_args 'tty; [ -t 0 ] && echo STDIN_TTY; [ -t 1 ] && echo STDOUT_TTY; stty size; ls -l /dev/console | cut -c1'
	sock=$HOSTDIR/console.sock
	bg python3 "$CINCH_IT_DIR/console_recv.py" "$sock" "$T/console.out"
	recv=${BG_PIDS[-1]}
	wait_file "$sock.ready" 10
	runf cinch create --console-socket "$sock" --bundle "$BUNDLE" "$ID"
	assert_success
	run --separate-stderr cinch start "$ID"
	assert_success
	rc=0
	wait "$recv" || rc=$?
	out=$(tr -d '\r' <"$T/console.out")
	[ "$rc" = 0 ] || { echo "receiver failed ($rc), output: $out" >&2; return 1; }
	wait_status "$ID" stopped 10
	tty=$(head -1 <<<"$out")
	case $tty in
	/dev/console | /dev/pts/0) ;;
	*) echo "tty inside: '$tty'" >&2; echo "$out" >&2; return 1 ;;
	esac
	grep -qx STDIN_TTY <<<"$out" || { echo "stdin is not a tty: $out" >&2; return 1; }
	grep -qx STDOUT_TTY <<<"$out" || { echo "stdout is not a tty: $out" >&2; return 1; }
	grep -qx '33 101' <<<"$out" || { echo "consoleSize not applied: $out" >&2; return 1; }
	assert_eq "$(tail -1 <<<"$out")" c "/dev/console is a character device"
}

@test "process: terminal without --console-socket is refused for create" {
	cfg '.process.terminal = true'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_error_names console
	assert_gone "$ID"
}

SECCOMP_BASE='{defaultAction: "SCMP_ACT_ALLOW",
	architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]}'

@test "process: seccomp errnoRet, default errno EPERM, Seccomp: 2" {
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.syscalls = [
		{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 13},
		{names: ["rmdir"], action: "SCMP_ACT_ERRNO"}]'
	mkdir "$BUNDLE/rootfs/tmp/existing"
	ct_run 'grep ^Seccomp: /proc/$$/status; mkdir /tmp/newdir 2>&1; rmdir /tmp/existing 2>&1; true'
	assert_success
	assert_eq "$(head -1 <<<"$output" | tr -s '\t ' ' ')" "Seccomp: 2"
	assert_output_has "Permission denied"       # errnoRet 13 = EACCES
	assert_output_has "Operation not permitted" # ERRNO without errnoRet = EPERM
	[ ! -e "$BUNDLE/rootfs/tmp/newdir" ] || { echo "mkdir was not filtered" >&2; return 1; }
	[ -d "$BUNDLE/rootfs/tmp/existing" ] || { echo "rmdir was not filtered" >&2; return 1; }
}

@test "process: seccomp argument conditions" {
	# kill(pid, SIGUSR1) denied, other signals allowed
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.syscalls = [
		{names: ["kill"], action: "SCMP_ACT_ERRNO", errnoRet: 1,
		 args: [{index: 1, value: 10, op: "SCMP_CMP_EQ"}]}]'
	ct_run 'trap "echo got-usr1" USR1; trap "echo got-usr2" USR2
		kill -USR1 $$ 2>/dev/null || echo usr1-denied; kill -USR2 $$ || echo usr2-denied'
	assert_success
	assert_eq "$output" "$(printf 'usr1-denied\ngot-usr2')"
}

@test "process: seccomp several conditions on one argument match any of them (runc semantics)" {
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.syscalls = [
		{names: ["kill"], action: "SCMP_ACT_ERRNO", errnoRet: 1,
		 args: [{index: 1, value: 10, op: "SCMP_CMP_EQ"}, {index: 1, value: 12, op: "SCMP_CMP_EQ"}]}]'
	ct_run 'trap "echo got-usr1" USR1; trap "echo got-usr2" USR2; trap "echo got-hup" HUP
		kill -USR1 $$ 2>/dev/null || echo usr1-denied
		kill -USR2 $$ 2>/dev/null || echo usr2-denied
		kill -HUP $$ || echo hup-denied'
	assert_success
	assert_eq "$output" "$(printf 'usr1-denied\nusr2-denied\ngot-hup')"
}

@test "process: seccomp conditions on different arguments must all match" {
	# kill(0, SIGUSR1) denied (process group), kill($$, SIGUSR1) allowed
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.syscalls = [
		{names: ["kill"], action: "SCMP_ACT_ERRNO", errnoRet: 1,
		 args: [{index: 0, value: 0, op: "SCMP_CMP_EQ"}, {index: 1, value: 10, op: "SCMP_CMP_EQ"}]}]'
	ct_run 'trap "echo got-usr1" USR1
		kill -USR1 0 2>/dev/null || echo group-denied
		kill -USR1 $$ || echo self-denied'
	assert_success
	assert_eq "$output" "$(printf 'group-denied\ngot-usr1')"
}

@test "process: seccomp syscall name unknown to libseccomp is skipped with a warning" {
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.syscalls = [
		{names: ["cinch_no_such_syscall", "mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 13}]'
	ct_run 'mkdir /tmp/x 2>&1; echo ran'
	assert_success
	assert_output_has "Permission denied"
	assert_output_has ran
	assert_stderr_has cinch_no_such_syscall
}

@test "process: seccomp flags and SCMP_ACT_LOG are accepted" {
	cfg ".linux.seccomp = $SECCOMP_BASE"' | .linux.seccomp.flags = ["SECCOMP_FILTER_FLAG_LOG"]
		| .linux.seccomp.syscalls = [{names: ["getcwd"], action: "SCMP_ACT_LOG"}]'
	ct_run 'pwd; grep ^Seccomp: /proc/$$/status | tr -s "\t " " "'
	assert_success
	assert_eq "$output" "$(printf '/\nSeccomp: 2')"
}

@test "process: personality LINUX32" {
	cfg '.linux.personality = {domain: "LINUX32"}'
	ct_run 'uname -m'
	assert_success
	assert_eq "$output" i686
	cfg '.linux.personality = {domain: "LINUX"}'
	ct_run 'uname -m'
	assert_success
	assert_eq "$output" x86_64
}

@test "process: scheduler SCHED_BATCH with nice, SCHED_FIFO with priority" {
	cfg '.process.scheduler = {policy: "SCHED_BATCH", nice: 5}'
	# /proc/PID/stat: field 19 nice, 40 rt_priority, 41 policy (SCHED_BATCH = 3)
	ct_run 'awk "{ print \$19, \$40, \$41 }" /proc/$$/stat'
	assert_success
	assert_eq "$output" "5 0 3" "nice rt_priority policy"

	cfg '.process.scheduler = {policy: "SCHED_FIFO", priority: 10}'
	ct_run 'awk "{ print \$40, \$41 }" /proc/$$/stat'
	assert_success
	assert_eq "$output" "10 1" "rt_priority policy"
}

@test "process: ioPriority" {
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 6}'
	ct_run 'ionice -p $$'
	assert_success
	assert_eq "$output" "best-effort: prio 6"
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_IDLE", priority: 0}'
	ct_run 'ionice -p $$'
	assert_success
	assert_output_has idle
}

@test "process: sysctl in new network and ipc namespaces, host unaffected" {
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	host_shm=$(cat /proc/sys/kernel/shm_rmid_forced)
	want_fwd=$((1 - host_fwd))
	want_shm=$((1 - host_shm))
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": $f, "kernel.shm_rmid_forced": $s}' \
		--arg f "$want_fwd" --arg s "$want_shm"
	ct_run 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shm_rmid_forced'
	assert_success
	assert_eq "$output" "$(printf '%s\n%s' "$want_fwd" "$want_shm")"
	assert_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_fwd" "host ip_forward"
	assert_eq "$(cat /proc/sys/kernel/shm_rmid_forced)" "$host_shm" "host shm_rmid_forced"
}

@test "process: the container runs the configured binary, no cinch code left in it" {
	# /proc/PID/exe of the running container points at the rootfs' busybox,
	# not at cinch (no cinch code left in the container).
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(pid_of "$ID")
	exe=$(readlink "/proc/$pid/exe")
	case $exe in
	*cinch*) echo "container init still runs cinch: $exe" >&2; return 1 ;;
	esac
	cmp -s "/proc/$pid/exe" "$BUNDLE/rootfs/bin/busybox" || { echo "exe is $exe" >&2; return 1; }
}

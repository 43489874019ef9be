#!/usr/bin/env bats
# cinch and cgroup v2 on this host: placement (cgroupsPath, systemd
# mapping, disabled), the process born in its cgroup with a cgroup
# namespace rooted there, a read-only cgroup2 mount showing the container's
# own cgroup, kill --all and delete through the cgroup, exec'd processes in
# the container's cgroup, the eBPF device program observed from inside,
# hugetlb limits (the one controller a hybrid host's unified hierarchy
# has), bad resources named by JSON path, and the refusal of limits the host
# cannot enforce.  Real limits (memory, pids, cpu, io) are proven in the VM
# (integration/vm).
#
# The containers run under compat (the wrapper's default) unless a test
# sets POLICY.
# shellcheck disable=SC2016,SC2034,SC2154  # scripts in single quotes; POLICY is read by helpers.bash; bats sets stderr

load helpers

setup() {
	setup_common
	CG2=$(cg2_mount)
	[ -n "$CG2" ] || skip "no cgroup2 hierarchy on this host"
}

teardown() {
	teardown_common
	# Parents some tests ask for (cinch leaves a cgroupsPath's ancestors, as runc).
	rmdir "$CG2/cinch-it" "$CG2/cinchit.slice" 2>/dev/null || true
	if [ -n "${BUSY_CG:-}" ]; then
		[ -n "${BUSY_PID:-}" ] && kill -9 "$BUSY_PID" 2>/dev/null
		wait 2>/dev/null
		rmdir "$BUSY_CG" 2>/dev/null || true
	fi
	return 0
}

cg2_mount() {
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo /sys/fs/cgroup
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		echo /sys/fs/cgroup/unified
	fi
}

has_controller() { grep -qw "$1" "$CG2/cgroup.controllers"; }

# cgpath: the cgroup_path of the container in its state file
cgpath() { jq -r '.cgroup_path // empty' "$ROOT/$ID/state.json"; }

# cg_of PID: the "0::" line of /proc/PID/cgroup, without "0::"
cg_of() { sed -n 's/^0:://p' "/proc/$1/cgroup"; }

start_ct() {
	sh_args "${1:-exec sleep 1000}"
	runf cinch "${@:2}" run -d --bundle "$BUNDLE" "$ID"
	assert_success
	INIT=$(pid_of "$ID")
}

@test "cgroup: a container is born in its own cgroup (default: cinch/ID under cinch's parent cgroup)" {
	start_ct
	local p
	p=$(cgpath)
	assert_eq "$p" "$CG2/cinch/$ID" "cgroup_path"
	[ -d "$p" ]
	grep -qx "$INIT" "$p/cgroup.procs"
	assert_eq "$(cg_of "$INIT")" "/cinch/$ID" "/proc/INIT/cgroup"
	runf cinch delete -f "$ID"
	assert_success
	[ ! -e "$p" ]
}

@test "cgroup: the cgroup namespace is rooted at the container's cgroup, a cgroup2 mount shows its own files read-only" {
	add_ns cgroup
	cfg '.mounts += [{destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "ro"]}]'
	cfg '.linux.resources.hugepageLimits = [{pageSize: "2MB", limit: 6291456}]'
	ct_run 'grep "^0::" /proc/self/cgroup; wc -l </sys/fs/cgroup/cgroup.procs; cat /sys/fs/cgroup/hugetlb.2MB.max; touch /sys/fs/cgroup/x 2>&1 || echo ro'
	assert_success
	local lines
	mapfile -t lines <<<"$output"
	assert_eq "${lines[0]}" "0::/" "/proc/self/cgroup in the container"
	# sh and wc: only the container's own processes
	assert_eq "${lines[1]}" "2" "processes in the container's cgroup.procs"
	assert_eq "${lines[2]}" "6291456" "hugetlb.2MB.max seen inside"
	assert_eq "${lines[-1]}" "ro" "the cgroup2 mount is read-only"
}

@test "cgroup: an absolute cgroupsPath is used as written; a relative one goes under cinch's parent cgroup" {
	cfg '.linux.cgroupsPath = $p' --arg p "/cinch-it/$ID"
	start_ct
	assert_eq "$(cgpath)" "$CG2/cinch-it/$ID" "absolute"
	assert_eq "$(cg_of "$INIT")" "/cinch-it/$ID" "/proc/INIT/cgroup"
	runf cinch delete -f "$ID"
	assert_success
	[ ! -e "$CG2/cinch-it/$ID" ]

	cfg '.linux.cgroupsPath = $p' --arg p "cinch-it/$ID"
	start_ct
	local self parent
	self=$(cg_of $$)
	parent=$(dirname "$self")
	[ "$parent" = / ] && parent=""
	assert_eq "$(cgpath)" "$CG2$parent/cinch-it/$ID" "relative"
}

@test "cgroup: --systemd-cgroup maps slice:prefix:name under the unified hierarchy" {
	cfg '.linux.cgroupsPath = $p' --arg p "cinchit.slice:cinch:$ID"
	start_ct "exec sleep 1000" --systemd-cgroup
	assert_eq "$(cgpath)" "$CG2/cinchit.slice/cinch-$ID.scope" "systemd path"
	assert_eq "$(cg_of "$INIT")" "/cinchit.slice/cinch-$ID.scope" "/proc/INIT/cgroup"
	runf cinch delete -f "$ID"
	assert_success
	[ ! -e "$CG2/cinchit.slice/cinch-$ID.scope" ]
}

@test "cgroup: a cgroupsPath that is not slice:prefix:name under systemd is refused, naming it, nothing left" {
	cfg '.linux.cgroupsPath = $p' --arg p "/not/systemd/$ID"
	sh_args true
	runf cinch --cgroup-manager systemd run -d --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.cgroupsPath"
	assert_stderr_has "/not/systemd/$ID"
	[ ! -e "$ROOT/$ID" ]
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: --cgroup-manager disabled creates no cgroup" {
	start_ct "exec sleep 1000" --cgroup-manager disabled
	assert_eq "$(cgpath)" "" "cgroup_path"
	assert_eq "$(cg_of "$INIT")" "$(cg_of $$)" "the container stays in cinch's cgroup"
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: kill --all signals every process of the cgroup (SIGTERM one by one, SIGKILL through cgroup.kill)" {
	del_ns pid
	start_ct 'sleep 1000 & sleep 1000 & exec sleep 1000'
	local p pids n
	p=$(cgpath)
	for _ in $(seq 50); do
		n=$(wc -l <"$p/cgroup.procs")
		[ "$n" -ge 3 ] && break
		sleep 0.1
	done
	assert_eq "$n" 3 "processes in the cgroup"
	pids=$(cat "$p/cgroup.procs")
	runf cinch kill --all "$ID" TERM
	assert_success
	for x in $pids; do pid_gone "$x"; done

	start_ct2() {
		ID=$ID-2
		start_ct 'sleep 1000 & sleep 1000 & exec sleep 1000'
	}
	start_ct2
	p=$(cgpath)
	for _ in $(seq 50); do
		[ "$(wc -l <"$p/cgroup.procs")" -ge 3 ] && break
		sleep 0.1
	done
	pids=$(cat "$p/cgroup.procs")
	runf cinch kill --all "$ID" KILL
	assert_success
	for x in $pids; do pid_gone "$x"; done
	assert_eq "$(cat "$p/cgroup.procs")" "" "cgroup.procs after kill --all KILL"
}

@test "cgroup: delete kills what outlived the init through the cgroup and removes the cgroup" {
	del_ns pid
	cfg '.process.args = ["sh", "-c", "setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $! >/tmp/orphan; sleep 0.3"]'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	local p orphan
	p=$(cgpath)
	wait_status "$ID" stopped
	orphan=$(cat "$BUNDLE/rootfs/tmp/orphan")
	pid_alive "$orphan"
	grep -qx "$orphan" "$p/cgroup.procs"
	runf cinch delete "$ID"
	assert_success
	pid_gone "$orphan"
	[ ! -e "$p" ]
}

@test "cgroup: exec'd processes join the container's cgroup" {
	add_ns cgroup
	start_ct
	run --separate-stderr cinch exec "$ID" sh -c 'grep "^0::" /proc/self/cgroup'
	assert_success
	assert_eq "$output" "0::/" "exec'd process in the cgroup namespace"
	runf cinch exec -d --pid-file "$T/exec.pid" "$ID" sleep 1000
	assert_success
	local x
	x=$(cat "$T/exec.pid")
	assert_eq "$(cg_of "$x")" "/cinch/$ID" "host view of the exec'd process"
	grep -qx "$x" "$(cgpath)/cgroup.procs"
}

@test "cgroup: the device program allows the standard devices and denies the rest, from inside" {
	cfg '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"]'
	mknod "$BUNDLE/rootfs/loopctl" c 10 237
	ct_run 'cat /dev/null && echo null-ok;
		mknod /tmp/null c 1 3 && echo > /tmp/null && echo mknod-null-ok;
		mknod /tmp/tun c 10 200 2>/dev/null && echo mknod-tun-ok || echo mknod-tun-denied;
		cat /loopctl 2>/dev/null && echo open-loopctl-ok || echo open-loopctl-denied'
	assert_success
	assert_eq "$output" "null-ok
mknod-null-ok
mknod-tun-denied
open-loopctl-denied" "device access without rules"

	cfg '.linux.resources.devices = [{allow: false, access: "rwm"}, {allow: true, type: "c", major: 10, minor: 200, access: "rwm"}, {allow: true, type: "c", major: 10, minor: 237, access: "r"}]'
	ID=$ID-2
	ct_run 'cat /dev/zero | head -c 1 >/dev/null && echo zero-ok;
		mknod /tmp/tun c 10 200 && echo mknod-tun-ok;
		cat /loopctl 2>/dev/null; echo "read-loopctl=$?";
		echo x 2>/dev/null >/loopctl && echo write-loopctl-ok || echo write-loopctl-denied'
	assert_success
	assert_output_has "zero-ok"
	assert_output_has "mknod-tun-ok"
	assert_output_has "write-loopctl-denied"
	# read is allowed by the rule; the loop-control device itself refuses a read (EINVAL), not EPERM
	[[ $output != *"read-loopctl=0"* ]] || true
}

@test "cgroup: a hugetlb limit is written on the unified hierarchy and read back" {
	has_controller hugetlb || skip "no hugetlb controller on the unified hierarchy"
	cfg '.linux.resources.hugepageLimits = [{pageSize: "2MB", limit: 4194304}]'
	start_ct
	assert_eq "$(cat "$(cgpath)/hugetlb.2MB.max")" 4194304 "hugetlb.2MB.max"
}

@test "cgroup: a value the kernel rejects names the JSON path and the cgroup file; nothing left" {
	has_controller hugetlb || skip "no hugetlb controller on the unified hierarchy"
	cfg '.linux.resources.hugepageLimits = [{pageSize: "2MB", limit: 4194304}, {pageSize: "3MB", limit: 1}]'
	sh_args true
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.resources.hugepageLimits[1]"
	assert_stderr_has "hugetlb.3MB.max"
	[ ! -e "$ROOT/$ID" ]
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: realtime CPU fields and unusable unified keys are refused by JSON path; nothing left" {
	cfg '.linux.resources.cpu.realtimeRuntime = 1000'
	sh_args true
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.resources.cpu.realtimeRuntime"
	[ ! -e "$ROOT/$ID" ]

	cfg 'del(.linux.resources.cpu) | .linux.resources.unified = {"../escape": "1"}'
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.resources.unified"
	assert_stderr_has "../escape"
	[ ! -e "$ROOT/$ID" ]

	cfg '.linux.resources.unified = {"cgroup.procs": "1"}'
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.resources.unified.cgroup.procs"
	[ ! -e "$ROOT/$ID" ]
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: a unified key of a controller the host lacks is an error whatever the policy" {
	has_controller memory && skip "this host's unified hierarchy has the memory controller"
	cfg '.linux.resources.unified = {"memory.high": "33554432"}'
	sh_args true
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "linux.resources.unified.memory.high"
	assert_stderr_has "memory controller"
	[ ! -e "$ROOT/$ID" ]
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: a limit the host cannot enforce is refused (hardened, strict), warned (compat, unenforceable-limits = warn)" {
	has_controller memory && skip "this host's unified hierarchy has the memory controller"
	cfg '.linux.resources.memory = {limit: 33554432} | .linux.resources.pids = {limit: 100}'
	sh_args 'echo ran'
	for POLICY in hardened strict; do
		runf cinch run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_stderr_has "CINCH-CGROUP-LIMIT"
		assert_stderr_has "linux.resources.memory.limit"
		assert_stderr_has "memory.max"
		[ ! -e "$ROOT/$ID" ]
		[ -z "$(leftover_cgroups "$ID")" ]
	done
	POLICY=compat
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" ran "compat runs it"
	assert_stderr_has "CINCH-CGROUP-LIMIT"

	printf 'unenforceable-limits = warn\n' >"$T/policy.conf"
	POLICY=hardened
	run --separate-stderr cinch --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" ran "hardened with unenforceable-limits = warn runs it"
	assert_stderr_has "warned"
	assert_stderr_has "linux.resources.memory.limit"

	# The same decision without running: cinch check
	POLICY=hardened
	run --separate-stderr cinch check --bundle "$BUNDLE"
	assert_failure
	assert_output_has "CINCH-CGROUP-LIMIT"
}

@test "cgroup: hardened gives a default pids limit, or skips it with a warning where pids is missing" {
	POLICY=hardened
	ct_run 'echo ran'
	assert_success
	assert_eq "$output" ran "hardened container runs"
	if has_controller pids; then
		:
	else
		assert_stderr_has "CINCH-PIDS"
		assert_stderr_has "skipped"
	fi
}

@test "cgroup: a cgroup that already holds processes is refused, and left as it was" {
	BUSY_CG=$CG2/cinch-busy-$RANDOM
	mkdir "$BUSY_CG"
	sleep 1000 &
	BUSY_PID=$!
	echo "$BUSY_PID" >"$BUSY_CG/cgroup.procs"
	cfg '.linux.cgroupsPath = $p' --arg p "${BUSY_CG#"$CG2"}"
	sh_args true
	runf cinch run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has "${BUSY_CG}"
	assert_stderr_has "already holds processes"
	[ ! -e "$ROOT/$ID" ]
	grep -qx "$BUSY_PID" "$BUSY_CG/cgroup.procs"
}

@test "cgroup: where no cgroup can be made (read-only cgroupfs), a config without limits runs untracked with a warning; one with limits is refused" {
	# cinch in a mount namespace of its own whose cgroup2 mount is read-only
	# (as inside another container)
	ro_cinch() {
		unshare -m bash -c 'mount -o remount,bind,ro "$1" && shift && exec timeout -k 5 60 "$@"' _ \
			"$CG2" "$CINCH" --root "$ROOT" --policy compat "$@"
	}
	sh_args 'echo ran'
	run --separate-stderr ro_cinch run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_eq "$output" ran "runs without a cgroup"
	assert_stderr_has "without a cgroup of its own"
	[ -z "$(leftover_cgroups "$ID")" ]

	has_controller hugetlb || return 0
	cfg '.linux.resources.hugepageLimits = [{pageSize: "2MB", limit: 4194304}]'
	run --separate-stderr ro_cinch run --bundle "$BUNDLE" "$ID" </dev/null
	assert_failure
	assert_stderr_has "Read-only file system"
	[ ! -e "$ROOT/$ID" ]
	[ -z "$(leftover_cgroups "$ID")" ]
}

@test "cgroup: without CLONE_INTO_CGROUP (before Linux 5.7) the container and exec'd processes still start in the cgroup, and cinch goes back to its own" {
	gcc -shared -fPIC -O2 -o "$T/noinfo.so" "$CINCH_IT_DIR/no_clone_into_cgroup.c" -ldl 2>"$T/gcc.err" ||
		{ cat "$T/gcc.err" >&2; return 1; }
	add_ns cgroup
	sh_args 'grep "^0::" /proc/self/cgroup; sleep 1.5'
	# (a sanitizer build wants its runtime first among preloaded libraries)
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	LD_PRELOAD=$T/noinfo.so cinch run --bundle "$BUNDLE" "$ID" </dev/null >"$T/out" 2>"$T/err" &
	local runner=$! self cg
	# (cinch runs under timeout: found below by its command line and binary)
	self=$(cg_of $$)
	for _ in $(seq 50); do
		[ -s "$T/out" ] && break
		sleep 0.1
	done
	# `run` waits in the foreground: cinch is back in the cgroup it came from
	local p exe found=""
	exe=$(readlink -f "$CINCH")
	for p in $(pgrep -f -- "run --bundle $BUNDLE $ID"); do
		[ "$(readlink "/proc/$p/exe")" = "$exe" ] || continue
		found=$p
		cg=$(cg_of "$p")
		assert_eq "$cg" "$self" "cgroup of the cinch that ran the container"
	done
	[ -n "$found" ] || {
		echo "the foreground cinch was not found; its stderr: $(cat "$T/err")" >&2
		return 1
	}
	wait "$runner"
	assert_eq "$(cat "$T/out")" "0::/" "the container's cgroup namespace is rooted at its cgroup"

	ID=$ID-2
	start_ct
	assert_eq "$(cg_of "$INIT")" "/cinch/$ID" "/proc/INIT/cgroup"
	LD_PRELOAD=$T/noinfo.so runf cinch exec -d --pid-file "$T/exec.pid" "$ID" sleep 1000
	assert_success
	assert_eq "$(cg_of "$(cat "$T/exec.pid")")" "/cinch/$ID" "the exec'd process (helper moved itself)"
}

#!/usr/bin/env bats
# Bad input: each must fail with a clear message naming what the user wrote,
# exit non-zero (not crash), and leave nothing behind.

load helpers

# create_fails PATTERN...: `cinch create` fails naming every PATTERN, nothing left
create_fails() {
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_error_names "$@"
	assert_gone "$ID"
}

# run_fails PATTERN...: same for `cinch run`
run_fails() {
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID" </dev/null
	assert_error_names "$@"
	assert_gone "$ID"
}

@test "bad input: malformed JSON" {
	head -c 200 "$BUNDLE/config.json" >"$BUNDLE/c" && mv "$BUNDLE/c" "$BUNDLE/config.json"
	create_fails config.json
	run_fails config.json
}

@test "bad input: missing config.json names the file" {
	rm "$BUNDLE/config.json"
	create_fails config.json
}

@test "bad input: not a JSON object" {
	echo '[1, 2, 3]' >"$BUNDLE/config.json"
	create_fails config.json
}

@test "bad input: wrong type names the JSON path (process.rlimits[0].hard)" {
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 1024, hard: "1024"}]'
	create_fails 'process.rlimits[0].hard'
}

@test "bad input: wrong type of process.args, mounts[i].options, root.readonly" {
	cfg '.process.args = "sh -c true"'
	create_fails process.args
	cfg '.process.args = ["sh"] | .mounts[2].options = "nosuid"'
	create_fails 'mounts[2].options'
	cfg 'del(.mounts[2].options) | .root.readonly = "yes"'
	create_fails root.readonly
}

@test "bad input: negative and out-of-range numbers" {
	cfg '.process.user.uid = -1'
	create_fails process.user.uid
	cfg '.process.user.uid = 4294967296'
	create_fails process.user.uid
}

@test "bad input: missing root" {
	cfg 'del(.root)'
	create_fails root
}

@test "bad input: root.path that does not exist names the path" {
	cfg '.root.path = "no-such-rootfs"'
	create_fails no-such-rootfs
}

@test "bad input: missing process.args, empty args, empty args[0]" {
	cfg 'del(.process.args)'
	create_fails process.args
	cfg '.process.args = []'
	create_fails process.args
	cfg '.process.args = [""]'
	create_fails 'process.args'
}

@test "bad input: relative process.cwd" {
	cfg '.process.cwd = "tmp"'
	create_fails process.cwd
}

@test "bad input: process.cwd through a symlink out of the rootfs stays inside" {
	mkdir "$HOSTDIR/outside"
	touch "$HOSTDIR/outside/HOST-MARKER"
	ln -s "$HOSTDIR/outside" "$BUNDLE/rootfs/escape"
	ln -s ../../../../../../../../../.. "$BUNDLE/rootfs/escape2"
	cfg '.process.cwd = "/escape"'
	ct_run 'ls -A; pwd -P'
	if [ "$status" -ne 0 ]; then
		assert_error_names process.cwd
	else
		if grep -q HOST-MARKER <<<"$output"; then echo "cwd is on the host: $output" >&2; return 1; fi
	fi
	assert_gone "$ID"
	cfg '.process.cwd = "/escape2/etc"'
	ct_run 'cat motd'
	if [ "$status" -ne 0 ]; then
		assert_error_names process.cwd
	else
		assert_eq "$output" "busybox rootfs for cinch integration tests" "cwd /escape2/etc is the rootfs' /etc"
	fi
}

@test "bad input: rootfs/proc as a symlink is refused" {
	rmdir "$BUNDLE/rootfs/proc"
	mkdir "$BUNDLE/rootfs/fakeproc"
	ln -s fakeproc "$BUNDLE/rootfs/proc"
	create_fails /proc
	run_fails /proc
}

@test "bad input: rootfs/sys as a symlink to the host is refused" {
	rmdir "$BUNDLE/rootfs/sys"
	ln -s "$HOSTDIR" "$BUNDLE/rootfs/sys"
	create_fails /sys
	[ -z "$(ls -A "$HOSTDIR")" ] || { echo "something was created in $HOSTDIR" >&2; return 1; }
}

@test "bad input: rlimit above the host hard limit" {
	capeff=$(awk '$1 == "CapEff:" { print $2 }' /proc/self/status)
	if (((0x$capeff >> 24) & 1)); then
		skip "we hold CAP_SYS_RESOURCE, limits can be raised"
	fi
	hard=$(ulimit -Hn)
	[ "$hard" != unlimited ] || skip "no hard limit on open files"
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 1024, hard: ($h | tonumber)}]' --arg h $((hard + 1))
	create_fails RLIMIT_NOFILE
	run_fails RLIMIT_NOFILE
}

@test "bad input: unknown and duplicate rlimit types" {
	cfg '.process.rlimits = [{type: "RLIMIT_BOGUS", soft: 1, hard: 1}]'
	create_fails RLIMIT_BOGUS
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 10, hard: 10}, {type: "RLIMIT_NOFILE", soft: 20, hard: 20}]'
	create_fails RLIMIT_NOFILE
}

@test "bad input: soft rlimit above hard" {
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 2000, hard: 1000}]'
	run --separate-stderr cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	# naming either the JSON path or the limit is clear enough
	grep -qE 'rlimits\[0\]|RLIMIT_NOFILE' <<<"$stderr" || { echo "message names neither" >&2; show >&2; return 1; }
	assert_gone "$ID"
}

@test "bad input: unknown namespace type" {
	cfg '.linux.namespaces += [{type: "bogusns"}]'
	create_fails bogusns
}

@test "bad input: executable not found (absolute, via PATH, not executable)" {
	set_args /nonexistent-prog arg
	create_fails /nonexistent-prog
	run_fails /nonexistent-prog
	set_args cit-no-such-cmd
	create_fails cit-no-such-cmd
	printf '#!/bin/sh\necho hi\n' >"$BUNDLE/rootfs/bin/notexec"
	chmod 0644 "$BUNDLE/rootfs/bin/notexec"
	set_args /bin/notexec
	create_fails /bin/notexec
}

@test "bad input: deeply nested JSON is refused cleanly" {
	depth=100000
	{
		printf '{"x-deep": '
		head -c $depth /dev/zero | tr '\0' '['
		head -c $depth /dev/zero | tr '\0' ']'
		printf ', '
		tail -c +2 "$BUNDLE/config.json"
	} >"$BUNDLE/c"
	mv "$BUNDLE/c" "$BUNDLE/config.json"
	create_fails config.json
}

@test "bad input: oversized config.json is refused cleanly" {
	# 300 MiB of annotation: far beyond any sane config
	{
		printf '{"annotations": {"big": "'
		head -c $((300 * 1024 * 1024)) /dev/zero | tr '\0' 'a'
		printf '"}, '
		tail -c +2 "$BUNDLE/config.json"
	} >"$BUNDLE/c"
	mv "$BUNDLE/c" "$BUNDLE/config.json"
	create_fails config.json
}

@test "bad input: mount without destination, device with a bad type, unknown seccomp action" {
	cfg '.mounts += [{type: "tmpfs", source: "tmpfs"}]'
	create_fails 'mounts[6].destination'
	cfg 'del(.mounts[6]) | .linux.devices = [{path: "/dev/x", type: "q", major: 1, minor: 3}]'
	create_fails 'linux.devices[0].type'
	cfg 'del(.linux.devices) | .linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
		syscalls: [{names: ["mkdir"], action: "SCMP_ACT_BOGUS"}]}'
	create_fails SCMP_ACT_BOGUS
}

@test "bad input: hostname without a new uts namespace is refused, host hostname untouched" {
	host=$(hostname)
	del_ns uts
	cfg '.hostname = "cit-should-not-be-set"'
	create_fails hostname
	assert_eq "$(hostname)" "$host" "host hostname"
}

@test "bad input: net.* sysctl without a new network namespace is refused, host untouched" {
	before=$(cat /proc/sys/net/ipv4/ip_forward)
	del_ns network
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": $v}' --arg v $((1 - before))
	create_fails net.ipv4.ip_forward
	assert_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$before" "host ip_forward"
}

@test "bad input: sysctl that is not namespaced is refused, host untouched" {
	before=$(cat /proc/sys/vm/swappiness)
	cfg '.linux.sysctl = {"vm.swappiness": $v}' --arg v $((before == 10 ? 11 : 10))
	create_fails vm.swappiness
	assert_eq "$(cat /proc/sys/vm/swappiness)" "$before" "host vm.swappiness"
}

@test "bad input: uid mappings without a user namespace are refused" {
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	create_fails uidMappings
}

@test "bad input: failures late in container setup also leave nothing (bad mount source)" {
	cfg '.mounts += [{destination: "/mnt/x", type: "bind", source: $s, options: ["bind"]}]' \
		--arg s "$HOSTDIR/no-such-source"
	create_fails "$HOSTDIR/no-such-source"
	run_fails "$HOSTDIR/no-such-source"
}

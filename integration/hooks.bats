#!/usr/bin/env bats
# OCI lifecycle hooks (config.md "POSIX-platform Hooks"): all six points,
# in the namespaces and at the moments the spec gives, state JSON on stdin,
# args, env, timeout, and failures.

load helpers

setup() { setup_common; }
teardown() { teardown_common; }

# hook_script NAME BODY: an executable host script $HOSTDIR/NAME.
hook_script() {
	printf '#!/bin/sh\n%s\n' "$2" >"$HOSTDIR/$1"
	chmod 0755 "$HOSTDIR/$1"
}

# add_hook KIND PATH [extra jq object fields]
add_hook() {
	cfg ".hooks.$1 += [{path: \$p} + $3]" --arg p "$2"
}

@test "hooks: createRuntime and prestart run in cinch's namespaces with the state on stdin, before start" {
	hook_script rt 'cat >"$(dirname "$0")/rt.state"; readlink /proc/self/ns/mnt >"$(dirname "$0")/rt.mnt"; echo "$@" >"$(dirname "$0")/rt.args"; env >"$(dirname "$0")/rt.env"'
	hook_script pre 'cat >"$(dirname "$0")/pre.state"'
	add_hook createRuntime "$HOSTDIR/rt" '{args: ["rt", "one", "two"], env: ["HOOKVAR=42"]}'
	add_hook prestart "$HOSTDIR/pre" '{}'
	sh_args 'sleep 100'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	# The state the hooks got: this container, being created, its pid.
	assert_eq "$(jq -r .id "$HOSTDIR/rt.state")" "$ID" "state id"
	assert_eq "$(jq -r .status "$HOSTDIR/rt.state")" creating "state status"
	assert_eq "$(jq -r .pid "$HOSTDIR/rt.state")" "$(pid_of "$ID")" "state pid"
	assert_eq "$(jq -r .bundle "$HOSTDIR/rt.state")" "$BUNDLE" "state bundle"
	assert_eq "$(jq -r .id "$HOSTDIR/pre.state")" "$ID" "prestart state id"
	# Runtime namespace: the host's mount namespace, not the container's.
	assert_eq "$(cat "$HOSTDIR/rt.mnt")" "$(readlink /proc/self/ns/mnt)" "createRuntime mnt ns"
	assert_eq "$(cat "$HOSTDIR/rt.args")" "one two" "args"
	# (the shell itself adds PWD)
	assert_eq "$(grep -vc "^PWD=" "$HOSTDIR/rt.env")" 1 "env has only what was listed"
	grep -qx HOOKVAR=42 "$HOSTDIR/rt.env"
	run --separate-stderr cinch delete -f "$ID"
	assert_success
}

@test "hooks: createContainer runs in the container's namespaces before pivot_root" {
	hook_script cc 'readlink /proc/self/ns/uts >"$(dirname "$0")/cc.uts"; hostname >"$(dirname "$0")/cc.hostname"; cat >/dev/null'
	add_hook createContainer "$HOSTDIR/cc" '{}'
	cfg '.hostname = "hooked"'
	ct_run 'readlink /proc/self/ns/uts'
	assert_success
	assert_eq "$(cat "$HOSTDIR/cc.uts")" "$output" "createContainer uts ns == container's"
	assert_eq "$(cat "$HOSTDIR/cc.hostname")" hooked "hostname seen by the hook"
}

@test "hooks: startContainer runs inside the container after start, before the user program" {
	cfg '.mounts += [{destination: "/run/hk", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev"]}]'
	printf '#!/bin/sh\ncat >/run/hk/state; echo from-start-hook >/run/hk/mark\n' >"$BUNDLE/rootfs/start-hook"
	chmod 0755 "$BUNDLE/rootfs/start-hook"
	add_hook startContainer /start-hook '{}'
	ct_run 'cat /run/hk/mark; cat /run/hk/state'
	assert_success
	assert_output_has from-start-hook
	assert_output_has "\"id\": \"$ID\""
}

@test "hooks: poststart runs after start, poststop at delete" {
	hook_script ps 'cat >"$(dirname "$0")/ps.state"'
	hook_script pst 'cat >"$(dirname "$0")/pst.state"'
	add_hook poststart "$HOSTDIR/ps" '{}'
	add_hook poststop "$HOSTDIR/pst" '{}'
	sh_args 'sleep 100'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	[ ! -e "$HOSTDIR/ps.state" ] || { echo "poststart ran before start" >&2; return 1; }
	# Editing the bundle after create must not change the hooks that run.
	cfg 'del(.hooks)'
	runf cinch start "$ID"
	assert_success
	assert_eq "$(jq -r .status "$HOSTDIR/ps.state")" running "poststart state"
	[ ! -e "$HOSTDIR/pst.state" ] || { echo "poststop ran before delete" >&2; return 1; }
	run --separate-stderr cinch delete -f "$ID"
	assert_success
	assert_eq "$(jq -r .id "$HOSTDIR/pst.state")" "$ID" "poststop state"
}

@test "hooks: a failing createRuntime hook fails create, names the hook, leaves nothing" {
	hook_script bad 'cat >/dev/null; exit 3'
	hook_script never 'touch "$(dirname "$0")/never-ran"'
	add_hook createRuntime "$HOSTDIR/bad" '{}'
	add_hook createRuntime "$HOSTDIR/never" '{}'
	sh_args 'true'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_error_names "hooks.createRuntime[0]" "$HOSTDIR/bad" "status 3"
	[ ! -e "$HOSTDIR/never-ran" ] || { echo "hooks after the failing one ran" >&2; return 1; }
	[ ! -e "$ROOT/$ID" ] || { echo "state dir left behind" >&2; return 1; }
}

@test "hooks: a failing createContainer hook fails run with its message" {
	hook_script badcc 'exit 7'
	add_hook createContainer "$HOSTDIR/badcc" '{}'
	ct_run 'echo should-not-run'
	assert_error_names "hooks.createContainer[0]" "status 7"
	[ "$output" = "" ] || { echo "user program ran" >&2; return 1; }
}

@test "hooks: a hook past its timeout is killed and fails create" {
	hook_script slow 'sleep 30'
	add_hook createRuntime "$HOSTDIR/slow" '{timeout: 1}'
	sh_args 'true'
	SECONDS=0
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_error_names "hooks.createRuntime[0]" "timed out after 1 s"
	[ "$SECONDS" -lt 10 ] || { echo "timeout not enforced (${SECONDS}s)" >&2; return 1; }
	! pgrep -f "$HOSTDIR/slow" >/dev/null || { echo "hook still running" >&2; return 1; }
}

@test "hooks: a failing poststop hook is a warning, delete still succeeds" {
	hook_script badstop 'exit 1'
	add_hook poststop "$HOSTDIR/badstop" '{}'
	sh_args 'true'
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_stderr_has "hooks.poststop[0]"
	[ ! -e "$ROOT/$ID" ] || { echo "state dir left behind" >&2; return 1; }
}

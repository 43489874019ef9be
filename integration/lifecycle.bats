#!/usr/bin/env bats
# Container lifecycle (runtime.md): create/start/state/kill/delete/run/list.

load helpers

# A program that writes a marker when it really runs, handles TERM and then idles.
LOOP='trap "exit 0" TERM; echo started >/tmp/started; while :; do sleep 0.1; done'

@test "lifecycle: create -> created (user program not yet run) -> start -> running -> kill -> stopped -> delete" {
	sh_args "$LOOP"
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	[ -d "$ROOT/$ID" ] || { echo "no state dir $ROOT/$ID after create" >&2; return 1; }

	run --separate-stderr cinch state "$ID"
	assert_success
	assert_eq "$(jq -r .status <<<"$output")" created "status after create"
	pid=$(jq -r .pid <<<"$output")
	[ "$pid" -gt 1 ] || { echo "bad pid '$pid'" >&2; return 1; }
	pid_alive "$pid"
	# The user program must not have been exec'd yet.
	[ ! -e "$BUNDLE/rootfs/tmp/started" ] || { echo "user program ran before start" >&2; return 1; }
	if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'started'; then
		echo "init's cmdline is already the user program before start" >&2
		return 1
	fi
	sleep 0.3
	[ ! -e "$BUNDLE/rootfs/tmp/started" ] || { echo "user program ran before start" >&2; return 1; }

	run --separate-stderr cinch start "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/started" 5
	assert_eq "$(status_of "$ID")" running "status after start"
	assert_eq "$(pid_of "$ID")" "$pid" "pid after start"

	run --separate-stderr cinch kill "$ID" KILL
	assert_success
	wait_status "$ID" stopped 10

	run --separate-stderr cinch delete "$ID"
	assert_success
	assert_gone "$ID"
	pid_gone "$pid"
}

@test "lifecycle: state JSON has ociVersion, id, status, pid, absolute bundle, annotations" {
	cfg '.annotations = {"org.cinch.test": "yes", "com.example/other": "a b"}'
	sh_args 'sleep 1000'
	# relative bundle path: state must report it absolute
	cd "$T"
	runf cinch create --bundle bundle "$ID"
	assert_success
	run --separate-stderr cinch state "$ID"
	assert_success
	jq -e . <<<"$output" >/dev/null || { echo "state is not JSON: $output" >&2; return 1; }
	[[ "$(jq -r .ociVersion <<<"$output")" =~ ^1\.[0-9]+\.[0-9]+ ]] || { show >&2; return 1; }
	assert_eq "$(jq -r .id <<<"$output")" "$ID" id
	assert_eq "$(jq -r .status <<<"$output")" created status
	assert_eq "$(jq -r '.pid | type' <<<"$output")" number "pid type"
	assert_eq "$(jq -r .bundle <<<"$output")" "$BUNDLE" bundle
	assert_eq "$(jq -r '.annotations["org.cinch.test"]' <<<"$output")" yes annotation
	assert_eq "$(jq -r '.annotations["com.example/other"]' <<<"$output")" "a b" annotation
}

@test "lifecycle: bundle defaults to the current directory" {
	sh_args 'sleep 1000'
	cd "$BUNDLE"
	runf cinch create "$ID"
	assert_success
	assert_eq "$(cinch state "$ID" | jq -r .bundle)" "$BUNDLE" bundle
}

@test "lifecycle: container that exits on its own is reported stopped; delete without -f works" {
	sh_args 'echo done >/tmp/done; exit 0'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	run --separate-stderr cinch start "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/done" 5
	wait_status "$ID" stopped 10
	run --separate-stderr cinch delete "$ID"
	assert_success
	assert_gone "$ID"
}

@test "lifecycle: start of a container that is not 'created' fails and changes nothing" {
	sh_args "$LOOP"
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	run --separate-stderr cinch start "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/started" 5
	pid=$(pid_of "$ID")

	# second start of a running container
	run --separate-stderr cinch start "$ID"
	assert_error_names "$ID"
	assert_eq "$(status_of "$ID")" running "status after failed start"
	assert_eq "$(pid_of "$ID")" "$pid" "pid after failed start"
	# the user program did not run twice
	assert_eq "$(grep -c started "$BUNDLE/rootfs/tmp/started")" 1 "marker lines"

	# start of a stopped container
	cinch kill "$ID" KILL
	wait_status "$ID" stopped 10
	run --separate-stderr cinch start "$ID"
	assert_error_names "$ID"
	assert_eq "$(status_of "$ID")" stopped "status after failed start"
}

@test "lifecycle: delete of a running container fails without -f and works with -f" {
	sh_args "$LOOP"
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_status "$ID" running 5
	pid=$(pid_of "$ID")

	run --separate-stderr cinch delete "$ID"
	assert_error_names "$ID"
	assert_eq "$(status_of "$ID")" running "status after refused delete"
	pid_alive "$pid"

	run --separate-stderr cinch delete -f "$ID"
	assert_success
	assert_gone "$ID"
	pid_gone "$pid"
}

@test "lifecycle: delete --force of a created (never started) container leaves nothing" {
	sh_args "$LOOP"
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(pid_of "$ID")
	run --separate-stderr cinch delete --force "$ID"
	assert_success
	assert_gone "$ID"
	pid_gone "$pid"
	[ ! -e "$BUNDLE/rootfs/tmp/started" ] || { echo "user program ran although never started" >&2; return 1; }
}

@test "lifecycle: second create with the same id fails and leaves the first intact" {
	sh_args "$LOOP"
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(pid_of "$ID")
	before=$(cd "$ROOT/$ID" && find . -type f -exec sha256sum {} + | sort)

	# a second bundle, so a wrongful overwrite would be visible in state
	mkdir "$T/b2"
	cp "$BUNDLE/config.json" "$T/b2/"
	ln -s "$BUNDLE/rootfs" "$T/b2/rootfs"
	runf cinch create --bundle "$T/b2" "$ID"
	assert_error_names "$ID"

	after=$(cd "$ROOT/$ID" && find . -type f -exec sha256sum {} + | sort)
	assert_eq "$after" "$before" "state files of the first container"
	assert_eq "$(status_of "$ID")" created status
	assert_eq "$(pid_of "$ID")" "$pid" pid
	assert_eq "$(cinch state "$ID" | jq -r .bundle)" "$BUNDLE" bundle
	pid_alive "$pid"
	run --separate-stderr cinch start "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/started" 5
}

@test "lifecycle: state, start, kill and delete of a missing id fail clearly and create nothing" {
	missing="nosuch-$RANDOM"
	# (runc's `delete -f` of a missing id succeeds: not tested)
	for cmd in state start kill delete; do
		# shellcheck disable=SC2086
		run --separate-stderr cinch $cmd "$missing"
		assert_error_names "$missing"
	done
	[ -z "$(ls -A "$ROOT")" ] || { echo "state root not empty: $(ls -A "$ROOT")" >&2; return 1; }
}

@test "lifecycle: 10 parallel creates of different ids all succeed" {
	sh_args 'sleep 1000'
	pids=()
	for i in $(seq 1 10); do
		cinch create --bundle "$BUNDLE" "$ID-$i" >"$T/create.$i.out" 2>&1 3>&- &
		pids+=($!)
	done
	fail=0
	for i in $(seq 1 10); do
		if ! wait "${pids[$((i - 1))]}"; then
			echo "create $ID-$i failed: $(cat "$T/create.$i.out")" >&2
			fail=1
		fi
	done
	[ $fail = 0 ]
	run --separate-stderr cinch list -q
	assert_success
	assert_eq "$(sort <<<"$output")" "$(for i in $(seq 1 10); do echo "$ID-$i"; done | sort)" "list -q"
	declare -A seen=()
	for i in $(seq 1 10); do
		assert_eq "$(status_of "$ID-$i")" created "status of $ID-$i"
		p=$(pid_of "$ID-$i")
		[ -z "${seen[$p]:-}" ] || { echo "two containers share pid $p" >&2; return 1; }
		seen[$p]=1
	done
	# (not $i: bats' `run` uses a global i of its own.)  All ten share the
	# bundle, which is how leftovers are found: delete them all, then check.
	local cid
	for cid in $(seq -f "$ID-%g" 1 10); do
		run --separate-stderr cinch delete -f "$cid"
		assert_success
	done
	for cid in $(seq -f "$ID-%g" 1 10); do
		assert_gone "$cid"
	done
}

@test "lifecycle: concurrent kill and state on the same id do not corrupt state" {
	sh_args 'trap ":" USR1; trap "exit 0" TERM; while :; do sleep 0.1; done'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_status "$ID" running 5
	pid=$(pid_of "$ID")
	pids=()
	for i in $(seq 1 20); do
		cinch state "$ID" >"$T/state.$i" 2>&1 3>&- &
		pids+=($!)
		cinch kill "$ID" USR1 >"$T/kill.$i" 2>&1 3>&- &
		pids+=($!)
	done
	fail=0
	for p in "${pids[@]}"; do wait "$p" || fail=1; done
	for i in $(seq 1 20); do
		if ! jq -e --arg id "$ID" '.id == $id and .status == "running"' "$T/state.$i" >/dev/null; then
			echo "concurrent state #$i: $(cat "$T/state.$i")" >&2
			fail=1
		fi
		if [ -s "$T/kill.$i" ] && grep -qi error "$T/kill.$i"; then
			echo "concurrent kill #$i: $(cat "$T/kill.$i")" >&2
			fail=1
		fi
	done
	[ $fail = 0 ]
	assert_eq "$(status_of "$ID")" running "status after the storm"
	assert_eq "$(pid_of "$ID")" "$pid" "pid after the storm"
	run --separate-stderr cinch kill "$ID" TERM
	assert_success
	wait_status "$ID" stopped 10
	run --separate-stderr cinch delete "$ID"
	assert_success
}

@test "lifecycle: list in table, json and -q formats" {
	sh_args 'sleep 1000'
	run --separate-stderr cinch list -q
	assert_success
	assert_eq "$output" "" "list -q of an empty root"
	run --separate-stderr cinch list --format json
	assert_success
	assert_eq "$(jq 'length' <<<"$output")" 0 "list --format json of an empty root"

	cinch create --bundle "$BUNDLE" "$ID"
	cinch create --bundle "$BUNDLE" "$ID-two"
	cinch start "$ID-two"
	wait_status "$ID-two" running 5

	run --separate-stderr cinch list -q
	assert_success
	assert_eq "$(sort <<<"$output")" "$(printf '%s\n%s\n' "$ID" "$ID-two" | sort)" "list -q"

	run --separate-stderr cinch list --format=json
	assert_success
	assert_eq "$(jq -r 'map(.id) | sort | join(",")' <<<"$output")" \
		"$(printf '%s\n%s\n' "$ID" "$ID-two" | sort | paste -sd,)" "json ids"
	assert_eq "$(jq -r --arg id "$ID" '.[] | select(.id == $id) | .status' <<<"$output")" created
	assert_eq "$(jq -r --arg id "$ID-two" '.[] | select(.id == $id) | .status' <<<"$output")" running
	assert_eq "$(jq -r --arg id "$ID" '.[] | select(.id == $id) | .bundle' <<<"$output")" "$BUNDLE"
	assert_eq "$(jq -r --arg id "$ID-two" '.[] | select(.id == $id) | .pid' <<<"$output")" "$(pid_of "$ID-two")"

	run --separate-stderr cinch list
	assert_success
	head -1 <<<"$output" | grep -q 'ID' || { echo "no table header" >&2; show >&2; return 1; }
	head -1 <<<"$output" | grep -qi 'STATUS' || { echo "no STATUS column" >&2; show >&2; return 1; }
	grep -E "^${ID}[[:space:]].*created" <<<"$output" >/dev/null || { show >&2; return 1; }
	grep -E "^${ID}-two[[:space:]].*running" <<<"$output" >/dev/null || { show >&2; return 1; }

	run --separate-stderr cinch list --format yaml
	assert_error_names yaml
}

@test "lifecycle: run propagates the exit code and deletes the container" {
	ct_run 'exit 3'
	assert_status 3
	assert_gone "$ID"
	ct_run 'exit 0'
	assert_status 0
	assert_gone "$ID"
	ct_run 'echo out; echo err >&2; exit 0'
	assert_success
	assert_eq "$output" out stdout
	assert_eq "$stderr" err stderr
}

@test "lifecycle: run exits 128+N when the container is killed by signal N" {
	# pid 1 of a pid namespace cannot be killed from inside: share the host's.
	del_ns pid
	ct_run 'kill -9 $$; exit 1'
	assert_status 137
	assert_gone "$ID"
	ct_run 'trap - TERM; kill -TERM $$; exit 1'
	assert_status 143
	assert_gone "$ID"
}

@test "lifecycle: foreground run forwards SIGTERM and SIGUSR1 to the container" {
	for sig in TERM USR1; do
		rm -f "$BUNDLE/rootfs/tmp/ready" "$BUNDLE/rootfs/tmp/got"
		sh_args "trap 'echo $sig >/tmp/got; exit 42' $sig; echo >/tmp/ready; while :; do sleep 0.1; done"
		"$CINCH" --root "$ROOT" --policy compat run --bundle "$BUNDLE" "$ID" </dev/null >"$T/run.out" 2>&1 3>&- &
		rpid=$!
		BG_PIDS+=("$rpid")
		wait_file "$BUNDLE/rootfs/tmp/ready" 10
		kill -"$sig" "$rpid"
		rc=0
		wait "$rpid" || rc=$?
		if [ "$rc" != 42 ]; then
			echo "SIG$sig to cinch run: exit $rc, expected 42 (container's trap); output: $(cat "$T/run.out")" >&2
			return 1
		fi
		assert_eq "$(cat "$BUNDLE/rootfs/tmp/got")" "$sig" "signal seen by the container"
		assert_gone "$ID"
	done
}

@test "lifecycle: run -d with --pid-file; create --pid-file" {
	sh_args 'sleep 1000'
	runf cinch run -d --pid-file "$T/run.pid" --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$(status_of "$ID")" running status
	pid=$(pid_of "$ID")
	assert_eq "$(cat "$T/run.pid")" "$pid" "pid file"
	pid_alive "$pid"
	run --separate-stderr cinch delete -f "$ID"
	assert_success
	assert_gone "$ID"

	runf cinch create --pid-file="$T/create.pid" --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$(cat "$T/create.pid")" "$(pid_of "$ID")" "pid file after create"
}

@test "lifecycle: --preserve-fds passes fd 3 and nothing above it; without it no extra fd leaks" {
	echo "content-three" >"$T/three"
	echo "content-four" >"$T/four"
	ct_run 'cat <&3; if [ -e /proc/self/fd/4 ]; then echo LEAK4; fi' --preserve-fds 1 3<"$T/three" 4<"$T/four"
	assert_success
	assert_eq "$output" "content-three" "fd 3 inside"

	# without --preserve-fds: neither fd 3 (bats' own) nor 7 reach the container
	ct_run 'for f in 3 4 5 6 7 8 9 10; do if [ -e /proc/$$/fd/$f ]; then echo "LEAK$f -> $(readlink /proc/$$/fd/$f)"; fi; done' \
		3<"$T/three" 7<"$T/four"
	assert_success
	assert_eq "$output" "" "fds above 2 inside"
}

@test "lifecycle: kill accepts KILL, SIGKILL and 9; default is TERM; unknown signal is refused" {
	for sig in KILL SIGKILL 9; do
		sh_args 'sleep 1000'
		runf cinch run -d --bundle "$BUNDLE" "$ID"
		assert_success
		run --separate-stderr cinch kill "$ID" "$sig"
		assert_success
		wait_status "$ID" stopped 10
		cinch delete "$ID"
		assert_gone "$ID"
	done

	sh_args 'trap "echo term >/tmp/term; exit 0" TERM; while :; do sleep 0.1; done'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	run --separate-stderr cinch kill "$ID" BOGUS
	assert_error_names BOGUS
	assert_eq "$(status_of "$ID")" running "status after a refused signal"
	run --separate-stderr cinch kill "$ID"
	assert_success
	wait_status "$ID" stopped 10
	assert_eq "$(cat "$BUNDLE/rootfs/tmp/term")" term "default signal"
}

@test "lifecycle: kill --all reaches every process of the container" {
	# without a pid namespace, killing init alone would leave the children
	del_ns pid
	sh_args 'sleep 1001 & sleep 1002 & echo >/tmp/ready; wait'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_file "$BUNDLE/rootfs/tmp/ready" 5
	run --separate-stderr cinch kill --all "$ID" KILL
	assert_success
	wait_status "$ID" stopped 10
	for ((i = 0; i < 30; i++)); do
		grep -qsF -e "$MARKER" /proc/[0-9]*/environ || break
		sleep 0.1
	done
	left=$(grep -lsF -e "$MARKER" /proc/[0-9]*/environ || true)
	[ -z "$left" ] || { echo "processes survived kill --all: $left" >&2; return 1; }
}

@test "lifecycle: invalid container ids are refused and create nothing" {
	long=$(printf 'a%.0s' $(seq 1 1100))
	for bad in "../escape" "a/b" ".hidden" "_under" "+plus" "a b" "a:b" "tab	x" "é" "$long" ""; do
		runf cinch create --bundle "$BUNDLE" "$bad"
		assert_failure
		[ -n "$stderr" ] || { echo "no message for id '$bad'" >&2; return 1; }
		if [ -n "$bad" ] && [ ${#bad} -lt 100 ]; then
			assert_stderr_has "$bad"
		fi
		[ -z "$(ls -A "$ROOT")" ] || { echo "id '$bad' left: $(ls -A "$ROOT")" >&2; return 1; }
		[ ! -e "$T/escape" ] || { echo "id '../escape' created $T/escape" >&2; return 1; }
		[ -z "$(leftover_pids)" ] || { echo "id '$bad' left processes" >&2; return 1; }
	done
	# also refused by the other commands, without touching anything
	run --separate-stderr cinch delete -f "../state"
	assert_failure
	[ -d "$ROOT" ] || { echo "delete -f ../state removed the state root" >&2; return 1; }
}

@test "lifecycle: unusual but valid ids work" {
	sh_args 'true'
	for good in "a" "A1_b.c+d-e" "9lives" "$(printf 'x%.0s' $(seq 1 64))"; do
		runf cinch create --bundle "$BUNDLE" "$good"
		assert_success
		assert_eq "$(status_of "$good")" created "status of '$good'"
		run --separate-stderr cinch delete -f "$good"
		assert_success
		assert_gone "$good"
	done
}

@test "lifecycle: --no-new-keyring and --no-pivot are accepted by create and run" {
	sh_args 'echo hi'
	run --separate-stderr cinch run --no-new-keyring --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" hi
	runf cinch create --no-new-keyring --no-pivot --bundle "$BUNDLE" "$ID"
	assert_success
}

#!/usr/bin/env bats
# The commands engines use on running containers, through the container's
# cgroup v2 directory: pause/resume (cgroup.freeze) and "paused" in state
# and list, ps (json and table), events (--stats and the stream), and
# update (hugetlb, the one controller a hybrid host's unified hierarchy
# has; a memory or pids limit refused here, or skipped with a warning under
# compat; bad values named; nothing changed on error).  Real memory, pids
# and cpu updates are proven in the VM (integration/vm).
#
# The containers run under compat (the wrapper's default) unless a test
# sets POLICY.
# shellcheck disable=SC2016,SC2034,SC2154  # scripts in single quotes; POLICY is read by helpers.bash; bats sets stderr

load helpers

setup() {
	setup_common
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		CG2=/sys/fs/cgroup
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		CG2=/sys/fs/cgroup/unified
	else
		skip "no cgroup2 hierarchy on this host"
	fi
}

teardown() { teardown_common; }

# cgpath: the container's cgroup directory, from its state file
cgpath() { jq -r '.cgroup_path // empty' "$ROOT/$ID/state.json"; }

start_ct() {
	sh_args "${1:-exec sleep 1000}"
	runf cinch "${@:2}" run -d --bundle "$BUNDLE" "$ID"
	assert_success
	INIT=$(pid_of "$ID")
	pid_alive "$INIT"
}

# procs_settle N: wait until the cgroup holds N processes
procs_settle() {
	local i n
	for ((i = 0; i < 50; i++)); do
		n=$(wc -l <"$(cgpath)/cgroup.procs")
		[ "$n" -eq "$1" ] && return 0
		sleep 0.1
	done
	echo "the cgroup holds $n processes, expected $1" >&2
	return 1
}

# A container that writes a counter to /tmp/n (in its rootfs) every 50 ms,
# renaming it into place so that a reader (or a freeze) never meets a
# truncated file.
COUNTER='i=0; while :; do i=$((i+1)); echo $i >/tmp/n.new; mv /tmp/n.new /tmp/n; sleep 0.05; done'
counter() { cat "$BUNDLE/rootfs/tmp/n"; }

@test "pause freezes every process (exec'd ones too), state and list say paused, resume thaws" {
	start_ct "$COUNTER"
	wait_file "$BUNDLE/rootfs/tmp/n"
	runf cinch exec -d "$ID" sleep 1000
	assert_success
	runf cinch pause "$ID"
	assert_success
	assert_eq "$(status_of "$ID")" paused "state"
	run --separate-stderr cinch list --format json
	assert_success
	assert_eq "$(jq -r --arg id "$ID" '.[] | select(.id == $id) | .status' <<<"$output")" paused "list"
	grep -qx "frozen 1" "$(cgpath)/cgroup.events"
	# frozen: the counter stands still
	local a b
	a=$(counter)
	sleep 0.5
	b=$(counter)
	assert_eq "$b" "$a" "the counter while paused"

	runf cinch resume "$ID"
	assert_success
	assert_eq "$(status_of "$ID")" running "state after resume"
	grep -qx "frozen 0" "$(cgpath)/cgroup.events"
	sleep 0.5
	b=$(counter)
	[ "$b" -gt "$a" ] || {
		echo "the counter did not move after resume ($a -> $b)" >&2
		return 1
	}
}

@test "pause of a paused, resume of a running, either of a stopped container fail naming the id and status" {
	start_ct
	runf cinch resume "$ID"
	assert_error_names "$ID" "running" "not paused"
	runf cinch pause "$ID"
	assert_success
	runf cinch pause "$ID"
	assert_error_names "$ID" "paused"
	assert_eq "$(status_of "$ID")" paused "state after the failed pause"
	# exec and delete without --force refuse a paused container
	runf cinch exec "$ID" true
	assert_error_names "$ID" "paused"
	runf cinch delete "$ID"
	assert_error_names "$ID" "paused"
	runf cinch kill "$ID" KILL
	assert_success
	wait_status "$ID" stopped
	runf cinch pause "$ID"
	assert_error_names "$ID" "stopped"
	runf cinch resume "$ID"
	assert_error_names "$ID" "stopped"
	runf cinch pause "nope-$ID"
	assert_error_names "nope-$ID" "does not exist"
}

@test "delete --force of a paused container kills it and removes its cgroup" {
	start_ct 'sleep 1000 & exec sleep 1000'
	local p
	p=$(cgpath)
	runf cinch pause "$ID"
	assert_success
	runf cinch delete -f "$ID"
	assert_success
	pid_gone "$INIT"
	[ ! -e "$p" ]
	assert_gone "$ID"
}

@test "a container without a cgroup cannot be paused, listed by ps, watched or updated" {
	start_ct "exec sleep 1000" --cgroup-manager disabled
	local c
	for c in "pause" "ps --format json" "events --stats" "update --pids-limit 10"; do
		# shellcheck disable=SC2086  # the command and its flags
		runf cinch $c "$ID"
		assert_error_names "$ID" "no cgroup"
	done
	assert_eq "$(status_of "$ID")" running "state"
}

@test "ps --format json is the array of the pids in the container's cgroup, exec'd processes included" {
	start_ct 'sleep 1000 & exec sleep 1000'
	runf cinch exec -d --pid-file "$T/x.pid" "$ID" sleep 999
	assert_success
	procs_settle 3
	run --separate-stderr cinch ps --format json "$ID"
	assert_success
	jq -e 'type == "array" and length == 3 and all(type == "number")' <<<"$output" >/dev/null
	assert_eq "$(jq -c . <<<"$output")" "$(sort -n "$(cgpath)/cgroup.procs" | jq -sc .)" "pids"
	jq -e --argjson p "$INIT" 'index($p) != null' <<<"$output" >/dev/null
	jq -e --argjson p "$(cat "$T/x.pid")" 'index($p) != null' <<<"$output" >/dev/null
}

@test "ps (table) runs ps(1) with the options given and keeps the header and the container's lines" {
	start_ct 'sleep 1000 & exec sleep 1000'
	procs_settle 2
	run --separate-stderr cinch ps "$ID"
	assert_success
	local lines
	mapfile -t lines <<<"$output"
	[[ ${lines[0]} == *PID*CMD* ]]
	assert_eq "${#lines[@]}" 3 "header and two processes (ps -ef)"
	grep -q "^root  *$INIT " <<<"$output"

	run --separate-stderr cinch ps "$ID" -o pid,comm
	assert_success
	mapfile -t lines <<<"$output"
	assert_eq "$(awk '{ print $1 }' <<<"${lines[0]}")" PID "header"
	assert_eq "$(awk 'NR > 1 { print $1 }' <<<"$output" | sort -n | tr '\n' ' ')" \
		"$(sort -n "$(cgpath)/cgroup.procs" | tr '\n' ' ')" "pids of the table"
	assert_eq "$(awk 'NR > 1 { print $2 }' <<<"$output" | sort -u)" sleep "commands"

	# options that drop the PID column, a bad format: named errors
	run --separate-stderr cinch ps "$ID" -o comm
	assert_error_names "PID"
	run --separate-stderr cinch ps --format yaml "$ID"
	assert_error_names "yaml"
}

@test "events --stats prints one stats event in runc's format" {
	start_ct 'sleep 1000 & exec sleep 1000'
	procs_settle 2
	run --separate-stderr cinch events --stats "$ID"
	assert_success
	assert_eq "$(wc -l <<<"$output")" 1 "one line"
	jq -e --arg id "$ID" '.type == "stats" and .id == $id' <<<"$output" >/dev/null
	# pids without the pids controller: the processes of cgroup.procs
	assert_eq "$(jq .data.pids.current <<<"$output")" 2 "data.pids.current"
	jq -e '.data.cpu.usage | has("user") and has("kernel")' <<<"$output" >/dev/null
	jq -e '.data.memory.usage | has("limit") and has("failcnt")' <<<"$output" >/dev/null
	if grep -qw hugetlb "$(cgpath)/cgroup.controllers"; then
		local size
		size=$(cd "$(cgpath)" && ls hugetlb.*.current | grep -v rsvd | head -1 | cut -d. -f2)
		jq -e --arg s "$size" '.data.hugetlb[$s] | has("failcnt")' <<<"$output" >/dev/null
	fi
}

@test "events streams stats every --interval and exits 0 when the container stops" {
	start_ct
	bg sh -c "'$CINCH' --root '$ROOT' events --interval 200ms '$ID' >'$T/ev.out' 2>'$T/ev.err'; echo \$? >'$T/ev.rc'"
	local i
	for ((i = 0; i < 50; i++)); do
		[ "$(wc -l <"$T/ev.out")" -ge 3 ] && break
		sleep 0.1
	done
	[ "$(wc -l <"$T/ev.out")" -ge 3 ] || {
		echo "fewer than 3 events in 5 s: $(cat "$T/ev.out" "$T/ev.err")" >&2
		return 1
	}
	runf cinch kill "$ID" KILL
	assert_success
	wait_file "$T/ev.rc" 5
	assert_eq "$(cat "$T/ev.rc")" 0 "events' exit status"
	jq -se --arg id "$ID" 'all(.type == "stats" and .id == $id)' "$T/ev.out" >/dev/null
	runf cinch events --interval 1s "$ID"
	assert_error_names "$ID" "not running"
	runf cinch events --interval 0 "$ID"
	assert_error_names "--interval" "0"
	runf cinch events --interval 5 "$ID"
	assert_error_names "--interval" "5"
}

@test "update: a hugetlb limit from --resources - reaches the cgroup and the saved config; the next update merges over it" {
	# 2 MiB pages: the kernel rounds a limit down to whole pages
	local size=2MB
	grep -qw hugetlb "$CG2/cgroup.controllers" || skip "no hugetlb controller in the cgroup v2 hierarchy"
	start_ct
	[ -e "$(cgpath)/hugetlb.$size.max" ] || skip "no 2MB huge pages"
	run --separate-stderr cinch update --resources - "$ID" <<<"{\"hugepageLimits\":[{\"pageSize\":\"$size\",\"limit\":4194304}]}"
	assert_success
	assert_eq "$(cat "$(cgpath)/hugetlb.$size.max")" 4194304 "hugetlb.$size.max"
	assert_eq "$(jq -c .linux.resources.hugepageLimits "$ROOT/$ID/config.json")" \
		"[{\"pageSize\":\"$size\",\"limit\":4194304}]" "saved config"
	# --resources=FILE, the other spelling; and a later update keeps it
	echo "{\"hugepageLimits\":[{\"pageSize\":\"$size\",\"limit\":8388608}]}" >"$T/r.json"
	runf cinch update --resources="$T/r.json" "$ID"
	assert_success
	assert_eq "$(cat "$(cgpath)/hugetlb.$size.max")" 8388608 "hugetlb.$size.max"
	runf cinch update --kernel-memory 1m "$ID"
	assert_success
	assert_stderr_has "--kernel-memory"
	assert_eq "$(cat "$(cgpath)/hugetlb.$size.max")" 8388608 "kept by a later update"
	assert_eq "$(jq -r '.linux.resources.hugepageLimits[0].limit' "$ROOT/$ID/config.json")" 8388608 "saved"
}

@test "update: a memory or pids limit is refused where the controller is missing, naming flag and controller; nothing changed" {
	grep -qw memory "$CG2/cgroup.controllers" && skip "this host's cgroup v2 hierarchy has the memory controller"
	POLICY=hardened
	start_ct
	local before
	before=$(sha256sum <"$ROOT/$ID/config.json")
	runf cinch update --memory 512m "$ID"
	assert_error_names "$ID" "--memory 512m" "memory.max" "memory controller" "unenforceable-limits"
	echo '{"pids":{"limit":100},"memory":{"limit":1048576}}' >"$T/r.json"
	runf cinch update -r "$T/r.json" "$ID"
	assert_error_names "$T/r.json" "pids.limit" "pids controller" "memory.limit" "memory controller"
	assert_eq "$(sha256sum <"$ROOT/$ID/config.json")" "$before" "the saved config"
	assert_eq "$(status_of "$ID")" running "state"

	# weights are only warned about, as at create; -1 needs no controller
	runf cinch update --cpu-share 512 --memory -1 "$ID"
	assert_success
	assert_stderr_has "--cpu-share 512"
	assert_stderr_has "not enforced"
	assert_eq "$(jq -c '[.linux.resources.cpu.shares, .linux.resources.memory.limit]' "$ROOT/$ID/config.json")" \
		"[512,-1]" "saved config"

	# compat, like create, runs without the limit and says so
	POLICY=compat
	runf cinch update --pids-limit 100 "$ID"
	assert_success
	assert_stderr_has "--pids-limit 100"
	assert_stderr_has "not enforced"
}

@test "update: bad values, files and states are named; nothing changed" {
	start_ct
	local before
	before=$(sha256sum <"$ROOT/$ID/config.json")
	runf cinch update --memory lots "$ID"
	assert_error_names "--memory" "lots"
	runf cinch update --blkio-weight 5 "$ID"
	assert_error_names "--blkio-weight" "5"
	runf cinch update --cpuset-cpus 0-x "$ID"
	assert_error_names "--cpuset-cpus" "0-x"
	runf cinch update --cpu-rt-period 1000 "$ID"
	assert_error_names "--cpu-rt-period" "realtime"
	runf cinch update --resources "$T/missing.json" "$ID"
	assert_error_names "--resources" "$T/missing.json"
	echo '{"memory":{"limit":"big"}}' >"$T/bad.json"
	runf cinch update -r "$T/bad.json" "$ID"
	assert_error_names "$T/bad.json" "memory.limit"
	runf cinch update --memory 1g
	assert_error_names "container id"
	runf cinch update --memory 1g "nope-$ID"
	assert_error_names "nope-$ID" "does not exist"
	assert_eq "$(sha256sum <"$ROOT/$ID/config.json")" "$before" "the saved config"
	runf cinch kill "$ID" KILL
	assert_success
	wait_status "$ID" stopped
	runf cinch update --pids-limit 10 "$ID"
	assert_error_names "$ID" "stopped"
}

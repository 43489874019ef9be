# Shared helpers for the cinch end-to-end suites (sourced by every .bats file).
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2016  # variables used by the .bats files; jq programs in single quotes

bats_require_minimum_version 1.5.0

: "${CINCH:?run through integration/run.sh}"
: "${CINCH_IT_TMP:?run through integration/run.sh}"
: "${CINCH_IT_ROOTFS:?run through integration/run.sh}"
TIMEOUT=${CINCH_IT_TIMEOUT:-60}
# The machine-wide pool of user namespace ranges (runtime/idpool.h).
IDPOOL=/run/cinch/.idpool

# Per test: T (scratch dir), BUNDLE, ROOT (private --root), HOSTDIR (host-side
# scratch), ID (a unique container id), MARKER (an environment entry every
# container process carries, to find leftovers).
setup_common() {
	T=$(mktemp -d "$CINCH_IT_TMP/t.XXXXXX")
	chmod 0755 "$T"
	BUNDLE=$T/bundle
	ROOT=$T/state
	HOSTDIR=$T/host
	mkdir -p "$BUNDLE" "$ROOT" "$HOSTDIR"
	cp -a "$CINCH_IT_ROOTFS" "$BUNDLE/rootfs"
	MARKER="CINCH_IT_MARKER=$T"
	jq --arg m "$MARKER" '.process.env += [$m]' \
		"$CINCH_IT_DIR/base-config.json" >"$BUNDLE/config.json"
	ID="cit${BATS_TEST_NUMBER}-$RANDOM$RANDOM"
	BG_PIDS=()
	NETNS=()
	HOST_MOUNTS_BEFORE=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
}

# Run cinch with the test's private state dir.  The suites of the core
# runtime test OCI semantics, so they run under the compat policy; the
# policy suites set POLICY themselves (hardened, strict).
cinch() {
	timeout -k 5 "$TIMEOUT" "$CINCH" --root "$ROOT" --policy "${POLICY:-compat}" "$@"
}

# cfg FILTER [jq args...]: edit the bundle's config.json in place.
cfg() {
	local filter=$1
	shift
	jq "$filter" "$@" <"$BUNDLE/config.json" >"$BUNDLE/config.json.new"
	mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

# (not jq --args: jq 1.6 would take "-c" in the arguments as its own option)
set_args() {
	local a='[]' x
	for x in "$@"; do a=$(jq -c --arg x "$x" '. + [$x]' <<<"$a"); done
	cfg '.process.args = $a' --argjson a "$a"
}
sh_args() { set_args sh -c "$1"; }
add_ns() {
	if [ $# -gt 1 ]; then
		cfg '.linux.namespaces |= (map(select(.type != $t)) + [{type: $t, path: $p}])' \
			--arg t "$1" --arg p "$2"
	else
		cfg '.linux.namespaces |= (map(select(.type != $t)) + [{type: $t}])' --arg t "$1"
	fi
}
del_ns() { cfg '.linux.namespaces |= map(select(.type != $t))' --arg t "$1"; }

# ct_run SCRIPT [cinch run flags...]: run `sh -c SCRIPT` in the foreground
# (bats `run`: sets status, output, stderr).
ct_run() {
	local script=$1
	shift
	sh_args "$script"
	run --separate-stderr cinch run --bundle "$BUNDLE" "$@" "$ID" </dev/null
}

# runf CMD...: like `run --separate-stderr CMD...`, for commands that leave a
# container process holding their stdio (create, run -d): with bats' `run`
# the capture pipe would stay open until the container exits.
RUNF_N=0
runf() {
	RUNF_N=$((RUNF_N + 1))
	local o=$T/runf.$RUNF_N.out e=$T/runf.$RUNF_N.err
	status=0
	"$@" </dev/null >"$o" 2>"$e" || status=$?
	output=$(cat "$o")
	stderr=$(cat "$e")
}

# show what happened, for failure diagnostics
show() {
	echo "status: ${status:-?}"
	echo "stdout: ${output:-}"
	echo "stderr: ${stderr:-}"
}

assert_success() {
	if [ "$status" -ne 0 ]; then
		echo "expected success" >&2
		show >&2
		return 1
	fi
}

# assert_failure: non-zero, but not a crash (signal) and not our timeout.
assert_failure() {
	if [ "$status" -eq 0 ]; then
		echo "expected failure, got exit 0" >&2
		show >&2
		return 1
	fi
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		echo "command hung (timeout)" >&2
		show >&2
		return 1
	fi
	if [ "$status" -gt 128 ]; then
		echo "command crashed (status $status)" >&2
		show >&2
		return 1
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1" >&2
		show >&2
		return 1
	fi
}

# assert_eq ACTUAL EXPECTED [what]
assert_eq() {
	if [ "$1" != "$2" ]; then
		printf 'mismatch%s\n  expected: %q\n  actual:   %q\n' "${3:+ ($3)}" "$2" "$1" >&2
		show >&2
		return 1
	fi
}

assert_output_has() {
	if ! grep -qF -- "$1" <<<"$output"; then
		printf 'stdout does not contain %q\n' "$1" >&2
		show >&2
		return 1
	fi
}

assert_stderr_has() {
	if ! grep -qiF -- "$1" <<<"$stderr"; then
		printf 'stderr does not contain %q\n' "$1" >&2
		show >&2
		return 1
	fi
}

# assert_error_names PATTERN...: the failure message (stderr) names each.
assert_error_names() {
	local p
	assert_failure
	[ -n "$stderr" ] || {
		echo "failure without a message on stderr" >&2
		show >&2
		return 1
	}
	for p in "$@"; do assert_stderr_has "$p"; done
}

state_json() { cinch state "$1"; }

status_of() {
	local s
	s=$(cinch state "$1" 2>/dev/null) || {
		echo "(state failed)"
		return 0
	}
	jq -r .status <<<"$s"
}

pid_of() { cinch state "$1" | jq -r .pid; }

# wait_status ID STATUS [seconds]
wait_status() {
	local i last
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		last=$(status_of "$1")
		[ "$last" = "$2" ] && return 0
		sleep 0.1
	done
	echo "container $1: status '$last', expected '$2'" >&2
	return 1
}

# wait_file PATH [seconds]
wait_file() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# Processes that belong to this test's containers: the container's processes
# carry MARKER in their environment; cinch's own children carry the bundle
# path on their command line (the pattern goes through a file so grep itself
# never matches).
leftover_pids() {
	local pat=$T/pattern pids p
	printf '%s\n' "$BUNDLE" >"$pat"
	pids=$({
		grep -lsF -e "$MARKER" /proc/[0-9]*/environ
		grep -lsFf "$pat" /proc/[0-9]*/cmdline
	} 2>/dev/null | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -u)
	for p in $pids; do
		[ "$p" = "$$" ] || [ "$p" = "${BASHPID:-}" ] && continue
		# zombies have no environ/cmdline anyway; report the live ones
		[ -e "/proc/$p" ] && echo "$p"
	done
}

leftover_mounts() {
	awk -v b="$BUNDLE" -v r="$ROOT" \
		'$5 == b || index($5, b "/") == 1 || index($5, r "/") == 1 { print $5 }' \
		/proc/self/mountinfo
}

new_host_mounts() {
	# (ignoring our own scratch mounts, `ip netns add` bind mounts, and the
	# scratch mounts of another run of this suite going on at the same time:
	# its tests mount under its own /tmp/cinch-it.XXXXXX)
	comm -13 <(printf '%s\n' "$HOST_MOUNTS_BEFORE") \
		<(awk '{ print $5 }' /proc/self/mountinfo | sort) |
		grep -vF -e "$T/" | grep -vE '^/run/netns(/cit-|$)' |
		awk -v ours="$CINCH_IT_TMP/" -v other="${CINCH_IT_TMP%/*}/cinch-it." \
			'index($0, ours) == 1 || index($0, other) != 1' || true
}

leftover_cgroups() {
	local id=$1
	find /sys/fs/cgroup -maxdepth 6 -type d \( -name "$id" -o -name "*[-:_.]$id" \
		-o -name "$id.scope" -o -name "*[-:_.]$id.scope" \) 2>/dev/null || true
}

# pid_gone PID: the process has exited (a zombie waiting for its reaper
# counts as gone); waits up to 3 s.
pid_gone() {
	local i st
	for ((i = 0; i < 30; i++)); do
		st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || st=""
		[ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ] && return 0
		sleep 0.1
	done
	echo "process $1 is still alive (state $st): $(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" >&2
	return 1
}

# assert_gone ID: nothing of container ID remains (state dir, mounts of the
# bundle, processes, cgroups).  Processes get up to 3 s to finish exiting.
assert_gone() {
	local id=${1:-$ID} i pids="" m c
	if [ -e "$ROOT/$id" ]; then
		echo "state dir $ROOT/$id still exists:" >&2
		ls -la "$ROOT/$id" >&2 || true
		return 1
	fi
	m=$(leftover_mounts)
	if [ -n "$m" ]; then
		echo "mounts left behind:" >&2
		echo "$m" >&2
		return 1
	fi
	for ((i = 0; i < 30; i++)); do
		pids=$(leftover_pids)
		[ -z "$pids" ] && break
		sleep 0.1
	done
	if [ -n "$pids" ]; then
		echo "processes left behind:" >&2
		for p in $pids; do
			printf '  %s: %s\n' "$p" "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" >&2
		done
		return 1
	fi
	if [ -d "$IDPOOL" ] && find "$IDPOOL" -type l -lname "$(realpath "$ROOT")/$id" | grep -q .; then
		echo "user namespace range of $id not released:" >&2
		ls -l "$IDPOOL" >&2
		return 1
	fi
	c=$(leftover_cgroups "$id")
	if [ -n "$c" ]; then
		echo "cgroups left behind:" >&2
		echo "$c" >&2
		return 1
	fi
	m=$(new_host_mounts)
	if [ -n "$m" ]; then
		echo "new mounts appeared on the host:" >&2
		echo "$m" >&2
		return 1
	fi
}

# bg CMD...: start in the background (closing bats' fd 3), remembered for teardown.
bg() {
	"$@" 3>&- &
	BG_PIDS+=($!)
}

teardown_common() {
	local rc=0 d id p pids m
	set +e
	for p in "${BG_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	local ids=("$ID")
	for d in "$ROOT"/*; do
		[ -d "$d" ] || continue
		id=$(basename "$d")
		[ "$id" != "$ID" ] && ids+=("$id")
		if ! cinch delete -f "$id" >"$T/teardown.out" 2>&1; then
			echo "teardown: 'cinch delete -f $id' failed: $(cat "$T/teardown.out")" >&2
			rc=1
		fi
	done
	# Every test also checks that deleting leaves nothing behind.
	for id in "${ids[@]}"; do
		if ! assert_gone "$id"; then rc=1; fi
	done
	# Clean up whatever is left regardless, so one bad test does not poison the next.
	pids=$(leftover_pids)
	# shellcheck disable=SC2086  # a list of pids
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	awk -v t="$T" 'index($5, t "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	for m in "${NETNS[@]}"; do ip netns del "$m" 2>/dev/null; done
	rm -rf --one-file-system "$T"
	return $rc
}

setup() { setup_common; }
teardown() { teardown_common; }

# Host values for comparisons.
host_ns() { readlink "/proc/self/ns/$1"; }

# pid_alive PID: running (not a zombie)
pid_alive() {
	local st
	st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || st=""
	if [ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ]; then
		echo "process $1 is not alive (state '${st:-gone}')" >&2
		return 1
	fi
}

# TAP and container helpers for the VM's test scripts (busybox sh; sourced).
# There is no jq in the VM: the configs are made on the host (configs.sh)
# and each bundle here is a directory with one of them and cmd.sh, the
# container's command (bind-mounted at /cmd.sh; the rootfs, /vm/rootfs, is
# shared and read-only).
#
# TAP:   plan N; ok NAME; fail NAME [WHY]; check NAME CMD...; is NAME GOT WANT;
#        skip NAME WHY; diag TEXT; finish (last: the script's exit status)
# cinch: cinch_ ARGS (with --policy $POLICY, a timeout, output to stdout);
#        c_start ID CFG CMD (detached); c_run ID CFG CMD (foreground, kept);
#        c_status ID; c_pid ID; cg_dir ID; cg_read ID FILE;
#        wait_until SECONDS CMD...

CINCH=${CINCH:-/vm/cinch}
# compat: no user namespace from the ID pool, so the tests can make device
# nodes and read their cgroup as real root; tests of the hardened default
# set POLICY= (empty: cinch's default).
POLICY=compat
T=/tmp/t.$$
# Where bundle makes bundle directories: a test of a container whose mounts
# are idmapped sets it to a directory on an ext4 disk.
BUNDLES=/tmp/bundles
mkdir -p "$T" "$BUNDLES" /tmp/out

_tap_n=0
_tap_fail=0
_tap_plan=0

plan() {
	_tap_plan=$1
	echo "1..$1"
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

fail() {
	_tap_n=$((_tap_n + 1))
	_tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n - $1"
	[ $# -lt 2 ] || diag "$2"
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# check NAME CMD...: ok when CMD exits 0; otherwise its output as diagnostics.
check() {
	_name=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$_name"
	else
		fail "$_name" "command failed (exit $?): $*"
		tail -n 20 "$T/check.out" | sed 's/^/#   /'
	fi
}

# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1" "got '$2', want '$3'"
	fi
}

# The script's exit status: 0 when every planned test ran and passed.
finish() {
	if [ "$_tap_n" -ne "$_tap_plan" ]; then
		diag "planned $_tap_plan tests, ran $_tap_n"
		return 1
	fi
	[ "$_tap_fail" -eq 0 ] || diag "$_tap_fail of $_tap_n failed"
	[ "$_tap_fail" -eq 0 ]
}

# cinch_ ARGS...: cinch with the test policy and a timeout (a hung command
# fails its test instead of the whole run).
cinch_() {
	if [ -n "$POLICY" ]; then
		timeout 120 "$CINCH" --policy "$POLICY" "$@"
	else
		timeout 120 "$CINCH" "$@"
	fi
}

# The test disk ("MAJ:MIN"; empty when the VM has none).
DISK=$(cat /sys/block/nullb0/dev 2>/dev/null)

# bundle ID CFG CMD: $BUNDLES/ID with /vm/cfg/CFG.json, where the test
# disk's major 424242 and minor 434343 (configs.sh) become the real ones,
# and CMD.
bundle() {
	rm -rf "${BUNDLES:?}/$1"
	mkdir -p "$BUNDLES/$1/outside"
	sed -e "s/424242/${DISK%:*}/g" -e "s/434343/${DISK#*:}/g" "/vm/cfg/$2.json" \
		>"$BUNDLES/$1/config.json"
	printf '%s\n' "$3" >"$BUNDLES/$1/cmd.sh"
}

# c_start ID CFG CMD: a detached container; its output goes to /tmp/out/ID
# (and cinch's error, if it fails, to the TAP stream as a diagnostic).
c_start() {
	bundle "$1" "$2" "$3"
	c_start_bundle "$1"
}

# c_start_bundle ID: the same, with $BUNDLES/ID made already.
c_start_bundle() {
	cinch_ run -d -b "$BUNDLES/$1" "$1" </dev/null >"/tmp/out/$1" 2>&1 || {
		_rc=$?
		diag "cinch run -d $1: exit $_rc: $(cat "/tmp/out/$1")"
		return "$_rc"
	}
}

# c_run ID CFG CMD: a foreground container, kept after it exits (--keep);
# returns its exit status, output in /tmp/out/ID.
c_run() {
	bundle "$1" "$2" "$3"
	c_run_bundle "$1"
}

c_run_bundle() {
	cinch_ run --keep -b "$BUNDLES/$1" "$1" </dev/null >"/tmp/out/$1" 2>&1
}

# c_out ID: what the container printed.
c_out() {
	cat "/tmp/out/$1" 2>/dev/null
}

# c_has ID TEXT: the container printed a line holding TEXT.
c_has() {
	grep -qF -- "$2" "/tmp/out/$1" 2>/dev/null
}

# c_del ID: delete it, whatever its state.
c_del() {
	cinch_ delete -f "$1" >/dev/null 2>&1
}

# json_num TEXT KEY: the first number following "KEY": in TEXT.
json_num() {
	printf '%s\n' "$1" | grep -o "\"$2\": *[0-9][0-9]*" | head -n 1 | sed 's/.*: *//'
}

# c_status ID: "running", "paused", "stopped", ... (from cinch state).
c_status() {
	cinch_ state "$1" 2>/dev/null | sed -n 's/^ *"status": *"\([^"]*\)".*/\1/p'
}

c_pid() {
	cinch_ state "$1" 2>/dev/null | sed -n 's/^ *"pid": *\([0-9]*\).*/\1/p'
}

# cg_dir ID: the container's cgroup directory: cgroup_path in its state
# file, else the cgroup of its init process.
cg_dir() {
	_d=$(sed -n 's/.*"cgroup_path":"\([^"]*\)".*/\1/p' "/run/cinch/$1/state.json" 2>/dev/null)
	if [ -z "$_d" ]; then
		_p=$(c_pid "$1")
		[ -n "$_p" ] && [ "$_p" != 0 ] &&
			_d=/sys/fs/cgroup$(sed -n 's/^0:://p' "/proc/$_p/cgroup" 2>/dev/null)
	fi
	[ -n "$_d" ] && echo "$_d"
}

# cg_read ID FILE: one file of the container's cgroup (nothing when absent).
cg_read() {
	_d=$(cg_dir "$1") && cat "$_d/$2" 2>/dev/null
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s.
wait_until() {
	_left=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		_left=$((_left - 1))
		[ "$_left" -gt 0 ] || return 1
		sleep 0.1
	done
}

# The field of a "key value" line of a cgroup file: kv FILE_TEXT KEY
kv() {
	printf '%s\n' "$1" | awk -v k="$2" '$1 == k { print $2; exit }'
}

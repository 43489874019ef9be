#!/usr/bin/env bats
# cinch as the runtime of the engines it is a drop-in for: Podman, Docker
# (dockerd) and containerd (ctr).  Each engine runs the suite's busybox
# image (engines-image.sh) through cinch, and the tests look from inside the
# container (and from the host) at what cinch made of the engine's config:
#
#   - cinch's default policy, hardened (the engines never pass --policy):
#     a user namespace from the pool, the image's files still owned by 0 (the
#     engine's overlay rebuilt on idmapped layers), NoNewPrivs, seccomp,
#     cinch's default capabilities only, a read-only root, noexec tmpfs;
#   - compat (through the engine's usual way to give a runtime arguments):
#     the engine's config as it is;
#   - dangerous configs (--privileged, --cap-add SYS_ADMIN) refused, with
#     cinch's message and rule ID in the engine's own error output;
#   - the run.cinch.policy annotation: stricter only;
#   - detached containers: logs, stop, kill, rm; ID ranges released, and
#     disjoint across engines;
#   - exec (docker exec, podman exec, ctr tasks exec; -u, -e, -w; health
#     checks): the exec'd process in every namespace of the container, with
#     its ID map, NoNewPrivs, seccomp and at most its capabilities (the
#     engines' exec processes list their own defaults: cinch cuts them);
#   - terminals (run -it, exec -it, ctr run -t, under script(1));
#   - bad input (a missing command, a cwd that is a file) reported with
#     cinch's message in the engine's output, and the engine's exit codes
#     for them as with runc;
#   - cinch's warnings kept out of the container's output (engines pass
#     --log);
#   - cgroups: the container's cgroup is cinch's, at the engine's
#     cgroupsPath on the cgroup v2 hierarchy (the unified one of a hybrid
#     host), with exec'd processes in it, gone with the container; pause and
#     unpause (docker, podman, ctr tasks) stop and restart the container's
#     work; docker top and ctr tasks ps list its processes (`cinch ps`); a
#     memory limit this host cannot enforce refused at run and at update
#     (CINCH-CGROUP-LIMIT), a cpu weight only warned about;
#   - the Kubernetes shape: the runc shim given BinaryName, and README.md's
#     CRI runtime config loading in containerd's CRI plugin.
#
# The daemons (dockerd, containerd) are private to this file: their state,
# sockets and images live under a temporary directory, started in
# setup_file and stopped by their PID in teardown_file (a test that starts
# its own, the CRI one, stops it by PID, in teardown if it fails).  Podman
# uses a private storage (--root/--runroot/--tmpdir).  An engine that is not
# installed is skipped (.ci/run installs them all).
#
# shellcheck disable=SC2016,SC2030,SC2031,SC2034,SC2154  # single-quoted scripts; bats subshells; bats sets output/stderr

load helpers

POOL_FIRST=1000000000 # userns-pool default (policy.h)
POOL_DIR=/run/cinch/.idpool
DEFAULT_CAPS=00000000000405fb # CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE SYS_CHROOT
IMAGE=localhost/bb:1

# The probe every container runs: "key: value" lines, read by probe_value.
PROBE=$(
	cat <<'EOF'
squeeze() { set -- $(cat "$1"); echo "$*"; }
echo "uid_map: $(squeeze /proc/self/uid_map)"
echo "gid_map: $(squeeze /proc/self/gid_map)"
echo "image_owner: $(stat -c %u:%g /bin/busybox)"
echo "id: $(id -u):$(id -g)"
grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status |
	sed 's/:[[:space:]]*/: /'
awk '$5 == "/" { o = $6 } END { print "root_opts: " o }' /proc/self/mountinfo
awk '$5 == "/tmp" { o = $6; i = 7; while ($i != "-") i++; t = $(i + 1) }
	END { if (t != "") print "tmp_mount: " t " " o; else print "tmp_mount: none" }' /proc/self/mountinfo
if echo x >/newfile 2>/dev/null; then echo "root_write: ok"; else echo "root_write: denied"; fi
if echo x >/tmp/probe; then echo "tmp_owner: $(stat -c %u:%g /tmp/probe)"; else echo "tmp_owner: none"; fi
if cp /bin/busybox /tmp/true && /tmp/true 2>/dev/null; then echo "tmp_exec: ok"; else echo "tmp_exec: denied"; fi
EOF
)

# The probe an exec'd process runs: itself next to the container's init
# (pid 1 of the container's pid namespace).  A namespace of the init that
# a non-root process may not read shows as "none".
EXEC_PROBE=$(
	cat <<'EOF'
squeeze() { set -- $(cat "$1"); echo "$*"; }
echo "pid: $$"
echo "uid_map: $(squeeze /proc/self/uid_map)"
echo "gid_map: $(squeeze /proc/self/gid_map)"
echo "init_uid_map: $(squeeze /proc/1/uid_map)"
echo "init_gid_map: $(squeeze /proc/1/gid_map)"
for f in /proc/self/ns/*; do
	t=${f##*/}
	echo "ns_$t: $(readlink "$f" 2>/dev/null || echo none) $(readlink "/proc/1/ns/$t" 2>/dev/null || echo none)"
done
echo "id: $(id -u):$(id -g)"
echo "cwd: $(pwd)"
echo "env_K: ${K:-unset}"
grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status |
	sed 's/:[[:space:]]*/: /'
EOF
)

# ---------------------------------------------------------------- engines

# The docker client of the docker.io package (another `docker` earlier in
# PATH may be a different client).
docker_client() {
	if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker || true; fi
}

# The engines' clients: pm, dk, ctrc and ctr_run run them (with our
# timeout); tty_run hands the same command lines to script(1).  Each *_argv
# sets the array argv.
pm_argv() {
	argv=(podman --root "$E/podman/storage" --runroot "$E/podman/run" --tmpdir "$E/podman/tmp"
		--storage-driver overlay --cgroup-manager cgroupfs --events-backend none)
}
pm() {
	local argv
	pm_argv
	timeout -k 5 "$TIMEOUT" "${argv[@]}" "$@"
}
# Podman asks for rlimits above this machine's hard limits and for a pids
# limit a hybrid cgroup host cannot enforce (ENVIRONMENT.md).
PM_RUN_OPTS=(--network none --pids-limit=-1 --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

dk_argv() {
	argv=(env "DOCKER_CONFIG=$E/docker/client" "$DOCKER_CLIENT" -H "unix://$E/docker/docker.sock")
}
dk() {
	local argv
	dk_argv
	timeout -k 5 "$TIMEOUT" "${argv[@]}" "$@"
}

ctrc_argv() { argv=(ctr --address "$E/containerd/containerd.sock"); }
ctrc() {
	local argv
	ctrc_argv
	timeout -k 5 "$TIMEOUT" "${argv[@]}" "$@"
}
# ctr run with cinch's state and ctr's stdio FIFOs under our directory
# (the defaults are the machine's /run/containerd/runc and /run/containerd/fifo)
ctr_run_argv() {
	ctrc_argv
	argv+=(run --runc-root "$E/containerd/runc-root" --fifo-dir "$E/containerd/fifo")
}
ctr_run() {
	local argv
	ctr_run_argv
	timeout -k 5 "$TIMEOUT" "${argv[@]}" "$@"
}

# tty_run CLIENT ARGS...: CLIENT (pm, dk, ctrc, ctr_run) with a terminal
# (a pty of script(1), from util-linux) for its stdin, stdout and stderr,
# as an operator's `docker run -it` has; sets status and output (carriage
# returns removed).
tty_run() {
	local argv client=$1
	shift
	command -v script >/dev/null || skip "script is not installed (apt-get install bsdutils)"
	"${client}_argv"
	run timeout -k 5 "$TIMEOUT" script -qec "$(printf '%q ' "${argv[@]}" "$@")" /dev/null </dev/null
	output=${output//$'\r'/}
}

# The bundles the engines hand cinch (their config.json is the engine's,
# before cinch's policy; log.json is cinch's --log).
dk_bundle() { echo "$E/docker/exec/containerd/daemon/io.containerd.runtime.v2.task/moby/$1"; }
ctr_bundle() { echo "$E/containerd/state/io.containerd.runtime.v2.task/default/$1"; }
pm_bundle() { echo "$E/podman/storage/overlay-containers/$1/userdata"; }

# readme_block LANG: the first ```LANG block of README.md's "### Under an
# engine" (the configs it tells operators to write), /usr/local/bin/cinch
# replaced by the cinch under test
readme_block() {
	awk -v lang="$1" '/^### Under an engine/ { s = 1; next } s && /^##/ { exit }
		s && $0 == "```" lang { b = 1; next } b && /^```/ { exit } b' "$CINCH_IT_DIR/../README.md" |
		sed "s|/usr/local/bin/cinch|$CINCH_HARDENED|g"
}

# dk_cinch_log NAME: what cinch logged for docker container NAME (for
# failure messages)
dk_cinch_log() {
	local log
	log=$(dk_bundle "$(dk inspect -f '{{.Id}}' "$1")")/log.json
	echo "cinch's log ($log):"
	tail -20 "$log" 2>&1
}

# wait_up SECONDS CMD...: until CMD succeeds
wait_up() {
	local n=$1 i
	shift
	for ((i = 0; i < n * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# daemon_up PID SECONDS CMD...: until CMD succeeds; fails at once when the
# daemon PID has exited
daemon_up() {
	local pid=$1 n=$2 i
	shift 2
	for ((i = 0; i < n * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

start_dockerd() {
	local d=$E/docker
	mkdir -p "$d/client"
	jq -n --arg hardened "$CINCH_HARDENED" --arg cinch "$CINCH" '{
		runtimes: {
			cinch: { path: $hardened },
			"cinch-compat": { path: $cinch, runtimeArgs: ["--policy", "compat"] }
		}
	}' >"$d/daemon.json"
	dockerd --config-file "$d/daemon.json" --iptables=false --ip6tables=false --bridge=none \
		--data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
		-H "unix://$d/docker.sock" </dev/null >"$d/dockerd.log" 2>&1 3>&- &
	export DOCKERD_PID=$!
	if ! daemon_up "$DOCKERD_PID" 60 dk version; then
		echo "dockerd did not answer on $d/docker.sock (within 60 s, or it exited)" >"$E/docker.failed"
		return 0
	fi
	dk load -i "$E/bb.tar" >"$d/load.log" 2>&1 ||
		echo "docker load -i $E/bb.tar failed: $(cat "$d/load.log")" >"$E/docker.failed"
}

start_containerd() {
	local d=$E/containerd
	mkdir -p "$d"
	cat >"$d/config.toml" <<-EOF
		version = 2
		root = "$d/root"
		state = "$d/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$d/containerd.sock"
		[ttrpc]
		  address = "$d/containerd.sock.ttrpc"
		[debug]
		  address = "$d/debug.sock"
		[plugins."io.containerd.internal.v1.opt"]
		  path = "$d/opt"
	EOF
	containerd --config "$d/config.toml" </dev/null >"$d/containerd.log" 2>&1 3>&- &
	export CONTAINERD_PID=$!
	if ! daemon_up "$CONTAINERD_PID" 60 ctrc version; then
		echo "containerd did not answer on $d/containerd.sock (within 60 s, or it exited)" >"$E/containerd.failed"
		return 0
	fi
	ctrc images import "$E/bb.tar" >"$d/import.log" 2>&1 ||
		echo "ctr images import $E/bb.tar failed: $(cat "$d/import.log")" >"$E/containerd.failed"
}

setup_file() {
	local polfile
	E=$(mktemp -d "$CINCH_IT_TMP/engines.XXXXXX")
	chmod 0755 "$E"
	export E
	export DOCKER_CLIENT
	DOCKER_CLIENT=$(docker_client)

	# The engines run cinch without --policy: its default, hardened, unless
	# the machine's policy file says otherwise.  If there is one, give cinch
	# an empty policy file (the built-in defaults) instead.
	polfile=$("$CINCH" --help 2>&1 | sed -n 's/.*--policy-file PATH.*(default \(.*\)).*/\1/p')
	export CINCH_HARDENED=$CINCH
	if [ -z "$polfile" ] || [ -e "$polfile" ]; then
		: >"$E/empty-policy.conf"
		printf '#!/bin/sh\nexec "%s" --policy-file "%s" "$@"\n' "$CINCH" "$E/empty-policy.conf" \
			>"$E/cinch-default"
		chmod 0755 "$E/cinch-default"
		CINCH_HARDENED=$E/cinch-default
		echo "# engines.bats: ${polfile:+$polfile exists}${polfile:-no default policy file in cinch --help}: the engines run cinch with an empty --policy-file" >&3
	fi
	# compat for the engines that cannot pass runtime arguments (Podman's
	# --runtime-flag is not passed on to the `delete` of its cleanup process)
	printf '#!/bin/sh\nexec "%s" --policy compat "$@"\n' "$CINCH" >"$E/cinch-compat"
	chmod 0755 "$E/cinch-compat"

	"$CINCH_IT_DIR/engines-image.sh" "$CINCH_IT_ROOTFS" "$E/bb.tar" "$IMAGE"

	if command -v podman >/dev/null && command -v conmon >/dev/null; then
		mkdir -p "$E/podman"
		pm load -i "$E/bb.tar" >"$E/podman/load.log" 2>&1 ||
			echo "podman load -i $E/bb.tar failed: $(cat "$E/podman/load.log")" >"$E/podman.failed"
	fi
	if command -v dockerd >/dev/null && [ -n "$DOCKER_CLIENT" ]; then
		start_dockerd
	fi
	if command -v containerd >/dev/null && command -v ctr >/dev/null; then
		start_containerd
	fi
}

# stop_daemon PID NAME: SIGTERM, then SIGKILL after 20 s
stop_daemon() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "# $2 (pid $pid) did not stop on SIGTERM within 20 s: killed" >&3
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

# pids_with_cmdline STRING: live processes (not this shell) whose command
# line contains STRING (through a pattern file: grep never matches itself)
pids_with_cmdline() {
	local pat
	pat=$(mktemp "$E/pattern.XXXXXX")
	printf '%s\n' "$1" >"$pat"
	grep -lsFf "$pat" /proc/[0-9]*/cmdline 2>/dev/null |
		sed -n 's|^/proc/\([0-9]*\)/cmdline$|\1|p' | while read -r p; do
		[ "$p" = "$$" ] || [ "$p" = "${BASHPID:-}" ] && continue
		[ -s "/proc/$p/cmdline" ] && echo "$p" # (zombies have an empty one)
	done
	rm -f "$pat"
}

teardown_file() {
	local p r d c m
	set +e
	[ -n "${E:-}" ] && [ -d "$E" ] || return 0
	# Containers still there (a failed test): through the engines first.
	if [ -d "$E/podman" ]; then
		pm rm -a -f -t 0 >/dev/null 2>&1
	fi
	if [ -n "${DOCKERD_PID:-}" ]; then
		# shellcheck disable=SC2046
		dk rm -f $(dk ps -aq 2>/dev/null) >/dev/null 2>&1
	fi
	if [ -n "${CONTAINERD_PID:-}" ]; then
		for c in $(ctrc tasks ls -q 2>/dev/null); do
			ctrc tasks kill -s SIGKILL "$c" >/dev/null 2>&1
			ctrc tasks rm -f "$c" >/dev/null 2>&1
		done
		for c in $(ctrc containers ls -q 2>/dev/null); do ctrc containers rm "$c" >/dev/null 2>&1; done
	fi
	stop_daemon "${DOCKERD_PID:-}" dockerd
	stop_daemon "${CONTAINERD_PID:-}" containerd
	# Their shims, Podman's conmons, dockerd's containerd (if dockerd was
	# killed): everything started with an argument inside our directory.
	for p in $(pids_with_cmdline "$E/"); do
		echo "# engines.bats: killing leftover $(tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-200)" >&3
		kill -KILL "$p" 2>/dev/null
	done
	# cinch state the engines left: under our roots, and Podman's (default
	# --root) for the containers of our Podman storage.
	for r in "$E"/docker/exec/runtime-*/* "$E"/containerd/runc-root/*; do
		[ -d "$r" ] || continue
		for d in "$r"/*; do
			[ -d "$d" ] && timeout 20 "$CINCH" --root "$r" delete -f "$(basename "$d")" >/dev/null 2>&1
		done
	done
	for d in "$E"/podman/storage/overlay-containers/*/; do
		d=$(basename "$d")
		[ -d "/run/cinch/$d" ] && timeout 20 "$CINCH" --root /run/cinch delete -f "$d" >/dev/null 2>&1
	done
	awk -v e="$E/" 'index($5, e) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf --one-file-system "$E"
	return 0
}

need_podman() {
	command -v podman >/dev/null || skip "podman is not installed (apt-get install podman)"
	command -v conmon >/dev/null || skip "conmon is not installed (apt-get install conmon)"
	if [ -e "$E/podman.failed" ]; then
		cat "$E/podman.failed" >&2
		return 1
	fi
}

need_docker() {
	command -v dockerd >/dev/null || skip "dockerd is not installed (apt-get install docker.io)"
	[ -n "$DOCKER_CLIENT" ] || skip "the docker client is not installed (apt-get install docker.io)"
	if [ -e "$E/docker.failed" ]; then
		cat "$E/docker.failed" >&2
		tail -30 "$E/docker/dockerd.log" >&2
		return 1
	fi
}

need_containerd() {
	command -v containerd >/dev/null || skip "containerd is not installed (apt-get install containerd)"
	command -v ctr >/dev/null || skip "ctr is not installed (apt-get install containerd)"
	if [ -e "$E/containerd.failed" ]; then
		cat "$E/containerd.failed" >&2
		tail -30 "$E/containerd/containerd.log" >&2
		return 1
	fi
}

# ---------------------------------------------------------------- per test

# Containers this test made, removed in teardown whatever happened.
setup() {
	setup_common
	PM_NAMES=()
	DK_NAMES=()
	CTR_IDS=()
	CRI_PID=""
	NAME="cit-$ID"
	# Podman's storage bind-mounts its overlay directory on itself while a
	# podman process uses it, and a failed `podman run` leaves it so until a
	# later podman command: the engine's own, not a container's mount.
	HOST_MOUNTS_BEFORE=$(printf '%s\n%s\n' "$HOST_MOUNTS_BEFORE" "$E/podman/storage/overlay" | sort)
}

teardown() {
	local n i rc=0
	set +e
	for n in "${PM_NAMES[@]}"; do pm rm -f -t 0 "$n" >/dev/null 2>&1; done
	for n in "${DK_NAMES[@]}"; do dk rm -f "$n" >/dev/null 2>&1; done
	for n in "${CTR_IDS[@]}"; do
		ctrc tasks kill -s SIGKILL "$n" >/dev/null 2>&1
		ctrc tasks rm -f "$n" >/dev/null 2>&1
		ctrc containers rm "$n" >/dev/null 2>&1
	done
	stop_daemon "$CRI_PID" "containerd (CRI)"
	# Podman removes a container from two processes at once (podman itself
	# and the cleanup command conmon runs at exit); the storage stays
	# mounted until the last one is done.
	for ((i = 0; i < 100; i++)); do
		[ -z "$(pids_with_cmdline "$E/podman/")" ] && break
		sleep 0.1
	done
	# Every test removes what it made: the engines have no container left.
	if [ -d "$E/podman" ] && [ ! -e "$E/podman.failed" ]; then
		assert_no_containers podman pm ps -a -q || rc=1
	fi
	if [ -n "${DOCKERD_PID:-}" ] && [ ! -e "$E/docker.failed" ]; then
		assert_no_containers docker dk ps -a -q || rc=1
	fi
	if [ -n "${CONTAINERD_PID:-}" ] && [ ! -e "$E/containerd.failed" ]; then
		assert_no_containers containerd ctrc containers ls -q || rc=1
		assert_no_containers "containerd tasks" ctrc tasks ls -q || rc=1
	fi
	# (the containers carry MARKER: teardown_common fails the test if one of
	# their processes, or one of their mounts, is still there)
	teardown_common || rc=1
	return $rc
}

# assert_no_containers WHAT LIST-COMMAND...: the command lists nothing
assert_no_containers() {
	local what=$1 out
	shift
	out=$("$@" 2>&1) || {
		echo "$what: '$*' failed: $out" >&2
		return 1
	}
	if [ -n "$out" ]; then
		echo "$what: containers left after the test: $out" >&2
		return 1
	fi
}

# probe_value KEY: the value of "KEY: value" in $output
probe_value() { sed -n "s/^$1: //p" <<<"$output" | tail -1; }

# cap_bit HEX BIT: 1 if capability BIT is set in the mask HEX
cap_bit() { echo $(((16#$1 >> $2) & 1)); }

# assert_pool_map MAP: MAP ("inside outside count") is 0 -> a range of
# 65536 IDs of the pool
assert_pool_map() {
	local inside outside count
	read -r inside outside count <<<"$1"
	if [ "$inside" != 0 ] || [ "$count" != 65536 ] || [ -z "$outside" ] ||
		[ "$outside" -lt "$POOL_FIRST" ] || [ $(((outside - POOL_FIRST) % 65536)) -ne 0 ]; then
		echo "ID map '$1' is not a range of 65536 IDs of the pool (from $POOL_FIRST)" >&2
		show >&2
		return 1
	fi
}

# assert_hardened: the probe's output shows cinch's hardened defaults
# applied to the engine's config.
assert_hardened() {
	local uid_map caps c set
	uid_map=$(probe_value uid_map)
	assert_pool_map "$uid_map"
	assert_eq "$(probe_value gid_map)" "$uid_map" "gid_map"
	# the engine's image on idmapped layers: its files are still root's
	assert_eq "$(probe_value image_owner)" "0:0" "owner of /bin/busybox"
	assert_eq "$(probe_value id)" "0:0" "id -u:id -g"
	assert_eq "$(probe_value NoNewPrivs)" 1 "NoNewPrivs"
	assert_eq "$(probe_value Seccomp)" 2 "Seccomp (filter mode)"
	for set in CapPrm CapEff CapBnd; do
		caps=$(probe_value $set)
		# the engines' defaults include these four; cinch's do not
		for c in 13:NET_RAW 27:MKNOD 29:AUDIT_WRITE 31:SETFCAP; do
			if [ "$(cap_bit "$caps" "${c%%:*}")" != 0 ]; then
				echo "$set $caps has CAP_${c#*:}" >&2
				show >&2
				return 1
			fi
		done
		assert_eq "$caps" "$DEFAULT_CAPS" "$set (cinch's default capabilities)"
	done
	assert_eq "$(probe_value CapInh)" 0000000000000000 "CapInh"
	assert_eq "$(probe_value CapAmb)" 0000000000000000 "CapAmb"
	case ,$(probe_value root_opts), in
	*,ro,*) ;;
	*) echo "/ is not mounted read-only: $(probe_value root_opts)" >&2; show >&2; return 1 ;;
	esac
	assert_eq "$(probe_value root_write)" denied "writing /newfile"
	case " $(probe_value tmp_mount)," in
	" tmpfs rw,"*noexec*) ;;
	*) echo "/tmp is not a writable noexec tmpfs: $(probe_value tmp_mount)" >&2; show >&2; return 1 ;;
	esac
	assert_eq "$(probe_value tmp_owner)" "0:0" "owner of a file written to /tmp"
	assert_eq "$(probe_value tmp_exec)" denied "running a program from /tmp"
}

# assert_compat: the engine's config as it is: no user namespace, a
# writable root, the engine's capabilities (all three add CAP_SETFCAP,
# which cinch's defaults do not have), no tmpfs added at /tmp (the image's
# /tmp, where programs run).
assert_compat() {
	local caps
	assert_eq "$(probe_value uid_map)" "0 0 4294967295" "uid_map (identity)"
	assert_eq "$(probe_value gid_map)" "0 0 4294967295" "gid_map (identity)"
	assert_eq "$(probe_value image_owner)" "0:0" "owner of /bin/busybox"
	case ,$(probe_value root_opts), in
	*,rw,*) ;;
	*) echo "/ is not mounted read-write: $(probe_value root_opts)" >&2; show >&2; return 1 ;;
	esac
	assert_eq "$(probe_value root_write)" ok "writing /newfile"
	assert_eq "$(probe_value tmp_mount)" none "mount at /tmp"
	assert_eq "$(probe_value tmp_exec)" ok "running a program from /tmp"
	caps=$(probe_value CapEff)
	assert_eq "$(cap_bit "$caps" 31)" 1 "CAP_SETFCAP in CapEff $caps"
}

# assert_refused_sysadmin: the engine failed, and its error output carries
# cinch's refusal naming the rule.
assert_refused_sysadmin() {
	assert_failure
	assert_output_has "refused"
	assert_output_has "[CINCH-CAP-SYSADMIN]"
	assert_output_has "CAP_SYS_ADMIN"
}

# assert_exec UID: the output of EXEC_PROBE, run by an engine's exec as
# UID, shows a process inside the hardened container: every namespace of
# the container's init (none of them the host's), the same pool ID map,
# NoNewPrivs, seccomp, and capabilities within cinch's defaults, although
# the engine's exec process lists its own defaults (NET_RAW, MKNOD, ...).
assert_exec() {
	local uid=$1 line t mine init caps set own=" user mnt pid net ipc uts cgroup "
	assert_pool_map "$(probe_value uid_map)"
	assert_eq "$(probe_value uid_map)" "$(probe_value init_uid_map)" "uid_map (exec'd process vs the container's init)"
	assert_eq "$(probe_value gid_map)" "$(probe_value init_gid_map)" "gid_map (exec'd process vs the container's init)"
	[ -n "$(probe_value pid)" ] && [ "$(probe_value pid)" != 1 ] || {
		echo "the exec'd process is pid '$(probe_value pid)' in the container, not a new process" >&2
		show >&2
		return 1
	}
	for t in user mnt pid net ipc uts cgroup; do
		grep -q "^ns_$t: " <<<"$output" || {
			echo "no $t namespace in the probe's output" >&2
			show >&2
			return 1
		}
	done
	while read -r line; do
		t=${line%%:*}
		t=${t#ns_}
		read -r mine init <<<"${line#*: }"
		# (the container has a new one of each of these; it shares the
		# host's time namespace)
		case $own in
		*" $t "*)
			if [ "$mine" = none ] || [ "$mine" = "$(readlink "/proc/self/ns/$t")" ]; then
				echo "the exec'd process is in the host's $t namespace ($mine)" >&2
				show >&2
				return 1
			fi
			;;
		esac
		# (root reads every namespace of the init; another user may not)
		if [ "$mine" != "$init" ] && { [ "$uid" = 0 ] || [ "$init" != none ]; }; then
			echo "the exec'd process's $t namespace $mine is not the container's ($init)" >&2
			show >&2
			return 1
		fi
	done < <(grep '^ns_' <<<"$output")
	assert_eq "$(probe_value id | cut -d: -f1)" "$uid" "id -u"
	assert_eq "$(probe_value NoNewPrivs)" 1 "NoNewPrivs"
	assert_eq "$(probe_value Seccomp)" 2 "Seccomp (filter mode)"
	assert_eq "$(probe_value CapBnd)" "$DEFAULT_CAPS" "CapBnd (the container's bounding set)"
	for set in CapPrm CapEff; do
		caps=$(probe_value $set)
		if [ -z "$caps" ] || (((16#$caps & ~16#$DEFAULT_CAPS) != 0)); then
			echo "$set '$caps' is not within cinch's default capabilities $DEFAULT_CAPS" >&2
			show >&2
			return 1
		fi
	done
	# root gets the container's capabilities, all of them
	[ "$uid" != 0 ] || assert_eq "$(probe_value CapEff)" "$DEFAULT_CAPS" "CapEff of root"
	assert_eq "$(probe_value CapInh)" 0000000000000000 "CapInh"
	assert_eq "$(probe_value CapAmb)" 0000000000000000 "CapAmb"
}

# assert_spec_lists BUNDLE CAP: the engine's own config.json (in the bundle
# it hands cinch) lists CAP in process.capabilities.bounding: what its exec
# process starts from.
assert_spec_lists() {
	local spec=$1/config.json
	[ -f "$spec" ] || {
		echo "no engine config $spec" >&2
		return 1
	}
	jq -e --arg c "$2" '.process.capabilities.bounding | index($c) != null' "$spec" >/dev/null || {
		echo "the engine's $spec does not list $2: $(jq -c .process.capabilities.bounding "$spec")" >&2
		return 1
	}
}

# assert_tty: the output of `sh -c "$TTY_SCRIPT"` run on a terminal: a
# pty of the container (/dev/pts/N), no_new_privs, and its exit status
# passed through.
# (the short sleep: conmon relays a terminal's output only while it is
# attached; under a slow, sanitized build a process that exits at once
# could end before Podman's attach, and its output with it)
TTY_SCRIPT='echo "tty: $(tty)"; grep NoNewPrivs /proc/self/status; sleep 0.3; exit 7'
assert_tty() {
	assert_status 7
	# (no ^ anchors: script(1) echoes what it writes to the terminal when
	# its stdin ends, ^@, anywhere in the output)
	grep -Eq 'tty: /dev/pts/[0-9]+$' <<<"$output" || {
		echo "no terminal: tty did not print /dev/pts/N" >&2
		show >&2
		return 1
	}
	grep -Eq 'NoNewPrivs:[[:space:]]*1$' <<<"$output" || {
		echo "NoNewPrivs is not 1 on the terminal" >&2
		show >&2
		return 1
	}
}

# pool_slots OWNER-PREFIX: slots of the ID pool held by state directories
# under OWNER-PREFIX
pool_slots() {
	local l
	[ -d "$POOL_DIR" ] || return 0
	for l in "$POOL_DIR"/*; do
		[ -L "$l" ] || continue
		case $(readlink "$l") in "$1"*) echo "$l -> $(readlink "$l")" ;; esac
	done
}

assert_no_pool_slot() {
	local s
	s=$(pool_slots "$1")
	if [ -n "$s" ]; then
		echo "ID pool slots still held by $1:" >&2
		echo "$s" >&2
		return 1
	fi
}

# logs_have ENGINE NAME STRING: the container's logs contain STRING
logs_have() { "$1" logs "$2" 2>&1 | grep -qF -- "$3"; }

# host_map PID: /proc/PID/uid_map as the host sees it, blanks squeezed
host_map() {
	local a b c
	read -r a b c <"/proc/$1/uid_map"
	echo "$a $b $c"
}

# assert_host_uid PID MAP: the process runs, on the host, as the first ID
# of MAP's range
assert_host_uid() {
	local uid outside
	read -r _ outside _ <<<"$2"
	uid=$(awk '$1 == "Uid:" { print $2 }' "/proc/$1/status")
	assert_eq "$uid" "$outside" "host uid of container process $1"
}

# ---------------------------------------------------------------- cgroups

# The loop the pause tests watch: a line a tenth of a second, in the
# container's /tmp (read from the host through /proc/PID/root: a frozen
# container is not asked).
TICK_LOOP='while :; do echo tick >>/tmp/ticks; sleep 0.1; done'

# ticks PID: lines TICK_LOOP of container process PID has written
ticks() { wc -l 2>/dev/null <"/proc/$1/root/tmp/ticks" || echo 0; }
ticks_above() { [ "$(ticks "$1")" -gt "$2" ]; }

# cg2_root: the cgroup v2 hierarchy cinch puts containers in:
# /sys/fs/cgroup on a pure cgroup v2 host, /sys/fs/cgroup/unified on a
# hybrid one (empty without one)
cg2_root() {
	local d
	for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
		[ -f "$d/cgroup.controllers" ] && { echo "$d"; return 0; }
	done
	return 0
}

need_cgroup2() {
	[ -n "$(cg2_root)" ] || skip "no cgroup v2 hierarchy mounted (cinch gives containers no cgroup)"
}

# need_missing_controller NAME: skip unless the cgroup v2 hierarchy lacks
# controller NAME (a hybrid host: cinch refuses a limit that needs it)
need_missing_controller() {
	local v2
	v2=$(cg2_root)
	[ -n "$v2" ] || skip "no cgroup v2 hierarchy mounted"
	if grep -qw "$1" "$v2/cgroup.controllers"; then
		skip "the cgroup v2 hierarchy $v2 has the $1 controller: the limit is enforced, not refused"
	fi
}

# has_controller NAME: the cgroup v2 hierarchy has controller NAME
has_controller() { grep -qw "$1" "$(cg2_root)/cgroup.controllers"; }

# dk_cinch_root CID: the --root docker's runc shim gives cinch: the `root`
# of the runtime options docker hands the shim (options.json in the
# bundle), with the containerd namespace (moby) below it
dk_cinch_root() {
	local opts root
	opts=$(dk_bundle "$1")/options.json
	root=$(jq -r '.root // empty' "$opts" 2>/dev/null)
	if [ -z "$root" ] || [ ! -f "$root/moby/$1/state.json" ]; then
		echo "no cinch state of $1 under the root '$root' of $opts" >&2
		return 1
	fi
	echo "$root/moby"
}

# cinch_status ROOT ID: the status `cinch state` gives
cinch_status() { "$CINCH" --root "$1" state "$2" | jq -r .status; }

# assert_engine_cgroup STATE-DIR BUNDLE PID: cinch's cgroup of the container
# (cgroup_path in STATE-DIR/state.json) is the engine's linux.cgroupsPath
# (BUNDLE/config.json) below the cgroup v2 hierarchy, and holds process
# PID; sets CG to it.
assert_engine_cgroup() {
	local state=$1/state.json spec=$2/config.json pid=$3 want
	want=$(jq -r '.linux.cgroupsPath // empty' "$spec")
	case $want in
	/*) ;;
	*) echo "the engine's cgroupsPath '$want' ($spec) is not an absolute (cgroupfs) path" >&2; return 1 ;;
	esac
	CG=$(jq -r '.cgroup_path // empty' "$state")
	assert_eq "$CG" "$(cg2_root)$want" "cgroup_path in $state (the engine's cgroupsPath)"
	[ -d "$CG" ] || {
		echo "cinch's cgroup $CG does not exist" >&2
		return 1
	}
	grep -qx "$pid" "$CG/cgroup.procs" || {
		echo "container process $pid is not in $CG/cgroup.procs: $(cat "$CG/cgroup.procs")" >&2
		return 1
	}
	# (as the host's cgroup namespace sees it)
	assert_eq "$(sed -n 's/^0:://p' "/proc/$pid/cgroup")" "$want" "cgroup v2 line of /proc/$pid/cgroup"
}

# procs_count CG N: N processes in cgroup CG
procs_count() { [ "$(wc -l <"$1/cgroup.procs")" -eq "$2" ]; }

# sorted_pids: the numbers of the first column of stdin but its header
# line, sorted, on one line
sorted_pids() { awk 'NR > 1 { print $1 }' | sort -n | tr '\n' ' '; }

# assert_frozen PID CG: cgroup CG is frozen, and the TICK_LOOP of container
# process PID writes nothing for a second
assert_frozen() {
	local a
	assert_eq "$(cat "$2/cgroup.freeze")" 1 "$2/cgroup.freeze"
	assert_eq "$(sed -n 's/^frozen //p' "$2/cgroup.events")" 1 "frozen in $2/cgroup.events"
	a=$(ticks "$1")
	sleep 1
	assert_eq "$(ticks "$1")" "$a" "lines the loop wrote, a second apart, while paused"
}

# assert_thawed PID CG: cgroup CG is not frozen, and the TICK_LOOP of
# container process PID writes again
assert_thawed() {
	local a
	assert_eq "$(cat "$2/cgroup.freeze")" 0 "$2/cgroup.freeze"
	assert_eq "$(sed -n 's/^frozen //p' "$2/cgroup.events")" 0 "frozen in $2/cgroup.events"
	a=$(ticks "$1")
	wait_up 10 ticks_above "$1" "$a" || {
		echo "the loop wrote nothing in 10 s after the resume (still $a lines)" >&2
		return 1
	}
}

# wait_ticking PID: the TICK_LOOP of container process PID has begun
wait_ticking() {
	wait_up 10 ticks_above "$1" 2 || {
		echo "the loop of container process $1 never wrote to /tmp/ticks" >&2
		return 1
	}
}

# ---------------------------------------------------------------- Podman

@test "podman: hardened by default: pool user namespace, idmapped image, caps, NoNewPrivs, seccomp, read-only root, noexec /tmp" {
	need_podman
	run --separate-stderr pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" \
		-e "$MARKER" "$IMAGE" sh -c "$PROBE"
	assert_success
	assert_hardened
}

@test "podman: compat (a wrapper runtime passing --policy compat) runs the config unchanged" {
	need_podman
	run --separate-stderr pm --runtime "$E/cinch-compat" run --rm "${PM_RUN_OPTS[@]}" \
		-e "$MARKER" "$IMAGE" sh -c "$PROBE"
	assert_success
	assert_compat
}

@test "podman: --cap-add SYS_ADMIN is refused, in podman's error output" {
	need_podman
	run pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" --cap-add SYS_ADMIN \
		-e "$MARKER" --name "$NAME" "$IMAGE" true
	PM_NAMES+=("$NAME")
	assert_refused_sysadmin
	run pm ps -a -q --filter "name=$NAME"
	assert_eq "$output" "" "podman containers left"
}

@test "podman: --privileged is refused, in podman's error output" {
	need_podman
	run pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" --privileged \
		-e "$MARKER" --name "$NAME" "$IMAGE" true
	PM_NAMES+=("$NAME")
	assert_refused_sysadmin
}

@test "podman: the run.cinch.policy annotation makes it stricter, never weaker" {
	need_podman
	# compat asked by the container: ignored, still hardened
	run --separate-stderr pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" \
		--annotation run.cinch.policy=compat -e "$MARKER" "$IMAGE" sh -c "$PROBE"
	assert_success
	assert_hardened
	# strict: Podman's config has no user namespace of its own
	run pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" \
		--annotation run.cinch.policy=strict -e "$MARKER" "$IMAGE" true
	assert_failure
	assert_output_has "refused by the strict policy"
	assert_output_has "[CINCH-USERNS]"
}

@test "podman: run -d, logs, stop, rm; the ID range is released" {
	need_podman
	local cid pid map
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sh -c 'trap "echo got TERM; exit 3" TERM; echo ready; while :; do sleep 0.1; done'
	assert_success
	cid=$output
	wait_up 10 logs_have pm "$NAME" ready || { echo "the container never logged ready" >&2; return 1; }
	run pm inspect --format '{{.State.Running}} {{.State.Pid}}' "$NAME"
	assert_success
	assert_eq "${output% *}" true "running"
	pid=${output#* }
	map=$(host_map "$pid")
	assert_pool_map "$map"
	assert_host_uid "$pid" "$map"
	[ -n "$(pool_slots "/run/cinch/$cid")" ] || {
		echo "no ID pool slot for /run/cinch/$cid" >&2
		ls -l "$POOL_DIR" >&2
		return 1
	}

	run pm stop -t 10 "$NAME"
	assert_success
	run pm inspect --format '{{.State.ExitCode}}' "$NAME"
	assert_eq "$output" 3 "exit code (the trap ran)"
	run pm logs "$NAME"
	assert_output_has "got TERM"
	run pm rm "$NAME"
	assert_success
	assert_no_pool_slot "/run/cinch/$cid"
	[ ! -e "/run/cinch/$cid" ] || {
		echo "cinch state /run/cinch/$cid left after podman rm" >&2
		return 1
	}
}

@test "podman: a stopped container starts again, hardened (its overlay is rebuilt once more on the same layers)" {
	need_podman
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sh -c 'echo run >>/tmp/runs; exec sleep 1000'
	assert_success
	run pm stop -t 1 "$NAME"
	assert_success
	# podman mounts its overlay "volatile": the second start must not trip
	# over a workdir marked by the first one
	run pm start "$NAME"
	assert_success
	run pm exec "$NAME" sh -c 'cat /proc/self/uid_map; ls -ln /bin/busybox; wc -l </tmp/runs'
	assert_success
	assert_pool_map "$(sed -n 1p <<<"$output")"
	assert_eq "$(sed -n 2p <<<"$output" | awk '{ print $3 ":" $4 }')" 0:0 "owner of /bin/busybox (idmapped)"
	run pm rm -f "$NAME"
	assert_success
}

@test "podman: exec (also -u, -e, -w) and healthcheck run: in the container's namespaces and ID map, NoNewPrivs, seccomp, cinch's capabilities" {
	need_podman
	local cid
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		--health-cmd 'grep -q "^NoNewPrivs:[[:space:]]*1$" /proc/self/status' "$IMAGE" sleep 1000
	assert_success
	cid=$output
	# Podman's exec process starts from the container's, CAP_SETFCAP included
	assert_spec_lists "$(pm_bundle "$cid")" CAP_SETFCAP
	run --separate-stderr pm exec "$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 0
	run --separate-stderr pm exec -u 1000 -e K=V -w /tmp "$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 1000
	assert_eq "$(probe_value env_K)" V "K from exec -e"
	assert_eq "$(probe_value cwd)" /tmp "cwd from exec -w"
	# a health check is an exec: it sees NoNewPrivs 1 (runc would give 0)
	run --separate-stderr pm healthcheck run "$NAME"
	assert_success
}

@test "podman: README.md's containers.conf (engine.runtimes cinch, the default) runs cinch without --runtime" {
	need_podman
	readme_block ini >"$T/containers.conf"
	grep -qF "cinch = [\"$CINCH_HARDENED\"]" "$T/containers.conf" || {
		echo "README.md's \"Under an engine\" has no \`\`\`ini block with [engine.runtimes] cinch:" >&2
		cat "$T/containers.conf" >&2
		return 1
	}
	# (no --runtime)
	CONTAINERS_CONF=$T/containers.conf run --separate-stderr pm run --rm "${PM_RUN_OPTS[@]}" \
		-e "$MARKER" "$IMAGE" sh -c "$PROBE"
	assert_success
	assert_hardened
}

@test "podman: exec -t and run -it get a terminal" {
	need_podman
	PM_NAMES+=("$NAME" "$NAME-it")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sleep 1000
	assert_success
	# (conmon makes the terminal of exec -t: no terminal needed on our side)
	run pm exec -t "$NAME" sh -c "$TTY_SCRIPT"
	output=${output//$'\r'/}
	assert_tty
	tty_run pm --runtime "$CINCH_HARDENED" run -it --rm "${PM_RUN_OPTS[@]}" -e "$MARKER" \
		--name "$NAME-it" "$IMAGE" sh -c "$TTY_SCRIPT"
	assert_tty
}

@test "podman: a missing command (run and exec) and an exec cwd that is a file fail with cinch's message in podman's output" {
	need_podman
	PM_NAMES+=("$NAME" "$NAME-2")
	# (`run !`: a failure, whose status the test checks; 127 is podman's
	# "command not found" code, as with runc)
	run ! pm --runtime "$CINCH_HARDENED" run --rm "${PM_RUN_OPTS[@]}" -e "$MARKER" \
		--name "$NAME-2" "$IMAGE" /nonexistent
	assert_output_has "cinch: process.args[0]: \`/nonexistent\`"
	assert_status 127

	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sleep 1000
	assert_success
	run ! pm exec "$NAME" /nonexistent
	assert_output_has "cinch: process.args[0]: \`/nonexistent\`"
	assert_status 127
	# (podman checks the workdir of run itself; that of exec is cinch's)
	run ! pm exec -w /bin/busybox "$NAME" true
	assert_output_has 'cinch: process.cwd "/bin/busybox"'
	assert_output_has "Not a directory"
	assert_status 255 # podman's code for an OCI runtime error, as with runc
}

@test "podman: exec of a command missing from \$PATH exits 127 (podman's code for runc's \"executable file not found in \$PATH\")" {
	need_podman
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sleep 1000
	assert_success
	run ! pm exec "$NAME" no-such-command
	assert_output_has "no-such-command"
	assert_status 127
}

@test "podman: pause and unpause freeze and thaw the container through cinch (its loop stops; podman, cinch's state and cgroup.freeze say paused); a paused container is removed with its cgroup" {
	need_podman
	need_cgroup2
	local cid pid CG
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sh -c "$TICK_LOOP"
	assert_success
	cid=$output
	pid=$(pm inspect --format '{{.State.Pid}}' "$NAME")
	# (Podman gives cinch no --root: its default)
	assert_engine_cgroup "/run/cinch/$cid" "$(pm_bundle "$cid")" "$pid"
	wait_ticking "$pid"

	run pm pause "$NAME"
	assert_success
	run pm inspect --format '{{.State.Status}} {{.State.Paused}}' "$NAME"
	assert_eq "$output" "paused true" "podman's status"
	assert_eq "$(cinch_status /run/cinch "$cid")" paused "cinch's status"
	assert_frozen "$pid" "$CG"

	run pm unpause "$NAME"
	assert_success
	run pm inspect --format '{{.State.Status}} {{.State.Paused}}' "$NAME"
	assert_eq "$output" "running false" "podman's status"
	assert_eq "$(cinch_status /run/cinch "$cid")" running "cinch's status"
	assert_thawed "$pid" "$CG"

	# podman rm -f of a paused container: SIGKILL reaches frozen processes
	run pm pause "$NAME"
	assert_success
	run pm rm -f -t 0 "$NAME"
	assert_success
	[ ! -e "$CG" ] || {
		echo "cgroup $CG left after podman rm -f of the paused container" >&2
		return 1
	}
	[ ! -e "/run/cinch/$cid" ] || {
		echo "cinch state /run/cinch/$cid left after podman rm -f" >&2
		return 1
	}
}

@test "podman: top lists the container's processes (Podman reads /proc itself, or runs ps through exec: it never calls \`cinch ps\`)" {
	need_podman
	PM_NAMES+=("$NAME")
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sh -c 'sleep 1001 & exec sleep 1002'
	assert_success
	run pm exec -d "$NAME" sleep 1003
	assert_success
	# podman's own ps (psgo, in the container's pid namespace)
	run pm top "$NAME" pid args
	assert_success
	assert_eq "$(awk 'NR > 1 && $2 == "sleep" { print $3 }' <<<"$output" | sort | tr '\n' ' ')" \
		"1001 1002 1003 " "the sleeps podman top lists"
	assert_eq "$(awk 'NR > 1 && $2 == "sleep" && $3 == 1002 { print $1 }' <<<"$output")" 1 \
		"pid of the container's init (sleep 1002) in its pid namespace"
	# ps(1) descriptors psgo lacks: podman runs the image's ps through exec
	run pm top "$NAME" -ef
	assert_success
	assert_output_has "sleep 1001"
	assert_output_has "sleep 1003"
}

@test "podman: run --memory 64m is refused where the cgroup v2 hierarchy has no memory controller, CINCH-CGROUP-LIMIT in podman's output; nothing is left" {
	need_podman
	need_missing_controller memory
	local cid
	PM_NAMES+=("$NAME")
	run pm --runtime "$CINCH_HARDENED" run "${PM_RUN_OPTS[@]}" --memory 64m -e "$MARKER" \
		--name "$NAME" "$IMAGE" echo ran
	assert_failure
	assert_output_has "refused"
	assert_output_has "linux.resources.memory.limit: memory.max = 67108864 cannot be enforced"
	assert_output_has "[CINCH-CGROUP-LIMIT]"
	if grep -qx ran <<<"$output"; then
		echo "the container ran" >&2
		return 1
	fi
	cid=$(pm inspect --format '{{.Id}}' "$NAME")
	[ ! -e "/run/cinch/$cid" ] || {
		echo "cinch state /run/cinch/$cid left by the refused create" >&2
		return 1
	}
	assert_eq "$(leftover_cgroups "$cid")" "" "cgroups of $cid"
	run pm rm "$NAME"
	assert_success
}

@test "podman: update --memory of a running container is refused on this host, naming the limit, CINCH-CGROUP-LIMIT (nothing changed); update --cpu-shares is taken, with a warning" {
	need_podman
	need_missing_controller memory
	local cid before
	PM_NAMES+=("$NAME")
	pm update --help >/dev/null 2>&1 || skip "this podman has no update command (podman 4.3 and later)"
	runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" --name "$NAME" \
		"$IMAGE" sleep 1000
	assert_success
	cid=$output
	before=$(sha256sum <"/run/cinch/$cid/config.json")
	# (podman hands cinch the resources in a file: --resources=FILE)
	run pm update --memory 64m "$NAME"
	assert_failure
	assert_output_has "cannot update container \`$cid\`"
	assert_output_has "memory.limit (memory.max) needs the memory controller"
	assert_output_has "[CINCH-CGROUP-LIMIT]"
	assert_output_has "nothing was changed"
	assert_eq "$(sha256sum <"/run/cinch/$cid/config.json")" "$before" "cinch's saved config"
	assert_eq "$(cinch_status /run/cinch "$cid")" running "cinch's status"

	run --separate-stderr pm update --cpu-shares 512 "$NAME"
	assert_success
	assert_eq "$(jq .linux.resources.cpu.shares "/run/cinch/$cid/config.json")" 512 "cpu.shares in cinch's saved config"
	if has_controller cpu; then
		assert_eq "$(cat "$(jq -r .cgroup_path "/run/cinch/$cid/state.json")/cpu.weight")" 20 "cpu.weight"
	else
		assert_stderr_has "cpu.shares (cpu.weight) needs the cpu controller"
		assert_stderr_has "not enforced [CINCH-CGROUP-LIMIT]"
	fi
}

# ---------------------------------------------------------------- Docker

@test "docker: hardened by default: pool user namespace, idmapped image, caps, NoNewPrivs, seccomp, read-only root, noexec /tmp" {
	need_docker
	run --separate-stderr dk run --rm --runtime cinch --network none -e "$MARKER" \
		"$IMAGE" sh -c "$PROBE"
	assert_success
	assert_hardened
}

@test "docker: compat (runtimeArgs --policy compat in daemon.json) runs the config unchanged" {
	need_docker
	run --separate-stderr dk run --rm --runtime cinch-compat --network none -e "$MARKER" \
		"$IMAGE" sh -c "$PROBE"
	assert_success
	assert_compat
}

@test "docker: --cap-add SYS_ADMIN is refused, in docker's error output" {
	need_docker
	DK_NAMES+=("$NAME")
	run dk run --rm --runtime cinch --network none --cap-add SYS_ADMIN -e "$MARKER" \
		--name "$NAME" "$IMAGE" true
	assert_refused_sysadmin
	run dk ps -a -q --filter "name=$NAME"
	assert_eq "$output" "" "docker containers left"
	assert_no_pool_slot "$E/docker/"
}

@test "docker: --privileged is refused, in docker's error output" {
	need_docker
	DK_NAMES+=("$NAME")
	run dk run --rm --runtime cinch --network none --privileged -e "$MARKER" \
		--name "$NAME" "$IMAGE" true
	assert_refused_sysadmin
	assert_no_pool_slot "$E/docker/"
}

@test "docker: run -d, logs, stop (SIGTERM), rm; the ID range and the state are released" {
	need_docker
	local cid pid map
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" \
		sh -c 'trap "echo got TERM; exit 3" TERM; echo ready; while :; do sleep 0.1; done'
	assert_success
	cid=$output
	wait_up 10 logs_have dk "$NAME" ready || { echo "the container never logged ready" >&2; return 1; }
	run dk inspect -f '{{.State.Running}} {{.State.Pid}}' "$NAME"
	assert_success
	assert_eq "${output% *}" true "running"
	pid=${output#* }
	map=$(host_map "$pid")
	assert_pool_map "$map"
	assert_host_uid "$pid" "$map"
	[ -n "$(pool_slots "$E/docker/")" ] || {
		echo "no ID pool slot held under $E/docker/" >&2
		ls -l "$POOL_DIR" >&2
		return 1
	}

	run dk stop -t 10 "$NAME"
	assert_success
	run dk inspect -f '{{.State.ExitCode}} {{.State.Status}}' "$NAME"
	assert_eq "$output" "3 exited" "exit code and status (the trap ran)"
	run dk logs "$NAME"
	assert_output_has "ready"
	assert_output_has "got TERM"
	run dk rm "$NAME"
	assert_success
	assert_no_pool_slot "$E/docker/"
	if compgen -G "$E/docker/exec/runtime-*/moby/$cid" >/dev/null; then
		echo "cinch state of $cid left after docker rm" >&2
		return 1
	fi
	assert_eq "$(leftover_cgroups "$cid")" "" "cgroups of $cid"
}

@test "docker: run -d, kill (SIGKILL), rm -f of a running container" {
	need_docker
	DK_NAMES+=("$NAME" "$NAME-2")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	run dk kill "$NAME"
	assert_success
	run dk inspect -f '{{.State.ExitCode}} {{.State.Status}}' "$NAME"
	assert_eq "$output" "137 exited" "exit code and status after docker kill"
	run dk rm "$NAME"
	assert_success

	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME-2" "$IMAGE" sleep 1000
	assert_success
	run dk rm -f "$NAME-2"
	assert_success
	run dk ps -a -q --filter "name=$NAME"
	assert_eq "$output" "" "docker containers left"
	assert_no_pool_slot "$E/docker/"
}

@test "docker: exec (also -u, -e, -w) and health checks: in the container's namespaces and ID map, NoNewPrivs, seccomp, cinch's capabilities although docker's exec lists NET_RAW" {
	need_docker
	local cid st i
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" \
		--health-cmd 'grep -q "^NoNewPrivs:[[:space:]]*1$" /proc/self/status' --health-interval 1s \
		"$IMAGE" sleep 1000
	assert_success
	cid=$output
	# docker's exec process is the container's, with docker's default
	# capabilities: NET_RAW, MKNOD, AUDIT_WRITE, SETFCAP too
	assert_spec_lists "$(dk_bundle "$cid")" CAP_NET_RAW
	run --separate-stderr dk exec "$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 0
	run --separate-stderr dk exec -u 1000 -e K=V -w /tmp "$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 1000
	assert_eq "$(probe_value env_K)" V "K from exec -e"
	assert_eq "$(probe_value cwd)" /tmp "cwd from exec -w"
	# docker's health checks are execs: healthy only with NoNewPrivs 1
	for ((i = 0; i < 100; i++)); do
		st=$(dk inspect -f '{{.State.Health.Status}}' "$NAME")
		[ "$st" = starting ] || break
		sleep 0.1
	done
	if [ "$st" != healthy ]; then
		echo "health status '$st': $(dk inspect -f '{{json .State.Health.Log}}' "$NAME")" >&2
		return 1
	fi
}

@test "docker: exec -it and run -it get a terminal" {
	need_docker
	DK_NAMES+=("$NAME" "$NAME-it")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	tty_run dk exec -it "$NAME" sh -c "$TTY_SCRIPT"
	assert_tty
	tty_run dk run -it --rm --runtime cinch --network none -e "$MARKER" --name "$NAME-it" \
		"$IMAGE" sh -c "$TTY_SCRIPT"
	assert_tty
}

@test "docker: run --read-only runs, hardened" {
	need_docker
	DK_NAMES+=("$NAME")
	run --separate-stderr dk run --rm --read-only --runtime cinch --network none -e "$MARKER" \
		--name "$NAME" "$IMAGE" sh -c "$PROBE"
	assert_success
	assert_hardened
}

@test "docker: a missing command (run and exec) and an exec cwd that is a file fail with cinch's message in docker's output" {
	need_docker
	DK_NAMES+=("$NAME" "$NAME-2")
	run ! dk run --rm --runtime cinch --network none -e "$MARKER" --name "$NAME-2" "$IMAGE" /nonexistent
	assert_output_has "OCI runtime create failed: process.args[0]: \`/nonexistent\`"
	assert_no_pool_slot "$E/docker/"

	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	run ! dk exec "$NAME" no-such-command
	assert_output_has "OCI runtime exec failed: process.args[0]: "
	assert_output_has "\`no-such-command\`"
	assert_output_has "not found in \$PATH"
	assert_status 126 # docker's code for a failed exec, as with runc
	# (docker makes a missing workdir of run itself; that of exec is cinch's)
	run ! dk exec -w /bin/busybox "$NAME" true
	assert_output_has 'OCI runtime exec failed: process.cwd "/bin/busybox"'
	assert_output_has "Not a directory"
	assert_status 126
	# the container is still running, unharmed
	run dk inspect -f '{{.State.Running}}' "$NAME"
	assert_eq "$output" true "running after the failed execs"
}

@test "docker: run of a missing command exits 127 (the docker client's code for runc's \"no such file or directory\")" {
	need_docker
	DK_NAMES+=("$NAME")
	run ! dk run --rm --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" /nonexistent
	assert_output_has "OCI runtime create failed: process.args[0]: \`/nonexistent\`"
	assert_status 127
}

@test "docker: exec -w of a missing directory fails as with runc (no such file or directory) and creates nothing" {
	need_docker
	local n
	DK_NAMES+=("$NAME" "$NAME-compat")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	# (compat: a writable root, where creating the directory would succeed)
	run dk run -d --runtime cinch-compat --network none -e "$MARKER" --name "$NAME-compat" \
		"$IMAGE" sleep 1000
	assert_success
	for n in "$NAME" "$NAME-compat"; do
		run ! dk exec -w /tmp/cit-missing/dir "$n" pwd
		if [ "$status" != 126 ] || ! grep -qF 'process.cwd "/tmp/cit-missing/dir"' <<<"$output" ||
			! grep -qi "no such file or directory" <<<"$output"; then
			echo "$n: exec -w /tmp/cit-missing/dir: not docker's 126 with cinch's \"no such file or directory\"" >&2
			show >&2
			dk_cinch_log "$n" >&2
			return 1
		fi
		run dk exec "$n" ls -d /tmp/cit-missing
		assert_eq "$output" "ls: /tmp/cit-missing: No such file or directory" "$n: /tmp/cit-missing after the failed exec"
	done
}

@test "docker: exec of a command that exits at once, non-zero, gives its status (not a failed exec)" {
	need_docker
	local round k st bad=""
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	# (a race: the process exits before cinch has seen that it exec'd.
	# Four execs at a time, 30 rounds: that caught it in most runs, on the
	# 2-core machine, while it was there.)
	mkdir -p "$T/quick"
	for ((round = 0; round < 30; round++)); do
		for k in 1 2 3 4; do
			{
				st=0
				dk exec "$NAME" sh -c 'exit 3' >"$T/quick/$k.out" 2>&1 || st=$?
				echo "$st" >"$T/quick/$k.status"
			} &
		done
		wait
		for k in 1 2 3 4; do
			st=$(cat "$T/quick/$k.status")
			[ "$st" = 3 ] || bad+="round $round: status $st: $(cat "$T/quick/$k.out")"$'\n'
		done
	done
	if [ -n "$bad" ]; then
		echo "docker exec of \`exit 3\` did not give status 3:" >&2
		echo "$bad" >&2
		dk_cinch_log "$NAME" >&2
		return 1
	fi
}

@test "docker: exec -w DIR of a relative command (./prog) runs DIR/prog, as with runc" {
	need_docker
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	run dk exec -w /bin "$NAME" ./busybox echo relative-ok
	assert_success
	assert_eq "$output" relative-ok "output of ./busybox in /bin"
}

@test "docker: with --log (docker passes it) cinch's compat warnings go to log.json, never to the container's output (docker logs)" {
	need_docker
	local cid log
	DK_NAMES+=("$NAME")
	# CAP_SYS_ADMIN without a user namespace: refused by hardened, a
	# warning under compat
	run dk run -d --runtime cinch-compat --network none --cap-add SYS_ADMIN -e "$MARKER" \
		--name "$NAME" "$IMAGE" sh -c 'echo hello; sleep 1000'
	assert_success
	cid=$output
	wait_up 10 logs_have dk "$NAME" hello || { echo "the container never logged hello" >&2; return 1; }
	log=$(dk_bundle "$cid")/log.json
	run jq -r 'select(.level == "warning") | .msg' "$log"
	assert_success
	assert_output_has "[CINCH-CAP-SYSADMIN]"
	run dk logs "$NAME" # (stdout and stderr)
	assert_eq "$output" hello "docker logs"
}

@test "docker: pause and unpause freeze and thaw the container through cinch (its loop stops; docker, cinch's state and cgroup.freeze say paused); a paused container is removed with its cgroup" {
	need_docker
	need_cgroup2
	local cid pid root CG
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sh -c "$TICK_LOOP"
	assert_success
	cid=$output
	pid=$(dk inspect -f '{{.State.Pid}}' "$NAME")
	root=$(dk_cinch_root "$cid")
	assert_engine_cgroup "$root/$cid" "$(dk_bundle "$cid")" "$pid"
	wait_ticking "$pid"

	run dk pause "$NAME"
	assert_success
	run dk inspect -f '{{.State.Paused}} {{.State.Status}}' "$NAME"
	assert_eq "$output" "true paused" "docker's state"
	assert_eq "$(cinch_status "$root" "$cid")" paused "cinch's status"
	assert_frozen "$pid" "$CG"

	run dk unpause "$NAME"
	assert_success
	run dk inspect -f '{{.State.Paused}} {{.State.Status}}' "$NAME"
	assert_eq "$output" "false running" "docker's state"
	assert_eq "$(cinch_status "$root" "$cid")" running "cinch's status"
	assert_thawed "$pid" "$CG"

	# docker rm -f of a paused container: SIGKILL reaches frozen processes
	run dk pause "$NAME"
	assert_success
	run dk rm -f "$NAME"
	assert_success
	[ ! -e "$CG" ] || {
		echo "cgroup $CG left after docker rm -f of the paused container" >&2
		return 1
	}
	[ ! -e "$root/$cid" ] || {
		echo "cinch state $root/$cid left after docker rm -f" >&2
		return 1
	}
}

@test "docker: the container's cgroup is cinch's, at docker's cgroupsPath on the cgroup v2 hierarchy; exec'd processes are born in it; it goes with the container" {
	need_docker
	need_cgroup2
	local cid pid root p CG
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	cid=$output
	pid=$(dk inspect -f '{{.State.Pid}}' "$NAME")
	root=$(dk_cinch_root "$cid")
	assert_engine_cgroup "$root/$cid" "$(dk_bundle "$cid")" "$pid"
	assert_eq "$CG" "$(cg2_root)/docker/$cid" "the cgroup of a docker container (cgroupfs driver)"
	run dk exec -d "$NAME" sleep 1001
	assert_success
	wait_up 10 procs_count "$CG" 2 || {
		echo "the exec'd process did not appear in $CG/cgroup.procs: $(cat "$CG/cgroup.procs")" >&2
		return 1
	}
	for p in $(cat "$CG/cgroup.procs"); do
		[ "$p" = "$pid" ] && continue
		assert_eq "$(tr '\0' ' ' <"/proc/$p/cmdline")" "sleep 1001 " "the other process of $CG"
	done
	run dk rm -f "$NAME"
	assert_success
	[ ! -e "$CG" ] || {
		echo "cgroup $CG left after docker rm -f" >&2
		return 1
	}
}

@test "docker: top lists the container's processes, exec'd ones too, from \`cinch ps --format json\`, also while paused" {
	need_docker
	need_cgroup2
	local cid root want CG
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" \
		sh -c 'sleep 1001 & exec sleep 1002'
	assert_success
	cid=$output
	run dk exec -d "$NAME" sleep 1003
	assert_success
	root=$(dk_cinch_root "$cid")
	CG=$(jq -r .cgroup_path "$root/$cid/state.json")
	wait_up 10 procs_count "$CG" 3 || {
		echo "not 3 processes in $CG/cgroup.procs: $(cat "$CG/cgroup.procs")" >&2
		return 1
	}
	want=$(sort -n "$CG/cgroup.procs" | tr '\n' ' ')
	# (docker asks the runtime for the pids, then keeps those lines of the
	# host's ps)
	run dk top "$NAME" -o pid,args
	assert_success
	assert_eq "$(sorted_pids <<<"$output")" "$want" "the pids docker top lists (the cgroup's)"
	assert_output_has "sleep 1001"
	assert_output_has "sleep 1002"
	assert_output_has "sleep 1003"
	run dk pause "$NAME"
	assert_success
	run dk top "$NAME" -o pid,args
	assert_success
	assert_eq "$(sorted_pids <<<"$output")" "$want" "the pids docker top lists while paused"
	run dk unpause "$NAME"
	assert_success
}

@test "docker: run --memory 64m is refused where the cgroup v2 hierarchy has no memory controller, CINCH-CGROUP-LIMIT in docker's output; nothing is left" {
	need_docker
	need_missing_controller memory
	local cid
	DK_NAMES+=("$NAME")
	run dk run --runtime cinch --network none --memory 64m -e "$MARKER" --name "$NAME" "$IMAGE" echo ran
	assert_failure
	assert_output_has "OCI runtime create failed: config.json refused by the hardened policy"
	assert_output_has "linux.resources.memory.limit: memory.max = 67108864 cannot be enforced"
	assert_output_has "[CINCH-CGROUP-LIMIT]"
	if grep -qx ran <<<"$output"; then
		echo "the container ran" >&2
		return 1
	fi
	cid=$(dk inspect -f '{{.Id}}' "$NAME")
	if compgen -G "$E/docker/exec/runtime-*/moby/$cid" >/dev/null; then
		echo "cinch state of $cid left by the refused create" >&2
		return 1
	fi
	assert_eq "$(leftover_cgroups "$cid")" "" "cgroups of $cid"
	assert_no_pool_slot "$E/docker/"
	run dk rm "$NAME"
	assert_success
}

@test "docker: update --memory of a running container is refused on this host (--resources -: memory.limit, CINCH-CGROUP-LIMIT; nothing changed); update --cpu-shares is taken" {
	need_docker
	need_missing_controller memory
	local cid root before
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME" "$IMAGE" sleep 1000
	assert_success
	cid=$output
	root=$(dk_cinch_root "$cid")
	before=$(sha256sum <"$root/$cid/config.json")
	# (docker 20.10 itself wants --memory-swap with a first --memory: -1,
	# no swap limit, which needs no controller)
	run dk update --memory 64m --memory-swap -1 "$NAME"
	assert_failure
	assert_output_has "cannot update container \`$cid\`: --resources -: memory.limit (memory.max) needs the memory controller"
	assert_output_has "[CINCH-CGROUP-LIMIT]"
	assert_output_has "nothing was changed"
	assert_eq "$(sha256sum <"$root/$cid/config.json")" "$before" "cinch's saved config"
	run dk inspect -f '{{.HostConfig.Memory}} {{.State.Status}}' "$NAME"
	assert_eq "$output" "0 running" "docker's memory limit and status"

	run dk update --cpu-shares 512 "$NAME"
	assert_success
	assert_eq "$(jq .linux.resources.cpu.shares "$root/$cid/config.json")" 512 "cpu.shares in cinch's saved config"
	run dk inspect -f '{{.HostConfig.CpuShares}}' "$NAME"
	assert_eq "$output" 512 "docker's cpu shares"
	if has_controller cpu; then
		assert_eq "$(cat "$(jq -r .cgroup_path "$root/$cid/state.json")/cpu.weight")" 20 "cpu.weight"
	fi
}

@test "docker: run --cpu-shares 512 runs; a weight cinch cannot enforce here is only a warning (CINCH-CGROUP-LIMIT in log.json)" {
	need_docker
	need_cgroup2
	local cid log
	DK_NAMES+=("$NAME")
	run dk run -d --runtime cinch --network none --cpu-shares 512 -e "$MARKER" --name "$NAME" \
		"$IMAGE" sh -c 'echo hello; sleep 1000'
	assert_success
	cid=$output
	wait_up 10 logs_have dk "$NAME" hello || { echo "the container never logged hello" >&2; return 1; }
	assert_eq "$(jq -c .linux.resources.cpu.shares "$(dk_bundle "$cid")/config.json")" 512 "docker's cpu.shares"
	if has_controller cpu; then
		assert_eq "$(cat "$(jq -r .cgroup_path "$(dk_cinch_root "$cid")/$cid/state.json")/cpu.weight")" 20 "cpu.weight"
	else
		log=$(dk_bundle "$cid")/log.json
		run jq -r 'select(.level == "warning") | .msg' "$log"
		assert_success
		assert_output_has "linux.resources.cpu.shares: cpu.weight = 20 cannot be enforced"
		assert_output_has "[CINCH-CGROUP-LIMIT]"
	fi
}

# ---------------------------------------------------------------- containerd

@test "containerd: hardened by default: pool user namespace, idmapped image, caps, NoNewPrivs, seccomp, read-only root, noexec /tmp" {
	need_containerd
	CTR_IDS+=("$NAME")
	run --separate-stderr ctr_run --rm --runc-binary "$CINCH_HARDENED" --env "$MARKER" \
		"$IMAGE" "$NAME" sh -c "$PROBE"
	assert_success
	assert_hardened
}

@test "containerd: compat (a wrapper runtime passing --policy compat) runs the config unchanged" {
	need_containerd
	CTR_IDS+=("$NAME")
	run --separate-stderr ctr_run --rm --runc-binary "$E/cinch-compat" --env "$MARKER" \
		"$IMAGE" "$NAME" sh -c "$PROBE"
	assert_success
	assert_compat
}

@test "containerd: --cap-add CAP_SYS_ADMIN is refused, in ctr's error output" {
	need_containerd
	CTR_IDS+=("$NAME")
	run ctr_run --rm --runc-binary "$CINCH_HARDENED" --cap-add CAP_SYS_ADMIN --env "$MARKER" \
		"$IMAGE" "$NAME" true
	assert_refused_sysadmin
	run ctrc tasks ls -q
	assert_eq "$output" "" "containerd tasks left"
	assert_no_pool_slot "$E/containerd/"
}

@test "containerd: --privileged is refused, in ctr's error output" {
	need_containerd
	CTR_IDS+=("$NAME")
	run ctr_run --rm --runc-binary "$CINCH_HARDENED" --privileged --env "$MARKER" \
		"$IMAGE" "$NAME" true
	assert_refused_sysadmin
	assert_no_pool_slot "$E/containerd/"
}

@test "containerd: the run.cinch.policy annotation makes it stricter, never weaker" {
	need_containerd
	CTR_IDS+=("$NAME" "$NAME-2")
	run --separate-stderr ctr_run --rm --runc-binary "$CINCH_HARDENED" \
		--annotation run.cinch.policy=compat --env "$MARKER" "$IMAGE" "$NAME" sh -c "$PROBE"
	assert_success
	assert_hardened
	run ctr_run --rm --runc-binary "$CINCH_HARDENED" --annotation run.cinch.policy=strict \
		--env "$MARKER" "$IMAGE" "$NAME-2" true
	assert_failure
	assert_output_has "refused by the strict policy"
	assert_output_has "[CINCH-USERNS]"
}

@test "containerd: run -d, task kill (SIGTERM), task rm, container rm; the ID range and the state are released" {
	need_containerd
	local pid map i st
	CTR_IDS+=("$NAME")
	runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" \
		sh -c 'trap "exit 3" TERM; while :; do sleep 0.1; done'
	assert_success
	run ctrc tasks ls
	assert_success
	read -r _ pid st < <(awk -v id="$NAME" '$1 == id' <<<"$output")
	assert_eq "$st" RUNNING "task status"
	map=$(host_map "$pid")
	assert_pool_map "$map"
	assert_host_uid "$pid" "$map"
	[ -n "$(pool_slots "$E/containerd/runc-root/default/$NAME")" ] || {
		echo "no ID pool slot for $E/containerd/runc-root/default/$NAME" >&2
		ls -l "$POOL_DIR" >&2
		return 1
	}

	run ctrc tasks kill -s SIGTERM "$NAME"
	assert_success
	for ((i = 0; i < 100; i++)); do
		st=$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $3 }')
		[ "$st" = STOPPED ] && break
		sleep 0.1
	done
	assert_eq "$st" STOPPED "task status after SIGTERM"
	run ctrc tasks rm "$NAME"
	assert_success
	run ctrc containers rm "$NAME"
	assert_success
	assert_no_pool_slot "$E/containerd/"
	[ ! -e "$E/containerd/runc-root/default/$NAME" ] || {
		echo "cinch state of $NAME left after ctr tasks rm" >&2
		return 1
	}
	assert_eq "$(leftover_cgroups "$NAME")" "" "cgroups of $NAME"
}

@test "containerd: task exec (also --user, --cwd, -t): in the container's namespaces and ID map, NoNewPrivs, seccomp, cinch's capabilities although the exec process lists NET_RAW" {
	need_containerd
	CTR_IDS+=("$NAME")
	runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" sleep 1000
	assert_success
	# ctr's exec process is the container's, with containerd's default
	# capabilities: NET_RAW, MKNOD, AUDIT_WRITE, SETFCAP too
	assert_spec_lists "$(ctr_bundle "$NAME")" CAP_NET_RAW
	run --separate-stderr ctrc tasks exec --fifo-dir "$E/containerd/fifo" --exec-id probe \
		"$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 0
	run --separate-stderr ctrc tasks exec --fifo-dir "$E/containerd/fifo" --exec-id probe-user \
		--user 1000 --cwd /tmp "$NAME" sh -c "$EXEC_PROBE"
	assert_success
	assert_exec 1000
	assert_eq "$(probe_value cwd)" /tmp "cwd from exec --cwd"
	tty_run ctrc tasks exec --fifo-dir "$E/containerd/fifo" -t --exec-id tty "$NAME" sh -c "$TTY_SCRIPT"
	assert_tty
}

@test "containerd: run -t gets a terminal" {
	need_containerd
	CTR_IDS+=("$NAME")
	tty_run ctr_run -t --rm --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" \
		sh -c "$TTY_SCRIPT"
	assert_tty
}

@test "containerd: the runc shim given BinaryName (as the CRI plugin runs a RuntimeClass for Kubernetes) runs cinch" {
	need_containerd
	local pid map opts
	CTR_IDS+=("$NAME" "$NAME-runc")
	# ctr 1.6 passes the runc shim its options (options.Options, the
	# `options` table of a CRI runtime) from --runc-binary: BinaryName.
	# (--runtime-config-path is ignored for io.containerd.runc.v2.)
	runf ctr_run -d --runtime io.containerd.runc.v2 --runc-binary "$CINCH_HARDENED" --env "$MARKER" \
		"$IMAGE" "$NAME" sleep 1000
	assert_success
	opts=$(ctr_bundle "$NAME")/options.json
	run jq -r .binary_name "$opts"
	assert_eq "$output" "$CINCH_HARDENED" "BinaryName the shim got ($opts)"
	pid=$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $2 }')
	map=$(host_map "$pid")
	assert_pool_map "$map"
	assert_host_uid "$pid" "$map"
	# the same shim without BinaryName runs runc: no user namespace
	if command -v runc >/dev/null; then
		run --separate-stderr ctr_run --rm --runtime io.containerd.runc.v2 --env "$MARKER" \
			"$IMAGE" "$NAME-runc" cat /proc/self/uid_map
		assert_success
		assert_eq "$(echo $output)" "0 0 4294967295" "uid_map under runc"
	fi
}


@test "containerd: README.md's CRI runtime \"cinch\" (runc shim, BinaryName) loads in containerd's CRI plugin" {
	need_containerd
	local d=$T/cri i
	mkdir -p "$d"
	readme_block toml >"$d/readme.toml"
	grep -qF "BinaryName = \"$CINCH_HARDENED\"" "$d/readme.toml" || {
		echo "README.md's \"Under an engine\" has no \`\`\`toml block with BinaryName:" >&2
		cat "$d/readme.toml" >&2
		return 1
	}
	{
		cat <<-EOF
			version = 2
			root = "$d/root"
			state = "$d/state"
			[grpc]
			  address = "$d/containerd.sock"
			[ttrpc]
			  address = "$d/containerd.sock.ttrpc"
			[plugins."io.containerd.internal.v1.opt"]
			  path = "$d/opt"
		EOF
		cat "$d/readme.toml"
	} >"$d/config.toml"
	run containerd --config "$d/config.toml" config dump
	assert_success
	assert_output_has "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.cinch.options]"
	assert_output_has "BinaryName = \"$CINCH_HARDENED\""
	containerd --config "$d/config.toml" </dev/null >"$d/containerd.log" 2>&1 3>&- &
	CRI_PID=$!
	daemon_up "$CRI_PID" 60 ctr --address "$d/containerd.sock" version || {
		echo "containerd with the CRI plugin did not start" >&2
		tail -20 "$d/containerd.log" >&2
		return 1
	}
	run ctr --address "$d/containerd.sock" plugins ls
	assert_success
	if ! awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" && $4 == "ok"' <<<"$output" | grep -q .; then
		echo "the CRI plugin did not load with README.md's runtime config:" >&2
		grep -F 'io.containerd.grpc.v1.cri' "$d/containerd.log" >&2
		return 1
	fi
	stop_daemon "$CRI_PID" "containerd (CRI)"
	CRI_PID=""
}

@test "containerd: a cwd that is a file and exec of a missing command fail with cinch's message in ctr's output" {
	need_containerd
	CTR_IDS+=("$NAME" "$NAME-2")
	run ctr_run --rm --runc-binary "$CINCH_HARDENED" --cwd /bin/busybox --env "$MARKER" \
		"$IMAGE" "$NAME-2" true
	assert_failure
	assert_output_has 'OCI runtime create failed: process.cwd "/bin/busybox"'
	assert_output_has "Not a directory"
	assert_no_pool_slot "$E/containerd/"

	runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" sleep 1000
	assert_success
	run ctrc tasks exec --fifo-dir "$E/containerd/fifo" --exec-id missing "$NAME" /nonexistent
	assert_failure
	assert_output_has "OCI runtime exec failed: process.args[0]: \`/nonexistent\`"
}

@test "containerd: with --log (the shim passes it) cinch's compat warnings stay out of the container's output" {
	need_containerd
	CTR_IDS+=("$NAME")
	# (the warning itself: see the docker test of log.json)
	run --separate-stderr ctr_run --rm --runc-binary "$E/cinch-compat" --cap-add CAP_SYS_ADMIN \
		--env "$MARKER" "$IMAGE" "$NAME" echo hello
	assert_success
	assert_eq "$output" hello "stdout"
	assert_eq "$stderr" "" "stderr"
}

@test "containerd: task pause and resume freeze and thaw the container through cinch (its loop stops; PAUSED in task ls, cinch's state, cgroup.freeze); a paused task is killed, and its cgroup goes" {
	need_containerd
	need_cgroup2
	local pid root=$E/containerd/runc-root/default st i CG
	CTR_IDS+=("$NAME")
	runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" sh -c "$TICK_LOOP"
	assert_success
	pid=$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $2 }')
	assert_engine_cgroup "$root/$NAME" "$(ctr_bundle "$NAME")" "$pid"
	wait_ticking "$pid"

	run ctrc tasks pause "$NAME"
	assert_success
	assert_eq "$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $3 }')" PAUSED "task status"
	assert_eq "$(cinch_status "$root" "$NAME")" paused "cinch's status"
	assert_frozen "$pid" "$CG"

	run ctrc tasks resume "$NAME"
	assert_success
	assert_eq "$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $3 }')" RUNNING "task status"
	assert_eq "$(cinch_status "$root" "$NAME")" running "cinch's status"
	assert_thawed "$pid" "$CG"

	run ctrc tasks pause "$NAME"
	assert_success
	run ctrc tasks kill -s SIGKILL "$NAME"
	assert_success
	for ((i = 0; i < 100; i++)); do
		st=$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $3 }')
		[ "$st" = STOPPED ] && break
		sleep 0.1
	done
	assert_eq "$st" STOPPED "status of the paused task after SIGKILL"
	run ctrc tasks rm "$NAME"
	assert_success
	run ctrc containers rm "$NAME"
	assert_success
	[ ! -e "$CG" ] || {
		echo "cgroup $CG left after ctr tasks rm" >&2
		return 1
	}
	[ ! -e "$root/$NAME" ] || {
		echo "cinch state $root/$NAME left after ctr tasks rm" >&2
		return 1
	}
}

@test "containerd: task ps lists the container's processes, exec'd ones too (\`cinch ps --format json\`), also while paused" {
	need_containerd
	need_cgroup2
	local pid want CG
	CTR_IDS+=("$NAME")
	runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME" \
		sh -c 'sleep 1001 & exec sleep 1002'
	assert_success
	pid=$(ctrc tasks ls | awk -v id="$NAME" '$1 == id { print $2 }')
	assert_engine_cgroup "$E/containerd/runc-root/default/$NAME" "$(ctr_bundle "$NAME")" "$pid"
	runf ctrc tasks exec -d --fifo-dir "$E/containerd/fifo" --exec-id extra "$NAME" sleep 1003
	assert_success
	wait_up 10 procs_count "$CG" 3 || {
		echo "not 3 processes in $CG/cgroup.procs: $(cat "$CG/cgroup.procs")" >&2
		return 1
	}
	want=$(sort -n "$CG/cgroup.procs" | tr '\n' ' ')
	run ctrc tasks ps "$NAME"
	assert_success
	assert_eq "$(sorted_pids <<<"$output")" "$want" "the pids ctr tasks ps lists (the cgroup's)"
	grep -qE "^${pid}[[:space:]]" <<<"$output" || {
		echo "task ps does not list the task's pid $pid" >&2
		show >&2
		return 1
	}
	run ctrc tasks pause "$NAME"
	assert_success
	run ctrc tasks ps "$NAME"
	assert_success
	assert_eq "$(sorted_pids <<<"$output")" "$want" "the pids ctr tasks ps lists while paused"
	run ctrc tasks resume "$NAME"
	assert_success
}

# ---------------------------------------------------------------- together

@test "engines: containers alive at the same time get disjoint ID ranges, whatever engine runs them" {
	local maps=() engines=() pid m
	if command -v podman >/dev/null && command -v conmon >/dev/null && [ ! -e "$E/podman.failed" ]; then
		PM_NAMES+=("$NAME-pm")
		runf pm --runtime "$CINCH_HARDENED" run -d "${PM_RUN_OPTS[@]}" -e "$MARKER" \
			--name "$NAME-pm" "$IMAGE" sleep 1000
		assert_success
		run pm inspect --format '{{.State.Pid}}' "$NAME-pm"
		assert_success
		maps+=("$(host_map "$output")")
		engines+=(podman)
	fi
	if command -v dockerd >/dev/null && [ -n "$DOCKER_CLIENT" ] && [ ! -e "$E/docker.failed" ]; then
		for m in 1 2; do
			DK_NAMES+=("$NAME-dk$m")
			run dk run -d --runtime cinch --network none -e "$MARKER" --name "$NAME-dk$m" \
				"$IMAGE" sleep 1000
			assert_success
			run dk inspect -f '{{.State.Pid}}' "$NAME-dk$m"
			assert_success
			maps+=("$(host_map "$output")")
			engines+=("docker#$m")
		done
	fi
	if command -v containerd >/dev/null && command -v ctr >/dev/null && [ ! -e "$E/containerd.failed" ]; then
		CTR_IDS+=("$NAME-ctr")
		runf ctr_run -d --runc-binary "$CINCH_HARDENED" --env "$MARKER" "$IMAGE" "$NAME-ctr" sleep 1000
		assert_success
		pid=$(ctrc tasks ls | awk -v id="$NAME-ctr" '$1 == id { print $2 }')
		maps+=("$(host_map "$pid")")
		engines+=(containerd)
	fi
	[ ${#maps[@]} -ge 2 ] || skip "needs two containers of the engines (only ${engines[*]:-none} available)"
	for m in "${maps[@]}"; do assert_pool_map "$m"; done
	if [ "$(printf '%s\n' "${maps[@]}" | sort -u | wc -l)" -ne ${#maps[@]} ]; then
		echo "two containers share an ID range:" >&2
		paste <(printf '%s\n' "${engines[@]}") <(printf '%s\n' "${maps[@]}") >&2
		return 1
	fi
}

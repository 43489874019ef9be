#!/usr/bin/env bats
# The hardening policy end to end (cinch-policy(5)): what a weak config
# becomes under `hardened`, observed from inside the container; unsafe
# configs refused before anything exists, naming every violation (one
# config per rule in policy-corpus/); `strict`, `compat`, the
# run.cinch.policy annotation and the policy file.
#
# `cinch check` has its own suite (check.bats).
# shellcheck disable=SC2016,SC2034,SC2154  # jq programs in single quotes; POLICY is read by helpers.bash; bats sets stderr

load helpers

CORPUS=$CINCH_IT_DIR/policy-corpus
POOL_FIRST=1000000000 # userns-pool default (policy.h)
EXTRA_ROOTS=()

setup() {
	setup_common
	POLICY=hardened
}

teardown() {
	local r d rc=0
	# containers of the tests that use a second --root
	for r in "${EXTRA_ROOTS[@]}"; do
		for d in "$r"/*; do
			[ -d "$d" ] || continue
			timeout -k 5 "$TIMEOUT" "$CINCH" --root "$r" --policy compat delete -f "$(basename "$d")" \
				>/dev/null 2>&1 || rc=1
		done
	done
	teardown_common || rc=1
	return $rc
}

# cinch_direct ARGS...: cinch with the test's --root but without the
# wrapper's --policy (for the policy-file tests).
cinch_direct() { timeout -k 5 "$TIMEOUT" "$CINCH" --root "$ROOT" "$@"; }

# st FIELD: the value of "FIELD:" in a /proc/PID/status text in $output
st() { awk -v f="$1:" '$1 == f { print $2 }' <<<"$output"; }

# mnt MOUNTPOINT: "<mount options> <fstype> <super options>" of the topmost
# mount at MOUNTPOINT in a /proc/self/mountinfo text in $output
mnt() {
	awk -v mp="$1" '$5 == mp { i = 7; while ($i != "-") i++; m = $6 " " $(i + 1) " " $(i + 3) }
		END { print m }' <<<"$output"
}

# has_opts "OPTS" OPT...: the comma-separated OPTS contain every OPT
has_opts() {
	local opts=$1 o
	shift
	for o in "$@"; do
		case ",$opts," in
		*",$o,"*) ;;
		*) echo "option $o missing from $opts" >&2; return 1 ;;
		esac
	done
}

# uidmap_line N: line N of a uid_map/gid_map text in $output, blanks squeezed
map_line() { sed -n "$1p" <<<"$output" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//'; }

# assert_finding ACTION RULE PATH[|PATH...]: stderr has a finding line
# "<ACTION>: <PATH>: <message> [<RULE>]..." for one of the PATHs (the path
# may be followed by an index: "process.capabilities.bounding[3]").
assert_finding() {
	local action=$1 rule=$2 paths=$3 line p alts
	IFS='|' read -ra alts <<<"$paths"
	while IFS= read -r line; do
		case $line in *"[$rule]"*) ;; *) continue ;; esac
		for p in "${alts[@]}"; do
			case $line in
			*"$action: $p: "* | *"$action: ${p}["*) return 0 ;;
			esac
		done
	done <<<"$stderr"
	printf 'stderr has no line "%s: %s: ... [%s]"\n' "$action" "$paths" "$rule" >&2
	show >&2
	return 1
}
assert_refused() { assert_finding refused "$@"; }
assert_warned() { assert_finding warned "$@"; }

# refused_rules: the sorted set of rule IDs of the "refused:" lines of stderr
refused_rules() {
	sed -n 's/.*refused: .*\[\(CINCH-[A-Z0-9-]*\)\].*/\1/p' <<<"$stderr" | sort -u | tr '\n' ' '
}

# assert_no_rule RULE: no finding of RULE on stderr
assert_no_rule() {
	if grep -qF -- "[$1]" <<<"$stderr"; then
		echo "unexpected finding $1" >&2
		show >&2
		return 1
	fi
}

# pool_slots [ID]: the slots of the machine-wide user namespace pool
# ($IDPOOL, helpers.bash) held by container ID of this test's --root, or
# with no ID by any container of this test's --root (other runs may hold
# slots at the same time)
pool_slots() {
	local owner
	owner="$(realpath "$ROOT")/${1:-*}"
	[ -d "$IDPOOL" ] || return 0
	find "$IDPOOL" -type l -lname "$owner" -printf '%f\n'
}

# assert_nothing_created: a refused config left nothing: no state dir,
# mounts, processes, cgroups or pool slot (assert_gone), and no slot of
# the pool was taken for this test's --root at all.
assert_nothing_created() {
	assert_gone "$ID"
	if [ -n "$(pool_slots)" ]; then
		echo "user namespace pool has slots of $ROOT after a refusal:" >&2
		ls -l "$IDPOOL" >&2
		return 1
	fi
}

# corpus_refused FILE [global cinch args...]: apply the jq filter
# policy-corpus/FILE to the base config; `cinch create` must fail with a
# "refused:" line for every "# expect: RULE PATH[|PATH...]" of the file,
# and leave nothing behind.  The filters may use $hostdir, $root (the
# state dir), $t (the test's scratch dir) and $hostns (a directory of the
# host's namespaces: /proc/1/ns, or this shell's where init's cannot be
# read, as when init is not dumpable).
corpus_refused() {
	local f=$CORPUS/$1 rule path n=0 hostns=/proc/1/ns
	shift
	[ -f "$f" ] || { echo "no corpus file $f" >&2; return 1; }
	readlink "$hostns/net" >/dev/null 2>&1 || hostns=/proc/$$/ns
	cfg "$(cat "$f")" --arg hostdir "$HOSTDIR" --arg root "$ROOT" --arg t "$T" --arg hostns "$hostns"
	runf cinch "$@" create --bundle "$BUNDLE" "$ID"
	assert_failure
	while read -r rule path; do
		n=$((n + 1))
		assert_refused "$rule" "$path"
	done < <(sed -n 's/^# expect: //p' "$f")
	[ "$n" -gt 0 ] || { echo "$f has no '# expect:' line" >&2; return 1; }
	assert_nothing_created
}

# euid_binary PATH: a static program printing its effective uid (busybox
# drops setuid privileges by itself, so it cannot show them).
euid_binary() {
	command -v gcc >/dev/null || skip "gcc is needed to build a setuid test program"
	printf '#include <stdio.h>\n#include <unistd.h>\nint main (void) { printf ("%%d\\n", (int) geteuid ()); return 0; }\n' \
		>"$T/euid.c"
	gcc -static -o "$1" "$T/euid.c" || skip "cannot link a static program"
	chown 0:0 "$1"
	chmod 4755 "$1"
}

# ------------------------------------------------ hardened: weak configs fixed

@test "hardened: a user namespace from the pool, never the identity map" {
	ct_run 'cat /proc/self/uid_map; cat /proc/self/gid_map'
	assert_success
	assert_eq "$(wc -l <<<"$output")" 2 "one line in each map"
	local c h s
	read -r c h s <<<"$(map_line 1)"
	[ "$c $h $s" != "0 0 4294967295" ] || { echo "uid_map is the identity" >&2; return 1; }
	assert_eq "$c" 0 "container ID of the uid map"
	assert_eq "$s" 65536 "size of the uid map"
	if [ "$h" -lt "$POOL_FIRST" ] || [ $(((h - POOL_FIRST) % 65536)) -ne 0 ]; then
		echo "host ID $h is not a pool slot (first $POOL_FIRST, slots of 65536)" >&2
		return 1
	fi
	assert_eq "$(map_line 2)" "0 $h 65536" "gid map"
}

@test "hardened: capabilities are the intersection with the defaults; inheritable and ambient empty" {
	# base config: AUDIT_WRITE KILL NET_BIND_SERVICE in bounding, effective,
	# permitted and ambient (and here inheritable, without which the kernel
	# would not raise the ambient ones: compat shows them all).  AUDIT_WRITE
	# is not a default: KILL (5) and NET_BIND_SERVICE (10) remain.
	cfg '.process.capabilities.inheritable = .process.capabilities.ambient'
	ct_run 'grep ^Cap /proc/$$/status'
	assert_success
	assert_eq "$(st CapBnd)" 0000000000000420 CapBnd
	assert_eq "$(st CapPrm)" 0000000000000420 CapPrm
	assert_eq "$(st CapEff)" 0000000000000420 CapEff
	assert_eq "$(st CapInh)" 0000000000000000 CapInh
	assert_eq "$(st CapAmb)" 0000000000000000 CapAmb
}

@test "hardened: NoNewPrivs is set even when the config says noNewPrivileges false" {
	cfg '.process.noNewPrivileges = false'
	ct_run 'grep ^NoNewPrivs /proc/$$/status'
	assert_success
	assert_eq "$(st NoNewPrivs)" 1 NoNewPrivs
}

@test "hardened: the built-in seccomp profile when the config has none" {
	# Creating a user namespace needs no capability, so without a filter
	# `unshare -U` works in the container (the control below, with a
	# profile of the config's own); the built-in profile blocks it.
	ct_run 'grep ^Seccomp: /proc/$$/status; unshare -U true 2>/dev/null && echo userns-ok || echo userns-blocked'
	assert_success
	assert_eq "$(st Seccomp)" 2 "seccomp mode (filter)"
	assert_eq "$(sed -n 2p <<<"$output")" userns-blocked "unshare -U under the built-in profile"

	ct_run 'mount -t tmpfs x /mnt 2>/dev/null && echo mounted || echo mount-failed'
	assert_success
	assert_eq "$output" mount-failed

	# control: the config's own (confining, not unconfined) profile replaces
	# the built-in one
	cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
		syscalls: [{names: ["acct"], action: "SCMP_ACT_ERRNO"}]}'
	ct_run 'grep ^Seccomp: /proc/$$/status; unshare -U true && echo userns-ok || echo userns-blocked'
	assert_success
	assert_eq "$(sed -n 2p <<<"$output")" userns-ok "unshare -U under the config's own profile"
}

@test "hardened: the rootfs is read-only" {
	ct_run 'touch /newfile 2>&1; echo done'
	assert_success
	assert_output_has "Read-only file system"
	[ ! -e "$BUNDLE/rootfs/newfile" ] || { echo "/newfile was created in the rootfs" >&2; return 1; }
}

@test "hardened: /tmp, /var/tmp and /run are writable noexec,nosuid,nodev tmpfs" {
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	local mp line opts fstype sopts
	for mp in /tmp /var/tmp /run; do
		line=$(mnt "$mp")
		read -r opts fstype sopts <<<"$line"
		assert_eq "$fstype" tmpfs "file system type at $mp"
		has_opts "$opts" rw noexec nosuid nodev
		has_opts "$sopts" size=65536k # tmpfs-size 64m
	done
	ct_run 'stat -c "%a" /tmp /var/tmp /run
		for d in /tmp /var/tmp /run; do echo x >$d/f && echo "$d writable"; done
		cp /bin/busybox /tmp/x && /tmp/x true 2>&1; echo "exec status $?"'
	assert_success
	assert_eq "$(sed -n 1,3p <<<"$output")" "$(printf '1777\n1777\n755')" "modes of /tmp /var/tmp /run"
	assert_eq "$(sed -n 4,6p <<<"$output")" "$(printf '/tmp writable\n/var/tmp writable\n/run writable')"
	assert_output_has "Permission denied"
	assert_output_has "exec status 126"
	[ ! -e "$BUNDLE/rootfs/tmp/f" ] || { echo "/tmp/f landed in the rootfs" >&2; return 1; }
}

@test "hardened: the idmapped rootfs shows root's files as root; a bind mount writes as host root" {
	assert_eq "$(stat -c %u:%g "$BUNDLE/rootfs/bin/busybox")" 0:0 "host owner of /bin/busybox"
	echo hi >"$HOSTDIR/from-host"
	chown 0:0 "$HOSTDIR" "$HOSTDIR/from-host"
	cfg '.mounts += [{destination: "/data", type: "bind", source: $s, options: ["rbind", "rw"]}]' \
		--arg s "$HOSTDIR"
	ct_run 'awk "{ print \$2 }" /proc/self/uid_map; stat -c %u:%g /bin/busybox; ls -ln /bin/busybox
		stat -c %u:%g /data/from-host; echo new >/data/made-inside && stat -c %u:%g /data/made-inside'
	assert_success
	# (container root is not host root: the owners below come from the idmap)
	[ "$(sed -n 1p <<<"$output")" -ge "$POOL_FIRST" ] || { echo "no pool user namespace" >&2; show >&2; return 1; }
	assert_eq "$(sed -n 2p <<<"$output")" 0:0 "owner of /bin/busybox inside"
	assert_eq "$(sed -n 3p <<<"$output" | awk '{ print $3, $4 }')" "0 0" "ls -ln /bin/busybox"
	assert_eq "$(sed -n 4p <<<"$output")" 0:0 "owner of a host-root file through the bind mount"
	assert_eq "$(sed -n 5p <<<"$output")" 0:0 "owner of the new file inside"
	assert_eq "$(stat -c %u:%g "$HOSTDIR/made-inside")" 0:0 "owner of the new file on the host"
	# idmapping is a view: nothing was chowned on the host
	assert_eq "$(stat -c %u:%g "$BUNDLE/rootfs/bin/busybox")" 0:0 "host owner of /bin/busybox after the run"
}

@test "hardened: masked paths (even when the config masks none) and a read-only /proc/sys" {
	[ -n "$(ls -A /sys/firmware)" ] || skip "the host's /sys/firmware is empty"
	[ "$(head -c 16 /proc/timer_list | wc -c)" = 16 ] || skip "no /proc/timer_list on the host"
	cfg 'del(.linux.maskedPaths, .linux.readonlyPaths)'
	ct_run 'head -c 16 /proc/timer_list 2>/dev/null | wc -c; ls -A /sys/firmware | wc -l
		echo cinch-test 2>&1 >/proc/sys/kernel/hostname; hostname'
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" 0 "bytes readable from /proc/timer_list"
	assert_eq "$(sed -n 2p <<<"$output")" 0 "entries in /sys/firmware"
	assert_eq "$(grep -c "Read-only file system" <<<"$output")" 1 "write to /proc/sys/kernel/hostname"
	assert_eq "$(sed -n 4p <<<"$output")" cinch-it "hostname unchanged"
	if [ -e /proc/sysrq-trigger ]; then
		ct_run 'echo h 2>&1 >/proc/sysrq-trigger; true'
		assert_success
		assert_output_has "Read-only file system"
	fi
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	local opts
	read -r opts _ <<<"$(mnt /proc/sys)"
	has_opts "$opts" ro
}

@test "hardened: a setuid binary does not elevate (nosuid rootfs, no_new_privs)" {
	euid_binary "$BUNDLE/rootfs/bin/euid"
	cfg '.process.user = {uid: 1000, gid: 1000} | .process.noNewPrivileges = false'
	# control: without the policy the setuid bit works
	POLICY=compat ct_run '/bin/euid'
	assert_success
	assert_eq "$output" 0 "euid of the setuid program under compat"

	ct_run '/bin/euid; cat /proc/self/mountinfo'
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" 1000 "euid of the setuid program under hardened"
	local opts
	read -r opts _ <<<"$(mnt /)"
	has_opts "$opts" ro nosuid nodev
}

@test "hardened: a config's own user namespace is kept, no pool range taken" {
	chown -hR 100000:100000 "$BUNDLE/rootfs"
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	ct_run 'cat /proc/self/uid_map; stat -c %u /bin/busybox; touch /newfile 2>&1; true'
	assert_success
	assert_eq "$(map_line 1)" "0 100000 65536" "uid map"
	assert_eq "$(sed -n 2p <<<"$output")" 0 "owner of /bin/busybox (chowned image, no idmap needed)"
	assert_output_has "Read-only file system"
	[ -z "$(pool_slots)" ] || { echo "a pool range was taken" >&2; return 1; }
}

@test "hardened: sysfs mounted read-write by the config is made read-only" {
	cfg '.mounts |= map(if .type == "sysfs" then .options = ["nosuid", "noexec", "nodev"] else . end)'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	local opts
	read -r opts _ <<<"$(mnt /sys)"
	has_opts "$opts" ro
}

@test "hardened: two containers get disjoint ID ranges, released at delete" {
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	local b2=$T/bundle2 id2="${ID}b" p1 p2 h1 h2
	mkdir -p "$b2"
	cp -a "$BUNDLE/rootfs" "$b2/rootfs"
	cp "$BUNDLE/config.json" "$b2/config.json"
	runf cinch run -d --bundle "$b2" "$id2"
	assert_success
	p1=$(pid_of "$ID")
	p2=$(pid_of "$id2")
	read -r _ h1 s1 <"/proc/$p1/uid_map"
	read -r _ h2 s2 <"/proc/$p2/uid_map"
	assert_eq "$s1 $s2" "65536 65536" "sizes of the two ranges"
	if [ $((h1 + 65536)) -gt "$h2" ] && [ $((h2 + 65536)) -gt "$h1" ]; then
		echo "ranges overlap: $h1 and $h2 (65536 each)" >&2
		return 1
	fi
	# the container's root is the range's first ID on the host
	assert_eq "$(awk '$1 == "Uid:" { print $2 }' "/proc/$p1/status")" "$h1" "host uid of container 1"
	assert_eq "$(awk '$1 == "Gid:" { print $2 }' "/proc/$p2/status")" "$h2" "host gid of container 2"
	assert_eq "$(pool_slots "$ID" | wc -l)" 1 "pool slots of $ID"
	assert_eq "$(pool_slots "$id2" | wc -l)" 1 "pool slots of $id2"
	assert_eq "$(pool_slots "$ID")" "$h1" "slot of $ID (named by the first host ID of its uid_map)"

	# (assert_gone "$ID" cannot be used while $id2 runs: it looks for any
	# process of this test)
	run --separate-stderr cinch delete -f "$ID"
	assert_success
	[ ! -e "$ROOT/$ID" ] || { echo "state dir of $ID left" >&2; return 1; }
	pid_gone "$p1"
	assert_eq "$(pool_slots "$ID" | wc -l)" 0 "pool slots of $ID after its delete"
	assert_eq "$(pool_slots "$id2" | wc -l)" 1 "pool slot of $id2 after deleting $ID"
	run --separate-stderr cinch delete -f "$id2"
	assert_success
	assert_gone "$ID"
	assert_gone "$id2"
}

@test "hardened: containers under two different --root directories get disjoint ID ranges" {
	# Engines use their own state roots (/run/runc, /run/containerd/runc/...):
	# the pool is one per machine, or their containers would share host IDs.
	local root2=$T/state2 id2="${ID}r" b2=$T/bundle2 h1 h2
	mkdir -p "$root2"
	EXTRA_ROOTS+=("$root2")
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	mkdir -p "$b2"
	cp -a "$BUNDLE/rootfs" "$b2/rootfs"
	cp "$BUNDLE/config.json" "$b2/config.json"
	runf timeout -k 5 "$TIMEOUT" "$CINCH" --root "$root2" --policy hardened run -d --bundle "$b2" "$id2"
	assert_success
	read -r _ h1 _ <"/proc/$(pid_of "$ID")/uid_map"
	read -r _ h2 _ < <(timeout 10 "$CINCH" --root "$root2" state "$id2" | jq -r .pid | xargs -I{} cat /proc/{}/uid_map)
	if [ $((h1 + 65536)) -gt "$h2" ] && [ $((h2 + 65536)) -gt "$h1" ]; then
		echo "ranges overlap: host IDs $h1 (--root $ROOT) and $h2 (--root $root2)" >&2
		return 1
	fi
}

# ------------------------------------------------ refusals: every violation, nothing created

@test "refused: a config with many problems names every one and creates nothing" {
	printf '#!/bin/sh\ntouch %s/hook-ran\n' "$HOSTDIR" >"$HOSTDIR/hook.sh"
	chmod 0755 "$HOSTDIR/hook.sh"
	cfg '.process.capabilities.bounding += ["CAP_SYS_ADMIN"]
		| .linux.namespaces |= map(select(.type != "pid"))
		| .mounts += [{destination: "/mnt", type: "bind", source: "/etc", options: ["rbind", "ro"]}]
		| .linux.sysctl = {"kernel.core_pattern": "|/tmp/x", "net.ipv4.ip_forward": "1;2"}
		| .process.oomScoreAdj = -10
		| .hooks.prestart = [{path: $h}]' --arg h "$HOSTDIR/hook.sh"
	local cmd
	for cmd in create run; do
		if [ $cmd = create ]; then
			runf cinch create --bundle "$BUNDLE" "$ID"
		else
			run --separate-stderr cinch run --bundle "$BUNDLE" "$ID" </dev/null
		fi
		assert_failure
		assert_refused CINCH-CAP-SYSADMIN process.capabilities.bounding
		assert_refused CINCH-NS-HOST-PID linux.namespaces
		assert_refused CINCH-MOUNT-SENSITIVE 'mounts[6].source'
		assert_refused CINCH-SYSCTL-UNSAFE 'linux.sysctl["kernel.core_pattern"]'
		assert_refused CINCH-SYSCTL-VALUE 'linux.sysctl["net.ipv4.ip_forward"]'
		assert_refused CINCH-OOM-NEGATIVE process.oomScoreAdj
		assert_refused CINCH-HOOK-DIR 'hooks.prestart[0].path'
		# the summary counts what it lists
		local n
		n=$(grep -c 'refused: ' <<<"$stderr")
		assert_stderr_has "($n violations)"
		assert_nothing_created
		[ ! -e "$HOSTDIR/hook-ran" ] || { echo "the hook ran ($cmd)" >&2; return 1; }
	done
}

# One test per corpus file (policy-corpus/*.jq: what it adds to the base
# config and the "# expect:" findings).
@test "refused: CAP_SYS_ADMIN (cap-sys-admin.jq)" { corpus_refused cap-sys-admin.jq; }
@test "refused: CAP_SYS_MODULE (cap-sys-module.jq)" { corpus_refused cap-sys-module.jq; }
@test "refused: CAP_SYS_PTRACE (cap-sys-ptrace.jq)" { corpus_refused cap-sys-ptrace.jq; }
@test "refused: CAP_NET_ADMIN inheritable (cap-net-admin-inheritable.jq)" { corpus_refused cap-net-admin-inheritable.jq; }
@test "refused: CAP_DAC_READ_SEARCH ambient (cap-dac-read-search.jq)" { corpus_refused cap-dac-read-search.jq; }
@test "refused: CAP_BPF (cap-bpf.jq)" { corpus_refused cap-bpf.jq; }
@test "refused: host network namespace by path (ns-host-net-path.jq)" { corpus_refused ns-host-net-path.jq; }
@test "refused: host IPC namespace by path (ns-host-ipc-path.jq)" { corpus_refused ns-host-ipc-path.jq; }
@test "refused: host PID namespace by path (ns-host-pid-path.jq)" { corpus_refused ns-host-pid-path.jq; }
@test "refused: host mount namespace by path (ns-host-mnt-path.jq)" { corpus_refused ns-host-mnt-path.jq; }
@test "refused: host user namespace by path (ns-host-user-path.jq)" { corpus_refused ns-host-user-path.jq; }
@test "refused: host cgroup namespace by path (ns-host-cgroup-path.jq)" { corpus_refused ns-host-cgroup-path.jq; }
@test "refused: no uts namespace (ns-no-uts.jq)" { corpus_refused ns-no-uts.jq; }
@test "refused: no ipc namespace (ns-no-ipc.jq)" { corpus_refused ns-no-ipc.jq; }
@test "refused: bind of / (bind-host-root.jq)" { corpus_refused bind-host-root.jq; }
@test "refused: bind of /etc read-only (bind-etc.jq)" { corpus_refused bind-etc.jq; }
@test "refused: bind of a file under /etc (bind-etc-file.jq)" { corpus_refused bind-etc-file.jq; }
@test "refused: bind of a symlink to /etc (bind-etc-symlink.jq)" {
	ln -s /etc "$HOSTDIR/etc-link"
	corpus_refused bind-etc-symlink.jq
}
@test "refused: bind of /proc (bind-proc.jq)" { corpus_refused bind-proc.jq; }
@test "refused: bind of /sys (bind-sys.jq)" { corpus_refused bind-sys.jq; }
@test "refused: bind of /dev (bind-dev.jq)" { corpus_refused bind-dev.jq; }
@test "refused: bind of /root (bind-root-home.jq)" { corpus_refused bind-root-home.jq; }
@test "refused: bind of /boot (bind-boot.jq)" {
	[ -d /boot ] || skip "no /boot on this host"
	corpus_refused bind-boot.jq
}
@test "refused: bind of the docker socket (bind-docker-sock.jq)" { corpus_refused bind-docker-sock.jq; }
@test "refused: bind of cinch's state dir (bind-state-root.jq)" { corpus_refused bind-state-root.jq; }
@test "refused: bind of an ancestor of cinch's state dir (bind-state-root-parent.jq)" { corpus_refused bind-state-root-parent.jq; }
@test "refused: tmpfs over /proc/sys (mount-proc-sys.jq)" { corpus_refused mount-proc-sys.jq; }
@test "refused: bind onto /proc/sysrq-trigger (mount-proc-sysrq.jq)" {
	: >"$HOSTDIR/file"
	corpus_refused mount-proc-sysrq.jq
}
@test "refused: rshared mount (mount-rshared.jq)" { corpus_refused mount-rshared.jq; }
@test "refused: shared rootfsPropagation (rootfs-propagation-shared.jq)" { corpus_refused rootfs-propagation-shared.jq; }
@test "refused: sysctl kernel.core_pattern (sysctl-core-pattern.jq)" { corpus_refused sysctl-core-pattern.jq; }
@test "refused: sysctl value injection with + (sysctl-value-injection.jq)" { corpus_refused sysctl-value-injection.jq; }
@test "refused: net sysctl value with ; (sysctl-net-semicolon.jq)" { corpus_refused sysctl-net-semicolon.jq; }
@test "refused: net sysctl in the host network namespace (sysctl-net-hostnet.jq)" { corpus_refused sysctl-net-hostnet.jq; }
@test "refused: unconfined seccomp (seccomp-unconfined.jq)" { corpus_refused seccomp-unconfined.jq; }
@test "refused: log-only seccomp (seccomp-log-only.jq)" { corpus_refused seccomp-log-only.jq; }
@test "refused: apparmorProfile unconfined (apparmor-unconfined.jq)" { corpus_refused apparmor-unconfined.jq; }
@test "refused: /dev/mem (device-mem.jq)" { corpus_refused device-mem.jq; }
@test "refused: a block device (device-block.jq)" { corpus_refused device-block.jq; }
@test "refused: /dev/loop-control (device-loop-control.jq)" { corpus_refused device-loop-control.jq; }
@test "refused: device cgroup rule allowing all (device-cgroup-allow-all.jq)" { corpus_refused device-cgroup-allow-all.jq; }
@test "refused: hook under /tmp (hook-tmp.jq)" {
	printf '#!/bin/sh\ntouch %s/hook-ran\n' "$HOSTDIR" >"$HOSTDIR/hook.sh"
	chmod 0755 "$HOSTDIR/hook.sh"
	corpus_refused hook-tmp.jq
	[ ! -e "$HOSTDIR/hook-ran" ] || { echo "the hook ran" >&2; return 1; }
}
@test "refused: world-writable hook in an allowed hook dir (hook-writable.jq)" {
	mkdir -p "$T/hooks"
	printf '#!/bin/sh\ntouch %s/hook-ran\n' "$HOSTDIR" >"$T/hooks/hook.sh"
	chmod 0777 "$T/hooks/hook.sh"
	printf 'hook-dirs = %s/hooks\n' "$T" >"$T/policy.conf"
	corpus_refused hook-writable.jq --policy-file "$T/policy.conf"
	assert_no_rule CINCH-HOOK-DIR
	[ ! -e "$HOSTDIR/hook-ran" ] || { echo "the hook ran" >&2; return 1; }
}
@test "refused: negative oomScoreAdj (oom-negative.jq)" { corpus_refused oom-negative.jq; }

@test "refused: every corpus file has its test" {
	local f missing=""
	for f in "$CORPUS"/*.jq; do
		grep -qF "corpus_refused $(basename "$f")" "$BATS_TEST_FILENAME" || missing+=" $(basename "$f")"
	done
	[ -z "$missing" ] || { echo "corpus files without a test:$missing" >&2; return 1; }
}

@test "hardened: a hook from a hook directory, owned by root, is allowed" {
	[ -x /usr/bin/true ] || skip "no /usr/bin/true"
	cfg '.hooks.createRuntime = [{path: "/usr/bin/true"}]'
	ct_run 'echo ran'
	assert_success
	assert_eq "$output" ran
}

# ------------------------------------------------ strict

STRICT_BASE_RULES="CINCH-CAP-DEFAULT CINCH-CAP-INHERITABLE CINCH-LIMITS CINCH-MOUNT-NOSUID \
CINCH-NS-CGROUP CINCH-PROC-MASK CINCH-ROOT-USER CINCH-ROOTFS-READONLY CINCH-SECCOMP-DEFAULT \
CINCH-TMPFS CINCH-USERNS "

@test "strict: the weak base config is refused, listing the hardening rules" {
	POLICY=strict
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_eq "$(refused_rules)" "$STRICT_BASE_RULES" "refused rules"
	assert_stderr_has "strict"
	assert_refused CINCH-USERNS linux.namespaces
	assert_refused CINCH-ROOTFS-READONLY root.readonly
	assert_refused CINCH-SECCOMP-DEFAULT linux.seccomp
	assert_refused CINCH-ROOT-USER process.user.uid
	assert_refused CINCH-LIMITS linux.resources.pids.limit
	assert_refused CINCH-CAP-INHERITABLE process.capabilities.ambient
	assert_refused CINCH-MOUNT-NOSUID root
	assert_nothing_created

	# noNewPrivileges false adds its rule
	cfg '.process.noNewPrivileges = false'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_refused CINCH-NNP process.noNewPrivileges
	assert_nothing_created
}

# Everything strict asks for, by hand, except a user namespace.
STRICT_BY_HAND='.process.capabilities = {bounding: ["CAP_KILL"], effective: ["CAP_KILL"], permitted: ["CAP_KILL"]}
	| .linux.namespaces += [{type: "cgroup"}]
	| .annotations = {"run.cinch.rootfs.options": "nosuid,nodev"}
	| .root.readonly = true
	| .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=1777", "size=1m"]},
		{destination: "/var/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=1777", "size=1m"]},
		{destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "mode=755", "size=1m"]}]
	| .linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: ["acct"], action: "SCMP_ACT_ERRNO"}]}
	| .linux.maskedPaths += ["/sys/devices/virtual/powercap"]
	| .linux.resources.pids.limit = 100'

# The pids limit strict asks for cannot be enforced where the unified
# hierarchy has no pids controller (a hybrid host): there the strict tests
# run with `unenforceable-limits = warn` (CINCH-CGROUP-LIMIT), whose
# warning is the only finding allowed.
strict_limits_policy() {
	local cg=/sys/fs/cgroup
	[ "$(stat -f -c %T $cg)" = cgroup2fs ] || cg=/sys/fs/cgroup/unified
	: >"$T/strict.conf"
	grep -qw pids "$cg/cgroup.controllers" 2>/dev/null ||
		echo 'unenforceable-limits = warn' >"$T/strict.conf"
	STRICT_FILE=(--policy-file "$T/strict.conf")
}

@test "strict: a config hardened by hand but without a user namespace is refused for that only" {
	POLICY=strict
	strict_limits_policy
	cfg "$STRICT_BY_HAND"
	runf cinch "${STRICT_FILE[@]}" create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_eq "$(refused_rules)" "CINCH-ROOT-USER CINCH-USERNS " "refused rules"
	assert_nothing_created
}

@test "strict: a config hardened by hand with its own user namespace runs as written" {
	POLICY=strict
	# container root is host uid 100000: the image is chowned to match
	chown -hR 100000:100000 "$BUNDLE/rootfs"
	cfg "$STRICT_BY_HAND"' | .linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	strict_limits_policy
	sh_args 'cat /proc/self/uid_map; grep -E "^(CapEff|Seccomp):" /proc/$$/status; cat /proc/self/mountinfo'
	run --separate-stderr cinch "${STRICT_FILE[@]}" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	if grep -v 'warned: linux.resources.pids.limit: .*\[CINCH-CGROUP-LIMIT\]' <<<"$stderr" |
		grep -q 'refused: \|hardened: \|warned: '; then
		echo "findings for a config strict accepts" >&2
		show >&2
		return 1
	fi
	assert_eq "$(map_line 1)" "0 100000 65536" "the config's own uid map"
	assert_eq "$(st CapEff)" 0000000000000020 CapEff
	assert_eq "$(st Seccomp)" 2 Seccomp
	local opts
	read -r opts _ <<<"$(mnt /)"
	has_opts "$opts" ro nosuid nodev
	[ -z "$(pool_slots)" ] || { echo "a pool range was taken" >&2; return 1; }
}

# ------------------------------------------------ compat

@test "compat: the weak base config runs as written; weak points only at --debug" {
	POLICY=compat
	# inheritable as well: the kernel raises ambient capabilities only when
	# they are inheritable
	cfg '.process.capabilities.inheritable = .process.capabilities.ambient'
	ct_run 'cat /proc/self/uid_map; grep -E "^(Cap|Seccomp:|NoNewPrivs)" /proc/$$/status; touch /newfile && echo wrote'
	assert_success
	assert_eq "$(map_line 1)" "0 0 4294967295" "uid_map"
	assert_eq "$(st CapAmb)" 0000000020000420 CapAmb
	assert_eq "$(st CapInh)" 0000000020000420 CapInh
	assert_eq "$(st CapEff)" 0000000020000420 CapEff
	assert_eq "$(st Seccomp)" 0 Seccomp
	assert_output_has wrote
	[ -e "$BUNDLE/rootfs/newfile" ] || { echo "/newfile not in the rootfs" >&2; return 1; }
	# nothing dangerous: no finding on stderr (compat warns about dangers
	# only), the weak points show with --debug
	if grep -q '\[CINCH-' <<<"$stderr"; then echo "findings printed without --debug" >&2; show >&2; return 1; fi
	sh_args 'true'
	run --separate-stderr cinch --debug run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_finding warned CINCH-USERNS linux.namespaces
	assert_finding warned CINCH-ROOTFS-READONLY root.readonly
}

@test "compat: unsafe but runnable configs run, with warnings naming the rules" {
	POLICY=compat
	cfg '.process.capabilities.bounding += ["CAP_SYS_ADMIN"]
		| .process.capabilities.effective += ["CAP_SYS_ADMIN"]
		| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]
		| .mounts += [{destination: "/mnt", type: "bind", source: "/etc", options: ["rbind", "ro"]}]'
	ct_run 'grep ^CapEff /proc/$$/status; cat /mnt/hostname'
	assert_success
	(((0x$(st CapEff) >> 21) & 1)) || { echo "CAP_SYS_ADMIN not effective" >&2; show >&2; return 1; }
	assert_eq "$(sed -n 2p <<<"$output")" "$(cat /etc/hostname)" "host /etc/hostname through the bind"
	assert_warned CINCH-CAP-SYSADMIN process.capabilities.bounding
	assert_warned CINCH-MOUNT-SENSITIVE 'mounts[6].source'
	if grep -q 'refused: ' <<<"$stderr"; then echo "compat printed refusals" >&2; show >&2; return 1; fi
}

# ------------------------------------------------ the run.cinch.policy annotation

@test "annotation: run.cinch.policy strict makes hardened refuse a weak config" {
	cfg '.annotations["run.cinch.policy"] = "strict"'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_refused CINCH-USERNS linux.namespaces
	assert_refused CINCH-ROOTFS-READONLY root.readonly
	assert_nothing_created
	# stricter than compat too
	POLICY=compat
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_refused CINCH-USERNS linux.namespaces
	assert_nothing_created
}

@test "annotation: run.cinch.policy compat is ignored under hardened, with a warning" {
	cfg '.annotations["run.cinch.policy"] = "compat"'
	ct_run 'cat /proc/self/uid_map; grep ^Seccomp: /proc/$$/status; touch /newfile 2>&1; true'
	assert_success
	assert_warned CINCH-POLICY-ANNOTATION 'annotations["run.cinch.policy"]'
	[ "$(map_line 1)" != "0 0 4294967295" ] || { echo "ran without the pool user namespace" >&2; return 1; }
	assert_eq "$(st Seccomp)" 2 Seccomp
	assert_output_has "Read-only file system"
}

@test "annotation: an unknown run.cinch.policy is refused" {
	cfg '.annotations["run.cinch.policy"] = "lenient"'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_refused CINCH-POLICY-ANNOTATION 'annotations["run.cinch.policy"]'
	assert_stderr_has lenient
	assert_nothing_created
}

# ------------------------------------------------ the policy file

# policy_file LINE...: write $T/policy.conf (root-owned, 0644)
policy_file() {
	printf '%s\n' "$@" >"$T/policy.conf"
	chown 0:0 "$T/policy.conf"
	chmod 0644 "$T/policy.conf"
}

@test "policy file: profile = compat" {
	policy_file '# test' 'profile = compat'
	sh_args 'cat /proc/self/uid_map; grep ^Seccomp: /proc/$$/status'
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_eq "$(map_line 1)" "0 0 4294967295" "uid_map"
	assert_eq "$(st Seccomp)" 0 Seccomp
	# --policy wins over the file
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" --policy hardened \
		run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	[ "$(map_line 1)" != "0 0 4294967295" ] || { echo "--policy hardened did not win" >&2; return 1; }
	assert_eq "$(st Seccomp)" 2 Seccomp
}

@test "policy file: default-capabilities = CAP_KILL" {
	policy_file 'default-capabilities = CAP_KILL'
	sh_args 'grep ^Cap /proc/$$/status'
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_eq "$(st CapEff)" 0000000000000020 CapEff
	assert_eq "$(st CapBnd)" 0000000000000020 CapBnd
	assert_eq "$(st CapAmb)" 0000000000000000 CapAmb
}

@test "policy file: userns-pool sets the host IDs; a full pool refuses, leaving nothing" {
	policy_file 'userns-pool = 2000000000 1'
	sh_args 'sleep 1000'
	runf cinch_direct --policy-file "$T/policy.conf" run -d --bundle "$BUNDLE" "$ID"
	assert_success
	local h
	read -r _ h _ <"/proc/$(pid_of "$ID")/uid_map"
	assert_eq "$h" 2000000000 "host ID of slot 0"
	local b2=$T/bundle2 id2="${ID}b"
	mkdir -p "$b2"
	cp -a "$BUNDLE/rootfs" "$b2/rootfs"
	cp "$BUNDLE/config.json" "$b2/config.json"
	runf cinch_direct --policy-file "$T/policy.conf" run -d --bundle "$b2" "$id2"
	assert_failure
	assert_stderr_has "pool"
	[ ! -e "$ROOT/$id2" ] || { echo "state dir of $id2 left" >&2; return 1; }
	assert_eq "$(pool_slots | wc -l)" 1 "pool slots of this test (only $ID's)"
	run --separate-stderr cinch delete -f "$ID"
	assert_success
	assert_gone "$id2"
	assert_gone "$ID"
}

@test "policy file: userns-allowed-capabilities keeps CAP_SYS_ADMIN in the pool user namespace" {
	policy_file 'userns-allowed-capabilities = CAP_SYS_ADMIN'
	cfg '.process.capabilities.bounding += ["CAP_SYS_ADMIN"]
		| .process.capabilities.effective += ["CAP_SYS_ADMIN"]
		| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
	sh_args 'cat /proc/self/uid_map; grep -E "^Cap(Eff|Bnd):" /proc/$$/status'
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	[ "$(map_line 1)" != "0 0 4294967295" ] || { echo "no user namespace" >&2; return 1; }
	assert_eq "$(st CapEff)" 0000000000200420 "CapEff (SYS_ADMIN, KILL, NET_BIND_SERVICE)"
	assert_eq "$(st CapBnd)" 0000000000200420 CapBnd
}

@test "policy file: bind-allow exempts a sensitive source" {
	[ -d /etc/ssl ] || skip "no /etc/ssl"
	policy_file 'bind-allow = /etc/ssl'
	cfg '.mounts += [{destination: "/mnt", type: "bind", source: "/etc/ssl", options: ["rbind", "ro"]}]'
	sh_args 'ls /mnt | wc -l'
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_eq "$output" "$(ls /etc/ssl | wc -l)" "entries of /etc/ssl seen inside"
}

@test "policy file: an unknown key is an error naming file:line, nothing created" {
	policy_file '# a comment' '' 'profile = hardened' 'no-such-key = 1'
	runf cinch_direct --policy-file "$T/policy.conf" create --bundle "$BUNDLE" "$ID"
	assert_error_names "$T/policy.conf:4" no-such-key
	assert_nothing_created
	policy_file 'profile = lenient'
	runf cinch_direct --policy-file "$T/policy.conf" create --bundle "$BUNDLE" "$ID"
	assert_error_names "$T/policy.conf:1" lenient
	assert_nothing_created
}

@test "policy file: writable by others or missing is refused, nothing created" {
	policy_file 'profile = compat'
	chmod 0666 "$T/policy.conf"
	runf cinch_direct --policy-file "$T/policy.conf" create --bundle "$BUNDLE" "$ID"
	assert_error_names "$T/policy.conf" writable
	assert_nothing_created
	runf cinch_direct --policy-file "$T/no-such.conf" create --bundle "$BUNDLE" "$ID"
	assert_error_names "$T/no-such.conf"
	assert_nothing_created
}

# ------------------------------------------------ CINCH-IDMAP (decided at create)

@test "idmap: a rootfs that cannot be idmapped is refused, or runs without userns with allow-no-userns" {
	mkdir "$HOSTDIR/rfs"
	mount -t ramfs ramfs "$HOSTDIR/rfs"
	cp -a "$BUNDLE/rootfs/." "$HOSTDIR/rfs/"
	cfg '.root.path = $p' --arg p "$HOSTDIR/rfs"
	sh_args 'cat /proc/self/uid_map'
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_stderr_has CINCH-IDMAP
	assert_gone "$ID"
	policy_file 'allow-no-userns = true'
	run --separate-stderr cinch_direct --policy-file "$T/policy.conf" run --bundle "$BUNDLE" "$ID" </dev/null
	assert_success
	assert_eq "$(map_line 1)" "0 0 4294967295" "uid_map without the added user namespace"
	# (a runtime rule: its warning names root.path and the rule)
	assert_stderr_has 'root.path'
	assert_stderr_has '[CINCH-IDMAP]'
	assert_gone "$ID"
}

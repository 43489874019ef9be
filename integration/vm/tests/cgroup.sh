#!/bin/sh
# cgroup v2 end to end, on a kernel with every controller: limits are
# enforced (OOM kill, pids.max, cpu.max), device rules hold, pause freezes,
# update changes the files, every resource lands in the right file, the
# container sees only its own cgroup, kill --all empties it, and the
# hardened default works with limits.  Run by run-vm.sh in the VM.
# shellcheck disable=SC2034  # POLICY and BUNDLES are read by lib.sh
. /vm/lib.sh

plan 70

MiB=1048576

# The rest of a section fails with WHY when its container did not start:
# fail_n N WHY
fail_n() {
	_k=$1
	while [ "$_k" -gt 0 ]; do
		fail "$2"
		_k=$((_k - 1))
	done
}

# ---------------------------------------------------------------- OOM (10)
# The hog runs in a subshell, once the test says go: it is OOM-killed, the
# container's init survives and reports its status.
if c_start oom-sub oom-safe-init 'while [ ! -e /tmp/go ]; do sleep 0.1; done; (echo 1000 >/proc/self/oom_score_adj; x=$(yes | head -c 200m); echo "len=${#x}"); echo "hog=$?"; exec sleep 1000'; then
	ok "oom: a container with memory.limit 32 MiB starts"
	is "oom: memory.max" "$(cg_read oom-sub memory.max)" $((32 * MiB))
	is "oom: memory.swap.max (swap = limit: none)" "$(cg_read oom-sub memory.swap.max)" 0
	# Followed by `cinch events` from before the hog starts: it ends when
	# the container does.
	cinch_ events --interval 1s oom-sub >"$T/events" 2>&1 &
	evpid=$!
	sleep 1
	touch "/proc/$(c_pid oom-sub)/root/tmp/go"
	wait_until 120 c_has oom-sub hog=
	is "oom: the hog of 200 MiB was killed by SIGKILL (status 137)" \
		"$(sed -n 's/^hog=//p' /tmp/out/oom-sub)" 137
	kills=$(kv "$(cg_read oom-sub memory.events)" oom_kill)
	if [ "${kills:-0}" -gt 0 ]; then
		ok "oom: memory.events oom_kill $kills"
	else
		fail "oom: memory.events oom_kill > 0" "$(cg_read oom-sub memory.events)"
	fi
	ev=$(cinch_ events --stats oom-sub 2>&1)
	n=$(json_num "$ev" oom_kill)
	if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" = "$kills" ]; then
		ok "oom: cinch events --stats reports oom_kill $n"
	else
		fail "oom: cinch events --stats reports oom_kill = $kills" "$(printf '%s' "$ev" | cut -c 1-600)"
	fi
	c_del oom-sub
	wait "$evpid"
	if grep -q '"type": *"oom"' "$T/events"; then
		ok "oom: cinch events printed an oom event"
	else
		fail "oom: cinch events printed an oom event" "$(cut -c 1-200 "$T/events")"
	fi
else
	fail_n 7 "oom: container did not start"
fi
c_del oom-sub

# The hog as the container's init: the container dies of it.
c_run oom-init oom 'x=$(yes | head -c 200m); echo "survived ${#x}"'
is "oom: a container whose init is the hog exits with 137 (SIGKILL)" "$?" 137
is "oom: cinch state says stopped" "$(c_status oom-init)" stopped
kills=$(kv "$(cg_read oom-init memory.events)" oom_kill)
if [ "${kills:-0}" -gt 0 ]; then
	ok "oom: the stopped container's memory.events oom_kill $kills"
else
	fail "oom: the stopped container's memory.events oom_kill > 0" \
		"cgroup $(cg_dir oom-init): $(cg_read oom-init memory.events)"
fi
c_del oom-init

# --------------------------------------------------------------- pids (5)
if c_start pids pids '(i=0; while [ $i -lt 50 ]; do sleep 1000 & i=$((i + 1)); done) 2>&1; echo "forked=$?"; exec sleep 1000'; then
	ok "pids: a container with pids.limit 20 starts"
	wait_until 60 c_has pids forked=
	if c_has pids "can't fork" || c_has pids "Resource temporarily unavailable"; then
		ok "pids: the 50 forks stop at the limit (EAGAIN)"
	else
		fail "pids: the 50 forks stop at the limit (EAGAIN)" "$(c_out pids)"
	fi
	is "pids: pids.max" "$(cg_read pids pids.max)" 20
	cur=$(cg_read pids pids.current)
	if [ -n "$cur" ] && [ "$cur" -le 20 ] && [ "$cur" -ge 10 ]; then
		ok "pids: pids.current $cur <= 20"
	else
		fail "pids: pids.current <= 20" "pids.current: '$cur'"
	fi
	n=$(kv "$(cg_read pids pids.events)" max)
	if [ "${n:-0}" -gt 0 ]; then
		ok "pids: pids.events max $n"
	else
		fail "pids: pids.events max > 0" "$(cg_read pids pids.events)"
	fi
else
	fail_n 5 "pids: container did not start"
fi
c_del pids

# ---------------------------------------------------------------- cpu (3)
if c_start cpu cpu 'timeout 3 sh -c "while :; do :; done"; echo cpu-done; exec sleep 1000'; then
	ok "cpu: a container with cpu quota 10000/100000 starts"
	is "cpu: cpu.max" "$(cg_read cpu cpu.max)" "10000 100000"
	wait_until 60 c_has cpu cpu-done
	st=$(cg_read cpu cpu.stat)
	n=$(kv "$st" nr_throttled)
	if [ "${n:-0}" -gt 0 ]; then
		ok "cpu: a 3 s busy loop was throttled (nr_throttled $n)"
	else
		fail "cpu: a 3 s busy loop was throttled (nr_throttled > 0)" "$st"
	fi
else
	fail_n 3 "cpu: container did not start"
fi
c_del cpu

# ------------------------------------------------------------ devices (7)
# Nodes made in the container's /tmp, and in /outside (a bind mount of the
# bundle's directory, made by the VM's root before the start).
devcmd='try() { if sh -c "$2" 2>/tmp/err; then echo "$1=ok"; else echo "$1=fail $(cat /tmp/err)"; fi; }
try null "mknod /tmp/null c 1 3 && echo x >/tmp/null"
try tun "mknod /tmp/tun c 10 200"
try onull "echo x >/outside/null"
try okmsg "echo cinch-vm-test >/outside/kmsg"'
bundle dev dev "$devcmd"
mknod $BUNDLES/dev/outside/null c 1 3
mknod $BUNDLES/dev/outside/kmsg c 1 11
c_run_bundle dev
rc=$?
diag "$(c_out dev)"
if [ "$rc" = 0 ] && c_has dev "null=ok"; then
	ok "devices: mknod and open of c 1:3 (allowed by default) work"
else
	fail "devices: mknod and open of c 1:3 work" "exit $rc: $(c_out dev)"
fi
if c_has dev "tun=fail" && grep -q "^tun=.*Operation not permitted" /tmp/out/dev; then
	ok "devices: mknod of c 10:200 fails with EPERM"
else
	fail "devices: mknod of c 10:200 fails with EPERM" "$(grep ^tun= /tmp/out/dev)"
fi
if c_has dev "onull=ok"; then
	ok "devices: a c 1:3 node made outside opens"
else
	fail "devices: a c 1:3 node made outside opens" "$(grep ^onull= /tmp/out/dev)"
fi
if grep -q "^okmsg=fail.*Operation not permitted" /tmp/out/dev; then
	ok "devices: a c 1:11 node made outside does not open (EPERM)"
else
	fail "devices: a c 1:11 node made outside does not open (EPERM)" "$(grep ^okmsg= /tmp/out/dev)"
fi
c_del dev

bundle dev-allow dev-allow "$devcmd"
mknod $BUNDLES/dev-allow/outside/null c 1 3
mknod $BUNDLES/dev-allow/outside/kmsg c 1 11
c_run_bundle dev-allow
rc=$?
diag "$(c_out dev-allow)"
is "devices: a container with rules allowing c 10:200 and c 1:11 runs" "$rc" 0
if c_has dev-allow "tun=ok"; then
	ok "devices: with c 10:200 rwm, its mknod works"
else
	fail "devices: with c 10:200 rwm, its mknod works" "$(grep ^tun= /tmp/out/dev-allow)"
fi
if c_has dev-allow "okmsg=ok"; then
	ok "devices: with c 1:11 rwm, the node made outside opens"
else
	fail "devices: with c 1:11 rwm, the node made outside opens" "$(grep ^okmsg= /tmp/out/dev-allow)"
fi
c_del dev-allow

# -------------------------------------------------------------- pause (8)
counter() { cat "/proc/$1/root/tmp/counter" 2>/dev/null; }
counter_moved() { [ "$(counter "$1")" != "$2" ]; }
if c_start pause base 'i=0; while :; do i=$((i + 1)); echo $i >/tmp/counter; sleep 0.1; done'; then
	pid=$(c_pid pause)
	wait_until 30 counter "$pid"
	c0=$(counter "$pid")
	if wait_until 10 counter_moved "$pid" "$c0"; then
		ok "pause: the counter moves while running"
	else
		fail "pause: the counter moves while running" "counter stuck at '$c0'"
	fi
	check "pause: cinch pause" cinch_ pause pause
	is "pause: cinch state says paused" "$(c_status pause)" paused
	is "pause: cgroup.freeze is 1" "$(cg_read pause cgroup.freeze)" 1
	c1=$(counter "$pid")
	sleep 1
	is "pause: the counter does not move across 1 s" "$(counter "$pid")" "$c1"
	check "pause: cinch resume" cinch_ resume pause
	is "pause: cinch state says running" "$(c_status pause)" running
	if wait_until 10 counter_moved "$pid" "$c1"; then
		ok "pause: the counter moves again"
	else
		fail "pause: the counter moves again" "counter stuck at '$c1'"
	fi
else
	fail_n 8 "pause: container did not start"
fi
c_del pause

# ------------------------------------------------------------- update (7)
# A container started without limits: update must enable the controllers.
if c_start upd base 'exec sleep 1000'; then
	check "update: --memory 64m --pids-limit 30" cinch_ update --memory 64m --pids-limit 30 upd
	is "update: memory.max" "$(cg_read upd memory.max)" $((64 * MiB))
	is "update: pids.max" "$(cg_read upd pids.max)" 30
	echo '{"memory": {"limit": 100663296}, "pids": {"limit": 40}, "cpu": {"quota": 20000, "period": 100000}}' >"$T/res.json"
	upd_stdin() { cinch_ update --resources - upd <"$T/res.json"; }
	check "update: --resources - (JSON on stdin)" upd_stdin
	is "update: memory.max from --resources" "$(cg_read upd memory.max)" $((96 * MiB))
	is "update: pids.max from --resources" "$(cg_read upd pids.max)" 40
	is "update: cpu.max from --resources" "$(cg_read upd cpu.max)" "20000 100000"
else
	fail_n 7 "update: container did not start"
fi
c_del upd

# --------------------------------------------------- every file (15 + 1)
if [ -z "$DISK" ]; then
	diag "no test disk: the per-device blockIO entries point at 424242:434343"
fi
if c_start all all 'exec sleep 1000'; then
	d=$(cg_dir all)
	diag "cgroup of the container: $d"
	rd() { cat "$d/$1" 2>/dev/null; }
	is "all: memory.max (limit)" "$(rd memory.max)" $((256 * MiB))
	is "all: memory.low (reservation)" "$(rd memory.low)" $((128 * MiB))
	is "all: memory.swap.max (swap - limit)" "$(rd memory.swap.max)" $((256 * MiB))
	is "all: memory.high (unified)" "$(rd memory.high)" $((200 * MiB))
	# runc's formula: 1 + ((shares - 2) * 9999) / 262142
	is "all: cpu.weight (shares 1024)" "$(rd cpu.weight)" $((1 + ((1024 - 2) * 9999) / 262142))
	is "all: cpu.max (quota period)" "$(rd cpu.max)" "50000 100000"
	is "all: cpu.max.burst" "$(rd cpu.max.burst)" 10000
	is "all: cpu.idle" "$(rd cpu.idle)" 0
	is "all: cpuset.cpus" "$(rd cpuset.cpus)" 0-1
	is "all: cpuset.mems" "$(rd cpuset.mems)" 0
	is "all: pids.max" "$(rd pids.max)" 100
	# blkio weight 10..1000 onto io.weight 1..10000: 1 + (w - 10) * 9999 / 990
	is "all: io.weight default (blockIO weight 500)" "$(rd io.weight | sed -n 's/^default //p')" \
		$((1 + (500 - 10) * 9999 / 990))
	if [ -n "$DISK" ]; then
		is "all: io.weight of the disk (weightDevice 200)" \
			"$(rd io.weight | sed -n "s/^$DISK //p")" $((1 + (200 - 10) * 9999 / 990))
		is "all: io.max of the disk (throttle read bps, write iops)" \
			"$(rd io.max | grep "^$DISK ")" "$DISK rbps=$MiB wbps=max riops=max wiops=100"
	else
		skip "all: io.weight of the disk" "the VM has no block device"
		skip "all: io.max of the disk" "the VM has no block device"
	fi
	is "all: hugetlb.2MB.max" "$(rd hugetlb.2MB.max)" $((4 * MiB))
else
	fail_n 15 "all: container did not start"
fi
c_del all

if c_start idle idle 'exec sleep 1000'; then
	is "idle: cpu.idle 1 with shares set (the weight is the kernel's, not ours)" \
		"$(cg_read idle cpu.idle)" 1
else
	fail "idle: a container with cpu.idle 1 and shares starts"
fi
c_del idle

# ------------------------------------------------- cgroup namespace (4)
if c_start cgns mem 'cat /proc/self/cgroup; echo "max=$(cat /sys/fs/cgroup/memory.max)"; exec sleep 1000'; then
	wait_until 30 c_has cgns max=
	d=$(cg_dir cgns)
	is "cgroupns: /proc/self/cgroup inside is 0::/" "$(head -n 1 /tmp/out/cgns)" "0::/"
	is "cgroupns: /sys/fs/cgroup inside is the container's own (memory.max)" \
		"$(sed -n 's/^max=//p' /tmp/out/cgns)" $((64 * MiB))
	if [ -n "$d" ] && [ -d "$d" ]; then
		ok "cgroupns: the cgroup exists while the container runs ($d)"
	else
		fail "cgroupns: the cgroup exists while the container runs" "cgroup: '$d'"
	fi
	c_del cgns
	if [ -n "$d" ] && [ ! -e "$d" ]; then
		ok "cgroupns: cinch delete removes the cgroup"
	else
		fail "cgroupns: cinch delete removes the cgroup" "still there: '$d'"
	fi
else
	fail_n 4 "cgroupns: container did not start"
fi

# ----------------------------------------------------- kill --all (5)
nprocs() { cg_read "$1" cgroup.procs | wc -l; }
empty() { [ "$(nprocs "$1")" -eq 0 ]; }
atleast5() { [ "$(nprocs "$1")" -ge 5 ]; }
stopped() { [ "$(c_status "$1")" = stopped ]; }
if c_start killall base 'for i in 1 2 3 4; do sleep 1000 & done; wait'; then
	wait_until 30 atleast5 killall
	n=$(nprocs killall)
	if [ "$n" -ge 5 ]; then
		ok "kill --all: $n processes in cgroup.procs"
	else
		fail "kill --all: 5 processes in cgroup.procs" "cgroup.procs: $(cg_read killall cgroup.procs)"
	fi
	ps=$(cinch_ ps --format json killall 2>&1)
	want=$(cg_read killall cgroup.procs | sort -n | tr '\n' ' ')
	got=$(printf '%s\n' "$ps" | tr -c '0-9' '\n' | grep . | sort -n | tr '\n' ' ')
	is "kill --all: cinch ps --format json lists cgroup.procs" "$got" "$want"
	check "kill --all: cinch kill --all ID KILL" cinch_ kill --all killall KILL
	if wait_until 10 empty killall; then
		ok "kill --all: cgroup.procs is empty"
	else
		fail "kill --all: cgroup.procs is empty" "left: $(cg_read killall cgroup.procs)"
	fi
	wait_until 10 stopped killall
	is "kill --all: cinch state says stopped" "$(c_status killall)" stopped
else
	fail_n 5 "kill --all: container did not start"
fi
c_del killall

# ------------------------------------------------------ hardened (5)
if [ -d /vm/disk/rootfs ]; then
	# Its rootfs and cmd.sh bind mount are idmapped: both on ext4.
	POLICY=
	BUNDLES=/vm/disk/bundles
	mkdir -p "$BUNDLES"
	if c_start hard hardened 'cat /proc/self/uid_map; echo "max=$(cat /sys/fs/cgroup/memory.max)"; exec sleep 1000'; then
		ok "hardened: the default policy runs a container with limits"
		wait_until 30 c_has hard max=
		is "hardened: memory.max seen inside" "$(sed -n 's/^max=//p' /tmp/out/hard)" $((64 * MiB))
		is "hardened: pids.max on the host side" "$(cg_read hard pids.max)" 50
		map=$(head -n 1 /tmp/out/hard | tr -s ' ' | sed 's/^ //')
		case $map in
		"0 0 4294967295" | "") fail "hardened: a user namespace from the pool" "uid_map: '$map'" ;;
		*) ok "hardened: a user namespace from the pool (uid_map $map)" ;;
		esac
	else
		fail_n 4 "hardened: container did not start"
	fi
	c_del hard
	# No pids limit in the config: hardened adds its default (CINCH-PIDS).
	if c_start hardpids hardened-nopids 'exec sleep 1000'; then
		is "hardened: the default pids limit (CINCH-PIDS)" "$(cg_read hardpids pids.max)" 4096
	else
		fail "hardened: the default pids limit (CINCH-PIDS)" "container did not start"
	fi
	c_del hardpids
	POLICY=compat
	BUNDLES=/tmp/bundles
else
	for t in "the default policy runs a container with limits" "memory.max seen inside" \
		"pids.max on the host side" "a user namespace from the pool" \
		"the default pids limit (CINCH-PIDS)"; do
		skip "hardened: $t" "no ext4 test disk (tmpfs cannot be idmapped before Linux 6.3)"
	done
fi

finish

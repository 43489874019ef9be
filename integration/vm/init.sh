#!/bin/busybox sh
# The VM's init (busybox sh), built into the initramfs by run-vm.sh.
#
# Stage 1 (/init, on the initial rootfs): copy the payload to a tmpfs and
# switch_root there, because pivot_root(2), which cinch uses for every
# container, cannot move away from the initial rootfs (EINVAL).
# Stage 2 (/vm/init.sh stage2): mount the API filesystems and cgroup2,
# enable every controller, load the modules, make the test disk, run each
# test script (TAP on the console), power off.
#
# The host reads the console: "# vm: begin NAME" and "# vm: end NAME rc=N"
# frame each script's TAP stream, "# vm: all done" ends the run.

bb=/bin/busybox

if [ "$1" != stage2 ]; then
	$bb mkdir -p /dev /newroot
	$bb mount -t devtmpfs devtmpfs /dev
	exec </dev/console >/dev/console 2>&1
	$bb mount -t tmpfs -o mode=0755 tmpfs /newroot
	$bb cp -a /payload/. /newroot/
	$bb mkdir -p /newroot/dev
	$bb mount --move /dev /newroot/dev
	# shellcheck disable=SC2093  # what follows runs only if exec fails
	exec $bb switch_root /newroot /vm/init.sh stage2
	echo "# vm: switch_root failed"
	$bb poweroff -f
fi

# A line of its own after the firmware's escape sequences.
echo
export PATH=/vm:/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root
cd /

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
# Keep kernel messages (the OOM killer's report) off the TAP stream.
dmesg -n 1
hostname vm

echo "# vm: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) kB"
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
	echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control ||
		echo "# vm: cannot enable $c in /sys/fs/cgroup/cgroup.subtree_control"
done
echo "# vm: controllers: $(cat /sys/fs/cgroup/cgroup.subtree_control)"

while read -r m; do
	case $m in
	null_blk.ko) args="nr_devices=1 memory_backed=1 gb=1" ;;
	*) args= ;;
	esac
	# shellcheck disable=SC2086  # module parameters are words
	insmod "/vm/modules/$m" $args 2>/dev/null || echo "# vm: insmod $m failed"
done </vm/modules.list

# The test disk: a memory-backed null_blk device with io.cost enabled (a
# per-device io.weight needs it: EOPNOTSUPP otherwise) and a small ext2
# (mounted by ext4) holding a copy of the rootfs, for containers whose
# rootfs must be idmapped (hardened policy: tmpfs supports idmapped mounts
# only from Linux 6.3).
if [ -b /dev/nullb0 ]; then
	echo "$(cat /sys/block/nullb0/dev) enable=1" >/sys/fs/cgroup/io.cost.qos ||
		echo "# vm: cannot enable io.cost on nullb0"
	mkdir -p /vm/disk
	if mke2fs -q -b 4096 -N 4096 /dev/nullb0 32768 >/dev/null 2>&1 &&
		mount -t ext4 /dev/nullb0 /vm/disk; then
		cp -a /vm/rootfs /vm/disk/rootfs
	else
		echo "# vm: no ext4 test disk"
	fi
	# Its I/O must not count in the tests' io statistics.
	sync
fi

. /vm/env
export CINCH_VM_SCRIPT_TIMEOUT BENCH_N BENCH_ROUNDS

while read -r t; do
	echo "# vm: begin $t"
	start=$(cut -d' ' -f1 /proc/uptime)
	timeout -s KILL "$CINCH_VM_SCRIPT_TIMEOUT" sh "/vm/tests/$t" </dev/null
	rc=$?
	echo "# vm: end $t rc=$rc ($(awk -v s="$start" '{ printf "%.1f", $1 - s }' /proc/uptime) s)"
	# Whatever a failed script left running must not disturb the next.
	for d in /run/cinch/*; do
		[ -d "$d" ] || continue
		timeout 30 cinch delete -f "${d##*/}" >/dev/null 2>&1
	done
done </vm/tests.list
echo "# vm: all done ($(cut -d' ' -f1 /proc/uptime) s since boot)"
sync
poweroff -f

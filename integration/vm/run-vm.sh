#!/bin/bash
# Real cgroup v2 tests for cinch: boot Debian's kernel under QEMU (TCG) with
# a small initramfs holding busybox, the cinch binary under test and its
# libraries, a busybox bundle and the test scripts; the scripts print TAP on
# the VM's serial console, which this script checks.
#
#   integration/vm/run-vm.sh [--bench] CINCH_BINARY [TEST_SCRIPT...]
#
# With no TEST_SCRIPT, every integration/vm/tests/*.sh runs.  --bench runs
# integration/vm/bench.sh (and the TEST_SCRIPTs given, if any) instead.
# Exits 0 only when every script printed a plan, ran every planned test and
# none failed.  Needs no root (apt-get download into a writable cache aside):
# the VM is plain software emulation (KVM hangs on these hosts: -accel tcg).
#
# Environment:
#   CINCH_VM_CACHE    kernel cache (default /var/cache/cinch-vm): the kernel
#                     package is fetched once with apt-get download, then reused
#   CINCH_VM_TIMEOUT  seconds before the VM is killed (default 1200)
#   CINCH_VM_SCRIPT_TIMEOUT  seconds for one test script inside (default 900)
#   CINCH_VM_MEM      VM memory in MiB (default 1024)
#   CINCH_VM_SMP      VM CPUs (default 2)
#   CINCH_VM_KEEP     set to 1 to keep the work directory (initramfs, log)
#   CINCH_VM_VERBOSE  set to 1 to show the whole console, not only TAP lines
#   BENCH_N           containers per variant for --bench (default 30)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${CINCH_VM_CACHE:-/var/cache/cinch-vm}
vm_timeout=${CINCH_VM_TIMEOUT:-1200}
script_timeout=${CINCH_VM_SCRIPT_TIMEOUT:-900}
vm_mem=${CINCH_VM_MEM:-1024}
vm_smp=${CINCH_VM_SMP:-2}

die() { echo "run-vm: $*" >&2; exit 1; }
say() { echo "run-vm: $*" >&2; }

usage() {
	echo "usage: $0 [--bench] CINCH_BINARY [TEST_SCRIPT...]" >&2
	exit 2
}

bench=
while [ $# -gt 0 ]; do
	case $1 in
	--bench) bench=1; shift ;;
	-h | --help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
cinch=$1
shift
case $cinch in /*) ;; *) cinch=$(cd "$(dirname "$cinch")" && pwd)/$(basename "$cinch") ;; esac
[ -x "$cinch" ] || die "$cinch is not an executable"

scripts=()
for s in "$@"; do
	[ -f "$s" ] || die "test script $s does not exist"
	scripts+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")")
done
if [ -n "$bench" ]; then
	scripts+=("$here/bench.sh")
elif [ ${#scripts[@]} -eq 0 ]; then
	for s in "$here"/tests/*.sh; do scripts+=("$s"); done
fi

need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "missing '$c' (apt-get install qemu-system-x86 cpio busybox-static jq)"
	done
}
need qemu-system-x86_64 cpio gzip jq ldd timeout apt-get apt-cache dpkg-deb
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || die "missing busybox (apt-get install busybox-static)"
case $(LC_ALL=C ldd "$busybox" 2>&1 || true) in
*"not a dynamic executable"* | *"statically linked"*) ;;
*) die "$busybox is not a static busybox (apt-get install busybox-static)" ;;
esac

# ------------------------------------------------------------------ kernel
# Modules the tests load, relative to lib/modules/<version>/kernel, in load
# order (dependencies first).  Every cgroup controller is built into
# Debian's kernel; these give the VM a block device (null_blk, for the io
# controller's per-device files) and ext4 on it (the hardened policy idmaps
# the rootfs, which tmpfs cannot do before Linux 6.3).
MODULES=(
	fs/configfs/configfs.ko
	drivers/block/null_blk/null_blk.ko
	lib/crc16.ko
	crypto/crc32c_generic.ko
	fs/mbcache.ko
	fs/jbd2/jbd2.ko
	fs/ext4/ext4.ko
)

# fetch_kernel: set kdir to a cache directory holding vmlinuz and modules/.
fetch_kernel() {
	local pkg tmp deb m
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }' || true)
	if [ -z "$pkg" ]; then
		# No package lists (offline): any kernel fetched before will do.
		kdir=$(find "$cache" -mindepth 2 -maxdepth 2 -name vmlinuz -printf '%h\n' 2>/dev/null |
			sort | tail -1)
		[ -n "$kdir" ] || die "apt-cache depends linux-image-amd64 names no kernel package (run apt-get update) and $cache holds none"
		return
	fi
	kdir=$cache/$pkg
	# modules.ok names the package and the modules taken from it.
	[ -f "$kdir/vmlinuz" ] && [ "$(cat "$kdir/modules.ok" 2>/dev/null)" = "$pkg ${MODULES[*]}" ] &&
		return
	say "fetching $pkg into $cache (once)"
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/fetch.XXXXXX")
	# apt-get download drops privileges to _apt when it can write there.
	chmod 0777 "$tmp"
	(cd "$tmp" && apt-get download -q "$pkg" >/dev/null) || {
		rm -rf "$tmp"
		die "apt-get download $pkg failed"
	}
	deb=$(ls "$tmp"/*.deb)
	mkdir -p "$tmp/x" "$tmp/out/modules"
	local wanted=(./boot/vmlinuz-*)
	for m in "${MODULES[@]}"; do wanted+=("./lib/modules/*/kernel/$m"); done
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards "${wanted[@]}"
	mv "$tmp"/x/boot/vmlinuz-* "$tmp/out/vmlinuz"
	for m in "${MODULES[@]}"; do
		# Flat names: the init loads them in the order of MODULES.
		mv "$tmp"/x/lib/modules/*/kernel/"$m" "$tmp/out/modules/"
	done
	echo "$pkg ${MODULES[*]}" >"$tmp/out/modules.ok"
	# A stale entry (other modules) goes; a fresh one another run made
	# meanwhile stays (mv -T refuses a non-empty directory).
	if [ -d "$kdir" ] && [ "$(cat "$kdir/modules.ok" 2>/dev/null)" != "$pkg ${MODULES[*]}" ]; then
		rm -rf "$kdir"
	fi
	mv -T "$tmp/out" "$kdir" 2>/dev/null || true
	rm -rf "$tmp"
	[ -f "$kdir/vmlinuz" ] || die "no kernel in $kdir after the download"
}

# -------------------------------------------------------------- initramfs
work=$(mktemp -d /tmp/cinch-vm.XXXXXX)
cleanup() {
	local rc=$?
	if [ "${CINCH_VM_KEEP:-}" = 1 ]; then
		say "work directory kept: $work"
	else
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# copy_with_libs BINARY DEST_DIR: BINARY at DEST_DIR/bin/, and the shared
# libraries ldd lists at their own paths under DEST_DIR.
copy_with_libs() {
	local bin=$1 dest=$2 lib
	install -D -m 0755 "$bin" "$dest/bin/$(basename "$bin")"
	for lib in $(LC_ALL=C ldd "$bin" | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }'); do
		install -D -m 0755 "$(readlink -f "$lib")" "$dest$lib"
	done
}

# busybox_tree DIR: busybox with a link per applet (hard links to one file,
# so the cpio archive stores it once).
busybox_tree() {
	local d=$1 a
	mkdir -p "$d/bin"
	ln -f "$work/busybox" "$d/bin/busybox"
	"$busybox" --list-full | while read -r a; do
		case $a in bin/busybox | "") continue ;; esac
		mkdir -p "$d/$(dirname "$a")"
		[ -e "$d/$a" ] || ln -s /bin/busybox "$d/$a"
	done
	[ -e "$d/bin/sh" ] || ln -s busybox "$d/bin/sh"
}

# The container rootfs (shared, read-only, by every bundle: root.path is
# absolute) and the configs, made here with jq (jq is not in the VM).
make_bundle_files() {
	local p=$1 base=$work/spec
	busybox_tree "$p/vm/rootfs"
	(
		cd "$p/vm/rootfs"
		mkdir -p proc sys dev tmp run etc root
		chmod 1777 tmp
		: >cmd.sh # mount point of each bundle's command
		printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >etc/passwd
		printf 'root:x:0:\nnogroup:x:65534:\n' >etc/group
	)
	mkdir -p "$base" "$p/vm/cfg"
	"$cinch" spec -b "$base" >/dev/null
	# The base of every variant: each bundle directory (made in the VM by
	# lib.sh) holds this config and cmd.sh, the container's command.
	jq '.process.args = ["/bin/sh", "/cmd.sh"]
	    | .process.env += ["HOME=/root"]
	    | .root = {path: "/vm/rootfs", readonly: true}
	    | .hostname = "vm"
	    | .mounts += [
	        {destination: "/cmd.sh", type: "bind", source: "cmd.sh", options: ["bind", "ro"]},
	        {destination: "/tmp", type: "tmpfs", source: "tmpfs",
	         options: ["nosuid", "mode=1777", "size=65536k"]}]' \
		"$base/config.json" >"$p/vm/cfg/base.json"
	# Test-specific variants: integration/vm/configs.sh calls cfg NAME FILTER.
	cfg() {
		jq "$2" "$p/vm/cfg/base.json" >"$p/vm/cfg/$1.json" ||
			die "configs.sh: jq filter of $1 failed"
	}
	# shellcheck source=integration/vm/configs.sh
	. "$here/configs.sh"
	vm_configs
}

build_initramfs() {
	local p=$work/payload s n=0
	cp "$busybox" "$work/busybox"
	chmod 0755 "$work/busybox"
	mkdir -p "$work/stage1/bin" "$p"
	# Stage 1 (/init) only needs busybox to copy the payload to a tmpfs and
	# switch_root there: pivot_root, which cinch uses, cannot leave the
	# initial rootfs.
	ln -f "$work/busybox" "$work/stage1/bin/busybox"
	install -m 0755 "$here/init.sh" "$work/stage1/init"
	busybox_tree "$p"
	mkdir -p "$p/proc" "$p/sys" "$p/dev" "$p/run" "$p/tmp" "$p/root" "$p/etc" "$p/vm/tests" \
		"$p/vm/modules"
	copy_with_libs "$cinch" "$p"
	mv "$p/bin/$(basename "$cinch")" "$p/vm/cinch"
	install -m 0755 "$here/init.sh" "$p/vm/init.sh"
	install -m 0644 "$here/lib.sh" "$p/vm/lib.sh"
	for m in "${MODULES[@]}"; do
		cp "$kdir/modules/$(basename "$m")" "$p/vm/modules/"
		basename "$m" >>"$p/vm/modules.list"
	done
	: >"$p/vm/tests.list"
	for s in "${scripts[@]}"; do
		n=$((n + 1))
		# Numbered: two scripts may share a base name.
		install -m 0755 "$s" "$p/vm/tests/$(printf %02d "$n")-$(basename "$s")"
		echo "$(printf %02d "$n")-$(basename "$s")" >>"$p/vm/tests.list"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$p/etc/passwd"
	printf 'root:x:0:\n' >"$p/etc/group"
	{
		echo "CINCH_VM_SCRIPT_TIMEOUT=$script_timeout"
		echo "BENCH_N=${BENCH_N:-30}"
		echo "BENCH_ROUNDS=${BENCH_ROUNDS:-3}"
	} >"$p/vm/env"
	make_bundle_files "$p"
	mv "$p" "$work/stage1/payload"
	(cd "$work/stage1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) |
		gzip -9 >"$work/initramfs.gz"
}

fetch_kernel
t0=$(date +%s)
build_initramfs
say "kernel $(basename "$kdir"), initramfs $(du -k "$work/initramfs.gz" | cut -f1) KiB" \
	"(built in $(($(date +%s) - t0)) s), scripts: $(tr '\n' ' ' <"$work/stage1/payload/vm/tests.list")"

# -------------------------------------------------------------------- boot
log=$work/console.log
t0=$(date +%s)
# -no-reboot turns the guest's poweroff (and a panic: panic=-1) into qemu's
# exit; the host-side timeout is the last resort for a hung guest.
set +e
timeout -k 10 "$vm_timeout" qemu-system-x86_64 -accel tcg,thread=multi -cpu max \
	-m "$vm_mem" -smp "$vm_smp" -nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$kdir/vmlinuz" -initrd "$work/initramfs.gz" \
	-append "console=ttyS0 quiet panic=-1" </dev/null 2>&1 |
	tee "$log" | tr -d '\r' | if [ "${CINCH_VM_VERBOSE:-}" = 1 ]; then cat; else
		grep --line-buffered -E '^(ok |not ok |1\.\.|# |Bail out!)' || true
	fi
rc=${PIPESTATUS[0]}
set -e
elapsed=$(($(date +%s) - t0))

# ------------------------------------------------------------------- check
# Each script's TAP block lies between "# vm: begin NAME" and "# vm: end NAME
# rc=N"; "# vm: all done" ends a complete run.
verdict=$(tr -d '\r' <"$log" | awk '
	/^# vm: begin / { name = $4; inblock = 1; plan = -1; n = 0; bad = 0; scripts++; next }
	/^# vm: end / {
		split($5, a, "="); src = a[2]
		if (plan < 0) { print "FAIL " name ": no plan line"; fail++ }
		else if (n != plan) { print "FAIL " name ": planned " plan " tests, " n " ran"; fail++ }
		if (bad) { print "FAIL " name ": " bad " failed"; fail++ }
		if (src != 0 && plan >= 0 && n == plan && !bad) { print "FAIL " name ": exit status " src; fail++ }
		total += n; failed += bad; inblock = 0; ended++; next
	}
	/^# vm: all done/ { done = 1; next }
	inblock && /^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
	inblock && /^ok / { n++; next }
	inblock && /^not ok / { n++; bad++; next }
	END {
		if (inblock) { print "FAIL " name ": did not finish (VM died or timed out)"; fail++ }
		if (!done) { print "FAIL the VM did not reach the end of its test list"; fail++ }
		if (scripts == 0) { print "FAIL no test script started"; fail++ }
		printf "%s: %d of %d scripts finished, %d tests, %d failed\n", (fail ? "FAIL" : "PASS"), ended, scripts, total, failed
	}')
echo "$verdict" | grep -v '^PASS\|^FAIL: ' >&2 || true
summary=$(echo "$verdict" | tail -1)
say "$summary; VM exit $rc after ${elapsed} s"
case $summary in
PASS*) exit 0 ;;
esac
[ "$rc" = 124 ] && say "the VM was killed after CINCH_VM_TIMEOUT=$vm_timeout s"
echo "---- console log (last 60 lines) ----" >&2
tr -d '\r' <"$log" | tail -60 >&2
exit 1

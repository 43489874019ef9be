#!/bin/bash
# End-to-end suite for cinch.  Needs root.
#
#   CINCH=/abs/path/cinch integration/run.sh [bats-file-or-filter ...]
#
# Builds (once, cached in integration/work/) a busybox rootfs from Debian's
# busybox-static, then runs the bats suites with a private --root per test
# under a temporary directory.  Extra arguments are bats files (relative to
# integration/) or, with -f REGEX, a bats name filter.  Exits non-zero if
# anything fails.
#
# Environment:
#   CINCH              absolute path of the binary under test (required)
#   CINCH_IT_WORK      cache directory (default integration/work)
#   CINCH_IT_TIMEOUT   per-command timeout in seconds (default 60)
#   BATS_FLAGS         extra flags for bats (e.g. "--verbose-run")
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${CINCH_IT_WORK:-$here/work}

die() { echo "integration: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (the suite creates namespaces, mounts and devices)"
[ -n "${CINCH:-}" ] || die "set CINCH to the absolute path of the cinch binary"
case $CINCH in /*) ;; *) CINCH=$(cd "$(dirname "$CINCH")" && pwd)/$(basename "$CINCH") ;; esac
[ -x "$CINCH" ] || die "CINCH=$CINCH is not an executable"
export CINCH

need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "missing '$c' (apt-get install bats jq busybox-static python3 iproute2; .ci/run installs them)"
	done
}
need bats jq python3 ip timeout unshare mount umount
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || die "missing busybox (apt-get install busybox-static)"

# The rootfs must hold a static busybox: the dynamic one from the 'busybox'
# package would need the host's libc inside the container.
ldd_out=$(LC_ALL=C ldd "$busybox" 2>&1 || true)
case $ldd_out in
*"not a dynamic executable"* | *"statically linked"*) ;;
*) die "$busybox is not a static busybox (apt-get install busybox-static): $ldd_out" ;;
esac

# ---------------------------------------------------------------- rootfs
# Cached: rebuilt when busybox or this script changes.
build_rootfs() {
	local dest=$1 tmp
	tmp=$(mktemp -d "$work/rootfs.tmp.XXXXXX")
	chmod 0755 "$tmp" # non-root container users must reach /
	(
		cd "$tmp"
		mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev tmp root home/alice \
			mnt var/tmp run data
		chmod 1777 tmp var/tmp
		cp "$busybox" bin/busybox
		chmod 0755 bin/busybox
		"$busybox" --list-full | while read -r applet; do
			case $applet in bin/busybox | "") continue ;; esac
			mkdir -p "$(dirname "$applet")"
			[ -e "$applet" ] || ln -s /bin/busybox "$applet"
		done
		# busybox must provide a shell for sh -c '...'
		[ -e bin/sh ] || ln -s busybox bin/sh
		cat >etc/passwd <<-'EOF'
			root:x:0:0:root:/root:/bin/sh
			alice:x:1000:50:Alice:/home/alice:/bin/sh
			nobody:x:65534:65534:nobody:/nonexistent:/bin/false
		EOF
		# alice is listed in group 60: a runtime that looks numeric users
		# up (it must not) would add gid 50 or 60.
		cat >etc/group <<-'EOF'
			root:x:0:
			tty:x:5:
			staff:x:50:
			sixty:x:60:alice
			nogroup:x:65534:
		EOF
		echo "cinch-it" >etc/hostname
		: >etc/resolv.conf
		echo "busybox rootfs for cinch integration tests" >etc/motd
	)
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

mkdir -p "$work"
stamp="$(sha256sum "$busybox" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)"
if [ ! -f "$work/rootfs.stamp" ] || [ "$(cat "$work/rootfs.stamp")" != "$stamp" ] ||
	[ ! -x "$work/rootfs/bin/busybox" ]; then
	echo "integration: building busybox rootfs in $work/rootfs" >&2
	build_rootfs "$work/rootfs"
	echo "$stamp" >"$work/rootfs.stamp"
fi
export CINCH_IT_ROOTFS=$work/rootfs
export CINCH_IT_DIR=$here

# ---------------------------------------------------------------- run
CINCH_IT_TMP=$(mktemp -d /tmp/cinch-it.XXXXXX)
chmod 0755 "$CINCH_IT_TMP" # reachable by user-namespace root (an unprivileged host uid)
export CINCH_IT_TMP

cleanup() {
	local rc=$? r id mp
	set +e
	# Containers left by an interrupted run: delete them through cinch,
	# then make sure no mount or process survives us.
	for r in "$CINCH_IT_TMP"/*/state; do
		[ -d "$r" ] || continue
		for id in "$r"/*; do
			[ -e "$id" ] || continue
			timeout 20 "$CINCH" --root "$r" delete -f "$(basename "$id")" >/dev/null 2>&1
		done
	done
	# Container processes carry CINCH_IT_MARKER=<test dir> in their environment.
	grep -lsF -- "CINCH_IT_MARKER=$CINCH_IT_TMP" /proc/[0-9]*/environ 2>/dev/null |
		sed -n 's|^/proc/\([0-9]*\)/environ$|\1|p' | while read -r p; do
		[ "$p" != $$ ] && kill -9 "$p" 2>/dev/null
	done
	awk -v t="$CINCH_IT_TMP" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	# Only this run's (namespaces.bats names them cit-<run>-N): another run
	# may be going on at the same time.
	for ns in $(ip netns list 2>/dev/null |
		awk -v p="cit-${CINCH_IT_TMP##*/cinch-it.}-" 'index($1, p) == 1 { print $1 }'); do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf --one-file-system "$CINCH_IT_TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$here"
suites=()
filter=()
while [ $# -gt 0 ]; do
	case $1 in
	-f) filter=(-f "$2"); shift 2 ;;
	*) suites+=("$1"); shift ;;
	esac
done
if [ ${#suites[@]} -eq 0 ]; then
	suites=(cli.bats lifecycle.bats process.bats namespaces.bats rootfs.bats badinput.bats hooks.bats userns.bats check.bats policy.bats exec.bats cgroup.bats cgroupcmds.bats engines.bats)
fi

echo "integration: cinch=$CINCH ($("$CINCH" --version 2>&1 | head -1 || true))" >&2
echo "integration: tmp=$CINCH_IT_TMP" >&2
# shellcheck disable=SC2086  # BATS_FLAGS is a list of words on purpose
bats ${BATS_FLAGS:-} "${filter[@]}" "${suites[@]}"

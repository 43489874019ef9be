#!/bin/sh
# Launch a sandbox: build an OCI bundle from Debian's busybox-static, write
# its config.json with `cinch spec`, and `cinch run` it.
#
#   integration/sandbox.sh [BUNDLE_DIR]
#
# On a terminal the container runs an interactive shell; otherwise it prints
# who it is and its security state (capabilities, NoNewPrivs, Seccomp) and
# exits.  Without BUNDLE_DIR the bundle lives in a temporary directory that
# is removed afterwards; with it, the bundle is built there and kept, and a
# later call with the same directory runs it again as it is.
#
# Environment: CINCH (default: ./cinch next to this script's parent
# directory), BUSYBOX (default /bin/busybox, must be statically linked).
set -eu

die () {
    echo "sandbox.sh: $*" >&2
    exit 1
}

here=$(cd "$(dirname "$0")/.." && pwd)
CINCH=${CINCH:-$here/cinch}
BUSYBOX=${BUSYBOX:-/bin/busybox}

[ "$(id -u)" = 0 ] || die "run me as root (the default config needs namespaces root can create)"
[ -x "$CINCH" ] || die "no cinch binary at $CINCH (build it with ./autogen.sh && ./configure && make)"
[ -x "$BUSYBOX" ] || die "no $BUSYBOX (apt-get install busybox-static)"
# A dynamic busybox would need the host's libraries inside the rootfs.
if ldd "$BUSYBOX" >/dev/null 2>&1; then
    die "$BUSYBOX is dynamically linked (apt-get install busybox-static)"
fi

id=cinch-sandbox-$$
tmp=
if [ $# -ge 1 ]; then
    bundle=$1
    mkdir -p "$bundle"
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cinch-sandbox.XXXXXX")
    bundle=$tmp
fi

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup () {
    # `run` deletes its container when it ends; make sure, whatever happened.
    "$CINCH" delete --force "$id" >/dev/null 2>&1 || true
    if [ -n "$tmp" ]; then
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

run () {
    status=0
    "$CINCH" run --bundle "$bundle" "$id" || status=$?
    exit "$status"
}

if [ -e "$bundle/config.json" ]; then
    [ -x "$bundle/rootfs/bin/busybox" ] || die "$bundle/config.json exists but is not a sandbox: give an empty directory"
    run
fi

# The root filesystem: busybox, one relative symlink per applet (valid
# inside the container, unlike `busybox --install -s`, which links to the
# host path), and the mount points of the default config.
rootfs=$bundle/rootfs
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/etc" \
    "$rootfs/tmp" "$rootfs/root"
cp "$BUSYBOX" "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"

(cd "$bundle" && "$CINCH" spec)

# `cinch spec` writes terminal false and args ["sh"]: make the container
# interactive on a terminal, or give it a command to run otherwise.
if [ -t 0 ] && [ -t 1 ]; then
    sed -i 's#"terminal": false#"terminal": true#' "$bundle/config.json"
    grep -q '"terminal": true' "$bundle/config.json" || die "could not enable the terminal"
else
    script="id; hostname; echo uid_map: \$(cat /proc/self/uid_map); grep -E '^(NoNewPrivs|Seccomp|Cap)' /proc/self/status; touch /probe 2>\&1 || true"
    sed -i "s#^      \"sh\"\$#      \"sh\", \"-c\", \"$script\"#" "$bundle/config.json"
    grep -q '"-c"' "$bundle/config.json" || die "could not set the container's command"
fi

run

#!/bin/bash
# Make a container image of the suite's busybox rootfs, for engines.bats.
#
#   integration/engines-image.sh ROOTFS OUT.tar [NAME:TAG]
#
# Writes OUT.tar in the format of `docker save` (manifest.json, the image
# config named by its digest, one layer.tar), tagged NAME:TAG (default
# localhost/bb:1).  `docker load`, `podman load` and `ctr images import` all
# read it.  Built by hand rather than with `podman import` + `podman save`,
# so each engine can be tested on a machine that has only that engine, and
# no registry is needed.
set -euo pipefail

die() { echo "engines-image: $*" >&2; exit 1; }

if [ $# -lt 2 ] || [ $# -gt 3 ]; then die "usage: $0 ROOTFS OUT.tar [NAME:TAG]"; fi
rootfs=$1
out=$2
ref=${3:-localhost/bb:1}
[ -x "$rootfs/bin/busybox" ] || die "$rootfs: no bin/busybox (run through integration/run.sh)"
command -v jq >/dev/null || die "jq is needed"

case $(uname -m) in
x86_64) arch=amd64 ;;
aarch64) arch=arm64 ;;
armv7l) arch=arm ;;
i?86) arch=386 ;;
*) arch=$(uname -m) ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/engines-image.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One layer: the rootfs as it is (owned by root, numeric ids).
mkdir "$tmp/archive"
tar -C "$rootfs" --numeric-owner -cf "$tmp/layer.tar" .
diffid=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
mkdir "$tmp/archive/$diffid"
mv "$tmp/layer.tar" "$tmp/archive/$diffid/layer.tar"

jq -n --arg arch "$arch" --arg diffid "sha256:$diffid" '{
	architecture: $arch,
	os: "linux",
	created: "1970-01-01T00:00:00Z",
	config: {
		Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
		Cmd: ["sh"],
		WorkingDir: "/"
	},
	rootfs: { type: "layers", diff_ids: [$diffid] },
	history: [{ created: "1970-01-01T00:00:00Z", created_by: "cinch integration/engines-image.sh" }]
}' >"$tmp/config.json"
cfgid=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
mv "$tmp/config.json" "$tmp/archive/$cfgid.json"

jq -n --arg cfg "$cfgid.json" --arg ref "$ref" --arg layer "$diffid/layer.tar" \
	'[{ Config: $cfg, RepoTags: [$ref], Layers: [$layer] }]' >"$tmp/archive/manifest.json"

tar -C "$tmp/archive" --numeric-owner -cf "$out.tmp" .
mv "$out.tmp" "$out"

#!/bin/bash
# Start-up benchmark: N sequential `run` of /bin/true from a busybox bundle,
# cinch side by side with runc and crun in one invocation.  Needs root.
#
#   CINCH=/abs/path/cinch BENCH_N=100 bench/bench.sh
#
# Runtimes measured (each skipped, with the reason, if it cannot run):
#   cinch-nocg  cinch --policy compat --cgroup-manager disabled (like for like
#               with crun: the config runs as written)
#   cinch       cinch as shipped: the default hardened policy (a user
#               namespace from the pool with an idmapped rootfs, default
#               seccomp profile, read-only rootfs with tmpfs, masked paths...)
#               and its default cgroup manager
#   runc        runc (cgroupfs)
#   crun        crun --cgroup-manager=disabled, in a private mount namespace
#               whose /sys/fs/cgroup is the cgroup2 hierarchy (crun refuses
#               hybrid hosts otherwise; see ENVIRONMENT.md)
# All use the same config.json (integration/base-config.json with /bin/true
# and an absolute cgroupsPath, so runc does not nest under our own cgroup).
# The runs are interleaved in BENCH_ROUNDS blocks to spread machine noise
# evenly.  Per-container time is wall time around one `run` invocation.  Peak
# RSS is GNU time's "Maximum resident set size" (largest process of the
# runtime's tree) over BENCH_RSS_N extra runs.
#
# A peer (runc, crun) that cannot run here, fails part way or hangs (each
# batch of runs is bounded by BENCH_TIMEOUT seconds, default 300) is reported
# and left out of the ratios; it never makes the bench fail.  The exit status
# is non-zero only when cinch itself (either variant) could not run every
# time, or on a usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

# ---------------------------------------------------------------- inner loop
# bench.sh --loop OUTFILE COUNT PREFIX RUNTIME-ARGV... : time COUNT runs
if [ "${1:-}" = --loop ]; then
	out=$2 count=$3 prefix=$4
	shift 4
	for ((i = 0; i < count; i++)); do
		id=$prefix-$i
		t0=$EPOCHREALTIME
		rc=0
		"$@" run --bundle "$BENCH_BUNDLE" "$id" </dev/null >/dev/null 2>"$BENCH_TMP/err" || rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "FAIL exit $rc: $(head -c 500 "$BENCH_TMP/err" | tr '\n' ' ')" >>"$out"
			"$@" delete -f "$id" >/dev/null 2>&1 || true
			exit 1
		fi
		t1=$EPOCHREALTIME
		echo "$((${t1/./} - ${t0/./}))" >>"$out" # microseconds
	done
	exit 0
fi

# ---------------------------------------------------------------- set-up
N=${BENCH_N:-100}
ROUNDS=${BENCH_ROUNDS:-5}
RSS_N=${BENCH_RSS_N:-5}
LOOP_TIMEOUT=${BENCH_TIMEOUT:-300}
CINCH=${CINCH:-$top/cinch}

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
[ -x "$CINCH" ] || die "CINCH=$CINCH is not executable (build first or set CINCH)"
case $CINCH in /*) ;; *) CINCH=$(cd "$(dirname "$CINCH")" && pwd)/$(basename "$CINCH") ;; esac
command -v jq >/dev/null || die "jq is needed (apt-get install jq)"
busybox=$(command -v busybox) || die "busybox-static is needed"
[ "$ROUNDS" -ge 1 ] && [ "$N" -ge "$ROUNDS" ] || die "need BENCH_N >= BENCH_ROUNDS >= 1"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: $TIME missing (apt-get install time): no RSS figures" >&2; TIME=; }

BENCH_TMP=$(mktemp -d /tmp/cinch-bench.XXXXXX)
export BENCH_TMP
BENCH_BUNDLE=$BENCH_TMP/bundle
export BENCH_BUNDLE

runtimes=() # names
declare -A argv=() why=()

cleanup() {
	local rc=$? name
	set +e
	for name in "${runtimes[@]}"; do
		[ -d "$BENCH_TMP/root-$name" ] || continue
		for d in "$BENCH_TMP/root-$name"/*/; do
			[ -d "$d" ] || continue
			# shellcheck disable=SC2086  # argv is a word list
			${argv[$name]} delete -f "$(basename "$d")" >/dev/null 2>&1
		done
	done
	rmdir /sys/fs/cgroup/*/cinch-bench /sys/fs/cgroup/unified/cinch-bench 2>/dev/null
	rm -rf --one-file-system "$BENCH_TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$BENCH_BUNDLE/rootfs"
(
	cd "$BENCH_BUNDLE/rootfs"
	mkdir -p bin sbin usr/bin usr/sbin etc proc sys dev tmp root
	cp "$busybox" bin/busybox
	"$busybox" --list-full | while read -r a; do
		[ "$a" = bin/busybox ] || ln -sf /bin/busybox "$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >etc/passwd
	echo 'root:x:0:' >etc/group
)
jq '.process.args = ["/bin/true"] | .linux.cgroupsPath = "/cinch-bench"' \
	"$top/integration/base-config.json" >"$BENCH_BUNDLE/config.json"

# crun runs inside a private mount namespace with cgroup2 on /sys/fs/cgroup
crun_ns() {
	unshare -m --propagation private bash -c \
		'mount -t cgroup2 none /sys/fs/cgroup && exec "$@"' _ "$@"
}

add_runtime() { # NAME WRAPPER-OR-"" ARGV...
	local name=$1 wrap=$2
	shift 2
	runtimes+=("$name")
	argv[$name]="$*"
	wrapper[$name]=$wrap
	mkdir -p "$BENCH_TMP/root-$name"
}
declare -A wrapper=()

add_runtime cinch-nocg "" "$CINCH" --root "$BENCH_TMP/root-cinch-nocg" --policy compat --cgroup-manager disabled
add_runtime cinch "" "$CINCH" --root "$BENCH_TMP/root-cinch"
if command -v runc >/dev/null; then
	add_runtime runc "" "$(command -v runc)" --root "$BENCH_TMP/root-runc"
else
	why[runc]="runc not installed (apt-get install runc)"
fi
if command -v crun >/dev/null; then
	add_runtime crun crun_ns "$(command -v crun)" --cgroup-manager=disabled --root "$BENCH_TMP/root-crun"
else
	why[crun]="crun not installed (apt-get install crun)"
fi

# loop NAME COUNT PREFIX: run COUNT timed containers, results appended to times-NAME
loop() {
	local name=$1 count=$2 prefix=$3
	local rc=0
	# shellcheck disable=SC2086  # argv is a word list
	${wrapper[$name]} timeout -k 5 "$LOOP_TIMEOUT" \
		"$here/bench.sh" --loop "$BENCH_TMP/times-$name" "$count" "$prefix" ${argv[$name]} || rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "FAIL timed out: $count runs took over ${LOOP_TIMEOUT}s (BENCH_TIMEOUT)" >>"$BENCH_TMP/times-$name"
	fi
	return "$rc"
}

# probe + warm-up: 3 untimed runs each; drop what cannot run, saying why
active=()
for name in "${runtimes[@]}"; do
	if loop "$name" 3 warm 2>"$BENCH_TMP/probe-err"; then
		active+=("$name")
	else
		why[$name]="$(grep '^FAIL' "$BENCH_TMP/times-$name" | head -1 | cut -c6-)$(head -c 300 "$BENCH_TMP/probe-err")"
		why[$name]=${why[$name]:-failed without a message}
		echo "bench: $name cannot run, skipped: ${why[$name]}" >&2
	fi
	rm -f "$BENCH_TMP/times-$name"
done
[ ${#active[@]} -gt 0 ] || die "no runtime could run the bundle"

# timed, interleaved rounds
per=$((N / ROUNDS))
echo "bench: $N sequential runs of /bin/true per runtime, $ROUNDS interleaved rounds" >&2
for ((r = 0; r < ROUNDS; r++)); do
	count=$per
	[ $r -eq $((ROUNDS - 1)) ] && count=$((N - per * (ROUNDS - 1)))
	for name in "${active[@]}"; do
		[ -n "${why[$name]:-}" ] && continue
		if ! loop "$name" "$count" "r$r"; then
			why[$name]="failed during round $r: $(grep '^FAIL' "$BENCH_TMP/times-$name" | head -1 | cut -c6-)"
			echo "bench: $name ${why[$name]}" >&2
		fi
	done
done

# peak RSS
declare -A rss=()
if [ -n "$TIME" ]; then
	for name in "${active[@]}"; do
		[ -n "${why[$name]:-}" ] && continue
		max=0
		for ((i = 0; i < RSS_N; i++)); do
			# shellcheck disable=SC2086  # argv is a word list
			if ${wrapper[$name]} timeout -k 5 "$LOOP_TIMEOUT" "$TIME" -v -o "$BENCH_TMP/time.out" ${argv[$name]} \
				run --bundle "$BENCH_BUNDLE" "rss-$i" </dev/null >/dev/null 2>&1; then
				kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$BENCH_TMP/time.out")
				[ "${kb:-0}" -gt "$max" ] && max=$kb
			fi
		done
		rss[$name]=$max
	done
fi

# ---------------------------------------------------------------- report
# stats FILE -> "median p90 mean min" in ms
stats() {
	grep -v '^FAIL' "$1" | sort -n | awk '
		{ v[NR] = $1; s += $1 }
		END {
			if (NR == 0) { print "- - - -"; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			i = int(0.9 * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR
			printf "%.2f %.2f %.2f %.2f\n", m / 1000, v[i] / 1000, s / NR / 1000, v[1] / 1000
		}'
}

declare -A med=()
printf '\n%-11s %6s %10s %10s %10s %10s %14s\n' runtime runs "median ms" "p90 ms" "mean ms" "min ms" "peak RSS KiB"
for name in cinch-nocg cinch runc crun; do
	if [ -n "${why[$name]:-}" ] && [ ! -s "$BENCH_TMP/times-$name" ]; then
		printf '%-11s skipped: %s\n' "$name" "${why[$name]}"
		continue
	fi
	[ -f "$BENCH_TMP/times-$name" ] || continue
	read -r m p mean mn < <(stats "$BENCH_TMP/times-$name")
	med[$name]=$m
	runs=$(grep -vc '^FAIL' "$BENCH_TMP/times-$name" || true)
	printf '%-11s %6s %10s %10s %10s %10s %14s%s\n' "$name" "$runs" "$m" "$p" "$mean" "$mn" \
		"${rss[$name]:--}" "${why[$name]:+  (incomplete: ${why[$name]})}"
done

ratio() { # A B
	if [ -n "${why[$1]:-}" ] || [ -n "${why[$2]:-}" ]; then
		return 0 # incomplete or skipped: no ratio
	fi
	if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ] && [ "${med[$1]}" != - ] && [ "${med[$2]}" != - ]; then
		awk -v a="${med[$1]}" -v b="${med[$2]}" -v n1="$1" -v n2="$2" \
			'BEGIN { printf "  %-11s / %-5s = %.2fx (median)\n", n1, n2, a / b }'
	fi
}
rss_ratio() {
	if [ -n "${why[$1]:-}" ] || [ -n "${why[$2]:-}" ]; then
		return 0
	fi
	if [ -n "${rss[$1]:-}" ] && [ -n "${rss[$2]:-}" ] && [ "${rss[$2]}" -gt 0 ]; then
		awk -v a="${rss[$1]}" -v b="${rss[$2]}" -v n1="$1" -v n2="$2" \
			'BEGIN { printf "  %-11s / %-5s = %.2fx (peak RSS)\n", n1, n2, a / b }'
	fi
}
echo
echo "ratios (targets: cinch <= 0.35x runc, <= 1.0x crun even hardened, RSS <= crun):"
ratio cinch-nocg runc
ratio cinch-nocg crun
ratio cinch runc
ratio cinch crun
ratio cinch cinch-nocg
rss_ratio cinch-nocg crun
rss_ratio cinch crun
rss_ratio cinch runc

# Peers may fail (reported above); cinch may not.
status=0
for name in cinch-nocg cinch; do
	if [ -n "${why[$name]:-}" ]; then
		echo "bench: FAIL: $name did not complete: ${why[$name]}" >&2
		status=1
	fi
done
exit "$status"

#!/bin/sh
# What cgroup limits cost per container, on real cgroup v2 (run in the VM by
# `run-vm.sh --bench`): BENCH_N sequential `cinch run` of /bin/true without
# resources and as many with memory.limit + pids.limit, interleaved in
# rounds, timed with busybox sh's $EPOCHREALTIME (microseconds).  Prints
# the medians and their ratio; under TCG only the ratio means anything.
. /vm/lib.sh

N=${BENCH_N:-30}
ROUNDS=${BENCH_ROUNDS:-3}
per=$(((N + ROUNDS - 1) / ROUNDS))

plan 3

now_us() {
	# "1700000000.123456" -> microseconds
	_s=${EPOCHREALTIME%.*}
	_f=${EPOCHREALTIME#*.}
	echo $((_s * 1000000 + 1$_f - 1000000))
}

if [ -z "$EPOCHREALTIME" ]; then
	fail "busybox sh has \$EPOCHREALTIME" "no timer"
	skip "bench: no-limits" "no timer"
	skip "bench: limits" "no timer"
	finish
	exit
fi
ok "busybox sh has \$EPOCHREALTIME"

bundle bnone bench-none ''
bundle blim bench-limits ''
: >"$T/none"
: >"$T/limits"
errs_none=0
errs_lim=0
i=0

# one VARIANT BUNDLE: one timed container, appended to $T/VARIANT.
one() {
	i=$((i + 1))
	t0=$(now_us)
	cinch_ run -b "$BUNDLES/$2" "b$i" </dev/null >"$T/run.out" 2>&1
	_rc=$?
	t1=$(now_us)
	echo $((t1 - t0)) >>"$T/$1"
	if [ "$_rc" != 0 ]; then
		diag "$1: cinch run exit $_rc: $(head -c 300 "$T/run.out")"
		return 1
	fi
}

# Warm up the page cache and the kernel's allocators.
one warm bnone
one warm blim

r=0
while [ "$r" -lt "$ROUNDS" ]; do
	r=$((r + 1))
	k=0
	while [ "$k" -lt "$per" ]; do
		k=$((k + 1))
		one none bnone || errs_none=$((errs_none + 1))
	done
	k=0
	while [ "$k" -lt "$per" ]; do
		k=$((k + 1))
		one limits blim || errs_lim=$((errs_lim + 1))
	done
done

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print 0; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
m_none=$(median "$T/none")
m_lim=$(median "$T/limits")
is "bench: $((ROUNDS * per)) containers without limits exit 0" "$errs_none" 0
is "bench: $((ROUNDS * per)) containers with memory.limit + pids.limit exit 0" "$errs_lim" 0
diag "bench: $((ROUNDS * per)) x cinch run /bin/true per variant, $ROUNDS interleaved rounds (QEMU TCG)"
awk -v a="$m_none" -v b="$m_lim" 'BEGIN {
	printf "bench: median no-limits %.1f ms, limits %.1f ms\n", a / 1000, b / 1000
	if (a > 0) printf "bench: limits/no-limits = %.2fx\n", b / a }' | sed 's/^/# /'
finish

#!/bin/sh
# The VM itself: cgroup v2 with every controller, cinch runs, and a
# container starts, prints and goes away.
. /vm/lib.sh

plan 5

ctl=$(cat /sys/fs/cgroup/cgroup.subtree_control)
missing=
for c in cpuset cpu io memory hugetlb pids; do
	case " $ctl " in *" $c "*) ;; *) missing="$missing $c" ;; esac
done
is "every controller enabled at the root (have: $ctl)" "$missing" ""

check "cinch --version runs (its libraries are in the VM)" "$CINCH" --version

c_run smoke base 'echo "hello from $(hostname)"; cat /proc/self/cgroup'
is "a container runs in the foreground and exits 0" "$?" 0
diag "$(cat /tmp/out/smoke)"
is "it printed" "$(head -n 1 /tmp/out/smoke)" "hello from vm"

cinch_ delete -f smoke >/dev/null 2>&1
if [ -e /run/cinch/smoke ]; then
	fail "cinch delete removes the state directory"
else
	ok "cinch delete removes the state directory"
fi

finish

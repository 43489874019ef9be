#!/bin/sh
# update, events and ps on real cgroup v2: controllers enabled by update,
# checkBeforeUpdate, rollback after a kernel refusal, Docker-style zeros,
# events figures and ps json against the cgroup files.
. /vm/lib.sh
plan 18
MiB=1048576
if c_start u1 mem 'x=$(yes | head -c 30m); echo ready; sleep 1000; echo ${#x}'; then
	wait_until 60 c_has u1 ready
	d=$(cg_dir u1)
	c_start u2 base 'exec sleep 1000'
	check "u2: update --pids-limit 9 enables pids" cinch_ update --pids-limit 9 u2
	is "u2: pids.max" "$(cg_read u2 pids.max)" 9
	diag "controllers before: $(cat "$d/cgroup.controllers")"
	check "update --memory 256m" cinch_ update --memory 256m u1
	is "memory.max" "$(cat "$d/memory.max")" $((256 * MiB))
	cur=$(cat "$d/memory.current")
	diag "memory.current $cur"
	echo '{"memory":{"limit":4194304,"checkBeforeUpdate":true}}' >"$T/r.json"
	if cinch_ update -r "$T/r.json" u1 >"$T/o" 2>&1; then fail "checkBeforeUpdate refuses 4m" "$(cat "$T/o")"; else ok "checkBeforeUpdate refuses 4m"; diag "$(cat "$T/o")"; fi
	is "memory.max unchanged" "$(cat "$d/memory.max")" $((256 * MiB))
	if grep -q checkBeforeUpdate "/run/cinch/u1/config.json"; then fail "config unchanged"; else ok "config unchanged"; fi
	echo '{"memory":{"limit":209715200,"checkBeforeUpdate":true}}' >"$T/r2.json"
	check "checkBeforeUpdate allows 200m" cinch_ update -r "$T/r2.json" u1
	ev=$(cinch_ events --stats u1 2>&1)
	diag "$(echo "$ev" | cut -c 1-400)"
	is "events: memory limit" "$(json_num "$ev" limit)" $((200 * MiB))
	n=$(json_num "$ev" current)
	is "events: pids.current" "$n" "$(wc -l <"$d/cgroup.procs")"
	check "update --pids-limit 30 --cpu-quota 20000 --cpu-period 100000" cinch_ update --pids-limit 30 --cpu-quota 20000 --cpu-period 100000 u1
	is "pids.max" "$(cat "$d/pids.max")" 30
	is "cpu.max" "$(cat "$d/cpu.max")" "20000 100000"
	# rollback: pids.max written, then unified memory.high refused by the kernel
	echo '{"pids":{"limit":50},"unified":{"memory.high":"lots"}}' >"$T/r3.json"
	if cinch_ update -r "$T/r3.json" u1 >"$T/o" 2>&1; then fail "memory.high lots refused" ; else ok "memory.high lots refused"; diag "$(cat "$T/o")"; fi
	is "pids.max restored" "$(cat "$d/pids.max")" 30
	is "ps json" "$(cinch_ ps --format json u1)" "[$(sort -n "$d/cgroup.procs" | tr '\n' ',' | sed 's/,$//')]"
	check "docker-style zeros keep the limits" cinch_ update -r - u1 <<J
{"memory":{"limit":0,"swap":0},"cpu":{"shares":0,"quota":0,"period":0,"cpus":"","mems":""},"pids":{"limit":0},"blockIO":{"weight":0}}
J
	is "cpu.max kept" "$(cat "$d/cpu.max")" "20000 100000"
else
	fail "start"
fi
c_del u1
c_del u2
finish

# The config.json variants the VM's tests use, made on the host with jq
# (sourced by run-vm.sh; jq is not in the VM).  `cfg NAME FILTER` writes
# /vm/cfg/NAME.json: FILTER applied to base.json (cinch spec's config, with
# /vm/rootfs as its read-only rootfs, /bin/sh /cmd.sh as its command and a
# tmpfs on /tmp).  The test disk's major:minor is only known in the VM:
# device entries use major 424242 and minor 434343, which lib.sh's bundle
# replaces.
# shellcheck shell=bash

MiB=1048576

vm_configs() {

	# Memory hog: 32 MiB, no swap (memory.swap is memory+swap, as on v1).
	cfg oom ".linux.resources.memory = {limit: $((32 * MiB)), swap: $((32 * MiB))}"
	# The same with an init the OOM killer never picks (its hog child raises
	# its own score): under TCG the victim can take long enough to die that
	# a second OOM kill would pick the next biggest process, the init.
	cfg oom-safe-init ".linux.resources.memory = {limit: $((32 * MiB)), swap: $((32 * MiB))}
	    | .process.oomScoreAdj = -1000"

	cfg pids '.linux.resources.pids = {limit: 20}'

	cfg cpu '.linux.resources.cpu = {quota: 10000, period: 100000}'

	cfg mem ".linux.resources.memory = {limit: $((64 * MiB))}"

	# Devices: CAP_MKNOD (compat: no user namespace, so mknod works), and a
	# bind-mounted directory of the bundle ("outside") where the test makes
	# nodes from outside the container.
	local dev='.process.capabilities |= with_entries(.value += ["CAP_MKNOD"])
	    | .mounts += [{destination: "/outside", type: "bind", source: "outside",
	                   options: ["bind", "rw"]}]'
	cfg dev "$dev"
	cfg dev-allow "$dev"' | .linux.resources.devices = [
	    {allow: true, type: "c", major: 10, minor: 200, access: "rwm"},
	    {allow: true, type: "c", major: 1, minor: 11, access: "rwm"}]'

	# Every resource cinch converts, read back file by file (cgroup.sh).
	cfg all ".linux.resources = {
	    memory: {limit: $((256 * MiB)), reservation: $((128 * MiB)), swap: $((512 * MiB))},
	    cpu: {shares: 1024, quota: 50000, period: 100000, burst: 10000,
	          cpus: \"0-1\", mems: \"0\", idle: 0},
	    pids: {limit: 100},
	    blockIO: {weight: 500,
	              weightDevice: [{major: 424242, minor: 434343, weight: 200}],
	              throttleReadBpsDevice: [{major: 424242, minor: 434343, rate: $MiB}],
	              throttleWriteIOPSDevice: [{major: 424242, minor: 434343, rate: 100}]},
	    hugepageLimits: [{pageSize: \"2MB\", limit: $((4 * MiB))}],
	    unified: {\"memory.high\": \"$((200 * MiB))\"}}"
	# cpu.idle 1 with shares: the kernel refuses cpu.weight on an idle group.
	cfg idle '.linux.resources.cpu = {shares: 1024, idle: 1}'

	# The hardened default (user namespace from the pool, idmapped rootfs):
	# the rootfs copy on the ext4 test disk (tmpfs cannot be idmapped on 6.1).
	cfg hardened ".root.path = \"/vm/disk/rootfs\"
	    | .linux.resources.memory = {limit: $((64 * MiB))}
	    | .linux.resources.pids = {limit: 50}"
	cfg hardened-nopids ".root.path = \"/vm/disk/rootfs\""

	# bench.sh: /bin/true without, then with limits.
	local bench='.process.args = ["/bin/true"]
	    | .mounts |= map(select(.destination != "/cmd.sh"))'
	cfg bench-none "$bench"
	cfg bench-limits "$bench | .linux.resources.memory = {limit: $((64 * MiB))}
	    | .linux.resources.pids = {limit: 64}"
}

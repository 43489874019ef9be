#!/usr/bin/env bats
# User namespaces beyond the mappings: idmapped mounts, joining host-owned
# namespaces from a new user namespace (the two-step path), and a
# foreground terminal proxied by cinch.

load helpers

setup() { setup_common; }
teardown() { teardown_common; }

userns_maps() {
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
}

@test "userns: an idmap bind mount shows host-root files as root inside, a plain bind as nobody" {
	userns_maps
	mkdir -p "$HOSTDIR/data"
	echo hello >"$HOSTDIR/data/f"
	chown 0:0 "$HOSTDIR/data" "$HOSTDIR/data/f"
	# Container root is host uid 100000: it cannot create mount targets in a
	# rootfs owned by host root, so the image provides them.
	mkdir -p "$BUNDLE/rootfs/idm" "$BUNDLE/rootfs/plain"
	cfg '.mounts += [{destination: "/idm", type: "bind", source: $s, options: ["bind", "idmap"]},
			 {destination: "/plain", type: "bind", source: $s, options: ["bind"]}]' --arg s "$HOSTDIR/data"
	ct_run 'stat -c "%u:%g" /idm/f; stat -c "%u:%g" /plain/f; echo new >/idm/g && echo wrote'
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" 0:0 "owner through the idmapped mount"
	assert_eq "$(sed -n 2p <<<"$output")" 65534:65534 "owner through the plain bind"
	assert_eq "$(sed -n 3p <<<"$output")" wrote "root inside writes through the idmapped mount"
	# Written as container root through the idmapped mount: host root on disk.
	assert_eq "$(stat -c %u:%g "$HOSTDIR/data/g")" 0:0 "on-disk owner of the new file"
}

@test "userns: mount uidMappings/gidMappings idmap a bind without a container user namespace" {
	mkdir -p "$HOSTDIR/data"
	touch "$HOSTDIR/data/f"
	chown 0:0 "$HOSTDIR/data/f"
	cfg '.mounts += [{destination: "/idm", type: "bind", source: $s, options: ["bind", "idmap"],
			  uidMappings: [{containerID: 0, hostID: 1234, size: 1}],
			  gidMappings: [{containerID: 0, hostID: 4321, size: 1}]}]' --arg s "$HOSTDIR/data"
	ct_run 'stat -c "%u:%g" /idm/f'
	assert_success
	assert_eq "$output" 1234:4321 "owner seen through the mount's own idmap"
}

@test "userns: a new user namespace joining a host network namespace (two-step), init is pid 1 with its own /proc" {
	local ns="cit-$ID"
	ip netns add "$ns"
	NETNS+=("$ns")
	ip netns exec "$ns" ip link set lo up
	userns_maps
	add_ns network "/run/netns/$ns"
	ct_run 'echo $$; readlink /proc/self/ns/net; tr -s " " " " </proc/self/uid_map; ls /proc/1/ns/pid >/dev/null && echo proc-ok'
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" 1 "pid of the init"
	assert_eq "$(sed -n 2p <<<"$output")" "net:[$(stat -L -c %i "/run/netns/$ns")]" "joined netns"
	assert_eq "$(sed -n 3p <<<"$output" | sed 's/^ *//')" "0 100000 65536" "uid map"
	assert_eq "$(sed -n 4p <<<"$output")" proc-ok "procfs of the container's pid namespace"
}

@test "userns: joining another container's user and uts namespaces by path" {
	userns_maps
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(pid_of "$ID")
	# A second container, from a second bundle, joins them.
	local b2=$T/bundle2 id2="${ID}b"
	mkdir -p "$b2"
	cp -a "$BUNDLE/rootfs" "$b2/rootfs"
	jq --arg u "/proc/$pid/ns/user" --arg h "/proc/$pid/ns/uts" '
		.linux.namespaces |= (map(select(.type != "user" and .type != "uts"))
			+ [{type: "user", path: $u}, {type: "uts", path: $h}])
		| del(.linux.uidMappings, .linux.gidMappings, .hostname)
		| .process.args = ["sh", "-c", "readlink /proc/self/ns/user; readlink /proc/self/ns/uts; id -u"]' \
		"$BUNDLE/config.json" >"$b2/config.json"
	run --separate-stderr cinch run --bundle "$b2" "$id2" </dev/null
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" "$(readlink "/proc/$pid/ns/user")" "joined user ns"
	assert_eq "$(sed -n 2p <<<"$output")" "$(readlink "/proc/$pid/ns/uts")" "joined uts ns"
	assert_eq "$(sed -n 3p <<<"$output")" 0 "root in the joined user namespace"
	run --separate-stderr cinch delete -f "$ID"
	assert_success
}

@test "userns: foreground run with a terminal proxies the pty and returns the exit code" {
	command -v script >/dev/null || skip "script(1) is not installed"
	cfg '.process.terminal = true'
	sh_args 'tty; test -t 0 && echo stdin-is-tty; exit 7'
	status=0
	output=$(timeout 30 script -qec "$CINCH --root $ROOT run --bundle $BUNDLE $ID" /dev/null </dev/null) || status=$?
	assert_status 7
	assert_output_has /dev/pts/0
	assert_output_has stdin-is-tty
}

#!/usr/bin/env bats
# linux.namespaces: created, joined by path, user-namespace mappings, time offsets.

load helpers

@test "namespaces: every type requested is new (ns links differ from the host's)" {
	add_ns cgroup
	add_ns time
	ct_run 'echo $$; for n in pid net ipc uts mnt cgroup time; do echo "$n $(readlink /proc/$$/ns/$n)"; done'
	assert_success
	assert_eq "$(head -1 <<<"$output")" 1 "pid of the container init inside its pid namespace"
	for n in pid net ipc uts mnt cgroup time; do
		inside=$(awk -v n="$n" '$1 == n { print $2 }' <<<"$output")
		[ -n "$inside" ] || { echo "no $n link inside" >&2; show >&2; return 1; }
		if [ "$inside" = "$(host_ns "$n")" ]; then
			echo "$n namespace is the host's ($inside)" >&2
			return 1
		fi
	done
}

@test "namespaces: types not requested are shared with the host" {
	del_ns network
	del_ns ipc
	ct_run 'for n in net ipc cgroup user time; do echo "$n $(readlink /proc/$$/ns/$n)"; done'
	assert_success
	for n in net ipc cgroup user time; do
		inside=$(awk -v n="$n" '$1 == n { print $2 }' <<<"$output")
		assert_eq "$inside" "$(host_ns "$n")" "$n namespace"
	done
}

@test "namespaces: join a network namespace by path" {
	# named after this run (cinch-it.XXXXXX), so that the end-of-run cleanup
	# of another run going on at the same time can tell it is not its own
	ns="cit-${CINCH_IT_TMP##*/cinch-it.}-$RANDOM$RANDOM"
	ip netns add "$ns"
	NETNS+=("$ns")
	add_ns network "/run/netns/$ns"
	ct_run 'readlink /proc/$$/ns/net'
	assert_success
	assert_eq "$output" "net:[$(stat -L -c %i "/run/netns/$ns")]"
	# the joined namespace survives the container
	[ -e "/run/netns/$ns" ]
	ip netns exec "$ns" true
}

@test "namespaces: join the uts namespace of another container by path" {
	cfg '.hostname = "first-host"'
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID-a"
	assert_success
	pa=$(pid_of "$ID-a")
	cfg 'del(.hostname)'
	add_ns uts "/proc/$pa/ns/uts"
	ct_run 'hostname; readlink /proc/$$/ns/uts'
	assert_success
	assert_eq "$output" "$(printf 'first-host\n%s' "$(readlink "/proc/$pa/ns/uts")")"
}

@test "namespaces: joining a missing path fails naming it, nothing left" {
	add_ns network "$T/no-such-netns"
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_error_names "$T/no-such-netns"
	assert_gone "$ID"
}

@test "namespaces: joining a path of the wrong namespace type fails, nothing left" {
	add_ns uts /proc/self/ns/net
	runf cinch create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_gone "$ID"
}

@test "namespaces: user namespace with uidMappings and gidMappings" {
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 200000, size: 65536}]'
	ct_run 'tr -s " " " " </proc/$$/uid_map; tr -s " " " " </proc/$$/gid_map; id -u; id -g; readlink /proc/$$/ns/user'
	assert_success
	assert_eq "$(sed -n 1,2p <<<"$output" | sed 's/^ *//')" "$(printf '0 100000 65536\n0 200000 65536')" "maps"
	assert_eq "$(sed -n 3,4p <<<"$output")" "$(printf '0\n0')" "ids inside"
	[ "$(sed -n 5p <<<"$output")" != "$(host_ns user)" ] || { echo "user ns is the host's" >&2; return 1; }
}

@test "namespaces: user namespace, host sees the mapped ids; several mapping ranges" {
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 1}, {containerID: 1, hostID: 300001, size: 1000}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 1}, {containerID: 1, hostID: 300001, size: 1000}]
		| .process.user = {uid: 5, gid: 5}'
	sh_args 'sleep 1000'
	runf cinch run -d --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(pid_of "$ID")
	assert_eq "$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status")" 300005 "host uid of container uid 5"
	assert_eq "$(awk '$1 == "Gid:" { print $2 }' "/proc/$pid/status")" 300005 "host gid of container gid 5"
	assert_eq "$(awk '{ print $1, $2, $3 }' "/proc/$pid/uid_map" | tr '\n' ';')" "0 100000 1;1 300001 1000;"
}

@test "namespaces: time namespace boottime offset shows in /proc/uptime" {
	add_ns time
	ten_years=315360000
	cfg '.linux.timeOffsets = {boottime: {secs: 315360000, nanosecs: 0}, monotonic: {secs: 86400, nanosecs: 0}}'
	host_up=$(cut -d. -f1 /proc/uptime)
	ct_run 'cut -d. -f1 /proc/uptime'
	assert_success
	[ "$host_up" -lt "$ten_years" ] || skip "host up for more than ten years"
	[ "$output" -ge $((host_up + ten_years)) ] && [ "$output" -lt $((host_up + ten_years + 120)) ] || {
		echo "uptime inside $output, host $host_up, offset $ten_years" >&2
		return 1
	}
}

@test "namespaces: loopback is up in a new network namespace" {
	ct_run 'cat /sys/class/net/lo/flags; ip link show lo; ls /sys/class/net'
	assert_success
	flags=$(head -1 <<<"$output")
	((flags & 1)) || { echo "lo flags $flags: IFF_UP not set" >&2; show >&2; return 1; }
	assert_output_has "LOOPBACK,UP"
	# and it is the container's own network: only lo
	assert_eq "$(tail -1 <<<"$output")" lo "interfaces inside"
}

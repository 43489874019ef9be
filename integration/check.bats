#!/usr/bin/env bats
# cinch check: the policy's decision on a config, explained, without running
# anything.
# shellcheck disable=SC2016,SC2034  # jq programs in single quotes; POLICY is read by helpers.bash

load helpers

# The cinch helper passes --policy "$POLICY" (compat for the core suites):
# these tests are about the default profile.
setup() {
	setup_common
	POLICY=hardened
}

# cinch without the helper's --policy: the policy file decides
rcinch() { timeout -k 5 "$TIMEOUT" "$CINCH" --root "$ROOT" "$@"; }

# Edit the bundle into a config that asks for every host privilege the
# policy refuses; EXPECTED lists "RULE PATH" of each refusal.
privileged() {
	cfg '.process.capabilities |= with_entries(if .key == "ambient" then . else .value += ["CAP_SYS_ADMIN"] end)'
	del_ns pid                            # no pid namespace: the host's
	add_ns network /proc/self/ns/net      # joins cinch's (the host's) network namespace
	cfg '.mounts += [{destination: "/host-etc", type: "bind", source: "/etc", options: ["rbind"]},
		{destination: "/proc/sys/kernel", type: "tmpfs", source: "tmpfs"}]'
	cfg '.linux.sysctl = {"kernel.core_pattern": "|/tmp/x", "kernel.shmmax": "1+1",
		"net.ipv4.ip_forward": "1"}'
	cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW"}'
	cfg '.linux.rootfsPropagation = "rshared"'
	cfg '.linux.devices = [{path: "/dev/sda", type: "b", major: 8, minor: 0}]'
	cfg '.linux.resources = {devices: [{allow: true, access: "rwm"}]}'
	cfg '.process.apparmorProfile = "unconfined" | .process.oomScoreAdj = -500'
	printf '#!/bin/sh\n' >"$T/hook"
	chmod 0755 "$T/hook"
	cfg '.hooks.prestart = [{path: $p}]' --arg p "$T/hook"
	EXPECTED=$(sort <<-'EOF'
		CINCH-CAP-SYSADMIN process.capabilities.bounding
		CINCH-NS-HOST-PID linux.namespaces
		CINCH-NS-HOST-NET linux.namespaces[3].path
		CINCH-MOUNT-SENSITIVE mounts[6].source
		CINCH-MOUNT-PROC mounts[7].destination
		CINCH-SYSCTL-UNSAFE linux.sysctl["kernel.core_pattern"]
		CINCH-SYSCTL-VALUE linux.sysctl["kernel.shmmax"]
		CINCH-SYSCTL-HOSTNET linux.sysctl["net.ipv4.ip_forward"]
		CINCH-SECCOMP-UNCONFINED linux.seccomp.defaultAction
		CINCH-MOUNT-SHARED linux.rootfsPropagation
		CINCH-DEVICE-RAW linux.devices[0]
		CINCH-DEVICE-CGROUP-ALL linux.resources.devices[0]
		CINCH-APPARMOR-UNCONFINED process.apparmorProfile
		CINCH-OOM-NEGATIVE process.oomScoreAdj
		CINCH-HOOK-DIR hooks.prestart[0].path
		CINCH-HOOK-WRITABLE hooks.prestart[0].path
	EOF
	)
}

# findings of a --format json report as "ACTION RULE PATH" lines, sorted
json_findings() { jq -r '.findings[] | "\(.action) \(.rule) \(.path)"' <<<"$output" | sort; }

assert_root_untouched() {
	[ -z "$(ls -A "$ROOT")" ] || {
		echo "check created something under --root:" >&2
		ls -la "$ROOT" >&2
		return 1
	}
}

@test "check: a safe config would run; the findings list what cinch hardens" {
	cfg '.process.noNewPrivileges = false'
	run --separate-stderr cinch check -b "$BUNDLE"
	assert_success
	assert_output_has "cinch check: $BUNDLE/config.json: profile hardened"
	assert_eq "$(tail -n 1 <<<"$output")" "would run"
	for f in "linux.namespaces: .*\[CINCH-USERNS\]" "process.noNewPrivileges: .*\[CINCH-NNP\]" \
		"root.readonly: .*\[CINCH-ROOTFS-READONLY\]" "mounts: .*/tmp.*\[CINCH-TMPFS\]" \
		"linux.seccomp: .*\[CINCH-SECCOMP-DEFAULT\]" "process.capabilities.ambient: .*\[CINCH-CAP-INHERITABLE\]"; do
		grep -Eq "^hardened: $f" <<<"$output" || {
			echo "no 'hardened: $f' finding" >&2
			show >&2
			return 1
		}
	done
	! grep -q '^refused:' <<<"$output" || { show >&2; return 1; }
	# every line between the header and the verdict is a finding
	n=$(sed '1d;$d' <<<"$output" | grep -cvE '^(hardened|warned): [^ ]+: .* \[CINCH-[A-Z-]+\]( \(fix: .*\))?$' || true)
	assert_eq "$n" 0 "lines that are not findings"

	# FILE and the default ./config.json give the same report
	expected=$output
	run --separate-stderr cinch check "$BUNDLE/config.json"
	assert_success
	assert_eq "$(sed 1d <<<"$output")" "$(sed 1d <<<"$expected")" "check FILE"
	run --separate-stderr bash -c 'cd "$1" && shift && "$@" check' _ "$BUNDLE" "$CINCH" --root "$ROOT"
	assert_success
	assert_output_has "cinch check: ./config.json: profile hardened"
	assert_root_untouched
}

@test "check: a privileged config is refused, naming every violation with its rule and path" {
	privileged
	run --separate-stderr cinch check -b "$BUNDLE"
	assert_status 1
	n=$(wc -l <<<"$EXPECTED")
	assert_eq "$(tail -n 1 <<<"$output")" "refused: $n violations"
	while read -r rule path; do
		grep -F "refused: $path: " <<<"$output" | grep -qF "[$rule]" || {
			echo "no refusal '$rule' at '$path'" >&2
			show >&2
			return 1
		}
	done <<<"$EXPECTED"
	assert_eq "$(grep -c '^refused: [^ ]*: ' <<<"$output")" "$n" "number of refusals"
	# the hardening that would also apply is still shown
	grep -q '^hardened: .*\[CINCH-USERNS\]' <<<"$output" || { show >&2; return 1; }

	run --separate-stderr cinch check --format json -b "$BUNDLE"
	assert_status 1
	assert_eq "$(jq -r .verdict <<<"$output")" refused
	assert_eq "$(jq -r .profile <<<"$output")" hardened
	assert_eq "$(json_findings | sed -n 's/^refused //p')" "$EXPECTED" "refusals in the JSON report"
	jq -e '.findings | all(.rule and .path and .action and .message and has("fix"))' <<<"$output" >/dev/null ||
		{ show >&2; return 1; }
	assert_root_untouched
}

@test "check: --format json reports the config, profile, verdict and findings" {
	run --separate-stderr cinch check --format json -b "$BUNDLE"
	assert_success
	jq -e . <<<"$output" >/dev/null || { show >&2; return 1; }
	assert_eq "$(jq -r .config <<<"$output")" "$BUNDLE/config.json"
	assert_eq "$(jq -r .verdict <<<"$output")" run
	assert_eq "$(jq -r .profile <<<"$output")" hardened
	assert_eq "$(jq -r 'has("effective")' <<<"$output")" false
	jq -e '.findings | length > 0 and all(.action == "hardened" or .action == "warned")' <<<"$output" >/dev/null ||
		{ show >&2; return 1; }
	jq -e '.findings[] | select(.rule == "CINCH-USERNS" and .path == "linux.namespaces" and .action == "hardened")
		| .message | length > 0' <<<"$output" >/dev/null || { show >&2; return 1; }
	# the text report holds the same findings
	json=$(jq -r '.findings[] | "\(.action): \(.path): \(.message) [\(.rule)]"' <<<"$output")
	run --separate-stderr cinch check -f text -b "$BUNDLE"
	assert_success
	assert_eq "$(sed '1d;$d' <<<"$output" | sed 's/ (fix: .*)$//')" "$json" "text and json findings"
}

@test "check: --print-effective prints the hardened config, which needs no more hardening" {
	cfg '.process.noNewPrivileges = false'
	run --separate-stderr cinch check --print-effective -b "$BUNDLE"
	assert_success
	# the report goes to stderr, stdout is the config alone
	assert_stderr_has "would run"
	assert_stderr_has "[CINCH-USERNS]"
	eff=$output
	jq -e . <<<"$eff" >/dev/null || { show >&2; return 1; }
	assert_eq "$(jq -r '[.linux.namespaces[].type] | index("user") != null' <<<"$eff")" true "user namespace"
	assert_eq "$(jq -r '[.linux.namespaces[].type] | index("cgroup") != null' <<<"$eff")" true "cgroup namespace"
	assert_eq "$(jq -c '[.linux.uidMappings[] | .containerID, .size]' <<<"$eff")" "[0,65536]" "uidMappings"
	assert_eq "$(jq -c '[.linux.gidMappings[] | .containerID, .size]' <<<"$eff")" "[0,65536]" "gidMappings"
	assert_eq "$(jq -r .root.readonly <<<"$eff")" true "root.readonly"
	assert_eq "$(jq -r .root.path <<<"$eff")" "$BUNDLE/rootfs" "root.path"
	assert_eq "$(jq -r .process.noNewPrivileges <<<"$eff")" true "noNewPrivileges"
	assert_eq "$(jq -r '.process.capabilities.ambient // [] | length' <<<"$eff")" 0 "ambient"
	assert_eq "$(jq -r '.annotations["run.cinch.seccomp"]' <<<"$eff")" default "default seccomp"
	assert_eq "$(jq -r '.annotations["run.cinch.rootfs.options"]' <<<"$eff")" "nosuid,nodev" "rootfs options"
	for d in /tmp /var/tmp /run; do
		jq -e --arg d "$d" '[.mounts[] | select(.destination == $d and .type == "tmpfs")] | length == 1
			and (.[0].options | index("noexec") and index("nosuid") and index("nodev"))' <<<"$eff" >/dev/null || {
			echo "no hardened tmpfs at $d" >&2
			show >&2
			return 1
		}
	done

	# the same document in the JSON report
	run --separate-stderr cinch check --format json --print-effective -b "$BUNDLE"
	assert_success
	assert_eq "$(jq -S .effective <<<"$output")" "$(jq -S . <<<"$eff")" "effective in --format json"

	# saved, the effective config is a fixed point: checked again, nothing
	# is left to harden and printing it gives the same text
	mkdir "$T/eff"
	printf '%s\n' "$eff" >"$T/eff/config.json"
	run --separate-stderr cinch check --format json --print-effective "$T/eff/config.json"
	assert_success
	assert_eq "$(jq -r '[.findings[] | select(.action != "warned")] | length' <<<"$output")" 0 "findings on the effective config"
	assert_eq "$(jq -S .effective <<<"$output")" "$(jq -S . <<<"$eff")" "effective of the effective config"
	assert_root_untouched
}

@test "check: the effective config runs as it is, hardened even under compat" {
	sh_args 'cat /proc/self/uid_map; grep NoNewPrivs /proc/self/status; touch /x 2>&1; grep " /tmp " /proc/self/mounts'
	cfg '.process.noNewPrivileges = false'
	run --separate-stderr cinch check --print-effective -b "$BUNDLE"
	assert_success
	mkdir "$T/eff"
	printf '%s\n' "$output" >"$T/eff/config.json"
	# compat edits nothing: what runs is the effective config alone
	POLICY=compat
	run --separate-stderr cinch run --bundle "$T/eff" "$ID" </dev/null
	assert_success
	read -r cid hid size <<<"$(head -n 1 <<<"$output")"
	assert_eq "$cid/$size" "0/65536" "uid_map"
	[ "$hid" -gt 0 ] || { echo "container root is host root" >&2; show >&2; return 1; }
	assert_output_has "$(printf 'NoNewPrivs:\t1')"
	assert_output_has "Read-only file system"
	grep -Eq '^tmpfs /tmp tmpfs .*nosuid,nodev,noexec' <<<"$output" || { show >&2; return 1; }
}

@test "check: --print-effective prints no config for a refused one" {
	privileged
	run --separate-stderr cinch check --print-effective -b "$BUNDLE"
	assert_status 1
	assert_eq "$output" "" "stdout"
	assert_stderr_has "refused:"
	run --separate-stderr cinch check --format json --print-effective -b "$BUNDLE"
	assert_status 1
	assert_eq "$(jq -r 'has("effective")' <<<"$output")" false
}

@test "check: --policy compat only warns, and changes nothing" {
	privileged
	for args in "check --policy compat" "--policy compat check" "--policy hardened check --policy compat"; do
		# shellcheck disable=SC2086  # words on purpose
		run --separate-stderr cinch $args --format json --print-effective -b "$BUNDLE"
		assert_success
		assert_eq "$(jq -r .profile <<<"$output")" compat "$args"
		assert_eq "$(jq -r .verdict <<<"$output")" run "$args"
		assert_eq "$(jq -r '[.findings[] | select(.action != "warned")] | length' <<<"$output")" 0 "$args: not warned"
		# every refusal of hardened is among the warnings
		assert_eq "$(json_findings | sed -n 's/^warned //p' | grep -xF -f <(printf '%s\n' "$EXPECTED") || true)" \
			"$EXPECTED" "$args: warned"
		# compat never edits the plan
		eff=$(jq -c .effective <<<"$output")
		assert_eq "$(jq -c '[.linux.namespaces[].type]' <<<"$eff")" \
			"$(jq -c '[.linux.namespaces[].type]' "$BUNDLE/config.json")" "$args: namespaces"
		assert_eq "$(jq -c '[.mounts[].destination]' <<<"$eff")" \
			"$(jq -c '[.mounts[].destination]' "$BUNDLE/config.json")" "$args: mounts"
		assert_eq "$(jq -c '[.root.readonly, .annotations, .process.capabilities.bounding[]]' <<<"$eff")" \
			'[false,null,"CAP_KILL","CAP_NET_BIND_SERVICE","CAP_SYS_ADMIN","CAP_AUDIT_WRITE"]' "$args: root, caps"
	done
	run --separate-stderr cinch check --policy compat -b "$BUNDLE"
	assert_success
	assert_eq "$(tail -n 1 <<<"$output")" "would run"
	! grep -qE '^(refused|hardened):' <<<"$output" || { show >&2; return 1; }
	assert_root_untouched
}

@test "check: the profile comes from --policy, the global flag, the policy file or the config" {
	printf 'profile = compat\n' >"$T/policy.conf"
	run --separate-stderr rcinch --policy-file "$T/policy.conf" check -f json -b "$BUNDLE"
	assert_success
	assert_eq "$(jq -r .profile <<<"$output")" compat "from the policy file"
	run --separate-stderr rcinch --policy-file "$T/policy.conf" check --policy strict -b "$BUNDLE"
	assert_status 1
	assert_output_has "profile strict"
	grep -q '^refused: linux.namespaces: .*\[CINCH-USERNS\]' <<<"$output" || { show >&2; return 1; }
	# a config may only ask for a stricter profile
	cfg '.annotations["run.cinch.policy"] = "strict"'
	run --separate-stderr rcinch --policy-file "$T/policy.conf" check -b "$BUNDLE"
	assert_status 1
	assert_output_has "profile strict"
	run --separate-stderr cinch check --policy nosuch -b "$BUNDLE"
	assert_error_names nosuch
	printf 'profile = nosuch\n' >"$T/policy.conf"
	run --separate-stderr rcinch --policy-file "$T/policy.conf" check -b "$BUNDLE"
	assert_error_names "$T/policy.conf"
}

@test "check: creates nothing, not even the state directory" {
	r=$T/fresh-root
	for args in "-b $BUNDLE" "--format json --print-effective -b $BUNDLE" "--policy strict $BUNDLE/config.json"; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 60 "$CINCH" --root "$r" check $args
		[ ! -e "$r" ] || { echo "check $args created $r" >&2; return 1; }
	done
	# a bind of the state directory is refused (the container could rewrite
	# every other container's state)
	cfg '.mounts += [{destination: "/state", type: "bind", source: $s, options: ["rbind"]}]' --arg s "$ROOT"
	run --separate-stderr cinch check -b "$BUNDLE"
	assert_status 1
	grep -q '^refused: mounts\[6\]\.source: .*\[CINCH-MOUNT-SENSITIVE\]' <<<"$output" || { show >&2; return 1; }
	assert_root_untouched
	[ -z "$(new_host_mounts)" ]
}

@test "check: parser warnings are shown" {
	cfg '.process.capabilities.bounding += ["CAP_NOT_A_CAP"]'
	run --separate-stderr cinch check -b "$BUNDLE"
	assert_success
	grep -q '^warning: process.capabilities.bounding\[[0-9]*\]: .*CAP_NOT_A_CAP' <<<"$output" || { show >&2; return 1; }
	run --separate-stderr cinch check --format json -b "$BUNDLE"
	assert_success
	jq -e '.warnings | any(test("CAP_NOT_A_CAP"))' <<<"$output" >/dev/null || { show >&2; return 1; }
}

@test "check: a config that cannot be read or parsed is an error naming it" {
	run --separate-stderr cinch check -b "$T/nosuch"
	assert_error_names "$T/nosuch"
	assert_eq "$output" "" "stdout"
	printf '{ "ociVersion": ' >"$T/bad.json"
	run --separate-stderr cinch check "$T/bad.json"
	assert_error_names "$T/bad.json" "invalid JSON"
	cfg 'del(.process.args)'
	run --separate-stderr cinch check -b "$BUNDLE"
	assert_error_names "$BUNDLE/config.json" "process.args"
	run --separate-stderr cinch check -b "$BUNDLE" "$BUNDLE/config.json"
	assert_error_names "--bundle"
	run --separate-stderr cinch check --format yaml -b "$BUNDLE"
	assert_error_names yaml
	run --separate-stderr cinch check --no-such-flag
	assert_error_names no-such-flag
	assert_root_untouched
}

@test "check: --help describes the command" {
	run --separate-stderr cinch check --help
	assert_success
	for o in --bundle --policy --format --print-effective; do assert_output_has "$o"; done
	run --separate-stderr cinch --help
	assert_success
	grep -qw check <<<"$output" || { show >&2; return 1; }
}

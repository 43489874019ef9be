#!/usr/bin/env bats
# Command line: global flags, flag spellings, spec, features, logging.

load helpers

DEFAULT_ROOT_IDS=()

teardown() {
	local id
	for id in "${DEFAULT_ROOT_IDS[@]}"; do
		timeout 20 "$CINCH" delete -f "$id" >/dev/null 2>&1 || true
	done
	teardown_common
}

# raw cinch without the test's --root
rcinch() { timeout -k 5 "$TIMEOUT" "$CINCH" "$@"; }

@test "cli: --version prints the version and the runtime-spec version" {
	run --separate-stderr rcinch --version
	assert_success
	assert_output_has cinch
	grep -Eiq 'spec.*[0-9]+\.[0-9]+\.[0-9]+' <<<"$output" || { echo "no spec version" >&2; show >&2; return 1; }
}

@test "cli: --help lists every command and exits 0" {
	run --separate-stderr rcinch --help
	assert_success
	for c in create start run state kill delete list spec features exec check; do
		grep -qw "$c" <<<"$output" || { echo "--help does not mention '$c'" >&2; show >&2; return 1; }
	done
	runf rcinch create --help
	assert_success
	assert_output_has --bundle
	assert_output_has --console-socket
	# every command has its usage, and --help runs nothing
	for c in start state kill delete list spec features exec check run; do
		runf rcinch "$c" --help
		assert_success
		assert_output_has "Usage: cinch $c"
	done
	runf rcinch kill -h
	assert_success
	assert_output_has "--all"
}

@test "cli: unknown command and unknown flags are refused naming them" {
	run --separate-stderr rcinch frobnicate
	assert_error_names frobnicate
	run --separate-stderr rcinch --no-such-global-flag list
	assert_error_names no-such-global-flag
	runf cinch create --no-such-flag --bundle "$BUNDLE" "$ID"
	assert_error_names no-such-flag
	assert_gone "$ID"
	runf cinch create --bundle
	assert_failure
}

@test "cli: a command without its id argument fails" {
	for c in create start state kill delete; do
		run --separate-stderr cinch $c
		assert_failure
		[ -n "$stderr" ] || { echo "'$c' without id: no message" >&2; return 1; }
	done
	[ -z "$(ls -A "$ROOT")" ]
}

@test "cli: --root DIR, --root=DIR, -root DIR, -root=DIR" {
	sh_args 'sleep 1000'
	n=0
	for form in "--root SP" "--root=EQ" "-root SP" "-root=EQ"; do
		n=$((n + 1))
		r=$T/root$n
		case $form in
		*SP) args=("${form% SP}" "$r") ;;
		*EQ) args=("${form%EQ}$r") ;;
		esac
		runf timeout 60 "$CINCH" "${args[@]}" create --bundle "$BUNDLE" "$ID"
		assert_success
		[ -d "$r/$ID" ] || { echo "$form: no state in $r (have: $(ls "$r" 2>&1))" >&2; return 1; }
		[ ! -e "$ROOT/$ID" ] && [ ! -e "/run/cinch/$ID" ] || { echo "$form: state in the wrong root" >&2; return 1; }
		run --separate-stderr timeout 60 "$CINCH" "${args[@]}" state "$ID"
		assert_success
		assert_eq "$(jq -r .status <<<"$output")" created "$form"
		run --separate-stderr timeout 60 "$CINCH" "${args[@]}" delete -f "$ID"
		assert_success
		[ ! -e "$r/$ID" ]
	done
}

@test "cli: --root is created when missing" {
	sh_args 'true'
	r=$T/new/nested/root
	runf timeout 60 "$CINCH" --root "$r" create --bundle "$BUNDLE" "$ID"
	assert_success
	[ -d "$r/$ID" ]
	timeout 60 "$CINCH" --root "$r" delete -f "$ID"
}

@test "cli: default --root is /run/cinch" {
	sh_args 'true'
	DEFAULT_ROOT_IDS+=("$ID")
	runf rcinch create --bundle "$BUNDLE" "$ID"
	assert_success
	[ -d "/run/cinch/$ID" ] || { echo "no /run/cinch/$ID" >&2; return 1; }
	run --separate-stderr rcinch delete -f "$ID"
	assert_success
	[ ! -e "/run/cinch/$ID" ]
}

@test "cli: command flag spellings: -b, --bundle=, -bundle, --pid-file=, -pid-file" {
	sh_args 'sleep 1000'
	for form in "-b" "--bundle=" "-bundle" "--bundle"; do
		case $form in
		*=) args=("$form$BUNDLE") ;;
		*) args=("$form" "$BUNDLE") ;;
		esac
		runf cinch create "${args[@]}" -pid-file "$T/pid" "$ID"
		assert_success
		assert_eq "$(cinch state "$ID" | jq -r .bundle)" "$BUNDLE" "$form"
		assert_eq "$(cat "$T/pid")" "$(pid_of "$ID")" "-pid-file"
		rm -f "$T/pid"
		run --separate-stderr cinch delete -force "$ID"
		assert_success
		assert_gone "$ID"
	done
	runf cinch run -detach --bundle="$BUNDLE" --pid-file="$T/pid2" "$ID"
	assert_success
	assert_eq "$(cat "$T/pid2")" "$(pid_of "$ID")" "--pid-file="
}

@test "cli: run -f/--config uses another config file" {
	set_args echo from-other-config
	mv "$BUNDLE/config.json" "$T/other.json"
	run --separate-stderr cinch run -f "$T/other.json" --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" from-other-config
	run --separate-stderr cinch run --config="$T/other.json" --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" from-other-config
}

@test "cli: --log FILE --log-format json writes JSON lines with level, msg, time" {
	missing="nosuch-$RANDOM"
	run --separate-stderr cinch --log "$T/log.json" --log-format json state "$missing"
	assert_failure
	[ -s "$T/log.json" ] || { echo "log file empty or missing" >&2; return 1; }
	while IFS= read -r line; do
		jq -e 'has("level") and has("msg") and has("time")' <<<"$line" >/dev/null ||
			{ echo "not a JSON log line with level/msg/time: $line" >&2; return 1; }
	done <"$T/log.json"
	jq -e -s --arg id "$missing" 'map(select(.level == "error" and (.msg | contains($id)))) | length > 0' \
		"$T/log.json" >/dev/null || { echo "no error line naming $missing: $(cat "$T/log.json")" >&2; return 1; }
	# time is RFC 3339
	jq -r .time "$T/log.json" | head -1 | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)$' ||
		{ echo "time not RFC 3339: $(cat "$T/log.json")" >&2; return 1; }
	# appends
	cinch --log="$T/log.json" --log-format=json state "$missing" 2>/dev/null || true
	[ "$(wc -l <"$T/log.json")" -ge 2 ] || { echo "log not appended" >&2; return 1; }
}

@test "cli: --log-format text, and an unknown log format is refused" {
	missing="nosuch-$RANDOM"
	run --separate-stderr cinch --log "$T/log.txt" --log-format text state "$missing"
	assert_failure
	grep -q "$missing" "$T/log.txt" || { echo "text log lacks the error: $(cat "$T/log.txt")" >&2; return 1; }
	run --separate-stderr cinch --log-format yaml list
	assert_error_names yaml
}

@test "cli: --debug, --cgroup-manager and --systemd-cgroup are accepted" {
	set_args echo hi
	run --separate-stderr cinch --debug run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" hi
	for m in disabled cgroupfs; do
		run --separate-stderr cinch --cgroup-manager "$m" run --bundle "$BUNDLE" "$ID"
		assert_success
		assert_eq "$output" hi "--cgroup-manager $m"
		assert_gone "$ID"
	done
	run --separate-stderr cinch --cgroup-manager=bogus list
	assert_error_names bogus
	run --separate-stderr cinch --systemd-cgroup list
	assert_success
}

@test "cli: spec writes a valid config and refuses to overwrite it" {
	mkdir "$T/s"
	cd "$T/s"
	run --separate-stderr cinch spec
	assert_success
	jq -e '(.ociVersion | test("^1\\.")) and (.process.args | length > 0) and .root.path == "rootfs"
		and (.linux.namespaces | map(.type) | index("mount") != null)' config.json >/dev/null ||
		{ echo "bad spec: $(cat config.json)" >&2; return 1; }
	echo '{"keep": true}' >config.json
	sum=$(sha256sum config.json)
	run --separate-stderr cinch spec
	assert_error_names config.json
	assert_eq "$(sha256sum config.json)" "$sum" "config.json after refused spec"

	mkdir "$T/s2"
	cd /
	run --separate-stderr cinch spec -b "$T/s2"
	assert_success
	jq -e . "$T/s2/config.json" >/dev/null
	mkdir "$T/s3"
	run --separate-stderr cinch spec --bundle "$T/s3"
	assert_success
	jq -e . "$T/s3/config.json" >/dev/null
}

@test "cli: the config from spec runs on the busybox rootfs" {
	mkdir "$T/s"
	cp -a "$BUNDLE/rootfs" "$T/s/rootfs"
	(cd "$T/s" && cinch spec)
	rm -rf "$BUNDLE"
	BUNDLE=$T/s
	cfg '.process.terminal = false | .process.args = ["sh", "-c", "echo spec-works"] | .process.env += [$m]' \
		--arg m "$MARKER"
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_eq "$output" spec-works
}

@test "cli: spec --rootless has a user namespace with mappings, and runs" {
	mkdir "$T/s"
	cp -a "$BUNDLE/rootfs" "$T/s/rootfs"
	run --separate-stderr cinch spec --rootless -b "$T/s"
	assert_success
	jq -e '(.linux.namespaces | map(.type) | index("user") != null)
		and (.linux.uidMappings | length > 0) and (.linux.gidMappings | length > 0)' "$T/s/config.json" >/dev/null ||
		{ echo "rootless spec: $(cat "$T/s/config.json")" >&2; return 1; }
	rm -rf "$BUNDLE"
	BUNDLE=$T/s
	cfg '.process.terminal = false | .process.args = ["sh", "-c", "cat /proc/self/uid_map"] | .process.env += [$m]' \
		--arg m "$MARKER"
	run --separate-stderr cinch run --bundle "$BUNDLE" "$ID"
	assert_success
	[ -n "$output" ]
}

@test "cli: features is valid JSON and truthful about the essentials" {
	run --separate-stderr rcinch features
	assert_success
	f=$output
	jq -e . <<<"$f" >/dev/null || { echo "not JSON: $f" >&2; return 1; }
	jq -e '(.ociVersionMin | test("^1\\.")) and (.ociVersionMax | test("^1\\."))' <<<"$f" >/dev/null ||
		{ echo "ociVersionMin/Max: $f" >&2; return 1; }
	for ns in cgroup ipc mount network pid time user uts; do
		jq -e --arg n "$ns" '.linux.namespaces | index($n) != null' <<<"$f" >/dev/null ||
			{ echo "namespace $ns missing from features" >&2; return 1; }
	done
	for o in ro rro nosymfollow rnosuid bind rbind private rslave; do
		jq -e --arg o "$o" '.mountOptions | index($o) != null' <<<"$f" >/dev/null ||
			{ echo "mount option $o missing from features" >&2; return 1; }
	done
	jq -e '(.linux.capabilities | index("CAP_SYS_ADMIN") != null) and .linux.seccomp.enabled == true
		and (.linux.seccomp.actions | index("SCMP_ACT_ERRNO") != null)
		and (.linux.seccomp.archs | index("SCMP_ARCH_X86_64") != null)' <<<"$f" >/dev/null ||
		{ echo "capabilities/seccomp: $f" >&2; return 1; }
}

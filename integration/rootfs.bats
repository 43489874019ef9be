#!/usr/bin/env bats
# root, mounts, propagation, devices, masked and readonly paths.

load helpers

# mount_line MOUNTPOINT: the mountinfo line for it from the ct_run output
# (the last one: the top of the stack)
mount_line() { awk -v m="$1" '$5 == m' <<<"$output" | tail -1; }
# per-mount options (field 6) of MOUNTPOINT
mnt_opts() { mount_line "$1" | awk '{ print $6 }'; }
# super options (last field) of MOUNTPOINT
super_opts() { mount_line "$1" | awk '{ print $NF }'; }
has_opt() { tr ',' '\n' <<<"$1" | grep -qx -- "$2"; }

assert_opts() { # OPTS WANT...
	local opts=$1 o
	shift
	for o in "$@"; do
		if ! has_opt "$opts" "$o"; then
			echo "option '$o' missing from '$opts'" >&2
			show >&2
			return 1
		fi
	done
}

@test "rootfs: root.readonly makes / read-only" {
	cfg '.root.readonly = true'
	ct_run 'cat /proc/self/mountinfo; touch /x 2>/dev/null && echo WRITABLE; true'
	assert_success
	if grep -q WRITABLE <<<"$output"; then echo "/ is writable" >&2; return 1; fi
	assert_opts "$(mnt_opts /)" ro
	[ ! -e "$BUNDLE/rootfs/x" ]
	# writable mounts on top still work
	ct_run 'echo ok >/dev/shm/f && cat /dev/shm/f'
	assert_success
	assert_eq "$output" ok
}

@test "rootfs: root.readonly false leaves / writable" {
	cfg '.root.readonly = false'
	ct_run 'touch /x && echo written'
	assert_success
	assert_eq "$output" written
	[ -e "$BUNDLE/rootfs/x" ]
}

@test "rootfs: root.path relative to the bundle (not the cwd) and absolute" {
	mv "$BUNDLE/rootfs" "$BUNDLE/myroot"
	echo relative >"$BUNDLE/myroot/etc/which"
	cfg '.root.path = "myroot"'
	cd /
	ct_run 'cat /etc/which'
	assert_success
	assert_eq "$output" relative

	cfg '.root.path = $p' --arg p "$BUNDLE/myroot"
	ct_run 'cat /etc/which'
	assert_success
	assert_eq "$output" relative
}

@test "rootfs: the host is not visible, / is the rootfs (pivot_root)" {
	touch "$BUNDLE/rootfs/IN-ROOTFS"
	ct_run 'ls /; [ -e /usr/bin/bats ] && echo HOST-VISIBLE; awk "\$5 == \"/\"" /proc/self/mountinfo | wc -l; true'
	assert_success
	assert_output_has IN-ROOTFS
	if grep -q HOST-VISIBLE <<<"$output"; then echo "host files visible" >&2; return 1; fi
}

@test "rootfs: --no-pivot works" {
	touch "$BUNDLE/rootfs/IN-ROOTFS"
	ct_run 'ls /IN-ROOTFS && [ ! -e /usr/bin/bats ] && cat /proc/self/mountinfo >/dev/null && echo fine' --no-pivot
	assert_success
	assert_eq "$output" "$(printf '/IN-ROOTFS\nfine')"
}

@test "rootfs: tmpfs mount with ro,nosuid,nodev,noexec,nosymfollow, created destination" {
	cfg '.mounts += [{destination: "/mnt/t", type: "tmpfs", source: "tmpfs",
		options: ["ro", "nosuid", "nodev", "noexec", "nosymfollow"]}]'
	ct_run 'cat /proc/self/mountinfo; touch /mnt/t/x 2>/dev/null && echo WRITABLE; true'
	assert_success
	assert_opts "$(mnt_opts /mnt/t)" ro nosuid nodev noexec nosymfollow
	if grep -q WRITABLE <<<"$output"; then echo "ro tmpfs writable" >&2; return 1; fi
	[ -d "$BUNDLE/rootfs/mnt/t" ]
}

@test "rootfs: tmpfs size and mode" {
	cfg '.mounts += [{destination: "/mnt/sized", type: "tmpfs", source: "tmpfs",
		options: ["size=1m", "mode=0710", "uid=12", "gid=34"]}]'
	ct_run 'cat /proc/self/mountinfo; stat -c "%a %u %g" /mnt/sized; df -k /mnt/sized | tail -1'
	assert_success
	assert_opts "$(super_opts /mnt/sized)" size=1024k mode=710 uid=12 gid=34
	assert_output_has "710 12 34"
	assert_eq "$(tail -1 <<<"$output" | awk '{ print $2 }')" 1024 "df size"
}

@test "rootfs: bind mount read-only; the host file is untouched" {
	mkdir "$HOSTDIR/src"
	echo host-content >"$HOSTDIR/src/file"
	cfg '.mounts += [{destination: "/mnt/b", type: "bind", source: $s, options: ["bind", "ro"]}]' \
		--arg s "$HOSTDIR/src"
	ct_run 'cat /mnt/b/file; echo x >/mnt/b/file 2>/dev/null && echo WRITABLE; cat /proc/self/mountinfo; true'
	assert_success
	assert_eq "$(head -1 <<<"$output")" host-content
	if grep -q WRITABLE <<<"$output"; then echo "ro bind is writable" >&2; return 1; fi
	assert_opts "$(mnt_opts /mnt/b)" ro
	assert_eq "$(cat "$HOSTDIR/src/file")" host-content "host file"
}

@test "rootfs: bind mount of a file, and a relative bind source resolved against the bundle" {
	echo file-content >"$BUNDLE/hostfile"
	cfg '.mounts += [{destination: "/etc/bound", type: "none", source: "hostfile", options: ["rbind", "rw"]}]'
	ct_run 'cat /etc/bound; echo more >>/etc/bound'
	assert_success
	assert_eq "$output" file-content
	assert_eq "$(cat "$BUNDLE/hostfile")" "$(printf 'file-content\nmore')" "written through the bind"
}

@test "rootfs: rro makes submounts read-only too" {
	mkdir -p "$HOSTDIR/src/sub"
	mount -t tmpfs -o size=1m cit-sub "$HOSTDIR/src/sub"
	cfg '.mounts += [{destination: "/mnt/rro", type: "bind", source: $s, options: ["rbind", "rro"]},
		{destination: "/mnt/ro", type: "bind", source: $s, options: ["rbind", "ro"]}]' \
		--arg s "$HOSTDIR/src"
	ct_run 'cat /proc/self/mountinfo
		touch /mnt/rro/sub/x 2>/dev/null && echo RRO-SUB-WRITABLE
		touch /mnt/rro/x 2>/dev/null && echo RRO-TOP-WRITABLE
		touch /mnt/ro/x 2>/dev/null && echo RO-TOP-WRITABLE
		touch /mnt/ro/sub/y 2>/dev/null && echo RO-SUB-WRITABLE; true'
	assert_success
	assert_opts "$(mnt_opts /mnt/rro)" ro
	assert_opts "$(mnt_opts /mnt/rro/sub)" ro
	assert_opts "$(mnt_opts /mnt/ro)" ro
	for bad in RRO-SUB-WRITABLE RRO-TOP-WRITABLE RO-TOP-WRITABLE; do
		if grep -q $bad <<<"$output"; then echo "$bad" >&2; show >&2; return 1; fi
	done
}

@test "rootfs: recursive rnosuid/rnodev/rnoexec reach submounts" {
	mkdir -p "$HOSTDIR/src/sub"
	mount -t tmpfs -o size=1m cit-sub "$HOSTDIR/src/sub"
	cfg '.mounts += [{destination: "/mnt/r", type: "bind", source: $s,
		options: ["rbind", "rnosuid", "rnodev", "rnoexec"]}]' --arg s "$HOSTDIR/src"
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	assert_opts "$(mnt_opts /mnt/r)" nosuid nodev noexec
	assert_opts "$(mnt_opts /mnt/r/sub)" nosuid nodev noexec
}

@test "rootfs: rootfsPropagation private, slave and shared show in mountinfo" {
	# put the bundle on a shared mount of our own, so slave has a master
	mkdir "$T/shared"
	mount -t tmpfs -o size=64m cit-shared "$T/shared"
	mount --make-shared "$T/shared"
	cp -a "$BUNDLE" "$T/shared/bundle"
	rm -rf "$BUNDLE"
	BUNDLE=$T/shared/bundle

	cfg '.linux.rootfsPropagation = "private"'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	line=$(mount_line /)
	if grep -Eq ' (shared|master):[0-9]+' <<<"$line"; then echo "private root: $line" >&2; return 1; fi

	cfg '.linux.rootfsPropagation = "slave"'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	line=$(mount_line /)
	grep -Eq ' master:[0-9]+' <<<"$line" || { echo "slave root: $line" >&2; return 1; }
	if grep -Eq ' shared:[0-9]+' <<<"$line"; then echo "slave root is shared: $line" >&2; return 1; fi

	cfg '.linux.rootfsPropagation = "shared"'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	line=$(mount_line /)
	grep -Eq ' shared:[0-9]+' <<<"$line" || { echo "shared root: $line" >&2; return 1; }
}

@test "rootfs: per-mount propagation option (shared, private) under a shared root" {
	# rootfsPropagation "shared" (not rshared) applies to the root mount only
	cfg '.linux.rootfsPropagation = "shared" | .mounts += [
		{destination: "/mnt/sh", type: "tmpfs", source: "tmpfs", options: ["shared"]},
		{destination: "/mnt/pr", type: "tmpfs", source: "tmpfs", options: ["private"]}]'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	grep -Eq ' shared:[0-9]+' <<<"$(mount_line /mnt/sh)" || { echo "/mnt/sh not shared" >&2; show >&2; return 1; }
	if grep -Eq ' (shared|master):[0-9]+' <<<"$(mount_line /mnt/pr)"; then
		echo "/mnt/pr not private" >&2
		return 1
	fi
}

# has_prop MOUNTPOINT REGEX: the optional fields of its (top) mountinfo line match
has_prop() { mount_line "$1" | awk '{ for (i = 7; $i != "-"; i++) printf " %s", $i }' | grep -Eq -- "$2"; }

@test "rootfs: per-mount propagation survives a recursive rootfsPropagation, in mount order" {
	cfg '.linux.rootfsPropagation = "rprivate" | .mounts += [
		{destination: "/mnt/sh", type: "tmpfs", source: "tmpfs", options: ["shared"]},
		{destination: "/mnt/rs", type: "tmpfs", source: "tmpfs", options: ["rshared"]},
		{destination: "/mnt/rs/in", type: "tmpfs", source: "tmpfs", options: ["private"]},
		{destination: "/mnt/ub", type: "tmpfs", source: "tmpfs", options: ["unbindable"]},
		{destination: "/mnt/st", type: "tmpfs", source: "tmpfs", options: ["shared"]},
		{destination: "/mnt/st", type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/mnt/hid/x", type: "tmpfs", source: "tmpfs", options: ["shared"]},
		{destination: "/mnt/hid", type: "tmpfs", source: "tmpfs"}]'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	has_prop /mnt/sh ' shared:[0-9]+' || { echo "/mnt/sh not shared" >&2; show >&2; return 1; }
	has_prop /mnt/rs ' shared:[0-9]+' || { echo "/mnt/rs not shared" >&2; show >&2; return 1; }
	has_prop /mnt/ub ' unbindable' || { echo "/mnt/ub not unbindable" >&2; show >&2; return 1; }
	# a later mount's own option wins over an earlier recursive one above it;
	# a mount on top of a "shared" one does not inherit the option of the
	# hidden one; rprivate reaches every other mount
	for m in / /proc /mnt/rs/in /mnt/st /mnt/hid; do
		if has_prop "$m" ' (shared|master):[0-9]+'; then echo "$m not private" >&2; show >&2; return 1; fi
	done

	cfg '.linux.rootfsPropagation = "rshared" | .mounts += [
		{destination: "/mnt/pr", type: "tmpfs", source: "tmpfs", options: ["private"]}]'
	ct_run 'cat /proc/self/mountinfo'
	assert_success
	for m in / /proc /mnt/sh /mnt/st; do
		has_prop "$m" ' shared:[0-9]+' || { echo "$m not shared" >&2; show >&2; return 1; }
	done
	if has_prop /mnt/pr ' (shared|master):[0-9]+'; then echo "/mnt/pr not private" >&2; show >&2; return 1; fi
}

@test "rootfs: no container mount propagates to the host, whatever rootfsPropagation asks" {
	# a shared host mount, bound into the container, with a mount below it
	mkdir "$T/src"
	mount -t tmpfs -o size=1m cit-src "$T/src"
	mount --make-shared "$T/src"
	local p leaked
	for p in default rshared shared private rprivate rslave; do
		cfg '(if $p == "default" then del(.linux.rootfsPropagation) else .linux.rootfsPropagation = $p end)
			| .mounts = [.mounts[] | select(.destination | startswith("/mnt/") | not)] + [
			{destination: "/mnt/x", type: "bind", source: $s, options: ["rbind", "rshared"]},
			{destination: "/mnt/x/sub", type: "tmpfs", source: "tmpfs", options: ["size=1m"]}]' \
			--arg p "$p" --arg s "$T/src"
		ct_run 'cat /proc/self/mountinfo'
		assert_success
		[ -n "$(mount_line /mnt/x/sub)" ] || { echo "$p: /mnt/x/sub not mounted" >&2; show >&2; return 1; }
		leaked=$(awk -v s="$T/src/" 'index($5, s) == 1' /proc/self/mountinfo)
		if [ -n "$leaked" ]; then
			echo "rootfsPropagation $p: a container mount reached the host: $leaked" >&2
			return 1
		fi
	done
}

@test "rootfs: mounts are applied in order (later ones on top)" {
	cfg '.mounts += [
		{destination: "/mnt/o", type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/mnt/o/inner", type: "tmpfs", source: "tmpfs", options: ["size=2m"]}]'
	ct_run 'cat /proc/self/mountinfo; ls -d /mnt/o/inner'
	assert_success
	assert_opts "$(super_opts /mnt/o)" size=1024k
	assert_opts "$(super_opts /mnt/o/inner)" size=2048k
}

@test "rootfs: maskedPaths are unreadable or empty" {
	mkdir -p "$BUNDLE/rootfs/secretdir"
	echo s3cret >"$BUNDLE/rootfs/secretdir/key"
	echo s3cret >"$BUNDLE/rootfs/etc/secretfile"
	cfg '.linux.maskedPaths += ["/etc/secretfile", "/secretdir", "/does/not/exist"]'
	[ -s /proc/timer_list ] && [ -n "$(ls -A /sys/firmware)" ] # not empty on the host
	ct_run 'wc -c </proc/timer_list; ls -A /sys/firmware | wc -l; cat /etc/secretfile | wc -c; ls -A /secretdir | wc -l
		touch /secretdir/x 2>/dev/null && echo DIR-WRITABLE; true'
	assert_success
	assert_eq "$output" "$(printf '0\n0\n0\n0')"
	# the host copy is intact
	assert_eq "$(cat "$BUNDLE/rootfs/etc/secretfile")" s3cret
}

@test "rootfs: readonlyPaths are not writable" {
	mkdir -p "$BUNDLE/rootfs/data/sub"
	cfg '.linux.readonlyPaths += ["/data"]'
	ct_run 'cat /proc/self/mountinfo
		echo x >/proc/sys/kernel/hostname 2>/dev/null && echo PROC-SYS-WRITABLE
		echo 1 >/proc/sysrq-trigger 2>/dev/null && echo SYSRQ-WRITABLE
		touch /data/x 2>/dev/null && echo DATA-WRITABLE; ls -d /data/sub; true'
	assert_success
	for bad in PROC-SYS-WRITABLE SYSRQ-WRITABLE DATA-WRITABLE; do
		if grep -q $bad <<<"$output"; then echo "$bad" >&2; show >&2; return 1; fi
	done
	assert_opts "$(mnt_opts /data)" ro
	assert_opts "$(mnt_opts /proc/sys)" ro
	assert_output_has /data/sub
}

@test "rootfs: default devices exist with the right numbers and work" {
	ct_run 'for d in null zero full random urandom tty; do stat -c "%n %F %t:%T %a" /dev/$d; done
		echo x >/dev/null && echo null-ok
		head -c 4 /dev/zero | od -An -tx1 | tr -d " "
		echo x 2>/dev/null >/dev/full || echo full-ENOSPC
		head -c 8 /dev/urandom | wc -c'
	assert_success
	assert_eq "$output" "$(printf '%s\n' \
		'/dev/null character special file 1:3 666' \
		'/dev/zero character special file 1:5 666' \
		'/dev/full character special file 1:7 666' \
		'/dev/random character special file 1:8 666' \
		'/dev/urandom character special file 1:9 666' \
		'/dev/tty character special file 5:0 666' \
		null-ok 00000000 full-ENOSPC 8)"
}

@test "rootfs: /dev symlinks fd, stdin, stdout, stderr, ptmx" {
	ct_run 'for l in fd stdin stdout stderr ptmx; do echo "$l $(readlink /dev/$l)"; done; echo hello >/dev/stdout'
	assert_success
	assert_eq "$output" "$(printf '%s\n' 'fd /proc/self/fd' 'stdin /proc/self/fd/0' \
		'stdout /proc/self/fd/1' 'stderr /proc/self/fd/2' 'ptmx pts/ptmx' hello)"
}

@test "rootfs: linux.devices are created with type, major/minor, mode and owner" {
	cfg '.linux.devices = [
		{path: "/dev/cit-null", type: "c", major: 1, minor: 3, fileMode: 416, uid: 12, gid: 34},
		{path: "/dev/sub/cit-loop", type: "b", major: 7, minor: 0, fileMode: 384},
		{path: "/dev/cit-fifo", type: "p"},
		{path: "/dev/cit-zero", type: "c", major: 1, minor: 5, fileMode: 438}]'
	ct_run 'stat -c "%n %F %t:%T %a %u %g" /dev/cit-null /dev/sub/cit-loop; stat -c "%n %F" /dev/cit-fifo; head -c 3 /dev/cit-zero | wc -c'
	assert_success
	assert_eq "$output" "$(printf '%s\n' \
		'/dev/cit-null character special file 1:3 640 12 34' \
		'/dev/sub/cit-loop block special file 7:0 600 0 0' \
		'/dev/cit-fifo fifo' 3)"
	# created in the container's /dev tmpfs, not in the bundle
	[ ! -e "$BUNDLE/rootfs/dev/cit-null" ]
}

@test "rootfs: devices in a user namespace are bind mounts of the host's" {
	add_ns user
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.devices = [{path: "/dev/kmsg", type: "c", major: 1, minor: 11, fileMode: 420}]'
	# (runc binds the host node at the same path, so use one the host has)
	[ -c /dev/kmsg ]
	ct_run 'stat -c "%n %F %t:%T" /dev/null /dev/kmsg; echo x >/dev/null && echo works'
	assert_success
	assert_eq "$output" "$(printf '%s\n' '/dev/null character special file 1:3' \
		'/dev/kmsg character special file 1:b' works)"
}

@test "rootfs: /proc and /sys are real procfs and sysfs" {
	ct_run 'stat -f -c %T /proc /sys; cat /proc/self/mountinfo'
	assert_success
	assert_eq "$(head -2 <<<"$output")" "$(printf 'proc\nsysfs')"
}

@test "rootfs: mount destination through a symlink pointing out of the rootfs lands inside the rootfs" {
	name="cit-escape-$RANDOM$RANDOM"
	ln -s /etc "$BUNDLE/rootfs/mnt/evil"
	ln -s ../../../../../../../../../../etc "$BUNDLE/rootfs/mnt/evil2"
	# evil2/NAME first: it must create rootfs/etc/NAME; then a tmpfs covers the container's /etc
	cfg '.mounts += [{destination: ("/mnt/evil2/" + $n), type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/mnt/evil", type: "tmpfs", source: "tmpfs", options: ["size=1m"]}]' \
		--arg n "$name"
	ct_run 'cat /proc/self/mountinfo; [ -e /etc/passwd ] && echo ETC-NOT-COVERED; true'
	# Either refused with a clear error, or the mounts land inside the rootfs.
	[ ! -e "/etc/$name" ] || { rmdir "/etc/$name"; echo "created /etc/$name ON THE HOST" >&2; return 1; }
	if [ "$status" -ne 0 ]; then
		assert_error_names "/mnt/evil"
		return 0
	fi
	[ -n "$(mount_line /etc)" ] || { echo "tmpfs not on the container's /etc" >&2; show >&2; return 1; }
	if grep -q ETC-NOT-COVERED <<<"$output"; then echo "container /etc not covered" >&2; return 1; fi
	[ -d "$BUNDLE/rootfs/etc/$name" ] || { echo "/etc/$name not created inside the rootfs" >&2; return 1; }
}

@test "rootfs: bind source is the host path, destination symlinks resolve inside the rootfs" {
	mkdir "$HOSTDIR/payload"
	echo payload >"$HOSTDIR/payload/f"
	mkdir "$HOSTDIR/victim"
	ln -s "$HOSTDIR/victim" "$BUNDLE/rootfs/mnt/link"
	cfg '.mounts += [{destination: "/mnt/link", type: "bind", source: $s, options: ["bind"]}]' \
		--arg s "$HOSTDIR/payload"
	ct_run 'cat /mnt/link/f'
	[ -z "$(ls -A "$HOSTDIR/victim")" ] || { echo "mounted over the host's $HOSTDIR/victim" >&2; return 1; }
	if [ "$status" -ne 0 ]; then
		assert_error_names /mnt/link
		return 0
	fi
	assert_eq "$output" payload
	[ -d "$BUNDLE/rootfs/$HOSTDIR/victim" ] || { echo "not created inside the rootfs" >&2; return 1; }
}

@test "rootfs: tmpcopyup starts a tmpfs with the directory's contents; writes stay in the tmpfs" {
	mkdir -p "$BUNDLE/rootfs/data/sub"
	echo original >"$BUNDLE/rootfs/data/sub/f"
	ln -s sub/f "$BUNDLE/rootfs/data/link"
	chmod 0750 "$BUNDLE/rootfs/data/sub"
	cfg '.root.readonly = true
		| .mounts += [{destination: "/data", type: "tmpfs", source: "tmpfs", options: ["tmpcopyup", "nosuid"]}]'
	ct_run 'cat /data/sub/f; readlink /data/link; stat -c %a /data/sub; echo new >/data/sub/g && echo wrote; grep " /data " /proc/self/mountinfo | cut -d" " -f9'
	assert_success
	assert_eq "$(sed -n 1p <<<"$output")" original "copied file"
	assert_eq "$(sed -n 2p <<<"$output")" sub/f "copied symlink"
	assert_eq "$(sed -n 3p <<<"$output")" 750 "copied directory mode"
	assert_eq "$(sed -n 4p <<<"$output")" wrote "write into the tmpfs on a read-only root"
	assert_eq "$(sed -n 5p <<<"$output")" tmpfs "/data is a tmpfs"
	[ ! -e "$BUNDLE/rootfs/data/sub/g" ] || { echo "write reached the image" >&2; return 1; }
}

# kernel.core_pattern is global: a pipe there runs as root on the host.
# expect: CINCH-SYSCTL-UNSAFE linux.sysctl["kernel.core_pattern"]
.linux.sysctl = {"kernel.core_pattern": "|/tmp/pwn"}

# A profile that only logs: no rule does anything else.
# expect: CINCH-SECCOMP-UNCONFINED linux.seccomp.defaultAction
.linux.seccomp = {defaultAction: "SCMP_ACT_LOG",
	syscalls: [{names: ["getcwd"], action: "SCMP_ACT_ALLOW"}]}

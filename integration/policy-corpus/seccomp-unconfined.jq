# A seccomp profile that allows everything.
# expect: CINCH-SECCOMP-UNCONFINED linux.seccomp.defaultAction
.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW"}

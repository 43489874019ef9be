# CAP_SYS_PTRACE, only in the permitted set.
# expect: CINCH-CAP-SYSPTRACE process.capabilities.permitted
.process.capabilities.permitted += ["CAP_SYS_PTRACE"]

# A bind mount onto /proc/sysrq-trigger (not in the lxcfs allowlist).
# expect: CINCH-MOUNT-PROC mounts[6].destination
.mounts += [{destination: "/proc/sysrq-trigger", type: "bind", source: ($hostdir + "/file"), options: ["bind"]}]

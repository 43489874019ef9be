# The host's /proc.
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/proc", options: ["rbind"]}]

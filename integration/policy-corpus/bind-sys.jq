# The host's /sys.
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/sys", options: ["rbind", "ro"]}]

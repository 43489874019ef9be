# A read-only bind mount of /etc (read-only does not make it safe: secrets).
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/etc", options: ["rbind", "ro"]}]

# cinch's own state directory (--root): other containers' state and pool.
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: $root, options: ["rbind"]}]

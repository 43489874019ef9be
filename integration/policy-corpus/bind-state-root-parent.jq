# An ancestor of cinch's state directory.
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: ($root | sub("/[^/]*$"; "")), options: ["rbind"]}]

# A bind mount of the host's /.
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/", options: ["rbind", "ro"]}]

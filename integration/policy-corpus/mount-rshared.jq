# A mount with rshared propagation.
# expect: CINCH-MOUNT-SHARED mounts[6].options
.mounts += [{destination: "/mnt", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "rshared"]}]

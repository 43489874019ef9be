# A tmpfs over /proc/sys: would hide its read-only mask and let sysctls
# through a later mount.
# expect: CINCH-MOUNT-PROC mounts[6].destination
.mounts += [{destination: "/proc/sys", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec"]}]

# /boot (kernel images, bootloader config).
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/boot", options: ["rbind", "ro"]}]

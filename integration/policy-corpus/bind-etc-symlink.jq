# A host symlink that resolves to /etc: the rule looks at the real path.
# (the test creates $hostdir/etc-link -> /etc)
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: ($hostdir + "/etc-link"), options: ["rbind", "ro"]}]

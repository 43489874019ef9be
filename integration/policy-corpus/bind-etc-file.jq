# A file inside /etc (the whole subtree is sensitive).
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/mnt", type: "bind", source: "/etc/passwd", options: ["bind", "ro"]}]

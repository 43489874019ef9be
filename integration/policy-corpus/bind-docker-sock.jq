# The Docker API socket (through the /var/run symlink; refused whether or
# not a daemon runs here).
# expect: CINCH-MOUNT-SENSITIVE mounts[6].source
.mounts += [{destination: "/data", type: "bind", source: "/var/run/docker.sock", options: ["bind"]}]

# Joining the host's ipc namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-IPC linux.namespaces[2].path
.linux.namespaces[2] = {type: "ipc", path: ($hostns + "/ipc")}

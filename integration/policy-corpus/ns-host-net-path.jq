# Joining the host's network namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-NET linux.namespaces[1].path
.linux.namespaces[1] = {type: "network", path: ($hostns + "/net")}

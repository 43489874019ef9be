# Joining the host's cgroup namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-CGROUP linux.namespaces[5].path
.linux.namespaces += [{type: "cgroup", path: ($hostns + "/cgroup")}]

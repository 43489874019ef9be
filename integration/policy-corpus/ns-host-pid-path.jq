# Joining the host's pid namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-PID linux.namespaces[0].path
.linux.namespaces[0] = {type: "pid", path: ($hostns + "/pid")}

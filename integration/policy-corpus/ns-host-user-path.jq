# Joining the host's user namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-USER linux.namespaces[5].path
.linux.namespaces += [{type: "user", path: ($hostns + "/user")}]

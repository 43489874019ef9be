# Joining the host's mount namespace by path ($hostns: /proc/1/ns, or the
# test's own /proc/PID/ns where init's cannot be read).
# expect: CINCH-NS-HOST-MNT linux.namespaces[4].path
.linux.namespaces[4] = {type: "mount", path: ($hostns + "/mnt")}

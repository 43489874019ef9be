# A device cgroup rule allowing every device (what "privileged" sends).
# expect: CINCH-DEVICE-CGROUP-ALL linux.resources.devices[1]
.linux.resources.devices = [{allow: false, access: "rwm"}, {allow: true, access: "rwm"}]

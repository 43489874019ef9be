# A block device (raw disk access bypasses every filesystem permission).
# expect: CINCH-DEVICE-RAW linux.devices[1]
.linux.devices = [{path: "/dev/null2", type: "c", major: 1, minor: 3},
	{path: "/dev/xvda", type: "b", major: 202, minor: 0}]

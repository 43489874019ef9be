# /dev/loop-control (char 10:237).
# expect: CINCH-DEVICE-RAW linux.devices[0]
.linux.devices = [{path: "/dev/loop-control", type: "c", major: 10, minor: 237}]

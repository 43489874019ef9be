# /dev/mem (char 1:1): physical memory.
# expect: CINCH-DEVICE-RAW linux.devices[0]
.linux.devices = [{path: "/dev/mem", type: "c", major: 1, minor: 1}]

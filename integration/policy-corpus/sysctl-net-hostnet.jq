# A net sysctl in the host's network namespace.
# expect: CINCH-SYSCTL-HOSTNET linux.sysctl["net.ipv4.ip_forward"]
# expect: CINCH-NS-HOST-NET linux.namespaces
.linux.namespaces |= map(select(.type != "network"))
| .linux.sysctl = {"net.ipv4.ip_forward": "1"}

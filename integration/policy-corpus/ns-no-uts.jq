# No uts entry: the container would share the host's UTS namespace.
# expect: CINCH-NS-HOST-UTS linux.namespaces
.linux.namespaces |= map(select(.type != "uts")) | del(.hostname)

# No ipc entry: the container would share the host's IPC namespace.
# expect: CINCH-NS-HOST-IPC linux.namespaces
.linux.namespaces |= map(select(.type != "ipc"))

#!/usr/bin/env python3
"""Console-socket receiver for the terminal tests.

Usage: console_recv.py SOCKET OUTFILE [INPUT]

Listens on SOCKET (creates SOCKET.ready once listening), accepts one
connection, receives the pty master over SCM_RIGHTS the way runc's
--console-socket protocol sends it, optionally writes INPUT to it, and copies
everything the container writes to OUTFILE until the pty closes.  Exit status:
0 ok, 2 no fd received, 3 timeout.
"""
import array
import os
import select
import socket
import sys
import time

TIMEOUT = 30


def main():
    path, outfile = sys.argv[1], sys.argv[2]
    data_in = sys.argv[3].encode() if len(sys.argv) > 3 else b""
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    open(path + ".ready", "w").close()
    srv.settimeout(TIMEOUT)
    try:
        conn, _ = srv.accept()
    except socket.timeout:
        print("console_recv: nobody connected", file=sys.stderr)
        return 3
    fds = array.array("i")
    msg, anc, _flags, _addr = conn.recvmsg(4096, socket.CMSG_SPACE(4 * fds.itemsize))
    for level, typ, data in anc:
        if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
    conn.close()
    if not fds:
        print("console_recv: no fd received (payload %r)" % msg, file=sys.stderr)
        return 2
    master = fds[0]
    with open(outfile + ".name", "wb") as f:
        f.write(msg)
    if data_in:
        os.write(master, data_in)
    out = bytearray()
    deadline = time.monotonic() + TIMEOUT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            print("console_recv: timeout, got %r" % bytes(out), file=sys.stderr)
            with open(outfile, "wb") as f:
                f.write(out)
            return 3
        r, _, _ = select.select([master], [], [], left)
        if not r:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every slave fd is closed
            break
        if not chunk:
            break
        out += chunk
    with open(outfile, "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: Apache-2.0
"""Reads a whole maildrop with Python's standard poplib and writes what it saw to files.

Usage: poplib_fetch.py HOST PORT USER OUTDIR TOPMSG   (password in the environment: POP3_PASSWORD)

OUTDIR gets:
  stat.txt        "count octets" from STAT
  list.txt        "number size" per LIST line
  uidl.txt        "number uid" per UIDL line
  retr.txt        "number octets" as counted by poplib while reading RETR
  msg-N.eml       RETR N: poplib's lines (already un-stuffed) joined with CRLF, plus a final CRLF
  top-N-0.eml     TOP N 0 for N = TOPMSG, joined the same way
The Java test compares all of it with the fixtures; this script only reports, it judges nothing.
"""
import os
import poplib
import sys


def join(lines):
    # poplib strips each line's CRLF; put the wire form back together.
    return b"".join(line + b"\r\n" for line in lines)


def main():
    host, port, user, outdir, top_msg = sys.argv[1:6]
    password = os.environ["POP3_PASSWORD"]
    pop = poplib.POP3(host, int(port), timeout=30)
    try:
        pop.user(user)
        pop.pass_(password)
        count, octets = pop.stat()
        write(outdir, "stat.txt", f"{count} {octets}\n".encode())
        _, listing, _ = pop.list()
        write(outdir, "list.txt", b"".join(line + b"\n" for line in listing))
        _, uidls, _ = pop.uidl()
        write(outdir, "uidl.txt", b"".join(line + b"\n" for line in uidls))
        counted = []
        for number in range(1, count + 1):
            _, lines, retr_octets = pop.retr(number)
            write(outdir, f"msg-{number}.eml", join(lines))
            counted.append(f"{number} {retr_octets}\n")
        write(outdir, "retr.txt", "".join(counted).encode())
        _, lines, _ = pop.top(int(top_msg), 0)
        write(outdir, f"top-{top_msg}-0.eml", join(lines))
    finally:
        pop.quit()


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()

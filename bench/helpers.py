#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Small helpers for bench/compare.sh, where bash alone would be clumsy or imprecise.

  helpers.py free-port
      prints a TCP port on 127.0.0.1 that is free right now
  helpers.py ready --port P --start-ns NS [--pid PID] [--timeout S]
      waits until 127.0.0.1:P accepts a connection and sends a '+OK' greeting; prints the
      milliseconds since NS (a `date +%s%N` taken just before the server was launched).
      Exit 1 if the server process PID is gone or the timeout passes first.
  helpers.py manifest-matches FILE key=value...
      exit 0 if FILE (a data set's manifest.json) exists and its "params" have these values
"""
import json
import os
import socket
import sys
import time


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def greeting(port):
    """The first line the server sends, or None when it does not accept yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            data = b""
            while b"\n" not in data and len(data) < 512:
                chunk = s.recv(512)
                if not chunk:
                    break
                data += chunk
            return data.split(b"\n", 1)[0]
    except OSError:
        return None


def alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by the shell) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def ready(args):
    port = int(args["--port"])
    start_ns = int(args["--start-ns"])
    pid = int(args["--pid"]) if "--pid" in args else None
    deadline = time.monotonic() + float(args.get("--timeout", "60"))
    while time.monotonic() < deadline:
        line = greeting(port)
        if line is not None and line.startswith(b"+OK"):
            print(f"{(time.time_ns() - start_ns) / 1e6:.1f}")
            return 0
        if line is not None:
            print(f"unexpected greeting on port {port}: {line!r}", file=sys.stderr)
            return 1
        if not alive(pid):
            print(f"the server (pid {pid}) exited before it listened on port {port}", file=sys.stderr)
            return 1
        time.sleep(0.005)  # 5 ms: fine enough for a figure reported in tens or hundreds of ms
    print(f"nothing answered on port {port} in time", file=sys.stderr)
    return 1


def manifest_matches(path, pairs):
    try:
        with open(path) as f:
            params = json.load(f).get("params", {})
    except (OSError, ValueError):
        return 1
    for pair in pairs:
        key, _, value = pair.partition("=")
        if str(params.get(key)) != value:
            return 1
    return 0


def options(argv):
    out = {}
    for i in range(0, len(argv) - 1, 2):
        out[argv[i]] = argv[i + 1]
    return out


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "free-port":
        free_port()
        return 0
    if command == "ready":
        return ready(options(rest))
    if command == "manifest-matches":
        return manifest_matches(rest[0], rest[1:])
    print(f"helpers.py: unknown command {command}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

# SPDX-License-Identifier: Apache-2.0
"""Reads a whole maildrop over TLS with Python's standard poplib and writes what it saw to files.

Usage: poplib_tls.py MODE HOST PORT CAFILE USER OUTDIR   (password in the environment: POP3_PASSWORD)

MODE is "implicit" (POP3_SSL) or "stls" (POP3, then stls()). The TLS context is
ssl.create_default_context(cafile=CAFILE), which verifies the chain and that the certificate carries
HOST; CAFILE "-" means the system's trust store instead.

OUTDIR gets:
  capa-before.txt   (stls only) the CAPA keywords before STLS, one a line
  capa-after.txt    the CAPA keywords inside TLS, one a line
  tls.txt           "version cipher" of the TLS session
  msg-N.eml         RETR N: poplib's lines (already un-stuffed) joined with CRLF, plus a final CRLF
  error.txt         if the session failed: "ExceptionClass verify_code verify_message" (the two verify
                    fields only for certificate errors); the script then exits with status 3
The Java test compares all of it with the fixtures; this script only reports, it judges nothing.
"""
import os
import poplib
import ssl
import sys


def main():
    mode, host, port, cafile, user, outdir = sys.argv[1:7]
    password = os.environ["POP3_PASSWORD"]
    context = ssl.create_default_context(cafile=None if cafile == "-" else cafile)
    try:
        if mode == "implicit":
            pop = poplib.POP3_SSL(host, int(port), context=context, timeout=30)
        elif mode == "stls":
            pop = poplib.POP3(host, int(port), timeout=30)
            write_capa(outdir, "capa-before.txt", pop)
            pop.stls(context)  # verifies the certificate against host
        else:
            raise SystemExit("unknown mode " + mode)
    except Exception as e:  # report, do not judge
        write(outdir, "error.txt", describe(e).encode())
        sys.exit(3)
    try:
        write(outdir, "tls.txt", f"{pop.sock.version()} {pop.sock.cipher()[0]}\n".encode())
        write_capa(outdir, "capa-after.txt", pop)
        pop.user(user)
        pop.pass_(password)
        count, _ = pop.stat()
        for number in range(1, count + 1):
            _, lines, _ = pop.retr(number)
            write(outdir, f"msg-{number}.eml", b"".join(line + b"\r\n" for line in lines))
    finally:
        pop.quit()


def describe(e):
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"{type(e).__name__} {e.verify_code} {e.verify_message}\n"
    return f"{type(e).__name__} {e}\n"


def write_capa(outdir, name, pop):
    write(outdir, name, "".join(k + "\n" for k in pop.capa()).encode())


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that remembers since when a write has been blocked. A socket read times out by
 * itself (the RFC 1939 §3 inactivity timer), but a blocking write does not: a client that stops
 * reading in the middle of a RETR would otherwise hold its session forever. The server's reaper asks
 * {@link #stalledNanos} and closes such connections. Written by the session thread; read by the reaper.
 */
final class StallWatch extends FilterOutputStream {
    private volatile long writingSince; // System.nanoTime() when the current write began, 0 when idle

    StallWatch(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        begin();
        try {
            out.write(b);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            out.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    private void begin() {
        writingSince = System.nanoTime() | 1; // never 0 while writing
    }

    /** How long the current write has been blocked, or 0 if none is in progress. */
    long stalledNanos(long now) {
        long since = writingSince;
        return since == 0 ? 0 : now - since;
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import dev.poplar.protocol.MessageEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One fixture message: its number in a fresh session, a short name (also used in file names) and the
 * bytes as stored. The expected bytes come from {@link MessageEncoder}, the code that defines the wire
 * form (protocol.md §1: CRLF line ends, a final CRLF), with dot-stuffing off because every client
 * un-stuffs.
 */
record Fixture(int number, String name, byte[] stored) {

    /** What RETR must deliver after un-stuffing. */
    byte[] wire() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length + 1024);
        try {
            MessageEncoder.whole(out, false).copy(new ByteArrayInputStream(stored), new byte[8192]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** RFC 1939 §5 size: octets of the CRLF form, before dot-stuffing. */
    long wireSize() {
        try {
            return MessageEncoder.wireSize(new ByteArrayInputStream(stored));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What TOP number bodyLines must deliver after un-stuffing (RFC 1939 §7). */
    byte[] top(int bodyLines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageEncoder.top(out, false, bodyLines).copy(new ByteArrayInputStream(stored), new byte[8192]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The wire form with every CRLF turned into LF: what a Unix delivery agent (mpop, fetchmail) writes.
     * A lone CR stays, as those tools only convert the CRLF line end.
     */
    byte[] wireWithLf() {
        byte[] w = wire();
        ByteArrayOutputStream out = new ByteArrayOutputStream(w.length);
        for (int i = 0; i < w.length; i++) {
            if (w[i] == '\r' && i + 1 < w.length && w[i + 1] == '\n') continue;
            out.write(w[i]);
        }
        return out.toByteArray();
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array for building one message in memory. Not thread-safe (one per message), and
 * unsynchronised on purpose: ByteArrayOutputStream locks on every word appended.
 */
final class MessageBuffer {
    private byte[] bytes;
    private int length;

    MessageBuffer(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    int length() {
        return length;
    }

    MessageBuffer append(byte[] b) {
        return append(b, 0, b.length);
    }

    MessageBuffer append(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
        return this;
    }

    /** Appends ASCII text (header values, MIME lines); any other character would be a bug here. */
    MessageBuffer append(String ascii) {
        return append(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    MessageBuffer append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /** Appends a line and its LF (Maildir files have Unix line ends). */
    MessageBuffer line(String ascii) {
        return append(ascii).append((byte) '\n');
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int n) {
        if (length + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
    }
}

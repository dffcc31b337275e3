// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes file names unique across processes and hosts, in the form Dovecot and qmail use:
 * {@code <seconds>.M<microseconds>P<pid>Q<counter>R<random>.<host>}. Thread-safe.
 *
 * <p>Dovecot's Maildir notes: only a name that is unique by construction prevents two deliveries from
 * overwriting each other; the time with microseconds, the process id and a per-process counter make it
 * unique on one host, the host name across hosts sharing the maildir (NFS), and the random part covers
 * a process id reused after a reboot or in another container with the same host name.
 */
final class UniqueNames {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();
    private static final int MAX_HOST_LENGTH = 64;

    private static volatile String host;

    private UniqueNames() {}

    /** A fresh unique name. */
    static String next() {
        Instant now = Instant.now();
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return now.getEpochSecond() + ".M" + String.format("%06d", now.getNano() / 1000) + "P" + PID + "Q" + COUNTER.incrementAndGet()
                + "R" + HexFormat.of().formatHex(random) + "." + host();
    }

    /** This host's name, made safe for a Maildir name; computed once. */
    static String host() {
        String h = host;
        if (h == null) {
            h = sanitize(rawHostName());
            host = h;
        }
        return h;
    }

    /**
     * maildir(5) and Dovecot write {@code /} as {@code \057} and {@code :} as {@code \072}; we also
     * escape {@code ,} ({@code \054}, it separates Dovecot's {@code ,S=} fields) and anything outside
     * printable ASCII, so a name never needs quoting anywhere.
     */
    static String sanitize(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (out.length() >= MAX_HOST_LENGTH) break;
            if (c == '/' || c == ':' || c == ',' || c == '\\' || c < 0x21 || c > 0x7E) {
                out.append('\\').append(String.format("%03o", c));
            } else {
                out.append((char) c);
            }
        }
        return out.isEmpty() ? "localhost" : out.toString();
    }

    private static String rawHostName() {
        // The kernel's name first: InetAddress.getLocalHost() may wait on DNS in a badly set-up container.
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!kernel.isEmpty()) return kernel;
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}

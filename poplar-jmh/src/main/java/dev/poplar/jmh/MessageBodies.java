// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stored messages the encoder benchmarks run over, one per {@code @Param} value. Read-only after
 * setup, so one instance is shared by all benchmark threads.
 */
@State(Scope.Benchmark)
public class MessageBodies {
    /**
     * {@code text-4k}: a plain-text mail with bare-LF line ends (Maildir as Postfix and Dovecot write it);
     * {@code base64-64k}: a mail with a base64 attachment in 76-character lines, CRLF line ends (a store
     * that keeps the wire form), so both line-end paths of the encoder are measured;
     * {@code dots-64k}: the dot-stuffing worst case, every short line beginning with {@code .}, LF.
     */
    @Param({"text-4k", "base64-64k", "dots-64k"})
    public String body;

    byte[] message;

    @Setup(Level.Trial)
    public void generate() {
        message = switch (body) {
            case "text-4k" -> Messages.plainText(4 * 1024, "\n");
            case "base64-64k" -> Messages.base64Attachment(64 * 1024, "\r\n");
            case "dots-64k" -> Messages.leadingDots(64 * 1024, "\n");
            default -> throw new IllegalArgumentException("unknown body " + body);
        };
    }
}

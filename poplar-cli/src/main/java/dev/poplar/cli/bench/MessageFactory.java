// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Makes realistic-looking mail: the headers a delivered message has (Return-Path, Received, Date, From,
 * To, Subject, Message-ID, MIME), a plain-text body, and for the larger ones a multipart/mixed body with
 * a base64 attachment in 76-character lines (RFC 2045 §6.8). LF line ends, as in Maildir files; every
 * message ends with a line end. Stateless: each message's {@link Prng} decides its content.
 */
final class MessageFactory {
    private MessageFactory() {}

    static final String DOMAIN = "bench.poplar.test";
    /** RFC 2045 §6.8: at most 76 characters per encoded line; 57 bytes make exactly one such line. */
    static final int BASE64_LINE = 76, BYTES_PER_LINE = 57;
    /** Room left after an attachment for its closing boundary line. */
    private static final int CLOSING = 40;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(BASE64_LINE, new byte[] {'\n'});

    private static final String[] FIRST = {"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan",
            "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoe"};
    private static final String[] LAST = {"Smith", "Jones", "Brown", "Garcia", "Miller", "Davis", "Martin", "Moreau",
            "Rossi", "Novak", "Kowalski", "Jansen", "Larsen", "Silva", "Tanaka", "Kim", "Nguyen", "Okafor"};
    private static final String[] SENDER_DOMAINS = {"example.org", "example.com", "example.net", "mail.example.org",
            "lists.example.com"};
    private static final String[][] ATTACHMENTS = {{"application/pdf", "report", "pdf"}, {"image/jpeg", "photo", "jpg"},
            {"application/zip", "archive", "zip"}, {"image/png", "screenshot", "png"},
            {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "figures", "xlsx"}};

    /** A text/plain message of about {@code size} bytes (at most one line more). */
    static byte[] plain(Prng rng, String to, long time, int size, boolean dotLines) {
        MessageBuffer out = new MessageBuffer(size + 128);
        headers(out, rng, to, time);
        out.line("Content-Type: text/plain; charset=us-ascii");
        out.line("Content-Transfer-Encoding: 7bit");
        out.line("");
        Prose.paragraphs(out, rng, size, dotLines);
        return out.toByteArray();
    }

    /** A multipart/mixed message of about {@code size} bytes: a short text and one base64 attachment. */
    static byte[] withAttachment(Prng rng, String to, long time, int size, boolean dotLines) {
        MessageBuffer out = new MessageBuffer(size + 256);
        String boundary = multipartStart(out, rng, to, time, dotLines);
        long raw = rawBytesFor(size - out.length() - CLOSING);
        byte[] data = new byte[(int) raw];
        rng.nextBytes(data, 0, data.length);
        out.append(BASE64.encode(data)).append((byte) '\n');
        out.line("--" + boundary + "--");
        return out.toByteArray();
    }

    /**
     * Streams a message of about {@code size} bytes (the multipart form of {@link #withAttachment}) to
     * {@code sink}, in constant memory.
     */
    static void writeBig(OutputStream sink, Prng rng, String to, long time, long size) throws IOException {
        MessageBuffer head = new MessageBuffer(8192);
        String boundary = multipartStart(head, rng, to, time, false);
        sink.write(head.toByteArray());
        long raw = rawBytesFor(size - head.length() - CLOSING);
        int linesPerChunk = 8192; // 8192 lines: 467 KB in, 631 KB out
        byte[] in = new byte[BYTES_PER_LINE * linesPerChunk];
        byte[] encoded = new byte[(BASE64_LINE + 1) * linesPerChunk];
        for (long left = raw; left > 0; ) {
            int n = (int) Math.min(in.length, left);
            rng.nextBytes(in, 0, n);
            // Whole 57-byte lines per chunk, so the chunks' lines join into one 76-column block.
            int len = BASE64.encode(n == in.length ? in : Arrays.copyOf(in, n), encoded);
            encoded[len++] = '\n';
            sink.write(encoded, 0, len);
            left -= n;
        }
        sink.write(("--" + boundary + "--\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Headers, the MIME preamble, the text part and the attachment's part header; returns the boundary. */
    private static String multipartStart(MessageBuffer out, Prng rng, String to, long time, boolean dotLines) {
        headers(out, rng, to, time);
        String boundary = "=_bench_" + Long.toHexString(rng.nextLong());
        out.line("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"");
        out.line("");
        out.line("This is a multi-part message in MIME format.");
        out.line("");
        out.line("--" + boundary);
        out.line("Content-Type: text/plain; charset=us-ascii");
        out.line("Content-Transfer-Encoding: 7bit");
        out.line("");
        Prose.paragraphs(out, rng, out.length() + rng.between(300, 3000), dotLines);
        out.line("");
        out.line("--" + boundary);
        String[] kind = ATTACHMENTS[rng.nextInt(ATTACHMENTS.length)];
        String file = kind[1] + "-" + rng.between(1, 999) + "." + kind[2];
        out.line("Content-Type: " + kind[0] + "; name=\"" + file + "\"");
        out.line("Content-Transfer-Encoding: base64");
        out.line("Content-Disposition: attachment; filename=\"" + file + "\"");
        out.line("");
        return boundary;
    }

    /** How many bytes to encode so that the base64 lines (76 characters and an LF each) fill about {@code room}. */
    static long rawBytesFor(long room) {
        long lines = Math.max(1, room / (BASE64_LINE + 1));
        return lines * BYTES_PER_LINE;
    }

    private static void headers(MessageBuffer out, Prng rng, String to, long time) {
        String first = FIRST[rng.nextInt(FIRST.length)];
        String last = LAST[rng.nextInt(LAST.length)];
        String senderDomain = SENDER_DOMAINS[rng.nextInt(SENDER_DOMAINS.length)];
        String from = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@" + senderDomain;
        String date = DATE.format(Instant.ofEpochSecond(time));
        String rcpt = to + "@" + DOMAIN;
        String queueId = Long.toHexString(rng.nextLong() >>> 20).toUpperCase(Locale.ROOT);
        out.line("Return-Path: <" + from + ">");
        out.line("Delivered-To: " + rcpt);
        out.line("Received: from mx." + senderDomain + " (mx." + senderDomain + " [192.0.2." + rng.between(1, 254) + "])");
        out.line("\tby mx." + DOMAIN + " (Postfix) with ESMTPS id " + queueId);
        out.line("\tfor <" + rcpt + ">; " + date);
        out.line("Date: " + date);
        out.line("From: " + first + " " + last + " <" + from + ">");
        out.line("To: " + rcpt);
        out.line("Subject: " + (rng.nextInt(4) == 0 ? "Re: " : "") + Prose.words(rng, rng.between(2, 7)));
        out.line("Message-ID: <" + Long.toHexString(rng.nextLong()) + "." + Long.toHexString(time) + "@" + senderDomain + ">");
        out.line("MIME-Version: 1.0");
    }
}

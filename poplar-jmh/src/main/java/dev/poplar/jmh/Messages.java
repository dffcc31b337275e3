// SPDX-License-Identifier: Apache-2.0
package dev.poplar.jmh;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Realistic stored messages for the benchmarks, generated (not shipped) and always the same for the same
 * arguments: a fixed seed, so runs on different days measure the same bytes. Each is about {@code target}
 * octets: generation stops at the first line end at or past it.
 */
final class Messages {
    private static final String[] WORDS = {
        "the", "meeting", "on", "Thursday", "was", "moved", "to", "room", "four", "because", "of", "the",
        "projector", "we", "agreed", "that", "release", "notes", "should", "be", "ready", "before", "Friday",
        "and", "that", "Alice", "will", "send", "the", "minutes", "to", "everyone", "on", "the", "list",
        "please", "reply", "if", "anything", "is", "missing", "budget", "server", "mailbox", "quota",
    };

    private Messages() {}

    /** The header block of a message as Postfix delivers it: trace fields, a folded DKIM signature, MIME. */
    private static StringBuilder header(String eol, String contentType) {
        StringBuilder s = new StringBuilder();
        line(s, eol, "Return-Path: <alice@example.org>");
        line(s, eol, "Delivered-To: someone@example.com");
        line(s, eol, "Received: from mx.example.org (mx.example.org [192.0.2.25])");
        line(s, eol, "\tby mail.example.com (Postfix) with ESMTPS id 4Xk2Lq0sKmz9sRt");
        line(s, eol, "\tfor <someone@example.com>; Tue, 14 Jan 2025 09:12:44 +0100 (CET)");
        line(s, eol, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=mail;");
        line(s, eol, "\tt=1736842360; bh=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=;");
        line(s, eol, "\th=From:To:Subject:Date:Message-ID;");
        line(s, eol, "\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaGFzIHRoZSByaWdodCBzaGFwZQ==");
        line(s, eol, "From: Alice Example <alice@example.org>");
        line(s, eol, "To: Someone <someone@example.com>");
        line(s, eol, "Subject: Minutes of the planning meeting");
        line(s, eol, "Date: Tue, 14 Jan 2025 09:12:40 +0100");
        line(s, eol, "Message-ID: <20250114081240.4711@example.org>");
        line(s, eol, "MIME-Version: 1.0");
        line(s, eol, "Content-Type: " + contentType);
        return s;
    }

    private static void line(StringBuilder s, String eol, String text) {
        s.append(text).append(eol);
    }

    /** Prose wrapped at 72 columns, in paragraphs, as a person writes it. */
    private static void prose(StringBuilder s, String eol, int target, Random random) {
        StringBuilder line = new StringBuilder();
        int linesInParagraph = 0;
        while (s.length() < target) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (line.length() + 1 + word.length() > 72) {
                line(s, eol, line.toString());
                line.setLength(0);
                if (++linesInParagraph == 6) {
                    s.append(eol);
                    linesInParagraph = 0;
                }
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty()) line(s, eol, line.toString());
    }

    /** A plain-text mail (header and prose). */
    static byte[] plainText(int target, String eol) {
        StringBuilder s = header(eol, "text/plain; charset=utf-8");
        line(s, eol, "Content-Transfer-Encoding: 8bit");
        s.append(eol);
        prose(s, eol, target, new Random(1));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A short text part and a base64 attachment in 76-character lines (RFC 2045 §6.8) filling the rest. */
    static byte[] base64Attachment(int target, String eol) {
        String boundary = "=_poplar_bench_0123456789";
        StringBuilder s = header(eol, "multipart/mixed; boundary=\"" + boundary + "\"");
        s.append(eol);
        line(s, eol, "--" + boundary);
        line(s, eol, "Content-Type: text/plain; charset=utf-8");
        s.append(eol);
        prose(s, eol, s.length() + 400, new Random(2));
        line(s, eol, "--" + boundary);
        line(s, eol, "Content-Type: application/pdf; name=\"report.pdf\"");
        line(s, eol, "Content-Disposition: attachment; filename=\"report.pdf\"");
        line(s, eol, "Content-Transfer-Encoding: base64");
        s.append(eol);
        // Each 57 octets become one 76-character line plus its line end.
        int lines = Math.max(1, (target - s.length() - boundary.length() - 8) / (76 + eol.length()));
        byte[] attachment = new byte[lines * 57];
        new Random(3).nextBytes(attachment);
        s.append(Base64.getMimeEncoder(76, eol.getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment));
        s.append(eol);
        line(s, eol, "--" + boundary + "--");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The worst case for dot-stuffing (RFC 1939 §3): short lines that all begin with {@code .}, so every
     * line costs one extra octet and the per-line overhead dominates.
     */
    static byte[] leadingDots(int target, String eol) {
        String[] lines = {".", "..", "...", ". quoted text", ".PHONY: all clean", ".hidden", ".. indented", ". -- sig"};
        StringBuilder s = header(eol, "text/plain; charset=us-ascii");
        s.append(eol);
        for (int i = 0; s.length() < target; i++) line(s, eol, lines[i % lines.length]);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

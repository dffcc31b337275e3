// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir;

import java.time.Instant;

/**
 * A Maildir file name taken apart. Immutable.
 *
 * <p>maildir(5): a reader may change only the info part after {@code :2,} (the flags); the part before
 * it, the base name, is fixed when the message is delivered and identifies it for life. Dovecot adds
 * {@code ,S=<physical size>} and {@code ,W=<virtual size>} to the base name; the virtual size is the
 * size with CRLF line ends, which is exactly the POP3 size (RFC 1939 §5).
 *
 * @param base        everything before {@code :2,}
 * @param timestamp   the leading decimal seconds of the name (delivery time), or {@link Long#MAX_VALUE}
 *                    when the name does not start with one
 * @param micros      the microseconds of the delivery ({@code M<digits>} in the unique part, as qmail,
 *                    Postfix and Dovecot write it), or 0 when absent: it orders messages delivered
 *                    within one second, and must be compared as a number (it is not zero-padded)
 * @param virtualSize the {@code ,W=} value, or -1 when absent or ambiguous
 */
record MaildirName(String base, long timestamp, long micros, long virtualSize) {

    /** maildir(5) "experimental semantics" marker; what follows it is flags. */
    static final String INFO_SEPARATOR = ":2,";

    /** Longest decimal number we parse from names: 18 digits always fit a long. */
    static final int MAX_DIGITS = 18;

    /**
     * 1995-01-01T00:00:00Z. Maildir came with qmail, later than this: a name whose leading number is
     * smaller ({@code 1.eml}, {@code 42.msg}) was made by hand, and its number is not a delivery time.
     */
    static final long EARLIEST_DELIVERY = 788_918_400L;

    /** Parses a file name from {@code cur/} or {@code new/}. Never fails: unknown parts are ignored. */
    static MaildirName parse(String fileName) {
        String base = baseOf(fileName);
        return new MaildirName(base, leadingTimestamp(base), micros(base), virtualSize(base));
    }

    /**
     * When the message was delivered, from the name's leading seconds (maildir(5):
     * {@code <seconds>.<unique>.<host>}), or {@code null} when the name is not of that form or the number
     * cannot be a delivery time. EXPIRE (RFC 2449 §6.7) never removes a message whose age is unknown, so
     * only a name that really starts with a delivery time gives one; the file's mtime does not (tools
     * that copy or restore maildirs change it).
     */
    Instant received() {
        if (timestamp == Long.MAX_VALUE) return null;
        int digits = 0;
        while (digits < base.length() && isDigit(base.charAt(digits))) digits++;
        if (digits >= base.length() || base.charAt(digits) != '.') return null;
        if (timestamp < EARLIEST_DELIVERY || timestamp > Instant.MAX.getEpochSecond()) return null;
        return Instant.ofEpochSecond(timestamp);
    }

    /** The base name: the file name up to {@code :2,}, or all of it when there is no info part. */
    static String baseOf(String fileName) {
        int info = fileName.indexOf(INFO_SEPARATOR);
        return info < 0 ? fileName : fileName.substring(0, info);
    }

    private static long leadingTimestamp(String base) {
        int end = 0;
        while (end < base.length() && end <= MAX_DIGITS && isDigit(base.charAt(end))) end++;
        // Names that are not "<seconds>.<unique>" (hand-made, foreign tools) sort after dated ones.
        if (end == 0 || end > MAX_DIGITS) return Long.MAX_VALUE;
        return Long.parseLong(base, 0, end, 10);
    }

    /** The digits after an {@code M} in the unique part ({@code <seconds>.<unique>.<host>}), or 0. */
    private static long micros(String base) {
        int start = base.indexOf('.');
        if (start < 0) return 0;
        int end = base.indexOf('.', start + 1);
        if (end < 0) end = base.length();
        for (int i = start + 1; i < end; i++) {
            if (base.charAt(i) != 'M') continue;
            int j = i + 1;
            while (j < end && isDigit(base.charAt(j))) j++;
            long value = parseDigits(base, i + 1, j);
            if (value >= 0) return value;
        }
        return 0;
    }

    private static long virtualSize(String base) {
        long found = -1;
        int from = base.indexOf(',');
        // Dovecot puts its fields after the first comma, each as ",<key>=<value>"; a host name with a
        // comma is escaped as \054 by writers, so commas separate fields.
        while (from >= 0) {
            int next = base.indexOf(',', from + 1);
            int end = next < 0 ? base.length() : next;
            if (end - from > 3 && base.startsWith("W=", from + 1)) {
                long value = parseDigits(base, from + 3, end);
                // Two W= fields would mean two different sizes: trust neither and compute.
                if (value < 0 || found >= 0) return -1;
                found = value;
            }
            from = next;
        }
        return found;
    }

    /** Parses {@code s[start,end)} as 1-18 decimal digits; -1 if it is anything else. */
    static long parseDigits(CharSequence s, int start, int end) {
        int n = end - start;
        if (n < 1 || n > MAX_DIGITS) return -1;
        for (int i = start; i < end; i++) {
            if (!isDigit(s.charAt(i))) return -1;
        }
        return Long.parseLong(s, start, end, 10);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

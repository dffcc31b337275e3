// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER (ITU-T X.690 §8, §10) that PKCS#1, SEC1 and PKCS#8 keys need: a bounded reader that
 * accepts only definite, minimal lengths and single-byte tags, and a writer for a TLV. It never
 * recurses on its own, so hostile nesting costs nothing. Stateless helpers; a {@link Reader} is
 * confined to one thread.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} and {@code [1]}, constructed, context-specific (SEC1 ECPrivateKey, RFC 5915 §3). */
    static final int CONTEXT_0 = 0xA0;
    static final int CONTEXT_1 = 0xA1;

    /** Longest OID content turned into text; real ones are under 20 bytes. */
    private static final int MAX_OID_BYTES = 64;

    private Der() {}

    /** Malformed DER. The message describes the structure, never its content. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** One TLV inside {@code buf}: the header starts at {@code start}, the content spans [{@code contentStart}, {@code end}). */
    record Value(int tag, byte[] buf, int start, int contentStart, int end) {
        int length() {
            return end - contentStart;
        }

        /** A copy of the content octets. */
        byte[] content() {
            return Arrays.copyOfRange(buf, contentStart, end);
        }

        /** A copy of the whole TLV, header included. */
        byte[] encoded() {
            return Arrays.copyOfRange(buf, start, end);
        }

        /** A reader over the content of this (constructed) value. */
        Reader contents() {
            return new Reader(buf, contentStart, end);
        }

        /** A small non-negative INTEGER (a version field). */
        int smallInt() throws MalformedException {
            if (tag != INTEGER || length() < 1 || length() > 4 || (buf[contentStart] & 0x80) != 0) {
                throw new MalformedException("expected a small non-negative INTEGER");
            }
            int v = 0;
            for (int i = contentStart; i < end; i++) v = (v << 8) | (buf[i] & 0xFF);
            return v;
        }
    }

    /** Reads consecutive TLVs from a region of a buffer. */
    static final class Reader {
        private final byte[] buf;
        private final int end;
        private int pos;

        Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        Reader(byte[] buf, int start, int end) {
            this.buf = buf;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** The next TLV, of any tag. */
        Value next() throws MalformedException {
            int start = pos;
            if (end - pos < 2) throw new MalformedException("truncated DER");
            int tag = buf[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) throw new MalformedException("unsupported multi-byte DER tag");
            int first = buf[pos++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new MalformedException("indefinite length (BER, not DER)");
            } else {
                int n = first & 0x7F;
                if (n > 3) throw new MalformedException("DER length too large");
                if (end - pos < n) throw new MalformedException("truncated DER length");
                if (buf[pos] == 0) throw new MalformedException("non-minimal DER length");
                length = 0;
                for (int i = 0; i < n; i++) length = (length << 8) | (buf[pos++] & 0xFF);
                if (length < 0x80) throw new MalformedException("non-minimal DER length");
            }
            if (length > end - pos) throw new MalformedException("DER value longer than its container");
            int contentStart = pos;
            pos += length;
            return new Value(tag, buf, start, contentStart, pos);
        }

        /** The next TLV, which must have the given tag. */
        Value next(int tag, String what) throws MalformedException {
            if (!hasMore()) throw new MalformedException("missing " + what);
            Value v = next();
            if (v.tag() != tag) throw new MalformedException("expected " + what);
            return v;
        }

        /** Fails if anything follows. */
        void end(String what) throws MalformedException {
            if (hasMore()) throw new MalformedException("unexpected data after " + what);
        }
    }

    /** A TLV with the given tag around the concatenated parts. */
    static byte[] tlv(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) length += p.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** The dotted form of an OBJECT IDENTIFIER's content (X.690 §8.19), for messages and look-ups. */
    static String oid(Value v) throws MalformedException {
        if (v.tag() != OID || v.length() < 1 || v.length() > MAX_OID_BYTES) throw new MalformedException("expected an OBJECT IDENTIFIER");
        StringBuilder s = new StringBuilder();
        long arc = 0;
        boolean firstArc = true;
        for (int i = v.contentStart(); i < v.end(); i++) {
            int b = v.buf()[i] & 0xFF;
            if (arc == 0 && b == 0x80) throw new MalformedException("non-minimal OBJECT IDENTIFIER");
            arc = (arc << 7) | (b & 0x7F);
            if (arc > Integer.MAX_VALUE) throw new MalformedException("OBJECT IDENTIFIER arc too large");
            if ((b & 0x80) != 0) continue;
            if (firstArc) {
                int top = arc < 40 ? 0 : arc < 80 ? 1 : 2;
                s.append(top).append('.').append(arc - 40L * top);
                firstArc = false;
            } else {
                s.append('.').append(arc);
            }
            arc = 0;
        }
        if ((v.buf()[v.end() - 1] & 0x80) != 0) throw new MalformedException("truncated OBJECT IDENTIFIER");
        return s.toString();
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.protocol.Limits;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bounds, decoding and crypto helpers shared by the mechanisms. Stateless (the random source is
 * thread-safe); safe from any thread.
 */
final class SaslCodec {
    private SaslCodec() {}

    /**
     * Largest decoded response any mechanism reads (protocol.md §1: a command line, and so a base64
     * response, is at most 8 KiB). Anything longer is refused before it is parsed.
     */
    static final int MAX_RESPONSE_OCTETS = Limits.MAX_COMMAND_OCTETS;

    /** RFC 4616 §2 asks for user names of at least 255 octets to be accepted; we cap them at 255 chars. */
    static final int MAX_USER_CHARS = 255;

    static final SecureRandom RANDOM = new SecureRandom();

    /** Whether a response is present and within {@link #MAX_RESPONSE_OCTETS}. */
    static boolean bounded(byte[] response) {
        return response != null && response.length <= MAX_RESPONSE_OCTETS;
    }

    /** Strict UTF-8 (RFC 3629): overlong forms, surrogates and truncated sequences give {@code null}. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static byte[] utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a user name is one we pass on: 1 to {@link #MAX_USER_CHARS} chars, no control characters
     * (C0, DEL, C1). No real account name has them, and refusing them here keeps them out of every
     * back end and log line.
     */
    static boolean plausibleUser(String user) {
        if (user == null || user.isEmpty() || user.length() > MAX_USER_CHARS) return false;
        for (int i = 0; i < user.length(); i++) {
            if (Character.isISOControl(user.charAt(i))) return false;
        }
        return true;
    }

    /** Malformed input: the client broke the mechanism's syntax. */
    static SaslStep malformed(String user) {
        return new SaslStep.Failure(user, true);
    }

    /** Wrong or unusable credentials. */
    static SaslStep denied(String user) {
        return new SaslStep.Failure(user, false);
    }

    /** Constant-time comparison ({@link MessageDigest#isEqual} does not stop at the first difference). */
    static boolean sameBytes(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** HMAC with a non-empty key. */
    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            // HmacMD5 and HmacSHA256 are required in every Java SE implementation.
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** ASCII-only case-insensitive prefix test (no locale, no Unicode case folding). */
    static boolean startsWithIgnoreCase(String s, String asciiPrefix) {
        return s.regionMatches(true, 0, asciiPrefix, 0, asciiPrefix.length())
                && isAscii(s, asciiPrefix.length());
    }

    private static boolean isAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0x7E) return false;
        }
        return true;
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SASL mechanisms Poplar implements (RFC 5034 AUTH), in the order the server prefers them. The
 * constants and lists are immutable and safe to share between threads.
 */
public final class SaslMechanisms {
    private SaslMechanisms() {}

    /** SCRAM-SHA-256-PLUS (RFC 5802, RFC 7677) with the {@code tls-server-end-point} binding (RFC 5929). */
    public static final SaslMechanism SCRAM_SHA_256_PLUS =
            new ScramSha256Mechanism(true, ScramSha256Mechanism.DEFAULT_FAKE_ITERATIONS);
    /** SCRAM-SHA-256 (RFC 5802, RFC 7677). */
    public static final SaslMechanism SCRAM_SHA_256 =
            new ScramSha256Mechanism(false, ScramSha256Mechanism.DEFAULT_FAKE_ITERATIONS);
    /** OAUTHBEARER (RFC 7628). */
    public static final SaslMechanism OAUTHBEARER = new OAuthBearerMechanism();
    /** XOAUTH2 (Google). */
    public static final SaslMechanism XOAUTH2 = new XOAuth2Mechanism();
    /** PLAIN (RFC 4616). */
    public static final SaslMechanism PLAIN = new PlainMechanism();
    /** LOGIN (draft-murchison-sasl-login). */
    public static final SaslMechanism LOGIN = new LoginMechanism();
    /** CRAM-MD5 (RFC 2195). Last: it needs plaintext-equivalent secrets and rests on MD5. */
    public static final SaslMechanism CRAM_MD5 = new CramMd5Mechanism();

    private static final List<SaslMechanism> STANDARD =
            List.of(SCRAM_SHA_256_PLUS, SCRAM_SHA_256, OAUTHBEARER, XOAUTH2, PLAIN, LOGIN, CRAM_MD5);

    /**
     * RFC 4422 §3.1: a mechanism name is 1 to 20 characters from upper-case letters, digits, "-" and "_".
     */
    private static final int MAX_NAME_CHARS = 20;

    /**
     * All mechanisms, strongest first: channel-bound SCRAM, SCRAM, the token mechanisms, the
     * password-sending ones, CRAM-MD5 last.
     */
    public static List<SaslMechanism> standard() {
        return STANDARD;
    }

    /** The standard mechanisms that can work with {@code context} (what CAPA may list), in preference order. */
    public static List<SaslMechanism> available(SaslContext context) {
        Objects.requireNonNull(context, "context");
        return STANDARD.stream().filter(m -> m.isAvailable(context)).toList();
    }

    /**
     * The standard mechanism with this name. RFC 5034 §4 and RFC 4422 §3.1: names are compared
     * case-insensitively, in ASCII only (no locale, so {@code "plaın"} is not {@code PLAIN}).
     */
    public static Optional<SaslMechanism> byName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_CHARS) return Optional.empty();
        for (SaslMechanism m : STANDARD) {
            if (asciiEqualsIgnoreCase(m.name(), name)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * SCRAM-SHA-256 (or -PLUS) whose stand-in credential for unknown users uses {@code fakeIterations};
     * set it to the iteration count the store uses, so that unknown users look like real ones
     * (the standard instances use 4096, RFC 7677 §4's minimum and Dovecot's default).
     */
    public static SaslMechanism scramSha256(boolean plus, int fakeIterations) {
        return new ScramSha256Mechanism(plus, fakeIterations);
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) return false;
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) return false;
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.Account;
import dev.poplar.server.spi.CredentialStore;
import dev.poplar.server.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * CRAM-MD5 (RFC 2195): the server sends a unique message-id, the client answers with its user name and
 * the HMAC-MD5 of that challenge keyed with the password. Needs a store that keeps plaintext-equivalent
 * secrets. Stateless and thread-safe; each exchange belongs to one session thread.
 */
final class CramMd5Mechanism implements SaslMechanism {

    /** RFC 2195 §2: the digest is 16 octets, sent as 32 hex digits. */
    private static final int DIGEST_HEX_CHARS = 32;

    /** Used when there is no secret to check against, so that the work done is the same (RFC 1939 §13). */
    private static final byte[] DUMMY_KEY = SaslCodec.randomBytes(16);

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean sendsPassword() {
        return false;
    }

    @Override
    public boolean isAvailable(SaslContext context) {
        return keepsPlaintext(context.credentials());
    }

    static boolean keepsPlaintext(CredentialStore store) {
        if (store == null) return false;
        Set<CredentialStore.SecretKind> kinds = store.secretKinds();
        return kinds != null && kinds.contains(CredentialStore.SecretKind.PLAINTEXT);
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return new Exchange(context, challenge(context.serverName()));
    }

    /**
     * RFC 2195 §2: a presumptively arbitrary and unique string in RFC 822 msg-id form,
     * {@code <random.timestamp@hostname>}; 64 random bits make it unique.
     */
    static String challenge(String serverName) {
        long random = SaslCodec.RANDOM.nextLong();
        return "<" + Long.toUnsignedString(random) + "." + System.currentTimeMillis() + "@" + hostName(serverName) + ">";
    }

    /** The configured name if it is a plain host name, else {@code localhost}: no odd bytes in a challenge. */
    private static String hostName(String serverName) {
        if (serverName == null || serverName.isEmpty() || serverName.length() > 253) return "localhost";
        for (int i = 0; i < serverName.length(); i++) {
            char c = serverName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) return "localhost";
        }
        return serverName;
    }

    static final class Exchange implements SaslExchange {
        private final SaslContext context;
        private final String challenge;
        private boolean challenged;
        private boolean done;

        /** Package-private so that tests can replay RFC 2195's example challenge. */
        Exchange(SaslContext context, String challenge) {
            this.context = context;
            this.challenge = challenge;
        }

        @Override
        public SaslStep step(byte[] response) throws StoreException {
            if (done) return SaslCodec.malformed(null);
            if (!challenged) {
                // RFC 2195 §2: the server speaks first, so an initial response is a protocol error.
                if (response != null) {
                    done = true;
                    return SaslCodec.malformed(null);
                }
                challenged = true;
                return new SaslStep.Challenge(challenge.getBytes(StandardCharsets.US_ASCII));
            }
            done = true;
            return check(response);
        }

        private SaslStep check(byte[] response) throws StoreException {
            String text = SaslCodec.bounded(response) ? SaslCodec.utf8(response) : null;
            // RFC 2195 §2: user name, one space, 32 hex digits (the last space separates, names may hold spaces).
            if (text == null || text.length() < DIGEST_HEX_CHARS + 2) return SaslCodec.malformed(null);
            int space = text.length() - DIGEST_HEX_CHARS - 1;
            String user = text.substring(0, space);
            byte[] digest = hex(text.substring(space + 1));
            if (text.charAt(space) != ' ' || digest == null || !SaslCodec.plausibleUser(user)) {
                return SaslCodec.malformed(SaslCodec.plausibleUser(user) ? user : null);
            }
            Optional<String> secret = keepsPlaintext(context.credentials())
                    ? context.credentials().plaintextPassword(user)
                    : Optional.empty();
            boolean usable = secret.isPresent() && !secret.get().isEmpty();
            byte[] key = usable ? SaslCodec.utf8Bytes(secret.get()) : DUMMY_KEY;
            byte[] expected = SaslCodec.hmac("HmacMD5", key, challenge.getBytes(StandardCharsets.US_ASCII));
            // A user without a plaintext secret fails exactly like a wrong password.
            if (SaslCodec.sameBytes(expected, digest) && usable) return new SaslStep.Success(new Account(user), null);
            return SaslCodec.denied(user);
        }

        /** Hex digits (either case) to bytes, or {@code null}. */
        private static byte[] hex(String s) {
            byte[] out = new byte[s.length() / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(s.charAt(2 * i), 16);
                int lo = Character.digit(s.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0 || s.charAt(2 * i) > 0x7F || s.charAt(2 * i + 1) > 0x7F) return null;
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }
    }
}

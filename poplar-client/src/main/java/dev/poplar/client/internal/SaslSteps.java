// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client.internal;

import dev.poplar.client.Mechanism;
import dev.poplar.client.ProtocolException;
import dev.poplar.protocol.Saslprep;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of one SASL exchange (RFC 4422): an optional initial response, then one response per
 * server challenge, then a check that the exchange may be called a success. Not thread-safe: one
 * instance per AUTH command.
 */
public abstract sealed class SaslSteps {
    /** SCRAM iteration counts above this are refused: a hostile server could make us spin for hours. */
    static final int MAX_SCRAM_ITERATIONS = 1_000_000;

    /** The initial response (RFC 4422 §3.3), or {@code null} if the mechanism starts with a challenge. */
    public abstract byte[] initial();

    /** The response to a decoded challenge. */
    public abstract byte[] respond(byte[] challenge) throws ProtocolException;

    /** Called on +OK: throws if the server has not proved what the mechanism requires. */
    public void checkSuccess() throws ProtocolException {}

    public static SaslSteps start(Mechanism m, String user, String secret) {
        return switch (m) {
            case PLAIN -> new Fixed(utf8("\0" + user + "\0" + secret), new byte[0]);
            case XOAUTH2 -> new Fixed(utf8("user=" + user + "\u0001auth=Bearer " + secret + "\u0001\u0001"), new byte[0]);
            // RFC 7628 §3.2.3: after an error challenge the client sends a lone %x01.
            case OAUTHBEARER -> new Fixed(utf8("n,a=" + saslName(user) + ",\u0001auth=Bearer " + secret + "\u0001\u0001"),
                    new byte[] {1});
            case LOGIN -> new Login(user, secret);
            case CRAM_MD5 -> new CramMd5(user, secret);
            case SCRAM_SHA_256 -> new Scram(user, secret);
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5802 §5.1 saslname: "=" and "," escaped. */
    static String saslName(String s) {
        return s.replace("=", "=3D").replace(",", "=2C");
    }

    /** One message; any later challenge is an error report answered with {@code afterError}. */
    static final class Fixed extends SaslSteps {
        private final byte[] message;
        private final byte[] afterError;

        Fixed(byte[] message, byte[] afterError) {
            this.message = message;
            this.afterError = afterError;
        }

        @Override
        public byte[] initial() {
            return message;
        }

        @Override
        public byte[] respond(byte[] challenge) {
            return afterError;
        }
    }

    /** LOGIN: user name, then password, whatever the prompts say. */
    static final class Login extends SaslSteps {
        private final String user;
        private final String password;
        private int step;

        Login(String user, String password) {
            this.user = user;
            this.password = password;
        }

        @Override
        public byte[] initial() {
            return null;
        }

        @Override
        public byte[] respond(byte[] challenge) throws ProtocolException {
            return switch (step++) {
                case 0 -> utf8(user);
                case 1 -> utf8(password);
                default -> throw new ProtocolException("unexpected third LOGIN challenge");
            };
        }
    }

    /** CRAM-MD5 (RFC 2195 §2): user, a space, the lower-case hex HMAC-MD5 of the challenge. */
    static final class CramMd5 extends SaslSteps {
        private final String user;
        private final String secret;

        CramMd5(String user, String secret) {
            this.user = user;
            this.secret = secret;
        }

        @Override
        public byte[] initial() {
            return null;
        }

        @Override
        public byte[] respond(byte[] challenge) throws ProtocolException {
            return utf8(user + " " + HexFormat.of().formatHex(hmac("HmacMD5", utf8(secret), challenge)));
        }
    }

    /** SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding; the server signature is required. */
    static final class Scram extends SaslSteps {
        private final String password;
        private final String clientFirstBare;
        private final String nonce;
        private byte[] expectedServerSignature;
        private boolean verified;

        Scram(String user, String password) {
            this.password = Saslprep.prepare(password, false);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            this.nonce = Base64.getEncoder().withoutPadding().encodeToString(random);
            this.clientFirstBare = "n=" + saslName(Saslprep.prepare(user, false)) + ",r=" + nonce;
        }

        @Override
        public byte[] initial() {
            return utf8("n,," + clientFirstBare);
        }

        @Override
        public byte[] respond(byte[] challenge) throws ProtocolException {
            String msg = new String(challenge, StandardCharsets.UTF_8);
            if (expectedServerSignature == null) return clientFinal(msg);
            if (verified) throw new ProtocolException("SCRAM: unexpected challenge after server-final");
            if (!msg.startsWith("v=")) throw new ProtocolException("SCRAM: server-final without a verifier");
            byte[] got;
            try {
                got = Base64.getDecoder().decode(msg.substring(2));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("SCRAM: bad verifier encoding");
            }
            // RFC 5802 §3: the client MUST verify ServerSignature; a mismatch means a false server.
            if (!MessageDigest.isEqual(got, expectedServerSignature)) {
                throw new ProtocolException("SCRAM: server signature does not match; the server does not know the password");
            }
            verified = true;
            return new byte[0];
        }

        private byte[] clientFinal(String serverFirst) throws ProtocolException {
            String r = null, s = null, i = null;
            for (String part : serverFirst.split(",")) {
                if (part.startsWith("r=")) r = part.substring(2);
                else if (part.startsWith("s=")) s = part.substring(2);
                else if (part.startsWith("i=")) i = part.substring(2);
                else if (part.startsWith("m=")) throw new ProtocolException("SCRAM: unsupported mandatory extension");
            }
            if (r == null || s == null || i == null || !r.startsWith(nonce) || r.length() == nonce.length()) {
                throw new ProtocolException("SCRAM: malformed server-first-message");
            }
            int iterations;
            byte[] salt;
            try {
                iterations = Integer.parseInt(i);
                salt = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("SCRAM: malformed salt or iteration count");
            }
            if (iterations < 1 || iterations > MAX_SCRAM_ITERATIONS) throw new ProtocolException("SCRAM: iteration count out of range");
            byte[] salted = hi(utf8(password), salt, iterations);
            byte[] clientKey = hmac("HmacSHA256", salted, utf8("Client Key"));
            byte[] storedKey = sha256(clientKey);
            String withoutProof = "c=biws,r=" + r;
            byte[] authMessage = utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] signature = hmac("HmacSHA256", storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int k = 0; k < proof.length; k++) proof[k] = (byte) (clientKey[k] ^ signature[k]);
            expectedServerSignature = hmac("HmacSHA256", hmac("HmacSHA256", salted, utf8("Server Key")), authMessage);
            return utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
        }

        @Override
        public void checkSuccess() throws ProtocolException {
            if (!verified) throw new ProtocolException("SCRAM: +OK without a verified server signature");
        }

        private static byte[] hi(byte[] password, byte[] salt, int iterations) throws ProtocolException {
            byte[] block = new byte[salt.length + 4];
            System.arraycopy(salt, 0, block, 0, salt.length);
            block[block.length - 1] = 1;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
                byte[] u = mac.doFinal(block);
                byte[] result = u.clone();
                for (int n = 1; n < iterations; n++) {
                    u = mac.doFinal(u);
                    for (int k = 0; k < result.length; k++) result[k] ^= u[k];
                }
                return result;
            } catch (GeneralSecurityException e) {
                throw new ProtocolException("HmacSHA256 unavailable", e);
            }
        }

        private static byte[] sha256(byte[] b) throws ProtocolException {
            try {
                return MessageDigest.getInstance("SHA-256").digest(b);
            } catch (GeneralSecurityException e) {
                throw new ProtocolException("SHA-256 unavailable", e);
            }
        }
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) throws ProtocolException {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // HMAC pads keys with zeros (RFC 2104 §2), so one zero octet stands for the empty key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException(algorithm + " unavailable", e);
        }
    }
}

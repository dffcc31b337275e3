// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.server.spi.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent SCRAM-SHA-256 client for the tests, written step by step from RFC 5802 §3 with
 * {@link Mac} (it shares no code with the server side).
 */
final class ScramClient {
    private ScramClient() {}

    static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    static byte[] h(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    /** RFC 5802 §2.2: Hi(str, salt, i) = U1 XOR U2 XOR ... XOR Ui, U1 = HMAC(str, salt + INT(1)). */
    static byte[] hi(String password, byte[] salt, int iterations) throws Exception {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1;
        byte[] u = hmac(key, first);
        byte[] result = u.clone();
        for (int n = 2; n <= iterations; n++) {
            u = hmac(key, u);
            for (int k = 0; k < result.length; k++) result[k] ^= u[k];
        }
        return result;
    }

    /** What a server stores for this password (RFC 5802 §3). */
    static ScramCredential credential(String password, byte[] salt, int iterations) throws Exception {
        byte[] salted = hi(password, salt, iterations);
        byte[] clientKey = hmac(salted, bytes("Client Key"));
        return new ScramCredential(salt, iterations, h(clientKey), hmac(salted, bytes("Server Key")));
    }

    /** Values of "s=" and "i=" in a server-first-message, and its nonce. */
    record ServerFirst(String nonce, byte[] salt, int iterations) {
        static ServerFirst parse(String s) {
            String[] parts = s.split(",");
            return new ServerFirst(parts[0].substring(2), Base64.getDecoder().decode(parts[1].substring(2)),
                    Integer.parseInt(parts[2].substring(2)));
        }
    }

    /** The exchange's results: the client-final-message and the server signature the client expects. */
    record Final(String message, String expectedServerFinal) {}

    /**
     * RFC 5802 §3: builds client-final-message.
     *
     * @param gs2Header  e.g. {@code n,,}
     * @param cbData     channel binding data appended to the header in {@code c=}, or empty
     */
    static Final clientFinal(String password, String gs2Header, byte[] cbData, String clientFirstBare, String serverFirst)
            throws Exception {
        ServerFirst sf = ServerFirst.parse(serverFirst);
        byte[] header = bytes(gs2Header);
        byte[] cbind = new byte[header.length + cbData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbData, 0, cbind, header.length, cbData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + sf.nonce();
        byte[] authMessage = bytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] salted = hi(password, sf.salt(), sf.iterations());
        byte[] clientKey = hmac(salted, bytes("Client Key"));
        byte[] storedKey = h(clientKey);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int k = 0; k < proof.length; k++) proof[k] = (byte) (clientKey[k] ^ clientSignature[k]);
        byte[] serverSignature = hmac(hmac(salted, bytes("Server Key")), authMessage);
        return new Final(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof),
                "v=" + Base64.getEncoder().encodeToString(serverSignature));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

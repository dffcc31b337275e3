// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal SCRAM-SHA-256 client (RFC 5802 §3, §5, §7; RFC 7677), written from the RFC with
 * {@code javax.crypto} only, so that it shares no code with the server. One exchange per instance.
 */
final class ScramClient {
    private final String gs2Header;
    private final String clientFirstBare;
    private final String clientNonce;
    private final byte[] cbindData;
    private String serverFirst;
    private byte[] serverKey;
    private String authMessage;

    /**
     * @param gs2Header e.g. {@code "n,,"}, {@code "y,,"} or {@code "p=tls-server-end-point,,"}
     * @param cbindData the channel binding data for {@code p=}, else empty
     */
    ScramClient(String user, String gs2Header, byte[] cbindData) {
        byte[] nonce = new byte[18];
        new SecureRandom().nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
        this.gs2Header = gs2Header;
        this.cbindData = cbindData.clone();
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    /** client-first-message, base64. */
    String first() {
        return b64((gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads server-first-message from a {@code + base64} line; returns it as text. */
    String readServerFirst(String continuation) {
        if (!continuation.startsWith("+ ")) throw new AssertionError("expected a challenge: " + continuation);
        serverFirst = new String(Base64.getDecoder().decode(continuation.substring(2)), StandardCharsets.UTF_8);
        return serverFirst;
    }

    /** The {@code s=} attribute of server-first-message, as sent (base64). */
    String salt() {
        return attribute("s");
    }

    int iterations() {
        return Integer.parseInt(attribute("i"));
    }

    /** client-final-message for {@code password}, base64 (RFC 5802 §3: ClientProof = ClientKey XOR ClientSignature). */
    String finalMessage(String password) throws GeneralSecurityException {
        String nonce = attribute("r");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new AssertionError("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(salt());
        SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations(), 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbindInput = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, cbindInput, 0, header.length);
        System.arraycopy(cbindData, 0, cbindInput, header.length, cbindData.length);
        String withoutProof = "c=" + b64(cbindInput) + ",r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        return b64((withoutProof + ",p=" + b64(proof)).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a {@code + base64} line carries the right server-final-message ({@code v=} ServerSignature). */
    boolean serverFinalIsValid(String continuation) throws GeneralSecurityException {
        if (!continuation.startsWith("+ ")) return false;
        String text = new String(Base64.getDecoder().decode(continuation.substring(2)), StandardCharsets.UTF_8);
        String expected = "v=" + b64(hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.US_ASCII));
    }

    private String attribute(String name) {
        for (String a : serverFirst.split(",", 16)) {
            if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
        }
        throw new AssertionError("no " + name + "= in " + serverFirst);
    }

    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** RFC 2195: the CRAM-MD5 response for a {@code + base64} challenge, base64. */
    static String cramMd5(String continuation, String user, String password) throws GeneralSecurityException {
        byte[] challenge = Base64.getDecoder().decode(continuation.substring(2));
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        String digest = HexFormat.of().formatHex(mac.doFinal(challenge));
        return b64((user + " " + digest).getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}

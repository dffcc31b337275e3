// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.sasl;

import dev.poplar.protocol.Saslprep;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Hand-written parsers for the two SCRAM client messages (RFC 5802 §7). Stateless; safe from any thread.
 * Each parser gives {@code null} for anything that does not follow the grammar.
 */
final class ScramMessages {
    private ScramMessages() {}

    /** Bound on a client nonce; real clients send 18 to 48 chars. */
    static final int MAX_NONCE_CHARS = 255;

    /** Bound on the number of attributes in one message (the grammar has 3 to 4 plus extensions). */
    private static final int MAX_ATTRIBUTES = 32;

    /** SHA-256 output length, the length of a SCRAM-SHA-256 ClientProof (RFC 7677 §3). */
    static final int PROOF_OCTETS = 32;

    /**
     * client-first-message = gs2-header client-first-message-bare (RFC 5802 §7). Immutable.
     *
     * @param user        the user name, unescaped and prepared with SASLprep as a query (RFC 5802 §5.1)
     * @param bare        client-first-message-bare exactly as sent (part of AuthMessage)
     * @param clientNonce the client's nonce
     */
    record ClientFirst(Gs2Header header, String user, String bare, String clientNonce) {

        static ClientFirst parse(String message) {
            Gs2Header header = Gs2Header.parse(message);
            if (header == null) return null;
            String bare = message.substring(header.text().length());
            List<String> attributes = split(bare);
            if (attributes == null || attributes.size() < 2) return null;
            // RFC 5802 §5.1: "m" is reserved; its presence MUST cause authentication failure.
            String n = attributes.get(0);
            if (!n.startsWith("n=")) return null;
            String user = prepareUser(n.substring(2));
            String r = attributes.get(1);
            if (user == null || !r.startsWith("r=") || !isNonce(r.substring(2))) return null;
            if (!extensionsValid(attributes, 2, attributes.size())) return null;
            return new ClientFirst(header, user, bare, r.substring(2));
        }
    }

    /**
     * client-final-message = channel-binding "," nonce ["," extensions] "," proof (RFC 5802 §7). Not
     * copied defensively: it lives inside one exchange.
     *
     * @param channelBinding       the decoded {@code c=} value (GS2 header plus channel binding data)
     * @param nonce                the whole nonce, client part and server part
     * @param withoutProof         client-final-message-without-proof exactly as sent (part of AuthMessage)
     * @param proof                the decoded ClientProof, {@link #PROOF_OCTETS} long
     */
    record ClientFinal(byte[] channelBinding, String nonce, String withoutProof, byte[] proof) {

        static ClientFinal parse(String message) {
            List<String> attributes = split(message);
            if (attributes == null || attributes.size() < 3) return null;
            String c = attributes.get(0);
            String r = attributes.get(1);
            String p = attributes.get(attributes.size() - 1);
            if (!c.startsWith("c=") || !r.startsWith("r=") || !p.startsWith("p=")) return null;
            if (!isNonce(r.substring(2)) || !extensionsValid(attributes, 2, attributes.size() - 1)) return null;
            byte[] cbind = base64(c.substring(2));
            byte[] proof = base64(p.substring(2));
            if (cbind == null || proof == null || proof.length != PROOF_OCTETS) return null;
            String withoutProof = message.substring(0, message.length() - p.length() - 1);
            return new ClientFinal(cbind, r.substring(2), withoutProof, proof);
        }
    }

    /** RFC 5802 §5.1: unescape the saslname, then SASLprep as a query; empty or failing names are refused. */
    static String prepareUser(String saslname) {
        String raw = Gs2Header.decodeSaslname(saslname);
        if (raw == null) return null;
        String prepared;
        try {
            prepared = Saslprep.prepare(raw, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return SaslCodec.plausibleUser(prepared) ? prepared : null;
    }

    /** RFC 5802 §7: printable = %x21-2B / %x2D-7E (printable ASCII except ","), here 1 to 255 of them. */
    static boolean isNonce(String s) {
        if (s.isEmpty() || s.length() > MAX_NONCE_CHARS) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') return false;
        }
        return true;
    }

    /**
     * RFC 5802 §7: extensions = attr-val *("," attr-val), attr-val = ALPHA "=" value, value = 1*value-char
     * (no NUL, no ","). Unknown extensions are ignored (§5.1), but "m" is reserved and fails (§5.1).
     */
    private static boolean extensionsValid(List<String> attributes, int from, int to) {
        for (int i = from; i < to; i++) {
            String a = attributes.get(i);
            if (a.length() < 3 || a.charAt(1) != '=' || a.charAt(0) == 'm' || a.indexOf('\0') >= 0) return false;
            char name = a.charAt(0);
            if (!((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z'))) return false;
        }
        return true;
    }

    /** Splits on ",", keeping empty parts; {@code null} past {@link #MAX_ATTRIBUTES} parts. */
    private static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            if (parts.size() == MAX_ATTRIBUTES) return null;
            int comma = s.indexOf(',', start);
            if (comma < 0) {
                parts.add(s.substring(start));
                return parts;
            }
            parts.add(s.substring(start, comma));
            start = comma + 1;
        }
    }

    /** Base64 (RFC 4648 §4, as RFC 5802 §7 uses it), or {@code null} if it is not valid base64. */
    static byte[] base64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) return null;
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

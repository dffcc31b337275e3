// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

/** SASL mechanisms the client can run with AUTH (RFC 5034). Immutable. */
public enum Mechanism {
    /** RFC 4616; sends the password, so only over TLS unless plaintext login is allowed. */
    PLAIN("PLAIN", true),
    /** draft-murchison-sasl-login; sends the password, so only over TLS unless allowed. */
    LOGIN("LOGIN", true),
    /** RFC 2195; MD5-based, does not send the password. */
    CRAM_MD5("CRAM-MD5", false),
    /** RFC 5802/7677; the server's signature is verified before success is accepted. */
    SCRAM_SHA_256("SCRAM-SHA-256", false),
    /** Google/Microsoft XOAUTH2; the secret is a bearer token. */
    XOAUTH2("XOAUTH2", true),
    /** RFC 7628; the secret is a bearer token. */
    OAUTHBEARER("OAUTHBEARER", true);

    private final String wire;
    private final boolean sendsSecret;

    Mechanism(String wire, boolean sendsSecret) {
        this.wire = wire;
        this.sendsSecret = sendsSecret;
    }

    /** The mechanism name as sent after AUTH. */
    public String wire() {
        return wire;
    }

    /** Whether the password or token crosses the wire as is (so TLS is required by default). */
    public boolean sendsSecret() {
        return sendsSecret;
    }
}

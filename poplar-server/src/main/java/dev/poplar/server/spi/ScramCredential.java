// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.spi;

/**
 * What a server stores for SCRAM (RFC 5802 §3): salt, iteration count, StoredKey = H(ClientKey) and
 * ServerKey = HMAC(SaltedPassword, "Server Key"). The password itself cannot be recovered from it.
 * Immutable (the arrays are copied in and out).
 */
public record ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public ScramCredential {
        if (iterations < 1) throw new IllegalArgumentException("iterations");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public String toString() {
        return "ScramCredential[iterations=" + iterations + "]"; // keys stay out of logs
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers one certificate chain and key to JSSE's server handshake, with no key store and no password.
 * JSSE asks by key type ({@code RSA}, {@code RSASSA-PSS}, {@code EC}, {@code EdDSA}); the key is offered
 * when its type matches, and JSSE itself checks the curve and signature scheme against the client's
 * lists. Immutable, thread-safe.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "poplar";

    private final KeyMaterial material;
    private final String keyType;

    SingleKeyManager(KeyMaterial material) {
        this.material = material;
        this.keyType = family(material.leaf().getPublicKey().getAlgorithm());
    }

    private static String family(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        return a.equals("ED25519") || a.equals("ED448") ? "EDDSA" : a;
    }

    private boolean offers(String requested) {
        return requested != null && family(requested).equals(keyType);
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
        return offers(type) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return offers(type) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
        return offers(type) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? material.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? material.key() : null;
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return null;
    }
}

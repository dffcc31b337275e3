// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.tls;

import java.util.List;

/**
 * What a {@link TlsConfig} does beyond serving its certificate. Immutable.
 *
 * <p>With {@code strictSni}, a client whose ClientHello names a server (SNI, RFC 6066 §3) that is not
 * one of {@code serverNames} is refused with the {@code unrecognized_name} alert, as the ALPACA paper
 * recommends against cross-protocol redirection; a client that sends no name is accepted. A name
 * matches case-insensitively, exactly or through a {@code *.} wildcard that covers one label
 * (RFC 6125 §6.4.3). With {@code strictSni} and no names, the DNS names of the certificate's subject
 * alternative names are used (and follow it on reload). Without {@code strictSni} the names are
 * neither checked nor used.
 *
 * @param strictSni   refuse clients that ask for another server name
 * @param serverNames the names this server answers to; ASCII or internationalised, {@code *.} allowed
 * @throws IllegalArgumentException with {@code strictSni}, for a name that is not a valid host name
 */
public record TlsOptions(boolean strictSni, List<String> serverNames) {
    public TlsOptions {
        serverNames = List.copyOf(serverNames);
        // Names are only used for strict SNI; only then must they be valid host names (fail early).
        if (strictSni) for (String name : serverNames) ServerNameMatcher.normalise(name);
    }

    /** No SNI check: what most mail servers do. */
    public static TlsOptions defaults() {
        return new TlsOptions(false, List.of());
    }

    /** Strict SNI with the given names, or with the certificate's names if none are given. */
    public static TlsOptions strict(String... serverNames) {
        return new TlsOptions(true, List.of(serverNames));
    }
}

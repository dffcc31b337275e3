// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import java.net.InetSocketAddress;

/**
 * What one connection knows about itself beyond its POP3 state: addresses, TLS, the RFC 6856 modes,
 * the APOP timestamp. Owned and changed only by the connection's thread (STLS changes it).
 */
final class SessionContext {
    final InetSocketAddress remote;
    final InetSocketAddress local;
    /** Whether STLS can be offered on this connection at all (TLS configured, plain listener). */
    final boolean tlsAvailable;
    /** The client is in a trusted network (protocol.md §6: loopback by default). */
    final boolean trustedNetwork;
    /** The timestamp of the greeting when APOP is enabled (RFC 1939 §7), else null. */
    final String apopTimestamp;
    boolean secure;
    /** RFC 5929 tls-server-end-point channel binding of the TLS session, or null. */
    byte[] channelBinding;
    /** RFC 6856 §2: the client sent UTF8. */
    boolean utf8;
    /** This connection's place in the connection limits, or null for sessions over plain streams. */
    dev.poplar.server.guard.ConnectionLimits.Lease<Connection> lease;
    /** Closes this connection from another thread (lock takeover). */
    Runnable abort = () -> {};
    /** When the client last sent a line (lock takeover looks at it). */
    volatile long lastActivityNanos = System.nanoTime();
    /** When the connection began (for the login log line). */
    final long startedNanos = System.nanoTime();
    /** How the current session logged in (USER, APOP, a SASL mechanism), for WAKE's re-check. */
    String loginMethod;
    /** Failed logins on this connection so far (for the login log line). */
    int failedLogins;
    /** RFC 6856 §3: the language of human-readable texts. */
    String language = "en";

    SessionContext(InetSocketAddress remote, InetSocketAddress local, boolean trustedNetwork, boolean tlsAvailable,
                   String apopTimestamp) {
        this.remote = remote;
        this.local = local;
        this.trustedNetwork = trustedNetwork;
        this.tlsAvailable = tlsAvailable;
        this.apopTimestamp = apopTimestamp;
    }

    long silentNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** RFC 2595 §2.3: passwords in the clear only over TLS or from trusted networks (protocol.md §6). */
    boolean plaintextAllowed() {
        return secure || trustedNetwork;
    }

    /** Whether STLS may be used now: available, and TLS not already on (RFC 2595 §4: only once). */
    boolean canStartTls() {
        return tlsAvailable && !secure;
    }
}

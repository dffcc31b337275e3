// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.sasl.SaslMechanism;
import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.MaildropProvider;
import dev.poplar.server.spi.TokenVerifier;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.LockPolicy;
import dev.poplar.server.NetworkSet;
import dev.poplar.server.guard.ConnectionLimits;
import dev.poplar.server.guard.LoginDelayTracker;
import dev.poplar.server.guard.LoginGuard;
import java.time.Duration;
import java.util.List;

/**
 * Settings shared by every connection of a server, fixed when the server is built. Immutable.
 *
 * @param trusted          client addresses that may send passwords without TLS (RFC 2595 §2.3;
 *                         protocol.md §6: loopback by default) and are exempt from login penalties
 * @param tls              certificate and parameters for STLS and implicit TLS, or null
 * @param handshakeTimeout protocol.md §6: how long a TLS handshake may take
 * @param apop             RFC 1939 §7 APOP enabled (off by default: MD5 is broken against an active attacker)
 * @param serverName       host name for the APOP timestamp and SASL challenges
 * @param mechanisms       SASL mechanisms in preference order (each still checks its own availability)
 * @param tokens           OAuth token verifier, or null
 * @param loginDelays      RFC 2449 §6.5 minimum interval between logins of one user, or null for none
 * @param guard            protocol.md §6 brute-force protection
 * @param limits           connection limits: total, per address, per user
 * @param lockPolicy       protocol.md §8
 * @param lockTakeover     how long a lock holder must have been silent before a new login takes over
 * @param multiLineIndicator seed extension MULTI-LINE-IND: multi-line first lines end in " _"
 * @param expireDays       RFC 2449 §6.7 EXPIRE: messages older than this are removed at login; -1 for NEVER
 * @param capaVersion      seed idea CAPA-VERSION: a token of the capability list in the greeting and CAPA
 * @param sleepTimeout     inactivity timer in the SLEEP state (longer than the normal one)
 * @param uidLookup        UID-PARAM: look up ids that are not in the snapshot in a fresh listing
 * @param locks            the exclusive policy's locks, shared by every connection of the server
 */
public record ServerConfig(
        Authenticator authenticator,
        MaildropProvider maildrops,
        Duration idleTimeout,
        int errorBudgetBeforeLogin,
        int errorBudgetAfterLogin,
        NetworkSet trusted,
        String implementation,
        TlsConfig tls,
        Duration handshakeTimeout,
        boolean apop,
        String serverName,
        List<SaslMechanism> mechanisms,
        TokenVerifier tokens,
        LoginDelayTracker loginDelays,
        LoginGuard guard,
        ConnectionLimits<Connection> limits,
        LockPolicy lockPolicy,
        Duration lockTakeover,
        boolean multiLineIndicator,
        int expireDays,
        boolean capaVersion,
        Duration sleepTimeout,
        boolean uidLookup,
        MaildropLocks locks) {}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.server.LockPolicy;
import dev.poplar.server.NetworkSet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code poplar serve} (and {@code poplar demo}) needs to run a server. Immutable.
 *
 * @param authCacheTtlSeconds how long a verified password is remembered (see {@code UsersFile}); 0 for never
 * @param cert                TLS certificate chain, or null for no TLS
 * @param oauth               OAuth token settings, or null for no OAUTHBEARER/XOAUTH2
 * @param extensions          the seed extensions' settings (issue 4)
 */
record ServerSettings(List<InetSocketAddress> listen, List<InetSocketAddress> tlsListen, Path maildirRoot, Path users,
                      int authCacheTtlSeconds, Path cert, Path key, List<String> serverNames, boolean strictSni,
                      NetworkSet trustedNetworks,
                      int loginDelaySeconds, int maxConnections, int maxConnectionsPerIp, int maxConnectionsPerUser,
                      int idleTimeoutSeconds, boolean apop, OAuth oauth, int shutdownGraceSeconds, Extensions extensions) {

    ServerSettings {
        Objects.requireNonNull(extensions, "extensions");
    }

    /** Where OAuth tokens are checked (see {@code dev.poplar.cli.oauth.JwtTokenVerifier}). */
    record OAuth(Path jwks, String issuer, String audience, String userClaim) {}

    /**
     * The settings of the seed extensions and locking (protocol.md §7-§8, RFC 2449 §6.7).
     *
     * @param lock                the locking policy
     * @param lockTakeoverSeconds with {@code exclusive}: how long a lock holder must have been silent for a
     *                            new login of the same user to take the lock over
     * @param multiLineIndicator  MULTI-LINE-IND: multi-line first lines end in " _"
     * @param expireDays          EXPIRE: days messages are kept after delivery; -1 for NEVER
     * @param capaVersion         CAPA-VERSION: a capability-list token in the greeting and CAPA
     * @param sleepTimeoutSeconds SLEE/WAKE: the inactivity timer of the SLEEP state
     * @param uidLookup           UID-PARAM: whether a {@code UID:} not in the snapshot is looked up afresh
     */
    record Extensions(LockPolicy lock, int lockTakeoverSeconds, boolean multiLineIndicator, int expireDays,
                      boolean capaVersion, int sleepTimeoutSeconds, boolean uidLookup) {

        /** What {@code poplar serve} does without the flags, and what {@code poplar demo} uses. */
        static final Extensions DEFAULTS = new Extensions(LockPolicy.SNAPSHOT, 60, false, -1, false, 1800, true);

        Extensions {
            Objects.requireNonNull(lock, "lock");
        }
    }
}

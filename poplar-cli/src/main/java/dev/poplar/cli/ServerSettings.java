// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.server.NetworkSet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code poplar serve} (and {@code poplar demo}) needs to run a server. Immutable.
 *
 * @param cert  TLS certificate chain, or null for no TLS
 * @param oauth OAuth token settings, or null for no OAUTHBEARER/XOAUTH2
 */
record ServerSettings(List<InetSocketAddress> listen, List<InetSocketAddress> tlsListen, Path maildirRoot, Path users,
                      Path cert, Path key, List<String> serverNames, boolean strictSni, NetworkSet trustedNetworks,
                      int loginDelaySeconds, int maxConnections, int maxConnectionsPerIp, int maxConnectionsPerUser,
                      int idleTimeoutSeconds, boolean apop, OAuth oauth, int shutdownGraceSeconds) {

    /** Where OAuth tokens are checked (see {@code dev.poplar.cli.oauth.JwtTokenVerifier}). */
    record OAuth(Path jwks, String issuer, String audience, String userClaim) {}
}

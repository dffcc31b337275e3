// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.internal;

import dev.poplar.server.spi.Authenticator;
import dev.poplar.server.spi.MaildropProvider;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Settings shared by every connection of a server, fixed when the server is built. Immutable.
 *
 * @param plaintextLoginAllowed which client addresses may use USER/PASS without TLS (RFC 2595 §2.3;
 *                              protocol.md §6: loopback by default)
 */
public record ServerConfig(
        Authenticator authenticator,
        MaildropProvider maildrops,
        Duration idleTimeout,
        int errorBudgetBeforeLogin,
        int errorBudgetAfterLogin,
        Predicate<InetAddress> plaintextLoginAllowed,
        String implementation) {}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.oauth.JwtTokenVerifier;
import dev.poplar.maildir.MaildirStore;
import dev.poplar.maildir.UserMaildrops;
import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.server.Pop3Server;
import dev.poplar.server.Pop3ServerBuilder;
import dev.poplar.server.tls.TlsConfig;
import dev.poplar.server.tls.TlsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Builds a server from {@link ServerSettings} and runs it in the foreground until SIGTERM or SIGINT,
 * then shuts it down gracefully; SIGHUP reloads the TLS certificate and key. Handling the signals
 * ourselves (rather than in a shutdown hook) is what lets the process exit 0 after a clean shutdown,
 * as the command-line contract says. Used by one thread.
 */
final class ServerRunner {
    private static final Logger LOG = System.getLogger("dev.poplar.cli");

    private ServerRunner() {}

    /** Validates the settings, starts the server and runs it until a stop signal; returns the exit status. */
    static int serve(ServerSettings s, PrintWriter err) throws InterruptedException {
        if (!Files.isDirectory(s.maildirRoot())) {
            err.println("poplar serve: maildir root " + s.maildirRoot() + " is not a directory");
            return ExitCodes.CONFIG;
        }
        Pop3ServerBuilder builder = Pop3Server.builder()
                .maxConnections(s.maxConnections())
                .maxConnectionsPerAddress(s.maxConnectionsPerIp())
                .maxConnectionsPerUser(s.maxConnectionsPerUser())
                .idleTimeout(Duration.ofSeconds(s.idleTimeoutSeconds()))
                .shutdownGrace(Duration.ofSeconds(s.shutdownGraceSeconds()))
                .trustedNetworks(s.trustedNetworks())
                .loginDelay(Duration.ofSeconds(s.loginDelaySeconds()))
                .apop(s.apop())
                .serverName(s.serverNames().getFirst());
        configure(builder, s.extensions());
        TlsConfig tls = null;
        try {
            UsersFile users = UsersFile.open(s.users(), UsersFile.DEFAULT_MAX_CONCURRENT_CHECKS,
                    Duration.ofSeconds(s.authCacheTtlSeconds()));
            // The users file also says which maildrops are read-only (extra field readonly=yes).
            builder.authenticator(users).maildrops(new UserMaildrops(new MaildirStore(s.maildirRoot()), users));
            if (s.cert() != null) {
                tls = TlsConfig.load(s.cert(), s.key(), new TlsOptions(s.strictSni(), s.serverNames()));
                builder.tls(tls);
            }
            if (s.oauth() != null) {
                builder.tokenVerifier(JwtTokenVerifier.open(new JwtTokenVerifier.Settings(s.oauth().jwks(), s.oauth().issuer(),
                        s.oauth().audience(), s.oauth().userClaim(), JwtTokenVerifier.Settings.DEFAULT_CLOCK_SKEW)));
            }
        } catch (IOException | RuntimeException e) {
            err.println("poplar serve: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        s.listen().forEach(builder::listen);
        s.tlsListen().forEach(builder::listenTls);
        Pop3Server server;
        try {
            server = builder.start();
        } catch (UncheckedIOException e) {
            err.println("poplar serve: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        runUntilStopped(server, tls);
        return ExitCodes.OK;
    }

    /** The seed extensions and locking (protocol.md §7-§8, RFC 2449 §6.7 EXPIRE). */
    static Pop3ServerBuilder configure(Pop3ServerBuilder builder, ServerSettings.Extensions x) {
        return builder.lockPolicy(x.lock())
                .lockTakeover(Duration.ofSeconds(x.lockTakeoverSeconds()))
                .multiLineIndicator(x.multiLineIndicator())
                .expireDays(x.expireDays())
                .capaVersion(x.capaVersion())
                .sleepTimeout(Duration.ofSeconds(x.sleepTimeoutSeconds()))
                .uidLookup(x.uidLookup());
    }

    private static void runUntilStopped(Pop3Server server, TlsConfig tls) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), sig -> stop.countDown());
        Signal.handle(new Signal("INT"), sig -> stop.countDown());
        // SIGHUP always has a handler: the JVM's default would end the process (systemctl reload,
        // logrotate) and drop every session.
        Signal.handle(new Signal("HUP"), sig -> {
            if (tls != null) reload(tls);
            else LOG.log(Level.INFO, "SIGHUP: no TLS certificate to reload");
        });
        stop.await();
        LOG.log(Level.INFO, "stopping: no new connections, waiting for sessions to finish");
        server.close();
        LOG.log(Level.INFO, "stopped");
    }

    /** SIGHUP: new handshakes use the new certificate; sessions already running are not touched. */
    private static void reload(TlsConfig tls) {
        try {
            tls.reload();
            LOG.log(Level.INFO, "TLS certificate reloaded: {0}", tls.certificate().getSubjectX500Principal().getName());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "TLS reload failed, keeping the previous certificate: {0}", e.getMessage());
        }
    }
}

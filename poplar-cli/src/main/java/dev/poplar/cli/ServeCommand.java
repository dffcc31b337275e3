// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.server.LockPolicy;
import dev.poplar.server.NetworkSet;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar serve}: the POP3 server in the foreground, on Maildir and a users file. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve POP3 in the foreground on Maildir storage, logging to stderr.",
                "Stops gracefully on SIGTERM or SIGINT (exit status 0): no new connections, open sessions get",
                "the grace period to finish, then are closed without committing their deletions.",
                "SIGHUP reloads the TLS certificate and key without dropping sessions."},
        footer = {"", "Examples:",
                "  poplar serve --listen 0.0.0.0:110 --tls-listen 0.0.0.0:995 --cert /etc/letsencrypt/live/mail/fullchain.pem \\",
                "               --key /etc/letsencrypt/live/mail/privkey.pem --maildir-root /var/mail/vhosts --users /etc/poplar/users",
                "",
                "Passwords in the clear (USER/PASS, AUTH PLAIN/LOGIN) are accepted only over TLS or from",
                "--trusted-networks (default: loopback). Every long option can also be set in the --config file,",
                "e.g. 'maildir-root = /var/mail'."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", split = ",", converter = HostPort.class,
            description = "Address to serve plain POP3 on (with STLS when --cert is given); repeatable. [::1]:110 for IPv6.")
    List<InetSocketAddress> listen = List.of();

    @Option(names = "--tls-listen", paramLabel = "HOST:PORT", split = ",", converter = HostPort.class,
            description = "Address to serve POP3 over implicit TLS on (port 995 style, RFC 8314); repeatable.")
    List<InetSocketAddress> tlsListen = List.of();

    @Option(names = "--maildir-root", paramLabel = "DIR", description = "Directory holding one Maildir per user: DIR/USER/{cur,new,tmp}.")
    Path maildirRoot;

    @Option(names = "--users", paramLabel = "FILE", description = "Users file in Dovecot passwd-file format (see 'poplar user').")
    Path users;

    @Option(names = "--auth-cache-ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "Remember a verified password this long (keyed digest in memory, dropped when --users changes), "
                    + "so that frequent logins skip the slow hash; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int authCacheTtl;

    @Option(names = "--cert", paramLabel = "FILE", description = "TLS certificate chain (PEM, leaf first), e.g. certbot's fullchain.pem.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "TLS private key (PEM: PKCS#8, RSA or EC).")
    Path key;

    @Option(names = "--server-name", paramLabel = "NAME", defaultValue = "localhost",
            description = "This server's host name: in APOP and SASL challenges, and the names --strict-sni accepts (default: ${DEFAULT-VALUE}).")
    List<String> serverNames;

    @Option(names = "--strict-sni", description = "Refuse TLS clients that ask for a host name other than --server-name.")
    boolean strictSni;

    @Option(names = "--trusted-networks", paramLabel = "CIDR[,CIDR...]|none", defaultValue = "loopback", converter = Networks.class,
            description = "Clients that may send passwords without TLS and are exempt from login penalties (default: ${DEFAULT-VALUE}).")
    NetworkSet trustedNetworks;

    @Option(names = "--login-delay", paramLabel = "SECONDS", defaultValue = "0",
            description = "Minimum time between two logins of one user, announced as LOGIN-DELAY (RFC 2449; default: none).")
    int loginDelay;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000",
            description = "Most sessions at once; at the limit the oldest not-yet-logged-in one gives way (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", defaultValue = "20",
            description = "Most sessions from one address (IPv6: one /64) (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp;

    @Option(names = "--max-connections-per-user", paramLabel = "N", defaultValue = "10",
            description = "Most logged-in sessions of one user (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerUser;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Close sessions idle this long (RFC 1939: at least 600; less is for tests, with a warning). Default: ${DEFAULT-VALUE}.")
    int idleTimeout;

    @Option(names = "--apop", description = "Offer APOP (needs {PLAIN} passwords; MD5 is weak, so off by default).")
    boolean apop;

    @Option(names = "--oauth-jwks", paramLabel = "FILE", description = "JWKS file with the keys that sign OAuth tokens; enables OAUTHBEARER and XOAUTH2.")
    Path oauthJwks;

    @Option(names = "--oauth-issuer", paramLabel = "URL", description = "Required 'iss' of OAuth tokens.")
    String oauthIssuer;

    @Option(names = "--oauth-audience", paramLabel = "AUD", description = "Required 'aud' of OAuth tokens.")
    String oauthAudience;

    @Option(names = "--oauth-user-claim", paramLabel = "CLAIM", defaultValue = "email",
            description = "Token claim holding the user name (default: ${DEFAULT-VALUE}).")
    String oauthUserClaim;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "On SIGTERM, how long open sessions may take to finish (default: ${DEFAULT-VALUE}).")
    int shutdownGrace;

    @Option(names = "--lock", paramLabel = "snapshot|exclusive", defaultValue = "snapshot", converter = Locks.class,
            description = "How sessions of one user share the maildrop (protocol.md §8): 'snapshot' lets several in at once, "
                    + "each on its own snapshot; 'exclusive' admits one, the next gets -ERR [IN-USE] (RFC 1939 §8) "
                    + "(default: ${DEFAULT-VALUE}).")
    LockPolicy lock;

    @Option(names = "--lock-takeover", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --lock exclusive: a login takes the lock over from a session of the same user that has "
                    + "sent nothing for this long (a dead connection), dropping its uncommitted deletions (default: ${DEFAULT-VALUE}).")
    int lockTakeover;

    @Option(names = "--multi-line-ind",
            description = "Offer MULTI-LINE-IND: the first line of every multi-line response ends in ' _' (default: off).")
    boolean multiLineInd;

    @Option(names = "--expire-days", paramLabel = "N|never", defaultValue = "never", converter = ExpireDays.class,
            description = "Keep messages N days after delivery (RFC 2449 EXPIRE, announced in CAPA): older ones are removed "
                    + "when their user logs in; 'poplar expire' removes them without a login (default: ${DEFAULT-VALUE}).")
    int expireDays;

    @Option(names = "--capa-version",
            description = "Put a token of the capability list in the greeting and CAPA (CAPA-VERSION), so clients can keep their CAPA (default: off).")
    boolean capaVersion;

    @Option(names = "--sleep-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "Close sessions that stay this long in SLEEP (after SLEE, before WAKE) (default: ${DEFAULT-VALUE}).")
    int sleepTimeout;

    @Option(names = "--no-uid-lookup",
            description = "UID:<id> arguments (UID-PARAM) find only messages of the session's snapshot, not ones delivered since.")
    boolean noUidLookup;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String problem = problem();
        if (problem != null) {
            err.println("poplar serve: " + problem + " (on the command line or in --config)");
            return ExitCodes.USAGE;
        }
        return ServerRunner.serve(settings(), err);
    }

    /** What is wrong with the options as parsed, or {@code null}. */
    String problem() {
        return listen.isEmpty() && tlsListen.isEmpty() ? "--listen or --tls-listen is required"
                : maildirRoot == null ? "--maildir-root is required"
                : users == null ? "--users is required"
                : (cert == null) != (key == null) ? "--cert and --key go together"
                : !tlsListen.isEmpty() && cert == null ? "--tls-listen needs --cert and --key"
                : oauthJwks != null && (oauthIssuer == null || oauthAudience == null) ? "--oauth-jwks needs --oauth-issuer and --oauth-audience"
                : idleTimeout < 1 || maxConnections < 1 || maxConnectionsPerIp < 1 || maxConnectionsPerUser < 1
                        || shutdownGrace < 0 || loginDelay < 0 || sleepTimeout < 1 || lockTakeover < 0 || authCacheTtl < 0
                        ? "numbers must be positive" : null;
    }

    /** The settings the options give; only once {@link #problem()} found nothing wrong. */
    ServerSettings settings() {
        return new ServerSettings(listen, tlsListen, maildirRoot, users, authCacheTtl, cert, key, serverNames, strictSni,
                trustedNetworks, loginDelay, maxConnections, maxConnectionsPerIp, maxConnectionsPerUser, idleTimeout, apop,
                oauthJwks == null ? null : new ServerSettings.OAuth(oauthJwks, oauthIssuer, oauthAudience, oauthUserClaim),
                shutdownGrace, new ServerSettings.Extensions(lock, lockTakeover, multiLineInd, expireDays, capaVersion,
                        sleepTimeout, !noUidLookup));
    }

    /** Parses {@code --trusted-networks}. */
    static final class Networks implements CommandLine.ITypeConverter<NetworkSet> {
        @Override
        public NetworkSet convert(String value) {
            try {
                return NetworkSet.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code --lock}, in any case. */
    static final class Locks implements CommandLine.ITypeConverter<LockPolicy> {
        @Override
        public LockPolicy convert(String value) {
            for (LockPolicy p : LockPolicy.values()) {
                if (p.name().equalsIgnoreCase(value.strip())) return p;
            }
            throw new CommandLine.TypeConversionException("expected 'snapshot' or 'exclusive'");
        }
    }
}

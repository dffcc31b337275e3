// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.MaildirStore;
import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.server.Pop3Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar serve}: the POP3 server in the foreground, on Maildir and a users file. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve POP3 in the foreground on Maildir storage, logging to stderr.",
                "Stops gracefully on SIGTERM or SIGINT (exit status 0): no new connections, open sessions get",
                "the grace period to finish, then are closed without committing their deletions."},
        footer = {"", "Example:",
                "  poplar serve --listen 0.0.0.0:110 --maildir-root /var/mail/vhosts --users /etc/poplar/users",
                "",
                "Plaintext USER/PASS is accepted only from loopback addresses (TLS comes in a later release).",
                "Every long option can also be set in the --config file, e.g. 'maildir-root = /var/mail'."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", split = ",", converter = HostPort.class,
            description = "Address to serve plain POP3 on; repeatable or comma-separated. Use [::1]:110 for IPv6.")
    List<InetSocketAddress> listen;

    @Option(names = "--maildir-root", paramLabel = "DIR", description = "Directory holding one Maildir per user: DIR/USER/{cur,new,tmp}.")
    Path maildirRoot;

    @Option(names = "--users", paramLabel = "FILE", description = "Users file in Dovecot passwd-file format (see 'poplar user').")
    Path users;

    @picocli.CommandLine.Mixin
    ConfigOption config;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000",
            description = "Most sessions at once; more clients wait to be accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Close sessions idle this long (RFC 1939: at least 600; less is for tests). Default: ${DEFAULT-VALUE}.")
    int idleTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", defaultValue = "10",
            description = "On SIGTERM, how long open sessions may take to finish (default: ${DEFAULT-VALUE}).")
    int shutdownGrace;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String missing = listen == null || listen.isEmpty() ? "--listen" : maildirRoot == null ? "--maildir-root" : users == null ? "--users" : null;
        if (missing != null) {
            err.println("poplar serve: " + missing + " is required (on the command line or in --config)");
            return ExitCodes.USAGE;
        }
        Settings settings = new Settings(listen, maildirRoot, users, maxConnections, idleTimeout, shutdownGrace);
        return serve(settings, err);
    }

    /** What a server needs; shared with {@code poplar demo}. */
    record Settings(List<InetSocketAddress> listen, Path maildirRoot, Path users, int maxConnections,
                    int idleTimeoutSeconds, int shutdownGraceSeconds) {}

    /** Validates the settings, starts the server and runs it until a stop signal. */
    static int serve(Settings s, PrintWriter err) throws InterruptedException {
        if (!Files.isDirectory(s.maildirRoot())) {
            err.println("poplar serve: maildir root " + s.maildirRoot() + " is not a directory");
            return ExitCodes.CONFIG;
        }
        if (s.idleTimeoutSeconds() < 1 || s.maxConnections() < 1 || s.shutdownGraceSeconds() < 0) {
            err.println("poplar serve: --idle-timeout and --max-connections must be positive, --shutdown-grace not negative");
            return ExitCodes.USAGE;
        }
        UsersFile users;
        try {
            users = UsersFile.open(s.users());
        } catch (IOException e) {
            err.println("poplar serve: cannot read the users file: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        MaildirStore store = new MaildirStore(s.maildirRoot());
        Pop3Server.Builder builder = Pop3Server.builder().authenticator(users).maildrops(store)
                .maxConnections(s.maxConnections())
                .idleTimeout(Duration.ofSeconds(s.idleTimeoutSeconds()))
                .shutdownGrace(Duration.ofSeconds(s.shutdownGraceSeconds()));
        s.listen().forEach(builder::listen);
        Pop3Server server;
        try {
            server = builder.start();
        } catch (UncheckedIOException e) {
            err.println("poplar serve: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        ServerRunner.runUntilStopped(server);
        return ExitCodes.OK;
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.maildir.MaildirDelivery;
import dev.poplar.maildir.passwd.PasswordHasher;
import dev.poplar.maildir.passwd.UsersFile;
import dev.poplar.maildir.passwd.UsersFileEditor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import dev.poplar.server.NetworkSet;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code poplar demo}: a ready-to-use server with a demo user and some realistic mail. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a ready-to-use POP3 server on loopback: creates a demo directory (if absent) with",
                "a users file, a user 'demo' with a random password, and a Maildir with a few messages,",
                "then serves it in the foreground and prints how to connect. Stop with Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    static final String USER = "demo";
    static final List<String> MESSAGES = List.of("01-welcome.eml", "02-trip-photos.eml", "03-newsletter.eml",
            "04-dotfiles.eml", "05-re-saturday.eml");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "poplar-demo",
            description = "Demo data directory (default: ./${DEFAULT-VALUE}); delete it to start afresh.")
    Path dir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:1110", converter = HostPort.class,
            description = "Where to serve POP3 with STLS (default: ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--tls-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:1995", converter = HostPort.class,
            description = "Where to serve POP3 over implicit TLS (default: ${DEFAULT-VALUE}).")
    InetSocketAddress tlsListen;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path users = dir.resolve("users");
        Path mail = dir.resolve("mail");
        Path passwordFile = dir.resolve("demo-password");
        Path cert = dir.resolve("tls/cert.pem");
        Path key = dir.resolve("tls/key.pem");
        try {
            if (!Files.exists(users)) create(users, mail, passwordFile);
            if (!Files.exists(cert) || !Files.exists(key)) {
                // A self-signed certificate for localhost and the loopback addresses, made once.
                Files.createDirectories(cert.getParent());
                Files.deleteIfExists(cert);
                Files.deleteIfExists(key);
                CertCommand.selfSigned(List.of("localhost", "127.0.0.1", "::1"), cert, key, 3650);
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            err.println("poplar demo: cannot create " + dir + ": " + e.getMessage());
            return ExitCodes.CANNOT_CREATE;
        }
        String password = Files.exists(passwordFile)
                ? Files.readString(passwordFile, StandardCharsets.UTF_8).strip()
                : "(unknown: set one with ./poplar user add demo --replace --users " + users + ")";
        out.println(instructions(password, users, mail, cert));
        out.flush();
        ServerSettings settings = new ServerSettings(List.of(listen), List.of(tlsListen), mail, users,
                (int) UsersFile.DEFAULT_CACHE_TTL.toSeconds(), cert, key,
                List.of("localhost"), false, NetworkSet.LOOPBACK, 0, 100, 20, 10, 600, false, null, 2,
                ServerSettings.Extensions.DEFAULTS);
        return ServerRunner.serve(settings, err);
    }

    /** First run: the users file, the demo user, the password note and the messages. */
    private void create(Path users, Path mail, Path passwordFile) throws IOException {
        Files.createDirectories(mail);
        String password = randomPassword();
        Path note = Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(note, password + "\n", StandardCharsets.UTF_8);
        Path maildir = mail.resolve(USER);
        MaildirDelivery delivery = new MaildirDelivery();
        for (String name : MESSAGES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + name)) {
                if (in == null) throw new IOException("missing demo message " + name);
                delivery.deliver(maildir, in);
            }
        }
        // The users file last: its presence marks a complete demo directory.
        new UsersFileEditor(users).add(USER, PasswordHasher.DEFAULT.hash(password), false);
    }

    /** 16 random characters from an alphabet without look-alikes, in groups of four. */
    static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) sb.append('-');
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private String instructions(String pw, Path users, Path mail, Path cert) {
        String host = listen.getAddress().getHostAddress();
        int port = listen.getPort();
        int tlsPort = tlsListen.getPort();
        return """
                Poplar demo server
                  POP3:      %1$s port %2$d (STLS offered; plaintext login allowed from loopback)
                  POP3S:     %1$s port %7$d (implicit TLS, self-signed certificate %6$s)
                  user:      demo
                  password:  %3$s
                  mail:      %4$s  (Maildir)     users file: %5$s

                Connect with:
                  curl       curl -u 'demo:%3$s' pop3://%1$s:%2$d/        (list; add a number to read one: .../1)
                  curl TLS   curl --cacert %6$s -u 'demo:%3$s' pop3s://localhost:%7$d/1
                             curl --cacert %6$s --ssl-reqd -u 'demo:%3$s' pop3://localhost:%2$d/1   (STLS)
                  openssl    openssl s_client -connect %1$s:%7$d -alpn pop3 -quiet
                  netcat     nc -C %1$s %2$d      then type: USER demo, PASS %3$s, LIST, RETR 1, QUIT
                  telnet     telnet %1$s %2$d     (same commands)
                  Python     python3 -c "import poplib; p = poplib.POP3('%1$s', %2$d); p.user('demo'); p.pass_('%3$s'); print(p.stat()); print(b'\\n'.join(p.retr(1)[1]).decode()); p.quit()"
                  Thunderbird  Account Settings > Account Actions > Add Mail Account > Configure manually:
                             incoming POP3, server %1$s, port %2$d, connection security None,
                             authentication Normal password, username demo

                Deliver more mail:  ./poplar deliver demo --maildir-root %4$s < message.eml
                Stop with Ctrl-C.
                """.formatted(host, port, pw, mail, users, cert, tlsPort);
    }
}

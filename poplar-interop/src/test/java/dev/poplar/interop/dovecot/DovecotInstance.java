// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.dovecot;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Dovecot POP3 server on 127.0.0.1 (and 127.0.0.2 where it can bind there), run in the
 * foreground as a child process from its own configuration in a temporary directory: base_dir,
 * state_dir, log, users file and Maildirs all live there, so the system's /etc/dovecot and service
 * are never touched. Passwords are in a passwd-file in {PLAIN} form, so every mechanism Dovecot has
 * (USER/PASS, PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256) works; STLS uses the localhost fixture
 * certificate of src/test/resources/tls.
 *
 * <p>As root (here and in CI) Dovecot's login processes run as {@code dovenull}, its internal ones as
 * {@code dovecot}, and mail is accessed as {@code dovecot} (Dovecot refuses uid 0 for mail), so the
 * Maildirs are chowned to it. As any other user everything runs as that user.
 */
final class DovecotInstance implements AutoCloseable {
    static final String PACKAGE = "dovecot-pop3d";
    private static final long START_TIMEOUT_MS = 20_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private final Process process;
    private final int port;
    private final boolean secondAddress;
    private final UserPrincipal mailUser;
    private final GroupPrincipal mailGroup;

    private DovecotInstance(Path dir, Process process, int port, boolean secondAddress, UserPrincipal mailUser,
            GroupPrincipal mailGroup) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.secondAddress = secondAddress;
        this.mailUser = mailUser;
        this.mailGroup = mailGroup;
    }

    /** The port Dovecot's POP3 listener is on (plain, with STLS). */
    int port() {
        return port;
    }

    /** Whether the listener is also on 127.0.0.2, an address the fixture certificate does not name. */
    boolean listensOnSecondAddress() {
        return secondAddress;
    }

    /** The Maildir of {@code user}. */
    Path maildir(String user) {
        return dir.resolve("mail").resolve(user);
    }

    /** Dovecot's log so far, for failure messages. */
    String log() {
        try {
            Path log = dir.resolve("dovecot.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The fixture certificate clients trust (a copy of tls/localhost-cert.pem). */
    static Path fixture(String name) {
        try {
            var url = DovecotInstance.class.getResource("/tls/" + name);
            if (url == null) throw new IllegalStateException("missing test resource tls/" + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Finds dovecot and its POP3 binaries. In CI (environment variable CI set) a missing Dovecot fails
     * the test; elsewhere the test is skipped naming the package to install.
     */
    static Path requireDovecot() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        Path dovecot = null;
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path candidate = Path.of(d, "dovecot");
            if (Files.isExecutable(candidate)) {
                dovecot = candidate;
                break;
            }
        }
        boolean pop3 = Stream.of("/usr/lib/dovecot", "/usr/libexec/dovecot", "/usr/local/libexec/dovecot")
                .anyMatch(d -> Files.isExecutable(Path.of(d, "pop3")) && Files.isExecutable(Path.of(d, "pop3-login")));
        if (dovecot != null && pop3) return dovecot;
        String message = (dovecot == null ? "dovecot is not installed" : "dovecot's POP3 server is not installed")
                + ": apt-get install " + PACKAGE;
        if (System.getenv("CI") != null) fail(message + " (CI is set, so the Dovecot peer server must be present)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * Starts Dovecot in {@code dir} (an empty directory) with these users (name to password), each with
     * an empty Maildir, and waits (at most 20 s) until its POP3 port accepts connections.
     */
    static DovecotInstance start(Path dir, Map<String, String> users) throws Exception {
        Path dovecot = requireDovecot();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path d = dir.resolve("dovecot-" + SEQUENCE.incrementAndGet());
            try {
                return start(dovecot, d, users);
            } catch (PortTakenException e) {
                last = e; // someone took the port between our probe and Dovecot's bind: pick another
            }
        }
        throw last;
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static DovecotInstance start(Path dovecot, Path dir, Map<String, String> users) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        String me = System.getProperty("user.name");
        String mailUserName = root ? "dovecot" : me;
        UserPrincipal mailUser = root ? lookup.lookupPrincipalByName(mailUserName) : null;
        GroupPrincipal mailGroup = root ? lookup.lookupPrincipalByGroupName(mailUserName) : null;

        Files.createDirectories(dir);
        // Dovecot's unprivileged processes must reach base_dir, the users file and the certificate.
        for (Path p = dir; p != null && root; p = p.getParent()) {
            if (p.equals(Path.of(System.getProperty("java.io.tmpdir"))) || p.getParent() == null) break;
            addSearchPermission(p);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("state"));
        Files.copy(fixture("localhost-cert.pem"), dir.resolve("localhost-cert.pem"));
        Files.copy(fixture("localhost-key.pem"), dir.resolve("localhost-key.pem"));
        StringBuilder passwd = new StringBuilder();
        for (var e : users.entrySet()) {
            if (e.getValue().contains(":") || e.getValue().contains("\n")) throw new IllegalArgumentException("password");
            passwd.append(e.getKey()).append(":{PLAIN}").append(e.getValue()).append("::::::\n");
        }
        Files.writeString(dir.resolve("users"), passwd);
        for (String user : users.keySet()) {
            Path md = dir.resolve("mail").resolve(user);
            for (String sub : List.of("cur", "new", "tmp")) Files.createDirectories(md.resolve(sub));
        }
        if (root) chownTree(dir.resolve("mail"), mailUser, mailGroup);

        int port;
        boolean second;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
            second = canBind(port, "127.0.0.2");
        }
        String template;
        try (InputStream in = DovecotInstance.class.getResourceAsStream("/dovecot/dovecot.conf.template")) {
            if (in == null) throw new IllegalStateException("missing test resource dovecot/dovecot.conf.template");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String conf = template.replace("@DIR@", dir.toString())
                .replace("@PORT@", Integer.toString(port))
                .replace("@ADDRESSES@", second ? "127.0.0.1, 127.0.0.2" : "127.0.0.1")
                .replace("@INTERNAL_USER@", root ? "dovecot" : me)
                .replace("@LOGIN_USER@", root ? "dovenull" : me)
                .replace("@MAIL_USER@", mailUserName)
                .replace("@MAIL_GROUP@", root ? mailUserName : groupOf(dir))
                // Not root: no chroot is possible, so the login processes run unchrooted.
                .replace("@LOGIN_EXTRA@", root ? "" : "  chroot =");
        Path confFile = dir.resolve("dovecot.conf");
        Files.writeString(confFile, conf);

        ProcessBuilder pb = new ProcessBuilder(dovecot.toString(), "-F", "-c", confFile.toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        Process process = pb.start();
        DovecotInstance instance = new DovecotInstance(dir, process, port, second, mailUser, mailGroup);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            if (!process.isAlive()) {
                String output = instance.describe();
                if (output.contains("Address already in use")) throw new PortTakenException(output);
                fail("dovecot exited with status " + process.exitValue() + " before listening\n" + output);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return instance;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    instance.close();
                    fail("dovecot did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT_MS + " ms\n" + instance.describe());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Puts a message into {@code user}'s Maildir (new/) with exactly these bytes, as a delivery agent
     * would: written in tmp/, then renamed.
     */
    void deliver(String user, String name, byte[] message) throws IOException {
        Path md = maildir(user);
        Path tmp = md.resolve("tmp").resolve(name);
        Files.write(tmp, message);
        if (mailUser != null) chown(tmp, mailUser, mailGroup);
        Files.move(tmp, md.resolve("new").resolve(name));
    }

    /** How many messages {@code user}'s Maildir holds on disk (new/ and cur/). */
    long messagesOnDisk(String user) throws IOException {
        long n = 0;
        for (String sub : List.of("new", "cur")) {
            try (Stream<Path> s = Files.list(maildir(user).resolve(sub))) {
                n += s.count();
            }
        }
        return n;
    }

    /** Configuration, output and log, for failure messages. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("dovecot.conf", "stdout.txt", "stderr.txt")) {
            try {
                Path p = dir.resolve(f);
                if (Files.exists(p)) sb.append("--- ").append(f).append(" ---\n").append(Files.readString(p, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                sb.append(e).append('\n');
            }
        }
        return sb.append("--- dovecot.log ---\n").append(log()).toString();
    }

    /** Stops Dovecot: SIGTERM to the master (which stops its children), then SIGKILL to what is left. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            if (child.isAlive()) child.destroyForcibly();
        }
        for (ProcessHandle child : tree) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone or not ours to wait for
            }
        }
    }

    private static boolean canBind(int port, String address) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String groupOf(Path dir) throws IOException {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class).readAttributes().group().getName();
    }

    private static void addSearchPermission(Path p) throws IOException {
        var perms = Files.getPosixFilePermissions(p);
        perms.add(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        perms.add(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
        perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(p, perms);
    }

    private static void chownTree(Path root, UserPrincipal user, GroupPrincipal group) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) chown(p, user, group);
        }
    }

    private static void chown(Path p, UserPrincipal user, GroupPrincipal group) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop.dovecot;

import static dev.poplar.interop.dovecot.DovecotClientTest.MESSAGES;
import static dev.poplar.interop.dovecot.DovecotClientTest.PASSWORD;
import static dev.poplar.interop.dovecot.DovecotClientTest.bytes;
import static dev.poplar.interop.dovecot.DovecotClientTest.crlf;
import static dev.poplar.interop.dovecot.DovecotClientTest.subject;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poplar fetch} (the command line contract of issue 5) run as its own JVM from the packaged
 * {@code poplar-cli/target/poplar-cli.jar} against a private Dovecot, over STLS with the fixture
 * certificate as {@code --ca-file}. poplar-interop does not depend on poplar-cli, so when the jar has
 * not been built (a build of this module alone) these tests are skipped; {@code ./check} builds it
 * first (reactor order).
 */
class DovecotFetchCliTest {
    private static final List<String> USERS = List.of("frank", "gina", "hank", "ivan");
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path tmp;
    private static DovecotInstance dovecot;
    private static Path jar;

    record Run(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err + "\n--- dovecot ---\n" + dovecot.log();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        jar = Path.of(System.getProperty("user.dir")).resolve("../poplar-cli/target/poplar-cli.jar").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(jar) && Files.isDirectory(jar.resolveSibling("lib")),
                "poplar-cli is not packaged (" + jar + "): run ./mvnw install first");
        Map<String, String> users = new HashMap<>();
        for (String u : USERS) users.put(u, PASSWORD);
        dovecot = DovecotInstance.start(tmp, users);
        for (String u : USERS) {
            int i = 0;
            for (byte[] m : MESSAGES.values()) dovecot.deliver(u, "1700000000.M" + (i++) + "P1.poplar-test", m);
        }
        Files.writeString(tmp.resolve("password"), PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) dovecot.close();
    }

    private static Run fetch(String user, String caFile, String... extra) throws Exception {
        return fetch(user, caFile, tmp.resolve("password"), extra);
    }

    private static Run fetch(String user, String caFile, Path passwordFile, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "fetch",
                "--host", "localhost", "--port", Integer.toString(dovecot.port()), "--user", user,
                "--password-file", passwordFile.toString(), "--tls", "starttls",
                "--ca-file", DovecotInstance.fixture(caFile).toString(),
                "--to", "maildir:" + tmp.resolve("out-" + user), "--state", tmp.resolve(user + ".state").toString()));
        command.addAll(List.of(extra));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("poplar fetch timed out\n" + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The messages delivered into {@code user}'s destination Maildir, by subject; each must be whole. */
    private static Map<String, byte[]> delivered(String user) throws IOException {
        Map<String, byte[]> bySubject = new HashMap<>();
        Path md = tmp.resolve("out-" + user);
        for (String sub : List.of("new", "cur")) {
            Path d = md.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path f : s.toList()) {
                    byte[] m = Files.readAllBytes(f);
                    assertEquals(null, bySubject.put(subject(m), m), "delivered twice: " + subject(m));
                }
            }
        }
        return bySubject;
    }

    private static void assertDeliveredExactly(String user, Map<String, byte[]> expectedLf) throws IOException {
        Map<String, byte[]> got = delivered(user);
        assertEquals(expectedLf.keySet(), got.keySet());
        for (var e : expectedLf.entrySet()) {
            assertArrayEquals(crlf(e.getValue()), got.get(e.getKey()), "stored byte for byte as received: " + e.getKey());
        }
    }

    @Test
    void fetchDeletes_deliversByteExact_thenNothingNew() throws Exception {
        Run r = fetch("frank", "localhost-cert.pem");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().contains(MESSAGES.size() + " fetched"), r.describe());
        assertDeliveredExactly("frank", MESSAGES);
        assertEquals(0, dovecot.messagesOnDisk("frank"), "deleted on the server after delivery\n" + r.describe());

        Run again = fetch("frank", "localhost-cert.pem");
        assertEquals(0, again.exit(), again.describe());
        assertTrue(again.out().contains("0 fetched"), again.describe());
        assertDeliveredExactly("frank", MESSAGES);
    }

    @Test
    void fetchKeep_leavesMail_andFetchesOnlyTheNewOneNextRun() throws Exception {
        Run r = fetch("gina", "localhost-cert.pem", "--keep");
        assertEquals(0, r.exit(), r.describe());
        assertDeliveredExactly("gina", MESSAGES);
        assertEquals(MESSAGES.size(), dovecot.messagesOnDisk("gina"));

        byte[] fresh = bytes("Subject: fresh\n\nnew since the last run\n.\n");
        dovecot.deliver("gina", "1700000100.M9P1.poplar-test", fresh);
        Run again = fetch("gina", "localhost-cert.pem", "--keep");
        assertEquals(0, again.exit(), again.describe());
        assertTrue(again.out().contains("1 fetched"), again.describe());
        Map<String, byte[]> expected = new HashMap<>(MESSAGES);
        expected.put("fresh", fresh);
        assertDeliveredExactly("gina", expected);
        assertEquals(MESSAGES.size() + 1, dovecot.messagesOnDisk("gina"));
    }

    @Test
    void untrustedCertificate_failsWithoutFetching() throws Exception {
        Run r = fetch("hank", "other-cert.pem");
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(delivered("hank").isEmpty(), r.describe());
        assertEquals(MESSAGES.size(), dovecot.messagesOnDisk("hank"));
    }

    @Test
    void wrongPassword_failsWithoutFetching() throws Exception {
        Path wrong = tmp.resolve("wrong-password");
        Files.writeString(wrong, "not it\n");
        Run r = fetch("ivan", "localhost-cert.pem", wrong);
        assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("auth"), r.describe());
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(delivered("ivan").isEmpty(), r.describe());
        assertEquals(MESSAGES.size(), dovecot.messagesOnDisk("ivan"));
    }
}

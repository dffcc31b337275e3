// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * What an operator does around {@code poplar serve} in the end-to-end tests: make users, deliver
 * mail, make certificates with {@code poplar cert} in its own JVM, run external tools. Stateless.
 */
final class Operator {
    private Operator() {}

    /** Adds {@code user} with {@code password} (Argon2id) to the users file. */
    static void addUser(Path users, String user, String password) {
        Cli r = Cli.input(password + "\n", "user", "add", user, "--users", users.toString(), "--password-stdin");
        assertEquals(0, r.status(), r.err());
    }

    /** Creates {@code user}'s Maildir under {@code root} and delivers {@code count} small messages to it. */
    static void deliver(Path root, String user, int count) throws IOException {
        Files.createDirectories(root.resolve(user));
        for (int i = 1; i <= count; i++) {
            Cli r = Cli.input("Subject: message " + i + "\n\nbody " + i + "\n", "deliver", user, "--maildir-root", root.toString());
            assertEquals(0, r.status(), r.err());
        }
    }

    /**
     * {@code poplar cert self-signed --host HOST... --out-dir DIR} in its own JVM; returns the SHA-256
     * fingerprint it printed. DIR/cert.pem and DIR/key.pem then exist.
     */
    static String selfSigned(Path dir, String... hosts) throws Exception {
        List<String> args = new ArrayList<>(List.of("cert", "self-signed", "--out-dir", dir.toString()));
        for (String h : hosts) args.addAll(List.of("--host", h));
        ServerProcess.Finished r = ServerProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("SHA-256 fingerprint: (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("cert.pem")) && Files.isRegularFile(dir.resolve("key.pem")), r.out());
        return m.group(1);
    }

    /**
     * Finds an installed program. When CI is set, a missing one fails the test (CI installs it);
     * elsewhere the test is skipped, naming the Debian package to install.
     */
    static Path requireTool(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        String message = program + " is not installed: apt-get install " + debianPackage;
        if (System.getenv("CI") != null) fail(message + " (CI is set, so it must be present)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** A file that must exist for a tool to work, with the same CI rule as {@link #requireTool}. */
    static Path requireFile(Path file, String debianPackage) {
        if (Files.isRegularFile(file)) return file;
        String message = file + " is missing: apt-get install " + debianPackage;
        if (System.getenv("CI") != null) fail(message + " (CI is set, so it must be present)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** A file of the repository (such as contrib/...), found from the module directory the tests run in. */
    static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate) && Files.exists(dir.resolve("pom.xml"))) return candidate;
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** How an external command ended. */
    record Result(List<String> command, int exit, String out, String err) {
        String describe() {
            return command + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs an external command with a 60 s limit; returns stdout, failing on a non-zero exit. */
    static String exec(Path workDir, List<String> command) throws Exception {
        Result r = execute(workDir, null, command);
        if (r.exit() != 0) fail(r.describe());
        return r.out();
    }

    /** Runs an external command with a 60 s limit, {@code stdin} (or nothing) as its input, output in files. */
    static Result execute(Path workDir, Path stdin, List<String> command) throws Exception {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin != null ? stdin.toFile() : new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("timed out: " + command);
        }
        return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }
}

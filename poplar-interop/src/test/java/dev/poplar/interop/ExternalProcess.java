// SPDX-License-Identifier: Apache-2.0
package dev.poplar.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a client program with a time limit, its output captured in files (no pipe can fill up and stall
 * it) and quoted whole in every failure message.
 */
final class ExternalProcess {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a finished program left: exit code and both output streams. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return "command: " + command + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }

        Result assertSuccess() {
            if (exitCode != 0) fail("client failed\n" + describe());
            return this;
        }
    }

    private ExternalProcess() {}

    /**
     * Runs {@code command} in {@code workDir} with extra environment variables, killing it after
     * {@link #TIMEOUT}. Standard input is empty, as in CI.
     */
    static Result run(Path workDir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("timed out after " + TIMEOUT.toSeconds() + " s\n"
                    + new Result(command, -1, read(out), read(err)).describe());
        }
        return new Result(command, p.exitValue(), read(out), read(err));
    }

    /**
     * Makes sure a program is installed. In CI (environment variable CI set) a missing program fails the
     * test, since CI must have installed it; elsewhere the test is skipped with the package to install.
     */
    static Path requireTool(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        String message = program + " is not installed: apt-get install " + debianPackage;
        if (System.getenv("CI") != null) fail(message + " (CI is set, so every interop client must be present)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** A file from src/test/resources, as a path that an external program can open. */
    static Path resource(String name) {
        try {
            var url = ExternalProcess.class.getResource("/interop/" + name);
            if (url == null) throw new IllegalStateException("missing test resource " + name);
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) throws IOException {
        // Client output may hold message bytes; ISO-8859-1 shows every byte as one character.
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}

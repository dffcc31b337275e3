// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code poplar} run in its own JVM, as an operator runs it, so tests can send it real signals
 * (SIGTERM, SIGKILL, SIGHUP). Collects its output; finds the ports it bound from its log (the first
 * plain and the first implicit-TLS listener). Used by one test.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+)( \\(TLS\\))?$");

    /** How a command that is not a server ended: {@link #run}. */
    record Finished(int status, String out, String err) {}

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private volatile int port = -1;
    private volatile int tlsPort = -1;

    private ServerProcess(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.poplar.cli.Main");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("POPLAR_LOG_LEVEL", "INFO");
        this.process = pb.start();
        process.getOutputStream().close();
        this.outReader = Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout));
        this.errReader = Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr));
    }

    /** Starts {@code poplar ARGS...} and waits (at most 60 s) until it logs that it is listening. */
    static ServerProcess start(String... args) throws Exception {
        ServerProcess p = new ServerProcess(List.of(args));
        for (int i = 0; i < 600 && p.port < 0 && p.tlsPort < 0; i++) {
            if (!p.process.isAlive()) break;
            Thread.sleep(100);
        }
        if (p.port < 0 && p.tlsPort < 0) {
            p.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("poplar did not start listening.\nstdout:\n" + p.stdout + "\nstderr:\n" + p.stderr);
        }
        return p;
    }

    private void pump(BufferedReader reader, StringBuffer sink) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    int bound = Integer.parseInt(m.group(1));
                    if (m.group(2) == null && port < 0) port = bound;
                    if (m.group(2) != null && tlsPort < 0) tlsPort = bound;
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /**
     * Runs {@code poplar ARGS...} that is expected to end by itself (a usage error, {@code cert}) and
     * returns its exit status and output; fails if it runs longer than 60 s.
     */
    static Finished run(String... args) throws Exception {
        try (ServerProcess p = new ServerProcess(List.of(args))) {
            int status = p.waitForExit();
            return new Finished(status, p.stdout(), p.stderr());
        }
    }

    /** The first plain listener's port (the servers log their listeners one right after another). */
    int port() {
        try {
            for (int i = 0; i < 300 && port < 0 && process.isAlive(); i++) Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return port;
    }

    /** The first implicit-TLS listener's port; fails if none is logged within 30 s. */
    int tlsPort() throws InterruptedException {
        for (int i = 0; i < 300 && tlsPort < 0 && process.isAlive(); i++) Thread.sleep(100);
        if (tlsPort < 0) throw new AssertionError("no TLS listener logged.\nstderr:\n" + stderr);
        return tlsPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name ("HUP", "TERM", ...) with kill(1), as an operator or systemd would. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed: " + output);
        }
    }

    /**
     * Waits (at most {@code limit}) until stderr contains {@code text} {@code times} times or more;
     * fails with the whole stderr otherwise.
     */
    void awaitStderr(String text, int times, Duration limit) throws InterruptedException {
        long rounds = Math.max(1, limit.toMillis() / 50);
        for (long i = 0; i < rounds; i++) {
            if (occurrences(stderr.toString(), text) >= times) return;
            Thread.sleep(50);
        }
        throw new AssertionError("stderr does not contain '" + text + "' " + times + " time(s) within " + limit
                + ".\nstderr:\n" + stderr);
    }

    /**
     * Whether this JVM was started with signal {@code number} ignored (nohup, some CI wrappers): a child
     * inherits that, and its JVM then installs no handler for it. Reads /proc/self/status (Linux).
     */
    static boolean signalIgnoredHere(int number) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                    return (mask & (1L << (number - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the usual, not ignored
        }
        return false;
    }

    static int occurrences(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Sends SIGTERM and returns the exit status (waits at most 60 s). */
    int terminate() throws InterruptedException {
        // ProcessHandle.destroy() only signals; Process.destroy() would also close our ends of the
        // child's stdout and stderr, and we would miss what it logs while shutting down.
        process.toHandle().destroy();
        return waitForExit();
    }

    /** Sends SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        waitForExit();
    }

    private int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("poplar did not exit within 60 s.\nstderr:\n" + stderr);
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    /** Kills the process if it still runs (SIGKILL). */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        try {
            kill();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

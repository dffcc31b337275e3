// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code poplar} run in its own JVM, as an operator runs it, so tests can send it real signals
 * (SIGTERM, SIGKILL). Collects its output; finds the port it bound from its log. Used by one test.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+)$");

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private volatile int port = -1;

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
        for (int i = 0; i < 600 && p.port < 0; i++) {
            if (!p.process.isAlive()) break;
            Thread.sleep(100);
        }
        if (p.port < 0) {
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
                if (m.find() && port < 0) port = Integer.parseInt(m.group(1));
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    int port() {
        return port;
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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a delivery command (procmail, maildrop, a script) with the message on its standard input, read
 * straight from the complete spool file, so a dropped connection never gives it half a message
 * (research notes §2: fetchmail's MDA mode does). Thread-safe: holds only its configuration.
 *
 * <ul>
 *   <li>The command is run by {@code /bin/sh -c COMMAND}, so it may use quoting, pipes and
 *       redirections exactly as in a shell (what fetchmail's {@code mda} and getmail's MDA_external
 *       users expect). It is the user's own configuration, not message data: nothing from the message
 *       is put into it.</li>
 *   <li>The environment is cleared down to {@link #KEPT_VARIABLES}: the POP3 password and any other
 *       secret of the caller's environment never reach the command.</li>
 *   <li>Exit 0 is delivered; 75 (EX_TEMPFAIL, sysexits.h) is a temporary failure; anything else, a
 *       signal included, is permanent. After the timeout the command and its children are killed and
 *       the failure is temporary (it may have delivered: then the next run delivers again, a duplicate
 *       rather than a loss).</li>
 *   <li>Standard output is discarded; the start of standard error goes into the failure message.</li>
 * </ul>
 */
public final class MdaDestination implements Destination {
    /** Variables a delivery command commonly needs; nothing else of our environment is passed on. */
    static final List<String> KEPT_VARIABLES =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");
    static final int EX_TEMPFAIL = 75;
    private static final int STDERR_KEPT = 1024;

    private final String command;
    private final Duration timeout;

    /**
     * @param command the shell command
     * @param timeout how long one delivery may take
     */
    public MdaDestination(String command, Duration timeout) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (command.isBlank()) throw new IllegalArgumentException("empty delivery command");
    }

    /** @return the command as configured */
    public String command() {
        return command;
    }

    @Override
    public void deliver(Path spooled, MessageMeta meta) throws DeliveryException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectInput(spooled.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(KEPT_VARIABLES);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw DeliveryException.temporary("cannot start delivery command: " + e.getMessage(), e);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread reader = Thread.ofVirtual().start(stderr);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw DeliveryException.temporary("delivery command timed out after " + timeout, null);
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw DeliveryException.temporary("interrupted while the delivery command ran", e);
        }
        int exit = process.exitValue();
        if (exit == 0) return;
        String text = "delivery command exited with " + exit + stderr.text();
        throw exit == EX_TEMPFAIL ? DeliveryException.temporary(text, null) : DeliveryException.permanent(text, null);
    }

    /** Drains standard error (so the command never blocks on a full pipe) and keeps its start. */
    private static final class StderrTail implements Runnable {
        private final InputStream in;
        private final byte[] kept = new byte[STDERR_KEPT];
        private volatile int length;

        StderrTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            int have = 0;
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int take = Math.min(n, kept.length - have);
                    System.arraycopy(buffer, 0, kept, have, take);
                    have += take;
                    length = have;
                }
            } catch (IOException ignored) {
                // The command is gone; what was read is all there is.
            }
        }

        String text() {
            int n = length;
            return n == 0 ? "" : ": " + new String(kept, 0, n, StandardCharsets.UTF_8).strip();
        }
    }
}

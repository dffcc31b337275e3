// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli.fetch;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Progress of a fetch run. On a terminal it redraws one line per message,
 * {@code \r[#####     ] 12/40 messages, 3.1 MB, 850 KB/s}, and ends it with a newline; otherwise (cron, a
 * pipe, a log file) it prints nothing per message and one summary line at the end, and nothing at all when
 * no message was fetched. {@link #finish()} and {@link #close()} are idempotent, so a try-with-resources
 * ends the line before an error is printed. Sizes are in units of 1024. Used by one thread.
 */
public final class Progress implements AutoCloseable {

    /** Prints nothing (dry runs, tests). */
    public static final Progress NONE = new Progress(null, false, Clock.systemUTC());

    private static final int WIDTH = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final Clock clock;
    private Instant started;
    private int totalMessages;
    private long totalBytes;
    private int messages;
    private long bytes;
    private int drawn;
    private boolean finished;

    /**
     * @param out where to write (null: nowhere)
     * @param terminal redraw a bar (true) or print one summary line at the end (false)
     * @param clock for the rate
     */
    public Progress(PrintWriter out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** A bar when standard output is a terminal, the summary line otherwise. */
    public static Progress forConsole(PrintWriter out) {
        return new Progress(out, isTerminal(), Clock.systemUTC());
    }

    /** {@code System.console() != null}, and on Java 22+ also {@code Console.isTerminal()}. */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // Java 21: a non-null console is a terminal
        }
    }

    /** Starts the clock; {@code totalBytes < 0}: unknown (the bar then counts messages). */
    public void start(int totalMessages, long totalBytes) {
        this.totalMessages = totalMessages;
        this.totalBytes = totalBytes;
        this.started = clock.instant();
        this.messages = 0;
        this.bytes = 0;
        this.finished = false;
        if (terminal && out != null && totalMessages > 0) draw();
    }

    /** One message of {@code size} bytes was fetched. */
    public void message(long size) {
        if (started == null) start(0, -1);
        messages++;
        bytes += size;
        if (terminal && out != null) draw();
    }

    /** Ends the bar's line, or prints the summary line. */
    public void finish() {
        if (finished || out == null || started == null) return;
        finished = true;
        if (terminal) {
            if (drawn > 0) {
                out.println();
                out.flush();
            }
        } else if (messages > 0) {
            Duration d = elapsed();
            out.println(String.format(Locale.ROOT, "poplar fetch: %d message%s, %s in %.1f s, %s/s",
                    messages, messages == 1 ? "" : "s", size(bytes), d.toMillis() / 1000.0, size(rate())));
            out.flush();
        }
    }

    @Override
    public void close() {
        finish();
    }

    /** The bar line without the leading {@code \r}: visible for tests. */
    String line() {
        double fraction = totalBytes > 0 ? (double) bytes / totalBytes
                : totalMessages > 0 ? (double) messages / totalMessages : 1;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        String total = totalMessages >= messages ? Integer.toString(totalMessages) : "?";
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + messages + "/" + total + " messages, "
                + size(bytes) + ", " + size(rate()) + "/s";
    }

    private void draw() {
        String line = line();
        int pad = Math.max(0, drawn - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        drawn = line.length();
    }

    private Duration elapsed() {
        Duration d = Duration.between(started, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Bytes per second so far; 0 before any time has passed. */
    long rate() {
        long nanos = elapsed().toNanos();
        return nanos <= 0 ? 0 : (long) (bytes * 1e9 / nanos);
    }

    /** {@code 512 B}, {@code 3.1 MB}, {@code 850 KB}: one decimal below 100, units of 1024. */
    static String size(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = n / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v < 100 ? String.format(Locale.ROOT, "%.1f %s", v, units[u])
                : String.format(Locale.ROOT, "%d %s", Math.round(v), units[u]);
    }
}

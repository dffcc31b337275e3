// SPDX-License-Identifier: Apache-2.0
package dev.poplar.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the server logs. In this module System.Logger goes to java.util.logging, so a handler
 * on {@code dev.poplar.login} sees the login lines and one on the root logger sees every logger; the
 * root level is opened to ALL while capturing so that debug records are checked too (the console
 * handler keeps its own level). Messages are formatted as {@link SimpleFormatter} would (MessageFormat of
 * the parameters), with the text of any attached exception. Thread-safe; close it to restore.
 */
final class LogCapture implements AutoCloseable {
    private final Logger login = Logger.getLogger("dev.poplar.login"); // strong references: JUL loggers are weak
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final Recorder loginLines = new Recorder();
    private final Recorder everything = new Recorder();

    LogCapture() {
        root.setLevel(Level.ALL);
        login.addHandler(loginLines);
        root.addHandler(everything);
    }

    /** Records of {@code dev.poplar.login}, formatted. */
    List<String> loginLines() {
        return loginLines.snapshot();
    }

    /** Records of every logger, formatted, each prefixed with its logger name. */
    List<String> everything() {
        return everything.snapshot();
    }

    void clear() {
        loginLines.clear();
        everything.clear();
    }

    @Override
    public void close() {
        login.removeHandler(loginLines);
        root.removeHandler(everything);
        root.setLevel(rootLevel);
    }

    private static final class Recorder extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();
        private final List<String> lines = new ArrayList<>();

        Recorder() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord r) {
            String text = r.getLoggerName() + ": " + formatter.formatMessage(r);
            if (r.getThrown() != null) text += " | " + r.getThrown();
            synchronized (lines) {
                lines.add(text);
            }
        }

        List<String> snapshot() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        void clear() {
            synchronized (lines) {
                lines.clear();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}

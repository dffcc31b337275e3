// SPDX-License-Identifier: Apache-2.0
package dev.poplar.maildir.passwd;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what this package logs through System.Logger (which the JDK routes to java.util.logging when
 * no other backend is installed, as in these tests). Close it to detach.
 */
final class LogCapture extends Handler implements AutoCloseable {
    // A strong reference: java.util.logging holds loggers weakly, and the handler must stay attached.
    private final Logger logger = Logger.getLogger("dev.poplar.maildir.passwd");
    private final Level oldLevel = logger.getLevel();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Formatted messages at WARNING or above. */
    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(formatter::formatMessage).toList();
    }

    /** Every formatted message, parameters filled in. */
    List<String> all() {
        return records.stream().map(formatter::formatMessage).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(oldLevel);
    }
}

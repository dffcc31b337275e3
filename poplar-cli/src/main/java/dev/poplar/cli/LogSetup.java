// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging set-up, in code rather than logback.xml: parsing the XML (Joran) took about a quarter of
 * a second of every start, and the server should accept connections within one second of
 * {@code poplar serve} (issue 6). Found by logback through META-INF/services.
 *
 * <p>Logs go to stderr. Login lines (logger {@code dev.poplar.login}) have no level or logger name in
 * front, so that fail2ban's stock dovecot filter, and the poplar filter in contrib/fail2ban, match them.
 * The root level comes from the environment variable POPLAR_LOG_LEVEL (default INFO). With
 * {@code -Dlogback.configurationFile=FILE} logback reads that file instead.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv().getOrDefault("POPLAR_LOG_LEVEL", "INFO"), Level.INFO));
        root.addAppender(stderr(context, "stderr", "%d{yyyy-MM-dd HH:mm:ss} %-5level %logger{0}: %msg%n"));
        Logger logins = context.getLogger("dev.poplar.login");
        logins.setLevel(Level.INFO);
        logins.setAdditive(false);
        logins.addAppender(stderr(context, "logins", "%d{yyyy-MM-dd HH:mm:ss} %msg%n"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}

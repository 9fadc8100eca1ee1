package io.tracegate.it.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything the gateway logs while it is open: a list appender on the root logger, with the
 * gateway's own loggers turned up to {@code ALL} so that lines a production setting would hide
 * are written, and searched, too.
 */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger gateway = (Logger) LoggerFactory.getLogger("io.tracegate");
    private final Level previousLevel;

    private LogCapture() {
        previousLevel = gateway.getLevel();
        appender.setName("observe-log-capture");
        appender.start();
        root.addAppender(appender);
        gateway.setLevel(Level.ALL);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Each captured line as it would be written: level, logger, message, and its exceptions' messages. */
    List<String> lines() {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>(events.size());
        for (ILoggingEvent event : events) {
            StringBuilder line = new StringBuilder()
                    .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                    .append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        gateway.setLevel(previousLevel);
    }
}

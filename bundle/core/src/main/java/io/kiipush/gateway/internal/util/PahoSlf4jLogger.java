package io.kiipush.gateway.internal.util;

import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.eclipse.paho.client.mqttv3.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Paho's logger: its lines go to slf4j (the bundle's log, one format with everything else) under Paho's
 * class names, with every credential registered in {@link PahoLogRedaction} replaced by {@code [hidden]}.
 * <p>
 * Levels (see {@link #level(int)}): Paho's SEVERE and WARNING become INFO. Paho raises them only for events that end
 * the connection (keep-alive and write timeouts, messages 619 and 642), and the session already reports each lost
 * connection once at WARN in its own terms (docs/session.md); Paho's line is the detail behind it, not a second
 * alarm. INFO and CONFIG stay INFO, FINE and FINER are DEBUG, FINEST is TRACE (as jul-to-slf4j maps them).
 * Instantiated by Paho's {@code LoggerFactory} once {@link PahoLogRedaction#install()} has named this class.
 */
public final class PahoSlf4jLogger implements Logger {

    /** The slf4j level a Paho level is logged at. */
    enum Level {
        INFO, DEBUG, TRACE
    }

    private ResourceBundle catalog;
    private org.slf4j.Logger log;
    private volatile String resourceName;

    /** Instantiated by Paho's {@code LoggerFactory}. */
    public PahoSlf4jLogger() {
        // initialise(...) follows
    }

    /**
     * @param pahoLevel one of Paho's {@link Logger} levels ({@link Logger#SEVERE} ... {@link Logger#FINEST})
     * @return the slf4j level it is logged at
     */
    static Level level(int pahoLevel) {
        if (pahoLevel <= CONFIG) {
            return Level.INFO;
        }
        return pahoLevel <= FINER ? Level.DEBUG : Level.TRACE;
    }

    @Override
    public void initialise(ResourceBundle messageCatalog, String loggerID, String resource) {
        this.catalog = messageCatalog;
        this.log = LoggerFactory.getLogger(loggerID);
        this.resourceName = resource;
    }

    @Override
    public void setResourceName(String logContext) {
        this.resourceName = logContext;
    }

    @Override
    public boolean isLoggable(int level) {
        switch (level(level)) {
            case INFO:
                return log.isInfoEnabled();
            case DEBUG:
                return log.isDebugEnabled();
            default:
                return log.isTraceEnabled();
        }
    }

    @Override
    public void log(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        if (!isLoggable(level)) {
            return;
        }
        String text = (resourceName == null ? "" : resourceName + ": ") + format(msg, inserts);
        switch (level(level)) {
            case INFO:
                log.info(text, thrown);
                break;
            case DEBUG:
                log.debug(text, thrown);
                break;
            default:
                log.trace(text, thrown);
        }
    }

    /**
     * @param msg a key of Paho's message catalog, or literal text
     * @param inserts the values for the message's {@code {n}} placeholders
     * @return the message as Paho's own logger would print it, with every registered credential hidden
     */
    String format(String msg, Object[] inserts) {
        String pattern = formatMessage(msg, inserts);
        // Paho's own logger prints its "=====" dump lines verbatim; everything else is a MessageFormat pattern.
        String text = pattern.contains("=====") ? pattern : MessageFormat.format(pattern, PahoLogRedaction.redact(inserts));
        return PahoLogRedaction.redact(text);
    }

    @Override
    public void trace(int level, String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(level, sourceClass, sourceMethod, msg, inserts, ex);
    }

    @Override
    public String formatMessage(String msg, Object[] inserts) {
        try {
            return catalog.getString(msg);
        } catch (MissingResourceException e) {
            return msg; // literal text, as Paho's own logger treats it
        }
    }

    @Override
    public void dumpTrace() {
        // Paho's JSR47 logger dumps a java.util.logging MemoryHandler here; slf4j has no such buffer.
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg) {
        log(SEVERE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void severe(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(SEVERE, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg) {
        log(WARNING, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void warning(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(WARNING, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg) {
        log(INFO, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void info(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(INFO, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg) {
        log(CONFIG, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(CONFIG, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void config(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable thrown) {
        log(CONFIG, sourceClass, sourceMethod, msg, inserts, thrown);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg) {
        log(FINE, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINE, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void fine(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(FINE, sourceClass, sourceMethod, msg, inserts, ex);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg) {
        log(FINER, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINER, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void finer(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(FINER, sourceClass, sourceMethod, msg, inserts, ex);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg) {
        log(FINEST, sourceClass, sourceMethod, msg, null, null);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts) {
        log(FINEST, sourceClass, sourceMethod, msg, inserts, null);
    }

    @Override
    public void finest(String sourceClass, String sourceMethod, String msg, Object[] inserts, Throwable ex) {
        log(FINEST, sourceClass, sourceMethod, msg, inserts, ex);
    }
}

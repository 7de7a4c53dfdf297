package io.kiipush.gateway.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Captures, in the framework, everything the gateway could log, at the most verbose levels:
 * <ul>
 * <li>SLF4J (what the bundle uses): inside the test framework it is pax-logging-api without a backend, whose
 * {@code DefaultServiceLog} prints to {@code System.out}; its threshold is lowered to TRACE for the capture;</li>
 * <li>java.util.logging, which the Paho client embedded in the bundle uses: FINEST for {@code org.eclipse.paho} and
 * {@code io.kiipush}, recorded by a handler of our own with the record's parameters filled in;</li>
 * <li>{@code System.out} and {@code System.err}, teed (so also anything printed directly, e.g. stack traces).</li>
 * </ul>
 * {@link #close()} restores the streams, the levels and the handlers.
 */
public final class LogCapture implements AutoCloseable {

    private static final String PAX_LOGGING_API = "org.ops4j.pax.logging.pax-logging-api";
    private static final String[] JUL_LOGGERS = { "org.eclipse.paho", "io.kiipush" };

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream(1 << 20);
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final List<Logger> julLoggers = new ArrayList<>(); // strong references: JUL keeps loggers weakly
    private final List<Level> julLevels = new ArrayList<>();
    private final Handler julHandler;
    private final Class<?> defaultServiceLog;
    private final String previousPaxLevel;

    private LogCapture(BundleContext context, String paxLevel) {
        defaultServiceLog = defaultServiceLog(context);
        previousPaxLevel = levelName(staticLevel());
        setPaxLevel(paxLevel);
        System.setOut(new PrintStream(new Tee(originalOut), true));
        System.setErr(new PrintStream(new Tee(originalErr), true));
        julHandler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                StringBuilder line = new StringBuilder("[JUL ").append(r.getLoggerName()).append(' ').append(r.getLevel())
                        .append("] ");
                try {
                    line.append(formatter.formatMessage(r));
                } catch (RuntimeException e) {
                    line.append(r.getMessage());
                }
                if (r.getParameters() != null) {
                    line.append(" params=");
                    for (Object p : r.getParameters()) {
                        line.append(p).append(' ');
                    }
                }
                if (r.getThrown() != null) {
                    line.append(" thrown=").append(r.getThrown());
                }
                write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julHandler.setLevel(Level.ALL);
        for (String name : JUL_LOGGERS) {
            Logger l = Logger.getLogger(name);
            julLoggers.add(l);
            julLevels.add(l.getLevel());
            l.setLevel(Level.ALL);
            l.addHandler(julHandler);
        }
    }

    /**
     * @param context any bundle context in the framework
     * @return a running capture at TRACE (SLF4J) and FINEST (JUL)
     */
    public static LogCapture start(BundleContext context) {
        return new LogCapture(context, "TRACE");
    }

    /** @return everything captured so far */
    public String text() {
        synchronized (captured) {
            return new String(captured.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** @return the SLF4J threshold in effect, e.g. {@code TRACE}, proving the capture is as verbose as claimed */
    public String paxLevel() {
        return levelName(staticLevel());
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        for (int i = 0; i < julLoggers.size(); i++) {
            julLoggers.get(i).removeHandler(julHandler);
            julLoggers.get(i).setLevel(julLevels.get(i));
        }
        setPaxLevel(previousPaxLevel);
    }

    private void write(byte[] b) {
        synchronized (captured) {
            captured.write(b, 0, b.length);
        }
    }

    private final class Tee extends OutputStream {
        private final PrintStream original;

        Tee(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (captured) {
                captured.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (captured) {
                captured.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }

    // pax-logging-api keeps the fallback logger's threshold in a static of a private class: reach it through its bundle.
    private static Class<?> defaultServiceLog(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if (PAX_LOGGING_API.equals(b.getSymbolicName())) {
                try {
                    return b.loadClass("org.ops4j.pax.logging.spi.support.DefaultServiceLog");
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("pax-logging-api without DefaultServiceLog", e);
                }
            }
        }
        throw new IllegalStateException("no " + PAX_LOGGING_API + " bundle: where does SLF4J log to?");
    }

    private void setPaxLevel(String level) {
        try {
            defaultServiceLog.getMethod("setLogLevel", String.class).invoke(null, level);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the pax-logging fallback level", e);
        }
    }

    private int staticLevel() {
        try {
            return (Integer) defaultServiceLog.getMethod("getStaticLogLevel").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private String levelName(int level) {
        try {
            String[] names = (String[]) defaultServiceLog.getField("levels").get(null);
            return level >= 0 && level < names.length ? names[level] : "WARN";
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.kiipush.localgateway;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway: a developer-machine stand-in for an Eclipse Kura gateway.
 * <p>
 * Apache Felix runs SCR, Config Admin, EventAdmin, Metatype, the Felix Web Console (standing in for Kura's web UI:
 * it renders the bundle's configuration forms from the metatype, passwords masked) and the Gogo shell, plus the
 * gateway bundle, the Kura API stand-in and the demo consumer bundle. By default the Kii Cloud emulator runs in this
 * JVM (outside the framework) with a demo feed; {@code --app-id} points the gateway at a real Kii app instead.
 * <p>
 * Run {@code java -jar kiipush-local-gateway.jar --help} for the options.
 */
public final class LocalGateway implements AutoCloseable {

    static final String ONBOARDING_PID = "io.kiipush.gateway.Onboarding";
    static final String SESSION_PID = "io.kiipush.gateway.PushSession";
    static final String USER_SESSION_FILTER = "(kura.service.pid=" + DemoCloud.USER_CONNECTION + ")";
    static final String GATEWAY_BUNDLE = "io.kiipush.gateway";
    static final String CONSUMER_BUNDLE = "io.kiipush.demo.consumer";
    static final String CONSOLE_USER = "admin";
    static final String CONSOLE_PASSWORD = "admin";
    /** The "Kii Push" page of the web console (bundle io.kiipush.gateway.console). */
    static final String KIIPUSH_PAGE = "kiipush";
    private static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
    private static final Logger logger = LoggerFactory.getLogger(LocalGateway.class);
    // held so the level set on it is not lost to garbage collection
    private static final java.util.logging.Logger SPIFLY_LOG = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private final Options options;
    private final boolean interactive;
    private DemoCloud cloud;
    private Osgi osgi;
    private String consoleUrl;

    LocalGateway(Options options, boolean interactive) {
        this.options = options;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        if (options.consolePort != 0 && !portFree(options.consolePort)) {
            System.err.println("Port " + options.consolePort + " on 127.0.0.1 is in use (another local gateway?): "
                    + "choose another one with --console-port N");
            System.exit(2);
            return;
        }
        // Gogo needs a terminal; without one (output piped, started in the background) it would read end-of-file at
        // once and stop the framework.
        boolean interactive = !options.noShell && System.console() != null;
        configureLogging(options);
        LocalGateway gateway = new LocalGateway(options, interactive);
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "local-gateway-shutdown"));
        try {
            gateway.start();
            gateway.printBanner(System.out);
            gateway.startShell();
            gateway.osgi.framework().waitForStop(0);
        } catch (Exception e) {
            System.err.println("The local gateway failed to start: " + e);
            e.printStackTrace();
            gateway.close();
            System.exit(1);
        }
        gateway.close();
        System.exit(0);
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One readable line per log event on standard output; the demo consumer's lines are the events. The same
     * settings serve slf4j-simple on the launcher's class path (emulator) and inside the framework.
     */
    static void configureLogging(Options options) {
        Map<String, String> levels = new LinkedHashMap<>();
        levels.put("org.slf4j.simpleLogger.logFile", "System.out");
        levels.put("org.slf4j.simpleLogger.showDateTime", "true");
        levels.put("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        levels.put("org.slf4j.simpleLogger.showThreadName", "false");
        levels.put("org.slf4j.simpleLogger.showShortLogName", "true");
        levels.put("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        levels.put("org.slf4j.simpleLogger.log.org.apache.felix", "warn");
        // Web Console 5 warns once that the Kii Push page is a javax.servlet plugin: it is on purpose (Kura's and
        // Karaf's consoles are javax), and the console serves it through its javax wrappers. Its errors still show.
        levels.put("org.slf4j.simpleLogger.log.org.apache.felix.webconsole", "error");
        if (options.eventDetails) {
            levels.put("org.slf4j.simpleLogger.log.io.kiipush.demo.consumer.PushEventLogger", "debug");
        }
        // SPI Fly reports each provider it registers through java.util.logging at INFO.
        SPIFLY_LOG.setLevel(java.util.logging.Level.WARNING);
        levels.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    /** Starts the emulator (unless a real Kii app is configured), the framework and every bundle but the shell. */
    void start() throws Exception {
        Path work = options.workDir.toAbsolutePath();
        Files.createDirectories(work);
        Map<String, Object> onboarding;
        Map<String, Object> userOnboarding = null;
        if (options.realKii()) {
            onboarding = new LinkedHashMap<>(options.kii);
        } else {
            cloud = new DemoCloud(work, options.emulatorPort);
            // Demo state only: the emulator starts empty, so yesterday's token and installation mean nothing.
            Path state = work.resolve("emulator-gateway-state");
            deleteTree(state);
            onboarding = cloud.onboardingConfiguration(state);
            Path userState = work.resolve("emulator-user-state");
            deleteTree(userState);
            userOnboarding = cloud.userOnboardingConfiguration(userState);
        }

        osgi = new Osgi(frameworkProperties(work));
        osgi.startAllBut(GOGO_SHELL);
        if (cloud != null) {
            osgi.registerCommands(new EmulatorCommands(cloud), EmulatorCommands.SCOPE, EmulatorCommands.FUNCTIONS);
        }
        // Each Kii connection is a pair of factory configurations, as on Kura. The first is the default connection:
        // named like the factories, it needs no onboarding.target.
        onboarding.put("kura.service.pid", ONBOARDING_PID);
        osgi.configureFactory(ONBOARDING_PID, onboarding);
        Map<String, Object> session = new HashMap<>();
        session.put("kura.service.pid", SESSION_PID);
        // Kura's default spreads a fleet's first connections over 3 s; one local gateway connects at once.
        session.put("startDelayMaxMs", 0L);
        osgi.configureFactory(SESSION_PID, session);
        if (userOnboarding != null) {
            // The second connection, named as Kura's Cloud Connections names one, bound to its onboarding by target.
            osgi.configureFactory(ONBOARDING_PID, userOnboarding);
            Map<String, Object> userSession = new HashMap<>(session);
            userSession.put("kura.service.pid", DemoCloud.USER_CONNECTION);
            userSession.put("onboarding.target", "(kura.service.pid=" + DemoCloud.USER_ONBOARDING + ")");
            osgi.configureFactory(SESSION_PID, userSession);
        }
        consoleUrl = osgi.httpEndpoint() + "/system/console";
        if (cloud != null) {
            cloud.startFeed(options.feedIntervalMs, this::connected);
        }
    }

    private Map<String, String> frameworkProperties(Path work) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", work.resolve("felix-cache").toString());
        // Every start begins from the command line: console edits last until the gateway stops.
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.service.http.port", Integer.toString(options.consolePort));
        p.put("org.apache.felix.http.host", "127.0.0.1");
        p.put("felix.webconsole.username", CONSOLE_USER);
        p.put("felix.webconsole.password", CONSOLE_PASSWORD);
        p.put("gosh.args", interactive ? "" : "--nointeractive");
        // Felix EventAdmin turns every bundle, service and log event into an OSGi event that keeps its threads busy
        // while the framework stops; stopping then, it interrupts them ("Event Task Processing Interrupted"). Nothing
        // here consumes those topics (Kura's EventAdmin posts them too; a Kura consumer still gets them).
        p.put("org.apache.felix.eventadmin.IgnoreTopic", "org/osgi/framework*,org/osgi/service/log*");
        return p;
    }

    // The feed starts once every connection is subscribed: pushes before that would be lost (QoS 0).
    private boolean connected() {
        try {
            Osgi.SessionView s = osgi.session();
            Osgi.SessionView user = cloud == null ? null : osgi.session(USER_SESSION_FILTER);
            return s != null && "CONNECTED".equals(s.state())
                    && (cloud == null || user != null && "CONNECTED".equals(user.state()));
        } catch (Exception e) {
            return false;
        }
    }

    void startShell() throws Exception {
        osgi.start(GOGO_SHELL);
    }

    void printBanner(PrintStream out) {
        out.println();
        out.println("Kii push local gateway is running: Apache Felix " + osgi.framework().getVersion() + " with "
                + osgi.framework().getBundleContext().getBundles().length
                + " bundles, standing in for a Kura gateway.");
        out.println("  Web console  " + consoleUrl + "   (login " + CONSOLE_USER + " / " + CONSOLE_PASSWORD + ")");
        out.println("               OSGi > Configuration > 'Kii Push Onboarding' and 'Kii Push Session' are the Kura forms");
        out.println("  Kii Push     " + consoleUrl + "/" + KIIPUSH_PAGE
                + "   every connection: state, last error, counters, recent notifications, Connect / Disconnect");
        if (cloud != null) {
            out.println("  Kii Cloud    local emulator " + cloud.emulator().baseUrl() + ", app "
                    + cloud.emulator().app().id());
            out.println("  Connections  " + SESSION_PID + ": thing '" + DemoCloud.VENDOR_THING_ID + "'; "
                    + DemoCloud.USER_CONNECTION + ": user '" + DemoCloud.OWNER + "' (bucket user/"
                    + DemoCloud.NOTES_BUCKET + ")");
            out.println("  Demo feed    " + (cloud.feeding() ? "once connected, one notification every "
                    + options.feedIntervalMs + " ms: objects in bucket '" + DemoCloud.BUCKET + "', messages to topic '"
                    + DemoCloud.TOPIC + "', Thing-IF commands, notes of the user" : "off (emu:feed on)"));
        } else {
            out.println("  Kii Cloud    " + options.printableKii());
        }
        out.println("  Events       every 'PushEventLogger' line below is one OSGi event received by the demo consumer");
        out.println("  Shell        " + (interactive ? "type kii:connections, kii:status, kii:subscriptions"
                + (cloud != null ? ", emu:help" : "") + ", lb, scr:list; Ctrl-C (or Ctrl-D) stops"
                : "none (no terminal); Ctrl-C stops"));
        out.println();
    }

    /** @return the web console URL, e.g. {@code http://127.0.0.1:8180/system/console} */
    String consoleUrl() {
        return consoleUrl;
    }

    Osgi osgi() {
        return osgi;
    }

    DemoCloud cloud() {
        return cloud;
    }

    /**
     * Stops what causes events before what delivers them, so that no delivery is still running when EventAdmin stops
     * (it interrupts its own threads then and prints "Event Task Processing Interrupted"): the demo feed, the
     * consumer (no handler left), the gateway, then the framework with EventAdmin, and the emulator last (stopped
     * earlier, it would make the session post connection-lost events). Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (cloud != null) {
            cloud.endFeed();
        }
        if (osgi != null) {
            try {
                osgi.stopInOrder(CONSUMER_BUNDLE, GATEWAY_BUNDLE);
            } catch (BundleException e) {
                logger.warn("Stopping the gateway bundles failed (the framework stops them next): {}", e.toString());
            }
            osgi.stop();
            osgi = null;
        }
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.kiipush.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator from the command line until Ctrl-C:
 * {@code java -jar kiipush-emulator-<version>-all.jar [options]} (see {@code --help}).
 */
public final class Main {

    private static final String USAGE = """
            Usage: java -jar kiipush-emulator-all.jar [options]
              --http-port N             REST port (default 8080; 0 = any free port)
              --https                   serve REST over HTTPS with the generated certificate
              --mqtt-port N             push broker, plain MQTT (default 1883)
              --mqtt-tls-port N         push broker, MQTT over TLS (default 8883; -1 disables)
              --ws-port N               push broker, MQTT over WebSocket, path /mqtt (default 12470; -1 disables)
              --wss-port N              push broker, MQTT over secure WebSocket (default 12473; -1 disables)
              --default-broker-port N   API-via-MQTT default broker, plain (default 1884; -1 disables)
              --default-broker-tls-port N  API-via-MQTT default broker, TLS (default 8884; -1 disables)
              --bind ADDRESS            listen address (default 127.0.0.1; 0.0.0.0 for remote gateways)
              --host NAME               host advertised in endpoints and URLs (default localhost; put in the cert)
              --app ID:KEY              an app (repeatable; default demoapp:demokey); admin client ID:KEY-client/-secret
              --ttl SECONDS             MQTT endpoint TTL (default 2147483647 = never)
              --not-ready N             first N mqtt-endpoint calls per installation answer 503
              --any-client-id           do not require client ID == mqttTopic
              --direct                  no fault gates in front of the broker (faster; no hang fault)
              --tls-dir DIR             keep the CA and server certificate here (default ~/.kii-emulator/tls)
              --publisher-password PW   password of the privileged MQTT publisher (default: random)
              --help                    this text
            """;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        configureLogging();
        KiiEmulator.Builder b = KiiEmulator.builder().httpPort(8080).mqttPort(1883).mqttTlsPort(8883)
                .webSocketPort(12470).secureWebSocketPort(12473).defaultBrokerPort(1884).defaultBrokerTlsPort(8884);
        Path tlsDir = Paths.get(System.getProperty("user.home"), ".kii-emulator", "tls");
        String host = "localhost";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                case "--https" -> b.https(true);
                case "--any-client-id" -> b.requireClientIdEqualsTopic(false);
                case "--direct" -> b.faultInjection(false);
                case "--http-port" -> b.httpPort(intArg(args, ++i, a));
                case "--mqtt-port" -> b.mqttPort(intArg(args, ++i, a));
                case "--mqtt-tls-port" -> b.mqttTlsPort(intArg(args, ++i, a));
                case "--ws-port" -> b.webSocketPort(intArg(args, ++i, a));
                case "--wss-port" -> b.secureWebSocketPort(intArg(args, ++i, a));
                case "--default-broker-port" -> b.defaultBrokerPort(intArg(args, ++i, a));
                case "--default-broker-tls-port" -> b.defaultBrokerTlsPort(intArg(args, ++i, a));
                case "--bind" -> b.bindAddress(arg(args, ++i, a));
                case "--host" -> host = arg(args, ++i, a);
                case "--ttl" -> b.endpointTtlSeconds(Long.parseLong(arg(args, ++i, a)));
                case "--not-ready" -> b.endpointNotReadyCount(intArg(args, ++i, a));
                case "--tls-dir" -> tlsDir = Paths.get(arg(args, ++i, a));
                case "--publisher-password" -> b.publisherCredentials(KiiEmulator.DEFAULT_PUBLISHER_USERNAME,
                        arg(args, ++i, a));
                case "--app" -> {
                    String[] idKey = arg(args, ++i, a).split(":", 2);
                    b.app(idKey[0], idKey.length > 1 ? idKey[1] : idKey[0] + "-key");
                }
                default -> {
                    System.err.println("unknown option " + a);
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        }
        b.advertisedHost(host).tls(TlsMaterial.loadOrGenerate(tlsDir, host));
        KiiEmulator emu = b.build();
        try {
            emu.start();
        } catch (IOException e) {
            System.err.println("cannot start: " + e.getMessage() + " (is the port in use? pass 0 for any free port)");
            System.exit(1);
        }
        Path ca = emu.writeCaCertificatePem(tlsDir.resolve("ca.pem"));
        banner(System.out, emu, ca);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.stop();
            stopped.countDown();
        }, "kii-emu-shutdown"));
        stopped.await();
    }

    private static void banner(PrintStream out, KiiEmulator emu, Path ca) {
        out.println("Kii Cloud emulator is running. Press Ctrl-C to stop.");
        out.println("  REST base URL   : " + emu.baseUrl() + "   (Kii JS SDK site: " + emu.kiiSiteUrl() + ")");
        for (AppCredentials a : emu.apps()) {
            out.println("  App             : appID=" + a.appId() + " appKey=" + a.appKey() + " clientID=" + a.clientId()
                    + " clientSecret=" + a.clientSecret());
        }
        out.println("  Push broker     : " + emu.mqttUri() + (emu.mqttTlsPort() > 0 ? "  " + emu.mqttTlsUri() : "")
                + (emu.webSocketPort() > 0 ? "  ws://" + emu.advertisedHost() + ":" + emu.webSocketPort() + "/mqtt" : "")
                + (emu.secureWebSocketPort() > 0
                        ? "  wss://" + emu.advertisedHost() + ":" + emu.secureWebSocketPort() + "/mqtt" : ""));
        if (emu.defaultBrokerPort() > 0 || emu.defaultBrokerTlsPort() > 0) {
            out.println("  Default broker  : " + (emu.defaultBrokerPort() > 0 ? emu.defaultBrokerUri() : "")
                    + (emu.defaultBrokerTlsPort() > 0 ? "  " + emu.defaultBrokerTlsUri() : "")
                    + "   (API via MQTT, client ID 'anonymous')");
        }
        out.println("  CA certificate  : " + ca.toAbsolutePath());
        out.println("  Publisher       : username=" + emu.publisherUsername() + " password=" + emu.publisherPassword()
                + "   (may publish to any topic)");
        out.println("  Admin endpoint  : " + emu.baseUrl() + "/_emulator/info");
        out.flush();
    }

    /** slf4j-simple settings for the runnable jar (system properties, so the library jar ships no logging config). */
    private static void configureLogging() {
        String p = "org.slf4j.simpleLogger.";
        String[][] defaults = {{"showDateTime", "true"}, {"dateTimeFormat", "HH:mm:ss.SSS"},
            {"showThreadName", "false"}, {"showShortLogName", "true"}, {"log.io.moquette", "warn"},
            {"log.io.moquette.broker.Authorizator", "error"}, {"log.io.netty", "warn"}};
        for (String[] kv : defaults) {
            if (System.getProperty(p + kv[0]) == null) {
                System.setProperty(p + kv[0], kv[1]);
            }
        }
    }

    private static String arg(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static int intArg(String[] args, int i, String option) {
        return Integer.parseInt(arg(args, i, option));
    }
}

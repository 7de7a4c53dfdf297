package io.kiipush.gateway.internal.onboarding;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.util.NamedThreadFactory;
import io.kiipush.gateway.internal.util.PahoLogRedaction;

/**
 * Thing onboarding through Kii's default MQTT broker ("API via MQTT", kii-protocol §7): connect as
 * {@code anonymous} with the application credentials, PUBLISH the onboarding request, take the response PUBLISH on
 * the same topic, disconnect. Every wait is bounded by the HTTP timeouts; Paho runs on a private executor of named
 * threads ({@code kii-onboarding-mqtt-N}) that is shut down when the exchange ends or {@link #close()} is called.
 */
final class MqttApiOnboarder {

    static {
        PahoLogRedaction.install(); // before the first Paho client: it creates its loggers once
    }

    private static final Logger logger = LoggerFactory.getLogger(MqttApiOnboarder.class);

    static final String CLIENT_ID = "anonymous";

    /** Paho needs about five threads at once (connect, send, receive, callback, ping); a few spare. */
    private static final int PAHO_THREADS = 6;

    private final long stopTimeoutMs;
    private final Object lock = new Object();
    private MqttAsyncClient active;
    private ScheduledThreadPoolExecutor activeExecutor;
    private CompletableFuture<ApiResponse> activeAnswer;
    private boolean closed;

    MqttApiOnboarder(long stopTimeoutMs) {
        this.stopTimeoutMs = stopTimeoutMs;
    }

    /** @return the request topic, which also carries the response */
    static String topic(OnboardingSettings s) {
        return "p/" + CLIENT_ID + "/thing-if/apps/" + s.appId() + "/onboardings";
    }

    /**
     * @param s the settings (MQTT_API mode)
     * @param now the current time, for the endpoint's fetch time
     * @return the thing's token and ID, and the endpoint when the answer carries one
     * @throws OnboardingException classified
     */
    KiiRestClient.Grant onboard(OnboardingSettings s, long now) throws OnboardingException {
        String uri = s.mqttApiBrokerUri();
        if (uri == null) {
            throw new OnboardingException(ErrorKind.CONFIGURATION, "no default broker for site " + s.site()
                    + ": set mqttApi.broker");
        }
        URI parsed = URI.create(uri);
        String host = parsed.getHost();
        String hostPort = host + ":" + parsed.getPort();
        Transport transport = OnboardingSettings.transportOfScheme(parsed.getScheme());
        String topic = topic(s);
        String requestId = UUID.randomUUID().toString();
        String action = "the onboarding of " + s.thingDescription() + " through the default broker " + hostPort;

        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(PAHO_THREADS,
                new NamedThreadFactory("kii-onboarding-mqtt"));
        executor.setRemoveOnCancelPolicy(true);
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(uri, CLIENT_ID, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
            synchronized (lock) {
                if (closed) {
                    throw OnboardingService.stopped();
                }
                active = client;
                activeExecutor = executor;
                activeAnswer = answer;
            }
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    answer.completeExceptionally(cause != null ? cause : new IllegalStateException("connection lost"));
                }

                @Override
                public void messageArrived(String t, MqttMessage message) {
                    // Never throw here: Paho would close the client. Our own request may come back too; skip it.
                    try {
                        if (topic.equals(t)) {
                            ApiResponse r = ApiResponse.parse(message.getPayload());
                            if (r != null && r.answers(requestId)) {
                                answer.complete(r);
                            }
                        }
                    } catch (RuntimeException e) {
                        logger.debug("Ignoring an unreadable message on the onboarding topic: {}", e.toString());
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // QoS 0 request: nothing to track.
                }
            });

            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            PahoLogRedaction.register(s.appKey(), "client_secret=" + s.appKey());
            options.setUserName("type=oauth2&client_id=" + s.appId());
            options.setPassword(("client_secret=" + s.appKey()).toCharArray());
            options.setConnectionTimeout(Math.max(1, (s.connectTimeoutMs() + 999) / 1000));
            options.setKeepAliveInterval(60);
            if (transport != null && transport.isSecure()) {
                if (s.sslSocketFactory() != null) {
                    options.setSocketFactory(s.sslSocketFactory());
                }
                options.setHttpsHostnameVerificationEnabled(s.verifyHostname());
            }
            logger.info("Onboarding {} through Kii's default MQTT broker {}", s.thingDescription(), uri);
            client.connect(options).waitForCompletion((long) s.connectTimeoutMs() + s.readTimeoutMs());

            try {
                IMqttToken sub = client.subscribe(topic, 0);
                sub.waitForCompletion(s.readTimeoutMs());
                int[] granted = sub.getGrantedQos();
                if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                    logger.debug("The default broker refused the SUBSCRIBE to the onboarding topic; Kii delivers the "
                            + "answer without it");
                }
            } catch (MqttException e) {
                // Kii's broker answers on the request topic without any SUBSCRIBE (kii-protocol §7).
                logger.debug("SUBSCRIBE to the onboarding topic failed ({}); waiting for the answer anyway",
                        e.getReasonCode());
            }

            client.publish(topic, request(s, requestId), 0, false).waitForCompletion(s.readTimeoutMs());
            ApiResponse r = answer.get(s.readTimeoutMs(), TimeUnit.MILLISECONDS);
            logger.debug("The default broker answered the onboarding request with status {}", r.status);
            if (r.status >= 200 && r.status < 300) {
                return KiiRestClient.onboardingGrant(s, KiiJson.parseObject(r.body), r.headers.get("x-mqtt-ttl"), now);
            }
            JsonObject error = KiiJson.parseObject(r.body);
            throw KiiRestClient.onboardingFailure(s, r.status,
                    error == null ? null : KiiJson.string(error, "errorCode", "error"),
                    error == null ? null : KiiJson.string(error, "message", "error_description"), hostPort);
        } catch (MqttException e) {
            throw classify(e, s, host, hostPort, action);
        } catch (TimeoutException e) {
            throw new OnboardingException(ErrorKind.TRANSIENT, "the default broker " + hostPort + " did not answer "
                    + action + " within " + s.readTimeoutMs() + " ms (http.readTimeoutMs)", null, 0, null);
        } catch (ExecutionException e) {
            if (isClosed()) {
                throw OnboardingService.stopped();
            }
            throw KiiHttp.classify(e.getCause(), host, hostPort, action + " (connection lost)", s, "mqttApi.broker",
                    "http.connectTimeoutMs", "http.readTimeoutMs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OnboardingService.stopped();
        } finally {
            release(client, executor);
        }
    }

    private OnboardingException classify(MqttException e, OnboardingSettings s, String host, String hostPort,
            String action) {
        if (isClosed()) {
            return OnboardingService.stopped();
        }
        int rc = e.getReasonCode();
        switch (rc) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                return new OnboardingException(ErrorKind.AUTHENTICATION, "the default broker " + hostPort
                        + " refused the application credentials of app '" + s.appId() + "' (CONNACK " + rc
                        + "): check app.id and app.key", "CONNACK_" + rc, 0, null);
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                return new OnboardingException(ErrorKind.TRANSIENT, "the default broker " + hostPort
                        + " is unavailable (CONNACK 3) during " + action, null, 0, null);
            case MqttException.REASON_CODE_CLIENT_TIMEOUT:
                return new OnboardingException(ErrorKind.TRANSIENT, "the default broker " + hostPort
                        + " did not answer in time during " + action + " (http.connectTimeoutMs, http.readTimeoutMs)",
                        null, 0, null);
            default:
                if (e.getCause() != null) {
                    return KiiHttp.classify(e.getCause(), host, hostPort, action, s, "mqttApi.broker",
                            "http.connectTimeoutMs", "http.readTimeoutMs");
                }
                return new OnboardingException(ErrorKind.TRANSIENT, "MQTT error " + rc + " with the default broker "
                        + hostPort + " during " + action, null, 0, null);
        }
    }

    private static byte[] request(OnboardingSettings s, String requestId) {
        String text = "POST\r\n" + "Content-Type: " + KiiRestClient.onboardingMediaType(s) + "\r\n"
                + "X-Kii-RequestID: " + requestId + "\r\n" + "\r\n" + KiiRestClient.onboardingBody(s);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void release(MqttAsyncClient client, ScheduledThreadPoolExecutor executor) {
        synchronized (lock) {
            if (active == client) {
                active = null;
                activeExecutor = null;
                activeAnswer = null;
            }
        }
        if (client != null) {
            // No callback may run into a half-closed exchange (performance-anchors §5 item 8).
            client.setCallback(null);
            try {
                if (client.isConnected()) {
                    client.disconnect(0).waitForCompletion(Math.min(2000, stopTimeoutMs));
                }
            } catch (MqttException | RuntimeException e) {
                logger.debug("Clean disconnect from the default broker failed: {}", e.toString());
            }
            try {
                client.disconnectForcibly(0, Math.min(1000, stopTimeoutMs), false);
            } catch (MqttException | RuntimeException e) {
                logger.trace("Forced disconnect: {}", e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                logger.trace("Close: {}", e.toString());
            }
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(stopTimeoutMs, TimeUnit.MILLISECONDS)) {
                logger.warn("MQTT onboarding threads did not stop within {} ms", stopTimeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Aborts an exchange in progress (from another thread) and refuses new ones. */
    void close() {
        MqttAsyncClient client;
        ScheduledThreadPoolExecutor executor;
        CompletableFuture<ApiResponse> answer;
        synchronized (lock) {
            closed = true;
            client = active;
            executor = activeExecutor;
            answer = activeAnswer;
        }
        if (answer != null) {
            answer.completeExceptionally(OnboardingService.stopped());
        }
        if (client != null) {
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException | RuntimeException e) {
                logger.trace("Forced disconnect on close: {}", e.toString());
            }
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** A response of API via MQTT: status line, headers, blank line, body (CRLF or LF line ends). */
    static final class ApiResponse {
        final int status;
        final Map<String, String> headers;
        final String body;

        private ApiResponse(int status, Map<String, String> headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /** @return the response, or {@code null} if the payload is not one (e.g. our own request echoed back) */
        static ApiResponse parse(byte[] payload) {
            String text = new String(payload, StandardCharsets.UTF_8);
            int crlf = text.indexOf("\r\n\r\n");
            int lf = text.indexOf("\n\n");
            String head;
            String body;
            if (crlf >= 0 && (lf < 0 || crlf < lf)) {
                head = text.substring(0, crlf);
                body = text.substring(crlf + 4);
            } else if (lf >= 0) {
                head = text.substring(0, lf);
                body = text.substring(lf + 2);
            } else {
                int brace = text.indexOf('{');
                head = brace >= 0 ? text.substring(0, brace) : text;
                body = brace >= 0 ? text.substring(brace) : "";
            }
            String[] lines = head.split("\r?\n");
            int status = statusOf(lines[0].trim());
            if (status < 0) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new ApiResponse(status, headers, body.trim());
        }

        private static int statusOf(String line) {
            String s = line.startsWith("HTTP/") && line.indexOf(' ') > 0 ? line.substring(line.indexOf(' ') + 1) : line;
            if (s.length() < 3) {
                return -1;
            }
            for (int i = 0; i < 3; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return -1;
                }
            }
            if (s.length() > 3 && s.charAt(3) != ' ') {
                return -1;
            }
            return Integer.parseInt(s.substring(0, 3));
        }

        /** @return false only when the response names another request */
        boolean answers(String requestId) {
            String id = headers.get("x-kii-requestid");
            return id == null || id.equals(requestId);
        }
    }
}

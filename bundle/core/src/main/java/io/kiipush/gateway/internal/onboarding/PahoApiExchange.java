package io.kiipush.gateway.internal.onboarding;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

import io.kiipush.gateway.internal.endpoint.OnboardingException;
import io.kiipush.gateway.internal.endpoint.Transport;
import io.kiipush.gateway.internal.util.NamedThreadFactory;
import io.kiipush.gateway.internal.util.PahoConnectEnd;
import io.kiipush.gateway.internal.util.PahoLogRedaction;

/**
 * {@link ApiExchange} with Paho: every wait is bounded by the HTTP timeouts; Paho runs on a private executor of named
 * threads ({@code kii-onboarding-mqtt-N}) that is shut down when the exchange ends or {@link #close()} is called.
 */
final class PahoApiExchange implements ApiExchange {

    static {
        PahoLogRedaction.install(); // before the first Paho client: it creates its loggers once
    }

    private static final Logger logger = LoggerFactory.getLogger(PahoApiExchange.class);

    /** Paho needs about five threads at once (connect, send, receive, callback, ping); a few spare. */
    private static final int PAHO_THREADS = 6;

    private final long stopTimeoutMs;
    private final Object lock = new Object();
    private MqttAsyncClient active;
    private ScheduledThreadPoolExecutor activeExecutor;
    private CompletableFuture<ApiResponse> activeAnswer;
    private PahoConnectEnd activeConnect;
    private boolean closed;

    /** @param stopTimeoutMs bound of every wait for Paho and its threads to stop */
    PahoApiExchange(long stopTimeoutMs) {
        this.stopTimeoutMs = stopTimeoutMs;
    }

    @Override
    public ApiResponse exchange(String brokerUri, String topic, String requestId, byte[] request,
            OnboardingSettings s) throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(PAHO_THREADS,
                new NamedThreadFactory("kii-onboarding-mqtt"));
        executor.setRemoveOnCancelPolicy(true);
        CompletableFuture<ApiResponse> answer = new CompletableFuture<>();
        PahoConnectEnd connectEnd = new PahoConnectEnd();
        long connectBoundMs = (long) s.connectTimeoutMs + s.readTimeoutMs;
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(brokerUri, MqttApiOnboarder.CLIENT_ID, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
            synchronized (lock) {
                if (closed) {
                    throw OnboardingException.stopped();
                }
                active = client;
                activeExecutor = executor;
                activeAnswer = answer;
                activeConnect = connectEnd;
            }
            client.setCallback(new Callback(topic, requestId, answer));
            try {
                client.connect(options(s, brokerUri), null, connectEnd);
            } catch (MqttException | RuntimeException e) {
                connectEnd.failed(e);
                throw e;
            }
            awaitConnected(connectEnd, connectBoundMs);
            subscribe(client, topic, s.readTimeoutMs);
            client.publish(topic, request, 0, false).waitForCompletion(s.readTimeoutMs);
            ApiResponse r = answer.get(s.readTimeoutMs, TimeUnit.MILLISECONDS);
            logger.debug("The default broker answered the onboarding request with status {}", r.status);
            return r;
        } catch (Exception e) {
            if (isClosed()) {
                throw OnboardingException.stopped();
            }
            throw e;
        } finally {
            release(client, executor, connectEnd, connectBoundMs);
        }
    }

    private void awaitConnected(PahoConnectEnd connectEnd, long boundMs) throws Exception {
        if (!connectEnd.await(boundMs)) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
        }
        if (Thread.currentThread().isInterrupted() || isClosed()) {
            throw OnboardingException.stopped();
        }
        Throwable failure = connectEnd.failure();
        if (failure instanceof Exception) {
            throw (Exception) failure;
        }
        if (failure != null) {
            throw new MqttException(failure);
        }
    }

    private static MqttConnectOptions options(OnboardingSettings s, String brokerUri) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        PahoLogRedaction.register(s.appKey, "client_secret=" + s.appKey);
        options.setUserName("type=oauth2&client_id=" + s.appId);
        options.setPassword(("client_secret=" + s.appKey).toCharArray());
        options.setConnectionTimeout(Math.max(1, (s.connectTimeoutMs + 999) / 1000));
        options.setKeepAliveInterval(60);
        Transport transport = BrokerUris.transportOfScheme(URI.create(brokerUri).getScheme());
        if (transport != null && transport.isSecure()) {
            if (s.sslSocketFactory() != null) {
                options.setSocketFactory(s.sslSocketFactory());
            }
            options.setHttpsHostnameVerificationEnabled(s.verifyHostname);
        }
        return options;
    }

    // Kii answers on the request topic without a SUBSCRIBE (docs/kii-protocol.md §7): a refused one is no failure.
    private static void subscribe(MqttAsyncClient client, String topic, long timeoutMs) {
        try {
            IMqttToken sub = client.subscribe(topic, 0);
            sub.waitForCompletion(timeoutMs);
            int[] granted = sub.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                logger.debug("The default broker refused the SUBSCRIBE to the onboarding topic; Kii delivers the "
                        + "answer without it");
            }
        } catch (MqttException e) {
            logger.debug("SUBSCRIBE to the onboarding topic failed ({}); waiting for the answer anyway",
                    e.getReasonCode());
        }
    }

    /** Completes the answer with the response to our request; never throws (Paho would close the client). */
    private static final class Callback implements MqttCallback {
        private final String topic;
        private final String requestId;
        private final CompletableFuture<ApiResponse> answer;

        Callback(String topic, String requestId, CompletableFuture<ApiResponse> answer) {
            this.topic = topic;
            this.requestId = requestId;
            this.answer = answer;
        }

        @Override
        public void connectionLost(Throwable cause) {
            answer.completeExceptionally(cause != null ? cause : new IllegalStateException("connection lost"));
        }

        @Override
        public void messageArrived(String t, MqttMessage message) {
            // Our own request may come back too; it is no response and is skipped.
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
    }

    private void release(MqttAsyncClient client, ScheduledThreadPoolExecutor executor, PahoConnectEnd connectEnd,
            long connectBoundMs) {
        synchronized (lock) {
            if (active == client) {
                active = null;
                activeExecutor = null;
                activeAnswer = null;
                activeConnect = null;
            }
        }
        if (client != null && !connectEnd.await(connectBoundMs)) {
            logger.debug("The connect attempt to the default broker did not end within {} ms; closing anyway", connectBoundMs);
        }
        if (client != null) {
            // No callback may run into a half-closed exchange.
            client.setCallback(null);
            // DISCONNECT is sent on this thread with a bounded wait (as PahoLink does): Paho's disconnect() hands it to
            // a thread of its own whose wait for the packet to go out has no bound and swallows interrupts: when close()
            // stops Paho's sender meanwhile, that thread waits forever (the likely cause of a rare MqttApiTest hang).
            try {
                client.disconnectForcibly(0, Math.min(2000, stopTimeoutMs), client.isConnected());
            } catch (MqttException | RuntimeException e) {
                logger.debug("Disconnect from the default broker failed: {}", e.toString());
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

    @Override
    public void close() {
        MqttAsyncClient client;
        ScheduledThreadPoolExecutor executor;
        CompletableFuture<ApiResponse> answer;
        PahoConnectEnd connectEnd;
        synchronized (lock) {
            closed = true;
            client = active;
            executor = activeExecutor;
            answer = activeAnswer;
            connectEnd = activeConnect;
        }
        if (answer != null) {
            answer.completeExceptionally(OnboardingException.stopped());
        }
        // Paho may not start another loop now: a connect still under way fails at once. Nothing running is cancelled
        // here (see PahoConnectEnd); the exchange's own release stops the client once its connect attempt has ended.
        if (executor != null) {
            executor.shutdown();
        }
        if (client != null && connectEnd != null && connectEnd.hasEnded()) {
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException | RuntimeException e) {
                logger.trace("Forced disconnect on close: {}", e.toString());
            }
        }
    }
}

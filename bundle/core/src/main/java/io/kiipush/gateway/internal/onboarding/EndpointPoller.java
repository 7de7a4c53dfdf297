package io.kiipush.gateway.internal.onboarding;

import static io.kiipush.gateway.internal.config.ConfigField.ENDPOINT_MAX_WAIT_SEC;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ErrorKind;
import io.kiipush.gateway.internal.endpoint.MqttEndpoint;
import io.kiipush.gateway.internal.endpoint.OnboardingException;

/**
 * Asks for an installation's MQTT endpoint until Kii has one: while it answers 503 MQTT_ENDPOINT_NOT_READY
 * (docs/kii-protocol.md §3.2) the next request is scheduled (after {@code retryAfter} or a doubling delay, never
 * slept), for at most {@code endpoint.maxWaitSec}. Each wait is logged once at INFO.
 */
final class EndpointPoller {

    private static final Logger logger = LoggerFactory.getLogger(EndpointPoller.class);

    private final ScheduledExecutorService executor;
    private final Tuning tuning;
    private final BooleanSupplier stopped;

    /**
     * @param executor runs the requests and schedules the waits
     * @param tuning the retry delays and the clock
     * @param stopped true once the onboarding stopped: no further request is made
     */
    EndpointPoller(ScheduledExecutorService executor, Tuning tuning, BooleanSupplier stopped) {
        this.executor = executor;
        this.tuning = tuning;
        this.stopped = stopped;
    }

    /**
     * @param rest the REST client of the flow
     * @param token the installation owner's token
     * @param installation the installation
     * @param owner who the token belongs to, for messages
     * @param maxWaitSec how long Kii may keep answering 503
     * @return the endpoint (with the installation ID), or the failure of the last request
     */
    CompletableFuture<MqttEndpoint> poll(KiiRestClient rest, String token, String installation, String owner,
            int maxWaitSec) {
        CompletableFuture<MqttEndpoint> result = new CompletableFuture<>();
        long deadline = tuning.clock.getAsLong() + maxWaitSec * 1000L;
        new Poll(rest, token, installation, owner, maxWaitSec, deadline, result).attempt(tuning.firstRetryDelayMs, 1);
        return result;
    }

    /** One endpoint wait: the requests made for it so far and the result they complete. */
    private final class Poll {
        private final KiiRestClient rest;
        private final String token;
        private final String installation;
        private final String owner;
        private final int maxWaitSec;
        private final long deadline;
        private final CompletableFuture<MqttEndpoint> result;

        Poll(KiiRestClient rest, String token, String installation, String owner, int maxWaitSec, long deadline,
                CompletableFuture<MqttEndpoint> result) {
            this.rest = rest;
            this.token = token;
            this.installation = installation;
            this.owner = owner;
            this.maxWaitSec = maxWaitSec;
            this.deadline = deadline;
            this.result = result;
        }

        void attempt(long delayMs, int request) {
            if (stopped.getAsBoolean()) {
                result.completeExceptionally(OnboardingException.stopped());
                return;
            }
            try {
                KiiRestClient.EndpointAnswer answer = rest.mqttEndpoint(token, installation, owner);
                if (answer.endpoint != null) {
                    result.complete(withInstallation(answer.endpoint));
                    return;
                }
                long now = tuning.clock.getAsLong();
                if (now >= deadline) {
                    result.completeExceptionally(new OnboardingException(ErrorKind.TRANSIENT, "Kii's MQTT endpoint "
                            + "for installation '" + installation + "' was still not ready after " + maxWaitSec
                            + " s (" + request + " requests, 503 MQTT_ENDPOINT_NOT_READY): retried later; raise "
                            + ENDPOINT_MAX_WAIT_SEC + " if Kii needs longer", "MQTT_ENDPOINT_NOT_READY", 503, null));
                    return;
                }
                long wait = Math.max(1, Math.min(answer.retryAfterMs > 0 ? answer.retryAfterMs : delayMs,
                        deadline - now));
                logger.info("Kii's MQTT endpoint of installation {} is not ready yet (503, request {}); asking "
                        + "again in {} ms", installation, request, wait);
                long next = Math.min(delayMs * 2, tuning.maxRetryDelayMs);
                executor.schedule(() -> attempt(next, request + 1), wait, TimeUnit.MILLISECONDS);
            } catch (OnboardingException | RuntimeException e) {
                result.completeExceptionally(e instanceof RejectedExecutionException ? OnboardingException.stopped()
                        : e);
            }
        }

        private MqttEndpoint withInstallation(MqttEndpoint ep) {
            return ep.getInstallationId() != null ? ep : new MqttEndpoint(installation, ep.getHost(), ep.getPortTcp(),
                    ep.getPortSsl(), ep.getPortWs(), ep.getPortWss(), ep.getUsername(), ep.getPassword(),
                    ep.getMqttTopic(), ep.getTtlSeconds(), ep.getFetchedAt());
        }
    }
}

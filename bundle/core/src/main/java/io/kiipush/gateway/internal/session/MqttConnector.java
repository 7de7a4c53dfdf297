package io.kiipush.gateway.internal.session;

import io.kiipush.gateway.internal.endpoint.ConnectTarget;

/** Opens {@link MqttLink}s; the production implementation uses Paho, tests use a fake. */
interface MqttConnector {

    /**
     * Starts connecting in the background and returns at once.
     *
     * @param target where and as whom to connect
     * @param settings keep-alive and connect timeout
     * @param listener receives the outcome
     * @return the new link
     * @throws Exception if the attempt could not even be started (invalid URI, client creation failure)
     */
    MqttLink open(ConnectTarget target, SessionSettings settings, LinkListener listener) throws Exception;
}

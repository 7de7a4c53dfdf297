package io.kiipush.gateway.internal.session;

/**
 * Outcome callbacks of an {@link MqttLink}. Called on MQTT client threads: implementations hand the event to the
 * session thread and return at once; they never block and never throw.
 */
interface LinkListener {

    /**
     * CONNACK 0 arrived.
     *
     * @param link the link
     */
    void connected(MqttLink link);

    /**
     * The connection attempt failed (refused CONNACK, network or TLS error).
     *
     * @param link the link
     * @param cause what went wrong
     */
    void connectFailed(MqttLink link, Throwable cause);

    /**
     * SUBACK arrived.
     *
     * @param link the link
     * @param grantedQos the granted QoS; 128 (0x80) means the broker refused the subscription
     */
    void subscribed(MqttLink link, int grantedQos);

    /**
     * The SUBSCRIBE could not be sent or was not answered.
     *
     * @param link the link
     * @param cause what went wrong
     */
    void subscribeFailed(MqttLink link, Throwable cause);

    /**
     * An established connection was lost.
     *
     * @param link the link
     * @param cause why
     */
    void lost(MqttLink link, Throwable cause);
}

package io.kiipush.gateway.internal.endpoint;

import java.util.Objects;

import javax.net.ssl.SSLSocketFactory;

/**
 * Everything the session needs to open one MQTT connection: the endpoint Kii issued plus the transport and TLS
 * trust chosen in the onboarding configuration. Immutable; {@link #toString()} never shows credentials.
 */
public final class ConnectTarget {

    private final MqttEndpoint endpoint;
    private final Transport transport;
    private final SSLSocketFactory sslSocketFactory;
    private final String caFile;
    private final boolean verifyHostname;
    private final String webSocketPath;
    private final String identity;
    private final String appId;
    private final String site;

    /**
     * @param endpoint the endpoint Kii issued
     * @param transport the transport to use; the endpoint must offer a port for it
     * @param sslSocketFactory TLS socket factory for secure transports ({@code null}: the JVM default trust store)
     * @param caFile the configured CA file the factory trusts, empty for the JVM default trust store (for messages)
     * @param verifyHostname whether TLS checks the broker host name against its certificate
     * @param webSocketPath HTTP path of the WebSocket transports, starting with '/'
     * @param identity who the endpoint belongs to, for logs (e.g. {@code thing:th.123}); never a secret
     */
    public ConnectTarget(MqttEndpoint endpoint, Transport transport, SSLSocketFactory sslSocketFactory, String caFile,
            boolean verifyHostname, String webSocketPath, String identity) {
        this(endpoint, transport, sslSocketFactory, caFile, verifyHostname, webSocketPath, identity, null, null);
    }

    /**
     * @param appId the Kii app id (for the status), may be {@code null}
     * @param site the Kii site and REST base URL (for the status), may be {@code null}
     * @see #ConnectTarget(MqttEndpoint, Transport, SSLSocketFactory, String, boolean, String, String)
     */
    public ConnectTarget(MqttEndpoint endpoint, Transport transport, SSLSocketFactory sslSocketFactory, String caFile,
            boolean verifyHostname, String webSocketPath, String identity, String appId, String site) {
        this.appId = appId;
        this.site = site;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.sslSocketFactory = sslSocketFactory;
        this.caFile = caFile == null ? "" : caFile;
        this.verifyHostname = verifyHostname;
        this.webSocketPath = webSocketPath == null || webSocketPath.isEmpty() ? "/" : webSocketPath;
        this.identity = identity;
    }

    public MqttEndpoint getEndpoint() {
        return endpoint;
    }

    public Transport getTransport() {
        return transport;
    }

    /** @return the TLS socket factory, or {@code null} for the JVM default (or a plain transport) */
    public SSLSocketFactory getSslSocketFactory() {
        return sslSocketFactory;
    }

    /** @return the configured CA file, empty for the JVM default trust store */
    public String getCaFile() {
        return caFile;
    }

    public boolean isVerifyHostname() {
        return verifyHostname;
    }

    public String getWebSocketPath() {
        return webSocketPath;
    }

    /** @return who the endpoint belongs to, for logs */
    public String getIdentity() {
        return identity;
    }

    /** @return the Paho server URI, e.g. {@code ssl://host:8883}; no credentials */
    public String getAppId() {
        return appId;
    }

    public String getSite() {
        return site;
    }

    public String serverUri() {
        int port = endpoint.portFor(transport);
        String uri = transport.scheme() + "://" + endpoint.getHost() + ":" + port;
        return transport.isWebSocket() ? uri + webSocketPath : uri;
    }

    /**
     * @param other another target
     * @return true if a connection opened for {@code other} would be the same as one for this target
     */
    public boolean sameConnection(ConnectTarget other) {
        return other != null && endpoint.sameConnection(other.endpoint) && transport == other.transport
                && sslSocketFactory == other.sslSocketFactory && verifyHostname == other.verifyHostname
                && webSocketPath.equals(other.webSocketPath);
    }

    @Override
    public String toString() {
        return serverUri() + " clientId=" + endpoint.getMqttTopic() + (identity == null ? "" : " identity=" + identity);
    }
}

package io.kiipush.gateway.internal.failure;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.eclipse.paho.client.mqttv3.MqttException;

import io.kiipush.gateway.ErrorKind;

/**
 * The table of network and TLS causes: each as the JDK throws it to the HTTPS client, how Paho wraps the same cause
 * for the MQTT paths, its kind and its operator message. A message template names the peer's parts:
 * {@code {peer}}, {@code {host}}, {@code {during}} ({@code " during <action>"}), {@code {action}}
 * ({@code " <action>"}), {@code {address}}, {@code {connect}} / {@code {answer}} (timeout ms and field, e.g.
 * {@code 30000 ms ... HTTP read timeout (ms) (http.readTimeoutMs)} as {@code {answerMs}} and {@code {answerField}}).
 */
public final class FailureCases {

    /** One cause. */
    public static final class Case {
        public final String name;
        /** As HttpURLConnection throws it. */
        public final IOException cause;
        /** As Paho reports the same cause: wrapped in an MqttException. */
        public final MqttException paho;
        public final ErrorKind kind;
        private final String template;

        Case(String name, IOException cause, int pahoReasonCode, ErrorKind kind, String template) {
            this.name = name;
            this.cause = cause;
            this.paho = new MqttException(pahoReasonCode, cause);
            this.kind = kind;
            this.template = template;
        }

        /** @return the message expected for a failure with {@code peer} */
        public String expected(Peer peer) {
            return template.replace("{peer}", peer.name).replace("{host}", peer.host).replace("{during}", peer.during())
                    .replace("{action}", peer.action == null ? "" : " " + peer.action)
                    .replace("{address}", String.valueOf(peer.address))
                    .replace("{connectMs}", String.valueOf(peer.connectTimeoutMs))
                    .replace("{connectField}", String.valueOf(peer.connectTimeout))
                    .replace("{answerMs}", String.valueOf(peer.answerTimeoutMs))
                    .replace("{answerField}", String.valueOf(peer.answerTimeout))
                    .replace("{trust}", peer.caFile.isEmpty() ? "the JVM default trust store"
                            : "the CA file '" + peer.caFile + "' (tls.caFile)");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private FailureCases() {
    }

    /** @return every case */
    public static List<Case> all() {
        SSLHandshakeException hostname = new SSLHandshakeException("No subject alternative DNS name matching kii.test "
                + "found.");
        hostname.initCause(new CertificateException("No subject alternative DNS name matching kii.test found."));
        return Arrays.asList(
                new Case("DNS", new UnknownHostException("kii.test"), MqttException.REASON_CODE_CLIENT_EXCEPTION,
                        ErrorKind.TRANSIENT, "cannot resolve host name '{host}'{during}: check DNS and {address}"),
                new Case("refused", new ConnectException("Connection refused"),
                        MqttException.REASON_CODE_SERVER_CONNECT_ERROR, ErrorKind.TRANSIENT,
                        "cannot connect to {peer} (Connection refused){during}: check the network and {address}"),
                new Case("no route", new NoRouteToHostException("No route to host"),
                        MqttException.REASON_CODE_SERVER_CONNECT_ERROR, ErrorKind.TRANSIENT,
                        "cannot connect to {peer} (No route to host){during}: check the network and {address}"),
                new Case("connect timeout", new SocketTimeoutException("connect timed out"),
                        MqttException.REASON_CODE_CLIENT_EXCEPTION, ErrorKind.TRANSIENT, "no connection to {peer} "
                                + "within {connectMs} ms{during}: check the network, or raise {connectField}"),
                new Case("answer timeout", new SocketTimeoutException("Read timed out"),
                        MqttException.REASON_CODE_CLIENT_EXCEPTION, ErrorKind.TRANSIENT, "{peer} did not answer{action} "
                                + "within {answerMs} ms: check the network, or raise {answerField}"),
                new Case("TLS trust", new SSLHandshakeException("PKIX path building failed: unable to find valid "
                        + "certification path to requested target"), MqttException.REASON_CODE_CLIENT_EXCEPTION,
                        ErrorKind.CONFIGURATION, "the TLS certificate of {host} is not trusted by {trust}{during}: "
                                + "set CA file (tls.caFile) to a PEM file with the CA that signed the server "
                                + "certificate"),
                new Case("host name", hostname, MqttException.REASON_CODE_CLIENT_EXCEPTION, ErrorKind.CONFIGURATION,
                        "the TLS certificate of {peer} does not name host '{host}'{during}: use the host name the "
                                + "certificate was issued for in {address}, or set Verify host name "
                                + "(tls.verifyHostname) to false (insecure, for test setups only)"),
                new Case("not TLS", new SSLException("Unsupported or unrecognized SSL message"),
                        MqttException.REASON_CODE_CLIENT_EXCEPTION, ErrorKind.CONFIGURATION,
                        "{peer} does not speak TLS{during}: check the scheme (https/ssl or http/tcp) of {address}"),
                new Case("handshake", new SSLHandshakeException("Received fatal alert: handshake_failure"),
                        MqttException.REASON_CODE_CLIENT_EXCEPTION, ErrorKind.TRANSIENT,
                        "TLS handshake with {peer} failed{during} (Received fatal alert: handshake_failure)"),
                new Case("closed", new EOFException("end of stream"), MqttException.REASON_CODE_CONNECTION_LOST,
                        ErrorKind.TRANSIENT, "{peer} closed the connection{during}"));
    }
}

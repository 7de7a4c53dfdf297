package io.kiipush.gateway.kura.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloud.CloudConnectionEstablishedEvent;
import org.eclipse.kura.cloud.CloudConnectionLostEvent;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.PushSession;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/**
 * One Kii connection as a Kura cloud endpoint and connection manager, driving its {@link PushSession}.
 * <p>
 * It hears the session through {@link #listener()} (registered for this connection only). Kura's listeners are called
 * on the connection's {@link DeliveryQueue}, never on the session's dispatch thread. Like Kura's own endpoints it posts
 * {@code CloudConnectionStatus/ESTABLISHED} when the session becomes CONNECTED and {@code .../LOST} when a connected
 * session is lost or disconnected, with {@code cloud.service.pid} = the connection.
 */
public final class KiiEndpoint implements CloudEndpoint, CloudConnectionManager {

    /** Property of the ESTABLISHED and LOST events naming the connection, as Kura's endpoints set it. */
    public static final String CLOUD_SERVICE_PID = "cloud.service.pid";
    private static final Logger LOG = LoggerFactory.getLogger(KiiEndpoint.class);

    private final PushSession session;
    private final String connection;
    private final DeliveryQueue delivery;
    private final EventSink events;
    private final long connectWaitMs;
    private final Set<CloudConnectionListener> connectionListeners = new CopyOnWriteArraySet<>();
    private final Map<CloudSubscriberListener, NotificationFilter> subscribers = new ConcurrentHashMap<>();
    private final Object stateLock = new Object();
    private SessionState lastState;
    private final PushNotificationListener listener = new SessionListener();

    /**
     * @param session the connection's session
     * @param delivery the queue Kura's listeners are called on
     * @param events where the ESTABLISHED and LOST events go
     * @param connectWaitMs how long {@link #connect()} waits for the session to connect or fail
     */
    public KiiEndpoint(PushSession session, DeliveryQueue delivery, EventSink events, long connectWaitMs) {
        this.session = session;
        this.connection = session.getConnection();
        this.delivery = delivery;
        this.events = events;
        this.connectWaitMs = connectWaitMs;
        SessionState initial = session.getStatus().getState();
        synchronized (stateLock) {
            lastState = initial;
        }
        if (initial == SessionState.CONNECTED) {
            // Kura's page may have missed the transition: tell it where this connection stands.
            post(CloudConnectionEstablishedEvent.CLOUD_CONNECTION_STATUS_ESTABLISHED);
        }
    }

    /** @return the connection's pid */
    public String getConnection() {
        return connection;
    }

    /** @return the listener to register with {@code kii.connection} = this connection */
    public PushNotificationListener listener() {
        return listener;
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "publish on " + connection
                + " (a Kii push connection is receive-only: Kii sends notifications to the gateway, never the reverse)");
    }

    @Override
    public void registerSubscriber(Map<String, Object> subscriptionProperties, CloudSubscriberListener l) {
        NotificationFilter filter = NotificationFilter.parse(subscriptionProperties);
        subscribers.put(l, filter);
        LOG.debug("{}: subscriber registered ({})", connection, filter);
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener l) {
        subscribers.remove(l);
    }

    @Override
    public Map<String, String> getInfo() {
        return Collections.unmodifiableMap(StatusInfo.of(session.getStatus()));
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener l) {
        // Nothing is ever published, so nothing is ever confirmed.
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener l) {
        // See registerCloudDeliveryListener.
    }

    /**
     * Asks the session to connect and waits (at most the configured time) until it is connected or has failed.
     *
     * @throws KuraConnectException with the session's reason when it failed, is retrying after an error, or did not
     *         connect in time; the session keeps retrying unless its configuration is wrong
     */
    @Override
    public void connect() throws KuraConnectException {
        if (isConnected()) {
            return;
        }
        try {
            session.connect();
        } catch (RuntimeException e) {
            throw new KuraConnectException(e, connection + ": " + e.getMessage());
        }
        SessionStatus status = awaitOutcome(System.nanoTime() + connectWaitMs * 1_000_000L);
        if (status.getState() != SessionState.CONNECTED) {
            String why = whyNotConnected(status);
            // Kura's Cloud Connections page shows a generic error and logs none of the cause: this line is the reason.
            LOG.warn("Connect from Kura: {}", why);
            throw new KuraConnectException(why);
        }
    }

    /**
     * Disconnects the session: it stays disconnected until {@link #connect()} or a restart of the gateway.
     *
     * @throws KuraDisconnectException if the session refused
     */
    @Override
    public void disconnect() throws KuraDisconnectException {
        try {
            session.disconnect();
        } catch (RuntimeException e) {
            throw new KuraDisconnectException(e, connection + ": " + e.getMessage());
        }
    }

    @Override
    public boolean isConnected() {
        return session.getStatus().getState() == SessionState.CONNECTED;
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener l) {
        connectionListeners.add(l);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener l) {
        connectionListeners.remove(l);
    }

    private SessionStatus awaitOutcome(long deadline) {
        synchronized (stateLock) {
            while (true) {
                SessionStatus status = session.getStatus();
                if (settled(status)) {
                    return status;
                }
                long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0) {
                    return status;
                }
                long left = (leftNs + 999_999L) / 1_000_000L;
                try {
                    // Woken by every state change; the bound also re-reads the status if one was not heard.
                    stateLock.wait(Math.min(left, 500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return session.getStatus();
                }
            }
        }
    }

    private static boolean settled(SessionStatus status) {
        SessionState state = status.getState();
        return state == SessionState.CONNECTED || state == SessionState.FAILED
                || state == SessionState.BACKING_OFF && status.isLastErrorCurrent();
    }

    private String whyNotConnected(SessionStatus status) {
        String reason = status.isLastErrorCurrent() && status.getLastError() != null
                ? ": " + status.getLastError() : "";
        switch (status.getState()) {
        case FAILED:
            return connection + " failed" + reason + " (fix the connection's configuration; it connects once saved)";
        case BACKING_OFF:
            return connection + " could not connect" + reason + " (it keeps retrying)";
        default:
            return connection + " is not connected after " + (connectWaitMs < 1000 ? connectWaitMs + " ms"
                    : connectWaitMs / 1000 + " s") + ", state "
                    + status.getState() + reason + " (it keeps trying)";
        }
    }

    private void stateChanged(SessionState now) {
        SessionState before;
        synchronized (stateLock) {
            before = lastState;
            lastState = now;
            stateLock.notifyAll();
        }
        if (now == SessionState.CONNECTED && before != SessionState.CONNECTED) {
            callListeners(Transition.ESTABLISHED);
            post(CloudConnectionEstablishedEvent.CLOUD_CONNECTION_STATUS_ESTABLISHED);
        } else if (before == SessionState.CONNECTED && now != SessionState.CONNECTED) {
            // STOPPED after CONNECTED is an operator's disconnect (or the session going away); anything else a loss.
            callListeners(now == SessionState.STOPPED ? Transition.DISCONNECTED : Transition.LOST);
            post(CloudConnectionLostEvent.CLOUD_CONNECTION_STATUS_LOST);
        }
    }

    private void callListeners(Transition transition) {
        for (CloudConnectionListener l : connectionListeners) {
            delivery.submit(() -> transition.call(l));
        }
    }

    private void post(String topic) {
        Map<String, Object> properties = Collections.<String, Object>singletonMap(CLOUD_SERVICE_PID, connection);
        try {
            events.post(topic, properties);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not post {}: {}", connection, topic, e.toString());
        }
    }

    private void deliver(PushNotification notification) {
        KuraMessage message = null;
        for (Map.Entry<CloudSubscriberListener, NotificationFilter> s : subscribers.entrySet()) {
            if (s.getValue().matches(notification)) {
                if (message == null) {
                    message = KuraMessages.toMessage(notification);
                }
                KuraMessage m = message;
                CloudSubscriberListener l = s.getKey();
                delivery.submit(() -> l.onMessageArrived(m));
            }
        }
    }

    /** The three connection callbacks Kura defines. */
    enum Transition {
        ESTABLISHED, LOST, DISCONNECTED;

        void call(CloudConnectionListener l) {
            switch (this) {
            case ESTABLISHED:
                l.onConnectionEstablished();
                break;
            case LOST:
                l.onConnectionLost();
                break;
            default:
                l.onDisconnected();
                break;
            }
        }
    }

    /** Runs on the session's dispatch thread: only hands work to the delivery queue and EventAdmin. */
    private final class SessionListener implements PushNotificationListener {

        @Override
        public void onNotification(PushNotification notification) {
            deliver(notification);
        }

        @Override
        public void onSessionStateChanged(SessionStatus status, SessionState previous) {
            stateChanged(status.getState());
        }
    }
}

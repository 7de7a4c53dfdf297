package io.kiipush.gateway.internal.bridge;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

import io.kiipush.gateway.Gap;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;
import io.kiipush.gateway.SessionState;
import io.kiipush.gateway.SessionStatus;

/**
 * Republishes every notification, session state change, gap and rejected payload as an OSGi event. A whiteboard
 * {@link PushNotificationListener}: the session's dispatcher thread calls it; {@code postEvent} is asynchronous, so
 * EventAdmin handlers never slow the session down.
 */
@Component(name = "io.kiipush.gateway.EventAdminBridge", service = PushNotificationListener.class, immediate = true)
public final class EventAdminBridge implements PushNotificationListener {

    private final EventAdmin eventAdmin;

    /** @param eventAdmin the framework's EventAdmin */
    @Activate
    public EventAdminBridge(@Reference EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void onNotification(PushNotification notification) {
        eventAdmin.postEvent(EventFactory.notification(notification));
    }

    @Override
    public void onSessionStateChanged(SessionStatus status, SessionState previous) {
        eventAdmin.postEvent(EventFactory.stateChanged(status, previous));
    }

    @Override
    public void onGap(Gap gap) {
        eventAdmin.postEvent(EventFactory.gap(gap));
    }

    @Override
    public void onMalformed(String connection, String reason, int sizeBytes, long receivedAt) {
        eventAdmin.postEvent(EventFactory.malformed(connection, reason, sizeBytes, receivedAt));
    }
}

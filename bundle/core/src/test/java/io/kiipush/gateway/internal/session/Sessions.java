package io.kiipush.gateway.internal.session;

import io.kiipush.gateway.PushNotificationListener;

/** Lets tests in other packages drive the session component as DS does. */
public final class Sessions {

    private Sessions() {
    }

    public static void addListener(PushSessionComponent session, PushNotificationListener listener) {
        session.addListener(listener, java.util.Collections.emptyMap());
    }

    public static void deactivate(PushSessionComponent session) {
        session.deactivate();
    }
}

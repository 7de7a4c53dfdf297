package io.kiipush.demo.consumer;

import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;

/**
 * Consuming with the <b>typed listener</b>: a {@link PushNotificationListener} registered as an OSGi service
 * (whiteboard) is called by the push session for every notification, in receive order, with a typed
 * {@link PushNotification}. This one handles Thing-IF commands and notices gaps in the receive sequence.
 * <p>
 * Compared with EventAdmin it needs the gateway's API package ({@code io.kiipush.gateway}) at compile time and runtime,
 * and in return gets types, the session status on state changes ({@code onSessionStateChanged}) and strict ordering.
 * <p>
 * All calls come from the gateway's single dispatcher thread ({@code kii-dispatch-N}): return quickly; a slow
 * listener delays every other listener and, once the gateway's queue is full, makes it drop messages.
 */
@Component
public final class CommandListener implements PushNotificationListener {

    private static final Logger logger = LoggerFactory.getLogger(CommandListener.class);

    /** Last {@link PushNotification#getSequence()} seen; 0 before the first. */
    private final AtomicLong lastSequence = new AtomicLong();

    @Override
    public void onNotification(PushNotification notification) {
        long missing = missingBefore(notification.getSequence());
        if (missing > 0) {
            // Sequence numbers count every received message: a gap means messages were dropped (queue full) or
            // rejected as malformed. kii:status shows which counter grew.
            logger.warn("{} message(s) before #{} did not reach the listeners (dropped or malformed, see kii:status)",
                    missing, notification.getSequence());
        }
        if (notification.getKind() == NotificationKind.COMMAND) {
            // A real consumer would execute the actions and report results to Thing-IF; this one just shows them.
            logger.info("typed listener: command {} from {} asks for {}", notification.getCommandId(),
                    notification.getString("issuer"), notification.getActionsJson());
        }
    }

    /**
     * @param sequence the sequence number of a notification
     * @return how many sequence numbers were skipped since the previous notification (0 when none, and when the
     *         numbering restarted because the session component restarted)
     */
    long missingBefore(long sequence) {
        long previous = lastSequence.getAndSet(sequence);
        return previous > 0 && sequence > previous + 1 ? sequence - previous - 1 : 0;
    }
}

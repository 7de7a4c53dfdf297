package io.kiipush.demo.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResultException;
import io.kiipush.gateway.CommandResults;
import io.kiipush.gateway.NotificationKind;
import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.PushNotificationListener;

/**
 * Consuming with the <b>typed listener</b>: a {@link PushNotificationListener} registered as an OSGi service
 * (whiteboard) is called by the push session for every notification, in receive order, with a typed
 * {@link PushNotification}. This one answers Thing-IF commands (every action succeeded) through the gateway's
 * {@link CommandResults} service, and notices gaps in the receive sequence.
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

    /** Registered by the gateway while its Kii identity is a thing: only the thing may answer its commands. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CommandResults results;

    /** For DS. */
    public CommandListener() {
    }

    /** @param results the service to answer with, as DS would bind it */
    CommandListener(CommandResults results) {
        this.results = results;
    }

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
            logger.info("typed listener: command {} from {} asks for {}", notification.getCommandId(),
                    notification.getString("issuer"), notification.getActionsJson());
            answer(notification.getCommandId(), notification.getActionsJson());
        }
    }

    /**
     * Reports every action as succeeded. A real consumer would execute the actions first (off this thread) and report
     * what happened; {@code report} itself returns at once, the gateway sends in the background.
     */
    void answer(String commandId, String actionsJson) {
        CommandResults r = results;
        if (r == null) {
            logger.warn("typed listener: command {} is not answered: no CommandResults service (the gateway's Kii "
                    + "identity is not a thing)", commandId);
            return;
        }
        List<ActionResult> done = new ArrayList<>();
        try {
            for (String action : ActionNames.of(actionsJson)) {
                done.add(ActionResult.succeeded(action));
            }
        } catch (IllegalArgumentException e) {
            logger.warn("typed listener: command {} is not answered: {}", commandId, e.getMessage());
            return;
        }
        r.report(commandId, done).whenComplete((ok, failure) -> {
            if (failure == null) {
                logger.info("typed listener: command {} answered, {} action(s) succeeded; Kii marks it DONE",
                        commandId, done.size());
            } else {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                logger.warn("typed listener: the results of command {} were not delivered ({}: {})", commandId,
                        cause instanceof CommandResultException ? ((CommandResultException) cause).getErrorCode()
                                : cause.getClass().getSimpleName(), cause.getMessage());
            }
        });
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

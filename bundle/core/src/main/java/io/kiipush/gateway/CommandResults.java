package io.kiipush.gateway;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reports the results of a Thing-IF command back to Kii ({@code PUT .../commands/{commandID}/action-results} with the
 * thing's token), so that the command leaves the {@code SENDING} state: {@code DONE} when every action succeeded,
 * {@code INCOMPLETE} otherwise.
 * <p>
 * Registered by this bundle while its Kii identity is a thing (identity mode {@code THING} or {@code MQTT_API}, or
 * {@code TOKEN} with a {@code thing:} owner): only the thing itself may answer its commands. Results are kept in a
 * small outbox file next to the onboarding state until Kii accepts them, so a restart or a network outage loses none;
 * network errors, HTTP 429 and 5xx are retried with capped exponential backoff.
 * <p>
 * Consumers with no compile dependency on this package post an EventAdmin event on {@link #TOPIC_RESULT} instead,
 * with {@link #PROP_COMMAND_ID} and {@link #PROP_RESULTS}; the outcome of those is in the bundle's log and in
 * {@code kii:status}.
 * <p>
 * Provided by this bundle; consumers call it.
 */
@ProviderType
public interface CommandResults {

    /** EventAdmin topic the bundle listens on for results posted by consumers without this API at compile time. */
    String TOPIC_RESULT = PushEvents.TOPIC_ROOT + "/command/RESULT";

    /** Property of a {@link #TOPIC_RESULT} event: the command ID, as in {@link PushEvents#PROP_COMMAND_ID} (String). */
    String PROP_COMMAND_ID = PushEvents.PROP_COMMAND_ID;

    /**
     * Property of a {@link #TOPIC_RESULT} event: the results as a JSON array text (String) in Kii's
     * {@code actionResults} form, one object with one key per action, e.g.
     * {@code [{"turnPower":{"succeeded":true}},{"setTemp":{"succeeded":false,"errorMessage":"too hot","data":{}}}]}.
     */
    String PROP_RESULTS = "kii.results";

    /**
     * Queues the results of one command and sends them to Kii in the background (never on the caller's thread).
     *
     * @param commandId the command's ID, {@link PushNotification#getCommandId()}
     * @param results one result per action of the command, at least one
     * @return completes when Kii accepted the results; fails with a {@link CommandResultException} naming why when
     *         they cannot be delivered: bad input ({@code INVALID_INPUT}), Kii refused them for good (e.g.
     *         {@code COMMAND_NOT_FOUND}, HTTP 404), the identity cannot answer commands
     *         ({@code IDENTITY_NOT_THING}), the outbox is full ({@code OUTBOX_FULL}), or the bundle stopped first
     *         ({@code STOPPED}: the results stay in the outbox and are sent after the next start)
     */
    CompletionStage<Void> report(String commandId, List<ActionResult> results);
}

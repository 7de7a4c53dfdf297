package io.kiipush.gateway;

import java.util.Objects;

/**
 * The outcome of one action of a Thing-IF command, as the thing reports it to Kii with {@link CommandResults}: the
 * action's name, whether it succeeded, an optional error message and optional data (a JSON object as text). Immutable.
 * <p>
 * Kii moves a command to {@code DONE} when every action has a result and every result succeeded, to
 * {@code INCOMPLETE} otherwise.
 */
public final class ActionResult {

    private final String action;
    private final boolean succeeded;
    private final String errorMessage;
    private final String dataJson;

    private ActionResult(String action, boolean succeeded, String errorMessage, String dataJson) {
        if (action == null || action.trim().isEmpty()) {
            throw new IllegalArgumentException("an action result needs the action's name");
        }
        this.action = action;
        this.succeeded = succeeded;
        this.errorMessage = errorMessage;
        this.dataJson = dataJson;
    }

    /**
     * @param action the action's name as the command listed it, e.g. {@code turnPower}
     * @return a result saying the action succeeded
     */
    public static ActionResult succeeded(String action) {
        return new ActionResult(action, true, null, null);
    }

    /**
     * @param action the action's name as the command listed it
     * @param errorMessage why it failed, shown to the command's issuer; may be {@code null}
     * @return a result saying the action failed
     */
    public static ActionResult failed(String action, String errorMessage) {
        return new ActionResult(action, false, errorMessage, null);
    }

    /**
     * @param json a JSON object as text, e.g. {@code {"power":true}}, sent as the result's {@code data}; {@code null}
     *        for none. Checked when the result is reported: anything else than a JSON object fails the report.
     * @return a copy of this result with that data
     */
    public ActionResult withData(String json) {
        return new ActionResult(action, succeeded, errorMessage, json);
    }

    /** @return the action's name */
    public String getAction() {
        return action;
    }

    /** @return whether the action succeeded */
    public boolean isSucceeded() {
        return succeeded;
    }

    /** @return the error message, or {@code null} */
    public String getErrorMessage() {
        return errorMessage;
    }

    /** @return the data as JSON object text, or {@code null} */
    public String getDataJson() {
        return dataJson;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ActionResult)) {
            return false;
        }
        ActionResult r = (ActionResult) o;
        return action.equals(r.action) && succeeded == r.succeeded && Objects.equals(errorMessage, r.errorMessage)
                && Objects.equals(dataJson, r.dataJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, succeeded, errorMessage, dataJson);
    }

    @Override
    public String toString() {
        return action + (succeeded ? ": succeeded" : ": failed" + (errorMessage == null ? "" : " (" + errorMessage
                + ")")) + (dataJson == null ? "" : " data=" + dataJson);
    }
}

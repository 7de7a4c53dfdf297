package io.kiipush.gateway.internal.results;

import java.util.List;

import org.osgi.service.event.Event;

import io.kiipush.gateway.ActionResult;
import io.kiipush.gateway.CommandResults;

/**
 * Reads a {@link CommandResults#TOPIC_RESULT} event: {@link CommandResults#PROP_COMMAND_ID} (String) and
 * {@link CommandResults#PROP_RESULTS} (String, a JSON array in Kii's {@code actionResults} form). Anything else is an
 * {@link IllegalArgumentException} saying what is wrong.
 */
final class ResultEvents {

    /** What one event asks for. */
    static final class Request {
        final String commandId;
        final List<ActionResult> results;

        Request(String commandId, List<ActionResult> results) {
            this.commandId = commandId;
            this.results = results;
        }
    }

    private ResultEvents() {
    }

    /**
     * @param event the event
     * @return the command and its results
     * @throws IllegalArgumentException when a property is missing, of another type or malformed
     */
    static Request parse(Event event) {
        Object id = event.getProperty(CommandResults.PROP_COMMAND_ID);
        if (!(id instanceof String) || ((String) id).trim().isEmpty()) {
            throw new IllegalArgumentException("property " + CommandResults.PROP_COMMAND_ID + " must be the command ID "
                    + "(a non-empty String), found " + describe(id));
        }
        Object results = event.getProperty(CommandResults.PROP_RESULTS);
        if (!(results instanceof String)) {
            throw new IllegalArgumentException("command " + id + ": property " + CommandResults.PROP_RESULTS
                    + " must be a String holding a JSON array, found " + describe(results));
        }
        try {
            return new Request((String) id, ResultsJson.parseArray((String) results));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("command " + id + ": " + CommandResults.PROP_RESULTS + ": "
                    + e.getMessage(), e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " "
                + ResultsJson.abbreviate(String.valueOf(value));
    }
}

package io.kiipush.emulator;

/**
 * A Thing-IF command as the emulator stores it.
 *
 * @param commandId {@code commandID}
 * @param thingId the target thing
 * @param state {@code SENDING}, {@code SEND_FAILED}, {@code INCOMPLETE} or {@code DONE}
 * @param actionsJson the {@code actions} array as sent
 * @param actionResultsJson the {@code actionResults} array the thing reported, or {@code null} before it did
 * @param createdAt ms since the epoch
 * @param modifiedAt ms since the epoch
 */
public record CommandInfo(String commandId, String thingId, String state, String actionsJson,
        String actionResultsJson, long createdAt, long modifiedAt) {
}

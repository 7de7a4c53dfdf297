package io.kiipush.emulator.internal.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** A Thing-IF command. Guarded by the {@link CloudState} lock. */
public final class Command {

    /** Kii's command states: sent (or being sent), not sendable, results with a failure, every action succeeded. */
    public enum State {
        SENDING, SEND_FAILED, INCOMPLETE, DONE
    }

    public final String id;
    /** Creation order in the app: the order of the command list. */
    public final long seq;
    public final String thingId;
    public final JsonObject request;
    public final long created = System.currentTimeMillis();
    public long modified = created;
    public JsonArray actionResults;
    public State state = State.SENDING;

    public Command(String id, long seq, String thingId, JsonObject request) {
        this.id = id;
        this.seq = seq;
        this.thingId = thingId;
        this.request = request;
    }
}

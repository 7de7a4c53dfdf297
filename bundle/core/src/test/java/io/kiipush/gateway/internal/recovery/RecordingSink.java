package io.kiipush.gateway.internal.recovery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.kiipush.gateway.Gap;

/** Collects what catch-up hands over; every recovered item counts as delivered. */
final class RecordingSink implements RecoverySink {

    final List<JsonObject> recovered = new CopyOnWriteArrayList<>();
    final List<Gap> gaps = new CopyOnWriteArrayList<>();
    volatile int backlog;

    @Override
    public void recovered(byte[] payload, GapTally tally) {
        JsonObject o = new JsonParser().parse(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
        recovered.add(o);
        if (o.has("commandID")) {
            tally.commandDelivered();
        } else {
            tally.objectDelivered();
        }
    }

    @Override
    public void gap(GapTally tally) {
        gaps.add(tally.toGap(""));
    }

    @Override
    public int recoveredBacklog() {
        return backlog;
    }

    @Override
    public int maxPayloadBytes() {
        return 65536;
    }
}

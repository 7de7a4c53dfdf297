package io.kiipush.emulator.internal.service;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Installation;

/** The fan-out of one push to the MQTT topics of every MQTT installation its subscribers own. Under the state lock. */
final class Delivery {

    private Delivery() {
    }

    /** Publishes {@code payload} (after the lock is released) to each matching installation's topic, once per topic. */
    static void fanOut(AppData app, Collection<Subscriber> subscribers, String payload, PushKind kind, Tx tx,
            Predicate<Installation> filter) {
        Set<String> topics = new LinkedHashSet<>();
        for (Subscriber s : subscribers) {
            for (Installation i : app.installations.values()) {
                if (i.isMqtt() && i.owner.equals(s) && filter.test(i)) {
                    topics.add(i.credentials.topic());
                }
            }
        }
        for (String t : topics) {
            tx.publish(t, payload, kind);
        }
    }

    static void fanOut(AppData app, Collection<Subscriber> subscribers, String payload, PushKind kind, Tx tx) {
        fanOut(app, subscribers, payload, kind, tx, i -> true);
    }

    /** @return the installations a push message reaches by their {@code development} flag (sendToDevelopment/Production) */
    static Predicate<Installation> developmentFilter(JsonObject msg) {
        boolean dev = Payloads.toDevelopment(msg);
        boolean prod = Payloads.toProduction(msg);
        return i -> i.development ? dev : prod;
    }
}

package io.kiipush.emulator.internal.service;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Command;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/**
 * Thing-IF commands (docs/kii-protocol.md §6.4): sent to the thing's MQTT topic, read and listed in pages, and
 * completed by the thing's action results ({@code DONE} when every action succeeded, {@code INCOMPLETE} otherwise).
 */
public final class CommandService {

    private final Store store;
    private final RuntimeSettings settings;

    public CommandService(Store store, RuntimeSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * {@code POST .../targets/thing:{id}/commands}: stores the command and publishes it to the thing's MQTT topic; a
     * thing without an MQTT installation cannot be sent anything, so its command is {@code SEND_FAILED} (inferred).
     */
    public String postCommand(String appId, Principal p, String target, JsonObject body) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = ThingIfService.target(app, target);
            if (!(p.isAdmin() || Access.ownsThing(app, p, t) || (p.isThing() && p.id().equals(t.id)))) {
                throw Access.denied(p, "Only an owner of the thing may send it commands");
            }
            if (!body.has("actions") || !body.get("actions").isJsonArray()) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "actions must be an array", "field", "actions");
            }
            if (Json.str(body, "issuer") == null) {
                throw KiiException.of(KiiError.INVALID_INPUT_DATA, "issuer is required", "field", "issuer");
            }
            Command c = new Command(Ids.uuid(), store.state().nextSequence(), t.id, body);
            String payload = Payloads.checkedText(Payloads.command(c));
            app.commands.put(c.id, c);
            if (InstallationService.mqttInstallationOf(app, Subscriber.thing(t.id)) == null) {
                c.state = Command.State.SEND_FAILED;
            }
            Delivery.fanOut(app, List.of(Subscriber.thing(t.id)), payload, PushKind.COMMAND, tx);
            return c.id;
        });
    }

    /** {@code GET .../commands/{commandID}}. */
    public JsonObject getCommand(String appId, Principal p, String target, String commandId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            return commandJson(command(app, reader(app, p, target), commandId));
        });
    }

    /**
     * {@code GET .../commands?bestEffortLimit=N&paginationKey=K}: the target's commands, oldest first (Kii documents no
     * order), {@code nextPaginationKey} while more follow.
     */
    public JsonObject listCommands(String appId, Principal p, String target, Integer bestEffortLimit,
            String paginationKey) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Thing t = reader(app, p, target);
            JsonObject position = Paging.position(paginationKey);
            long after = position == null ? 0 : Paging.seq(position);
            int size = Paging.size(bestEffortLimit, settings.maxPageSize());
            List<Command> rest = app.commands.values().stream().filter(c -> c.thingId.equals(t.id) && c.seq > after)
                    .toList();
            JsonArray page = new JsonArray();
            rest.stream().limit(size).forEach(c -> page.add(commandJson(c)));
            JsonObject out = Json.obj("commands", page);
            if (rest.size() > size) {
                out.addProperty("nextPaginationKey", Paging.key(Json.obj("s", rest.get(size - 1).seq)));
            }
            return out;
        });
    }

    /** @return the commands of one thing (or of all things when {@code thingId} is null), oldest first (Java API) */
    public List<JsonObject> list(String appId, String thingId) {
        return store.tx(tx -> store.app(appId).commands.values().stream()
                .filter(c -> thingId == null || c.thingId.equals(thingId)).map(CommandService::commandJson).toList());
    }

    /**
     * {@code PUT .../commands/{commandID}/action-results}, by the thing itself (or the app admin): stores the results
     * and moves the command to {@code DONE} when every action succeeded, {@code INCOMPLETE} otherwise.
     */
    public void putActionResults(String appId, Principal p, String target, String commandId, JsonObject body) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Access.requireToken(p);
            Thing t = ThingIfService.target(app, target);
            if (!(p.isAdmin() || (p.isThing() && p.id().equals(t.id)))) {
                throw Access.denied(p, "Only the thing itself reports the results of its commands");
            }
            Command c = command(app, t, commandId);
            JsonArray results = ActionResults.parse(body);
            c.actionResults = results;
            c.state = ActionResults.allSucceeded(c.request.getAsJsonArray("actions"), results) ? Command.State.DONE
                    : Command.State.INCOMPLETE;
            c.modified = Math.max(System.currentTimeMillis(), c.modified + 1);
        });
    }

    /** The thing, its owners and the admin may read commands; the thing only while {@code thingMayListCommands}. */
    private Thing reader(AppData app, Principal p, String target) {
        Thing t = ThingIfService.readableTarget(app, p, target);
        if (p.isThing() && !settings.thingMayListCommands()) {
            throw Access.denied(p, "A thing may not read its commands (emulator setting thingMayListCommands)");
        }
        return t;
    }

    private static Command command(AppData app, Thing t, String commandId) {
        Command c = app.commands.get(commandId);
        if (c == null || !c.thingId.equals(t.id)) {
            throw KiiException.of(KiiError.COMMAND_NOT_FOUND, "Command " + commandId + " was not found", "commandID",
                    commandId);
        }
        return c;
    }

    /** @return the command as Thing-IF lists it: its request fields plus ID, target, results, state and times */
    static JsonObject commandJson(Command c) {
        JsonObject o = Json.obj("commandID", c.id, "target", "thing:" + c.thingId);
        c.request.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        if (c.actionResults != null) {
            o.add("actionResults", c.actionResults);
        }
        o.addProperty("commandState", c.state.name());
        o.addProperty("createdAt", c.created);
        o.addProperty("modifiedAt", c.modified);
        return o;
    }
}

package io.kiipush.emulator.internal.service;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.kiipush.emulator.PushKind;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Command;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.util.Ids;
import io.kiipush.emulator.internal.util.Json;

/** Thing-IF commands: sent to the thing's MQTT topic, listed, and completed by action results (docs/kii-protocol.md §6.4). */
public final class CommandService {

    private final Store store;

    public CommandService(Store store) {
        this.store = store;
    }

    /** POST .../targets/thing:{id}/commands: stores the command and publishes it to the thing's MQTT topic. */
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
            Command c = new Command(Ids.uuid(), t.id, body);
            String payload = Payloads.checkedText(Payloads.command(c));
            app.commands.put(c.id, c);
            Delivery.fanOut(app, List.of(Subscriber.thing(t.id)), payload, PushKind.COMMAND, tx);
            return c.id;
        });
    }

    public JsonObject getCommand(String appId, Principal p, String target, String commandId) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Thing t = ThingIfService.readableTarget(app, p, target);
            Command c = app.commands.get(commandId);
            if (c == null || !c.thingId.equals(t.id)) {
                throw KiiException.of(KiiError.COMMAND_NOT_FOUND, "Command " + commandId + " was not found",
                        "commandID", commandId);
            }
            return commandJson(c);
        });
    }

    public JsonObject listCommands(String appId, Principal p, String target) {
        return store.tx(tx -> {
            AppData app = store.app(appId);
            Thing t = ThingIfService.readableTarget(app, p, target);
            JsonArray arr = new JsonArray();
            app.commands.values().stream().filter(c -> c.thingId.equals(t.id)).forEach(c -> arr.add(commandJson(c)));
            return Json.obj("commands", arr);
        });
    }

    public void putActionResults(String appId, Principal p, String target, String commandId, JsonObject body) {
        store.run(tx -> {
            AppData app = store.app(appId);
            Thing t = ThingIfService.readableTarget(app, p, target);
            Command c = app.commands.get(commandId);
            if (c == null || !c.thingId.equals(t.id)) {
                throw KiiException.of(KiiError.COMMAND_NOT_FOUND, "Command " + commandId + " was not found",
                        "commandID", commandId);
            }
            JsonElement results = body.get("actionResults");
            c.actionResults = results != null && results.isJsonArray() ? results.getAsJsonArray() : new JsonArray();
            c.state = "DONE";
            c.modified = System.currentTimeMillis();
        });
    }

    private static JsonObject commandJson(Command c) {
        JsonObject o = Json.obj("commandID", c.id, "target", "thing:" + c.thingId);
        c.request.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        if (c.actionResults != null) {
            o.add("actionResults", c.actionResults);
        }
        o.addProperty("commandState", c.state);
        o.addProperty("createdAt", c.created);
        o.addProperty("modifiedAt", c.modified);
        return o;
    }
}

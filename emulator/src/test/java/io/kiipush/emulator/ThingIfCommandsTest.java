package io.kiipush.emulator;

import static io.kiipush.emulator.Http.bearer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.google.gson.JsonObject;

/**
 * Thing-IF commands over real HTTP, as a gateway catching up after an outage uses them: the paged command list with
 * every field, one command, who may read them (the thing's own token is an emulator setting), and action results
 * moving a command to {@code DONE} or {@code INCOMPLETE}, with Kii's errors for unknown commands and wrong callers.
 */
public class ThingIfCommandsTest {

    private static final String RESULTS_TYPE = "application/vnd.kii.CommandResultsUpdateRequest+json";
    private static final String ACTIONS = "[{\"turnPower\":{\"power\":true}},{\"setBrightness\":{\"brightness\":50}}]";

    @Rule
    public final Timeout timeout = Timeout.seconds(60);

    private KiiEmulator emu;
    private Http http;
    private KiiApp app;
    private UserInfo owner;
    private OnboardingInfo thing;
    private String commands;

    @Before
    public void start() throws Exception {
        emu = KiiEmulator.builder().build().start();
        http = new Http(emu.baseUrl());
        app = emu.app();
        owner = app.registerUser("owner", "owner-pass");
        thing = app.onboardThing("lamp-1", "lamp-pass", owner.userId());
        commands = "/thing-if/apps/demoapp/targets/thing:" + thing.thingId() + "/commands";
    }

    @After
    public void stop() {
        emu.stop();
    }

    @Test
    public void theCommandListPagesWithEveryField() {
        Http.Resp posted = http.post(commands, "application/vnd.kii.CommandCreationRequest+json",
                "{\"issuer\":\"user:" + owner.userId() + "\",\"actions\":" + ACTIONS + ",\"title\":\"t\","
                        + "\"description\":\"d\",\"metadata\":{\"k\":\"v\"}}", bearer(owner.accessToken()));
        assertEquals(posted.toString(), 201, posted.status());
        List<String> sent = new ArrayList<>(List.of(posted.str("commandID")));
        for (int i = 0; i < 4; i++) {
            sent.add(app.sendCommand(thing.thingId(), owner.userId(), ACTIONS));
        }
        for (String token : new String[] { thing.accessToken(), owner.accessToken() }) {
            List<JsonObject> listed = new ArrayList<>();
            String key = null;
            int pages = 0;
            do {
                Http.Resp page = http.get(commands + "?bestEffortLimit=2" + (key == null ? "" : "&paginationKey=" + key),
                        bearer(token));
                assertEquals(page.toString(), 200, page.status());
                page.json().getAsJsonArray("commands").forEach(c -> listed.add(c.getAsJsonObject()));
                key = page.json().has("nextPaginationKey") ? page.str("nextPaginationKey") : null;
                pages++;
            } while (key != null);
            assertEquals(3, pages);
            assertEquals(sent, listed.stream().map(c -> c.get("commandID").getAsString()).toList());
            JsonObject first = listed.get(0);
            assertEquals("thing:" + thing.thingId(), first.get("target").getAsString());
            assertEquals("user:" + owner.userId(), first.get("issuer").getAsString());
            assertEquals(2, first.getAsJsonArray("actions").size());
            assertEquals("SENDING", first.get("commandState").getAsString());
            assertEquals("t", first.get("title").getAsString());
            assertEquals("d", first.get("description").getAsString());
            assertEquals("v", first.getAsJsonObject("metadata").get("k").getAsString());
            assertTrue(first.get("createdAt").getAsLong() > 0 && first.get("modifiedAt").getAsLong() > 0);
            assertFalse(first.has("actionResults"));
        }
        Http.Resp all = http.get(commands, bearer(owner.accessToken()));
        assertEquals("no bestEffortLimit: the server's page", 5, all.json().getAsJsonArray("commands").size());
        assertFalse(all.json().has("nextPaginationKey"));
        Http.Resp one = http.get(commands + "/" + sent.get(2), bearer(thing.accessToken()));
        assertEquals(sent.get(2), one.str("commandID"));
    }

    @Test
    public void whoMayReadCommands() {
        String id = app.sendCommand(thing.thingId(), owner.userId(), ACTIONS);
        UserInfo stranger = app.registerUser("stranger", "stranger-pass");
        assertEquals(401, http.get(commands, bearer(stranger.accessToken())).status());
        assertEquals("WRONG_TOKEN", http.get(commands, bearer("no-such-token")).errorCode());
        assertEquals(401, http.get(commands).status());

        emu.faults().setThingMayListCommands(false);
        Http.Resp refused = http.get(commands, bearer(thing.accessToken()));
        assertEquals(refused.toString(), 401, refused.status());
        assertEquals("UNAUTHORIZED", refused.errorCode());
        assertEquals(401, http.get(commands + "/" + id, bearer(thing.accessToken())).status());
        assertEquals("the owner still may", 200, http.get(commands, bearer(owner.accessToken())).status());
        emu.faults().setThingMayListCommands(true);
        assertEquals(200, http.get(commands, bearer(thing.accessToken())).status());
    }

    @Test
    public void actionResultsMoveTheCommandToDoneOrIncomplete() {
        String done = app.sendCommand(thing.thingId(), owner.userId(), ACTIONS);
        putResults(done, "[{\"turnPower\":{\"succeeded\":true}},{\"setBrightness\":{\"succeeded\":true,"
                + "\"data\":{\"level\":50}}}]", 204);
        CommandInfo doneInfo = app.command(thing.thingId(), done);
        assertEquals("DONE", doneInfo.state());
        assertTrue(doneInfo.actionResultsJson(), doneInfo.actionResultsJson().contains("\"level\":50"));
        assertTrue(doneInfo.modifiedAt() > doneInfo.createdAt());

        String failed = app.sendCommand(thing.thingId(), owner.userId(), ACTIONS);
        putResults(failed, "[{\"turnPower\":{\"succeeded\":true}},{\"setBrightness\":{\"succeeded\":false,"
                + "\"errorMessage\":\"stuck\"}}]", 204);
        JsonObject got = http.get(commands + "/" + failed, bearer(owner.accessToken())).json();
        assertEquals("INCOMPLETE", got.get("commandState").getAsString());
        assertEquals("stuck", got.getAsJsonArray("actionResults").get(1).getAsJsonObject()
                .getAsJsonObject("setBrightness").get("errorMessage").getAsString());

        String partial = app.sendCommand(thing.thingId(), owner.userId(), ACTIONS);
        putResults(partial, "[{\"turnPower\":{\"succeeded\":true}}]", 204);
        assertEquals("a missing result is not success", "INCOMPLETE", app.command(thing.thingId(), partial).state());

        // trait-style commands: actions grouped by alias, results either flat or grouped
        String alias = app.sendCommand(thing.thingId(), owner.userId(),
                "[{\"AirConditioner\":[{\"turnPower\":true},{\"setTemperature\":25}]}]");
        putResults(alias, "[{\"AirConditioner\":[{\"turnPower\":{\"succeeded\":true}},"
                + "{\"setTemperature\":{\"succeeded\":true}}]}]", 204);
        assertEquals("DONE", app.command(thing.thingId(), alias).state());
    }

    @Test
    public void actionResultErrors() {
        String id = app.sendCommand(thing.thingId(), owner.userId(), ACTIONS);
        Http.Resp unknown = putResults("no-such-command", "[{\"turnPower\":{\"succeeded\":true}}]", 404);
        assertEquals("COMMAND_NOT_FOUND", unknown.errorCode());
        assertTrue(unknown.contentType(), unknown.contentType().startsWith("application/vnd.kii."));

        Http.Resp byOwner = http.send("PUT", commands + "/" + id + "/action-results", RESULTS_TYPE,
                "{\"actionResults\":[]}", bearer(owner.accessToken()));
        assertEquals("results come from the thing itself", 401, byOwner.status());
        OnboardingInfo other = app.onboardThing("lamp-2", "lamp-pass", owner.userId());
        assertEquals(401, http.send("PUT", commands + "/" + id + "/action-results", RESULTS_TYPE,
                "{\"actionResults\":[]}", bearer(other.accessToken())).status());
        assertEquals(403, http.send("PUT", commands + "/" + id + "/action-results", RESULTS_TYPE,
                "{\"actionResults\":[]}", bearer("no-such-token")).status());
        for (String bad : new String[] { "{}", "{\"actionResults\":{}}", "{\"actionResults\":[{\"turnPower\":true}]}",
                "{\"actionResults\":[{\"turnPower\":{\"succeeded\":\"yes\"}}]}",
                "{\"actionResults\":[{\"a\":{\"succeeded\":true},\"b\":{\"succeeded\":true}}]}" }) {
            Http.Resp r = http.send("PUT", commands + "/" + id + "/action-results", RESULTS_TYPE, bad,
                    bearer(thing.accessToken()));
            assertEquals(bad + " -> " + r, 400, r.status());
            assertEquals("INVALID_INPUT_DATA", r.errorCode());
        }
        assertEquals("SENDING", app.command(thing.thingId(), id).state());
        assertNull(app.command(thing.thingId(), id).actionResultsJson());
    }

    @Test
    public void aThingWithoutPushInstallationGetsSendFailedCommands() {
        ThingInfo offline = app.registerThing("never-installed", "thing-pass");
        app.addThingOwner(offline.thingId(), owner.userId());
        String id = app.sendCommand(offline.thingId(), owner.userId(), ACTIONS);
        assertEquals("SEND_FAILED", app.command(offline.thingId(), id).state());
        assertEquals(List.of(id), app.commands(offline.thingId()).stream().map(CommandInfo::commandId).toList());
        assertTrue(http.get("/_emulator/apps/demoapp/commands?thing=" + offline.thingId()).body()
                .contains("\"commandState\":\"SEND_FAILED\""));
    }

    private Http.Resp putResults(String commandId, String results, int expected) {
        Http.Resp r = http.send("PUT", commands + "/" + commandId + "/action-results", RESULTS_TYPE,
                "{\"actionResults\":" + results + "}", bearer(thing.accessToken()));
        assertEquals(r.toString(), expected, r.status());
        return r;
    }
}

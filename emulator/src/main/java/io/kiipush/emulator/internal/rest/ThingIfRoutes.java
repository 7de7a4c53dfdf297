package io.kiipush.emulator.internal.rest;

import io.kiipush.emulator.internal.util.Json;

/** Thing-IF onboarding, commands and states (docs/kii-protocol.md §2.4, §6.4). */
final class ThingIfRoutes {

    private static final String BASE = "/thing-if/apps/{app}";

    private ThingIfRoutes() {
    }

    static void register(Router r, Services s) {
        r.add("POST", BASE + "/onboardings", c -> RestResponse.json(200,
                s.thingIf().onboard(c.app(), c.principal(), c.request().contentType(), c.requiredJson()).toJson(),
                "application/vnd.kii.OnboardingResponse+json"));
        String target = BASE + "/targets/{target}";
        r.add("POST", target + "/commands", c -> RestResponse.json(201,
                Json.obj("commandID", s.commands().postCommand(c.app(), c.principal(), c.param("target"),
                        c.requiredJson())),
                "application/vnd.kii.CommandCreationResponse+json"));
        r.add("GET", target + "/commands", c -> RestResponse.json(200,
                s.commands().listCommands(c.app(), c.principal(), c.param("target"), c.intQueryParam("bestEffortLimit"),
                        c.request().queryParam("paginationKey"))));
        r.add("GET", target + "/commands/{command}", c -> RestResponse.json(200,
                s.commands().getCommand(c.app(), c.principal(), c.param("target"), c.param("command"))));
        r.add("PUT", target + "/commands/{command}/action-results", c -> {
            s.commands().putActionResults(c.app(), c.principal(), c.param("target"), c.param("command"),
                    c.requiredJson());
            return RestResponse.empty(204);
        });
        r.add("PUT", target + "/states", c -> {
            s.thingIf().putStates(c.app(), c.principal(), c.param("target"), c.requiredJson());
            return RestResponse.empty(204);
        });
        r.add("GET", target + "/states", c -> RestResponse.json(200,
                s.thingIf().getStates(c.app(), c.principal(), c.param("target"))));
    }
}

package io.kiipush.emulator.internal.rest;

import io.kiipush.emulator.internal.service.AccountService;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.ObjectService;
import io.kiipush.emulator.internal.service.PushService;
import io.kiipush.emulator.internal.service.ThingIfService;

/** The services the REST routes call. */
public record Services(AccountService accounts, InstallationService installations, PushService push,
        ObjectService objects, ThingIfService thingIf) {
}

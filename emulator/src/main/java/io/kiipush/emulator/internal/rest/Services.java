package io.kiipush.emulator.internal.rest;

import io.kiipush.emulator.internal.service.AccountService;
import io.kiipush.emulator.internal.service.BucketService;
import io.kiipush.emulator.internal.service.CommandService;
import io.kiipush.emulator.internal.service.InstallationService;
import io.kiipush.emulator.internal.service.ObjectService;
import io.kiipush.emulator.internal.service.SubscriptionService;
import io.kiipush.emulator.internal.service.ThingIfService;
import io.kiipush.emulator.internal.service.ThingService;
import io.kiipush.emulator.internal.service.TokenService;
import io.kiipush.emulator.internal.service.TopicService;

/** The services the REST routes and the Java API call. */
public record Services(TokenService tokens, AccountService accounts, ThingService things,
        InstallationService installations, SubscriptionService subscriptions, TopicService topics,
        BucketService buckets, ObjectService objects, ThingIfService thingIf, CommandService commands) {
}

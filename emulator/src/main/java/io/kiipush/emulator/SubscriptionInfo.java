package io.kiipush.emulator;

/**
 * A bucket or topic push subscription.
 *
 * @param appId application ID
 * @param target bucket or topic
 * @param scope the bucket's or topic's scope
 * @param name bucket ID or topic ID
 * @param subscriber who receives the pushes
 */
public record SubscriptionInfo(String appId, Target target, Scope scope, String name, Subscriber subscriber) {

    /** What is subscribed. */
    public enum Target {
        BUCKET, TOPIC
    }
}

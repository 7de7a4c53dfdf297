/**
 * Public API of the Kii push gateway bundle: receive Kii Cloud push notifications (bucket events, topic messages,
 * direct pushes and Thing-IF commands) that arrive over MQTT on an Eclipse Kura gateway.
 * <p>
 * Two ways to consume notifications:
 * <ul>
 * <li><b>EventAdmin</b>: register an {@code org.osgi.service.event.EventHandler} for {@link io.kiipush.gateway.PushEvents#TOPIC_PUSH_ALL}
 * (or a narrower topic) and read the properties named in {@link io.kiipush.gateway.PushEvents}. No compile
 * dependency on this package is needed: topics and property keys are plain strings.</li>
 * <li><b>Typed whiteboard</b>: register a {@link io.kiipush.gateway.PushNotificationListener} service and receive
 * {@link io.kiipush.gateway.PushNotification} values.</li>
 * </ul>
 * After a reconnect or a restart, a {@link io.kiipush.gateway.Gap} says in which window notifications may have been
 * missed; bucket object events and Thing-IF commands of that window are recovered from Kii and delivered marked as
 * recovered ({@link io.kiipush.gateway.PushNotification#isRecovered()}, since 1.1).
 * <p>
 * Session health is available from the {@link io.kiipush.gateway.PushSession} service; Kii-side bucket and topic
 * subscriptions are managed at runtime through {@link io.kiipush.gateway.KiiSubscriptions}. A thing answers its
 * Thing-IF commands through {@link io.kiipush.gateway.CommandResults} (or its EventAdmin topic); since 1.1.0.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.kiipush.gateway;

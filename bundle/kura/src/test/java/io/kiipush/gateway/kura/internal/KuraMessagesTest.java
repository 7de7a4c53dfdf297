package io.kiipush.gateway.kura.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.PushNotification;
import io.kiipush.gateway.kura.internal.WiresTypedValues.DataType;

public class KuraMessagesTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void theModelRejectsWhatKuraRejects() {
        for (Object bad : new Object[] { null, new Object(), 'c', (short) 1, new java.util.Date(), List.of("a") }) {
            try {
                WiresTypedValues.newTypedValue(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertEquals("Cannot convert to TypedValue", expected.getMessage());
            }
        }
        assertEquals(DataType.INTEGER, WiresTypedValues.newTypedValue(1));
        assertEquals(DataType.BYTE_ARRAY, WiresTypedValues.newTypedValue(new byte[0]));
    }

    @Test
    public void bucketEventMetricsConvertWithKurasRules() {
        Map<String, DataType> types = typesOf(Notifications.bucketEvent("sensors"));
        Map<String, DataType> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("kind", DataType.STRING), Map.entry("connection", DataType.STRING),
                Map.entry("receivedAt", DataType.LONG), Map.entry("sequence", DataType.LONG),
                Map.entry("recovered", DataType.BOOLEAN), Map.entry("appID", DataType.STRING),
                Map.entry("sender", DataType.STRING), Map.entry("origin", DataType.STRING),
                Map.entry("when", DataType.LONG), Map.entry("type", DataType.STRING),
                Map.entry("objectScopeAppID", DataType.STRING), Map.entry("objectScopeType", DataType.STRING),
                Map.entry("bucketID", DataType.STRING), Map.entry("bucketType", DataType.STRING),
                Map.entry("objectID", DataType.STRING), Map.entry("modifiedAt", DataType.LONG),
                Map.entry("data.temperature", DataType.DOUBLE), Map.entry("data.count", DataType.LONG),
                Map.entry("data.ok", DataType.BOOLEAN), Map.entry("data.label", DataType.STRING),
                Map.entry("data.nested", DataType.STRING)));
        assertEquals(expected, types);
    }

    @Test
    public void topicMessageDataCannotClashWithTheGatewaysMetrics() {
        PushNotification n = Notifications.topicMessage("alerts");
        KuraPayload p = KuraMessages.toMessage(n).getPayload();
        assertEquals("TOPIC_MESSAGE", p.getMetric("kind"));
        assertEquals("clash with the metric name", p.getMetric("data.kind"));
        assertEquals("alerts", p.getMetric("topic"));
        assertEquals(1700000001000L, p.getMetric("when"));
        assertEquals(Map.ofEntries(Map.entry("kind", DataType.STRING), Map.entry("connection", DataType.STRING),
                Map.entry("receivedAt", DataType.LONG), Map.entry("sequence", DataType.LONG),
                Map.entry("recovered", DataType.BOOLEAN), Map.entry("topic", DataType.STRING),
                Map.entry("sender", DataType.STRING), Map.entry("when", DataType.LONG),
                Map.entry("objectScopeType", DataType.STRING), Map.entry("data.level", DataType.STRING),
                Map.entry("data.kind", DataType.STRING)), Map.copyOf(typesOf(n)));
    }

    @Test
    public void aWhenThatIsNotANumberKeepsTheLongMetricFree() {
        PushNotification n = Notifications.directPush();
        KuraPayload p = KuraMessages.toMessage(n).getPayload();
        assertEquals(null, p.getMetric("when"));
        assertEquals("not a number", p.getMetric("when.text"));
        assertEquals(Map.of("kind", DataType.STRING, "connection", DataType.STRING, "receivedAt", DataType.LONG,
                "sequence", DataType.LONG, "recovered", DataType.BOOLEAN, "sender", DataType.STRING, "when.text",
                DataType.STRING, "data.message", DataType.STRING), Map.copyOf(typesOf(n)));
    }

    @Test
    public void commandMetricsAreTextExceptTheGatewaysOwn() {
        PushNotification n = Notifications.command();
        KuraPayload p = KuraMessages.toMessage(n).getPayload();
        assertEquals(Boolean.TRUE, p.getMetric("recovered"));
        assertEquals(0L, p.getMetric("sequence"));
        assertEquals("cmd-1", p.getMetric("commandID"));
        assertEquals("[{\"turnPower\":{\"power\":true}}]", p.getMetric("actions"));
        assertEquals("1", p.getMetric("schemaVersion"));
        Map<String, DataType> types = typesOf(n);
        for (String name : new String[] { "commandID", "actions", "issuer", "schema", "schemaVersion", "target",
                "title", "metadata" }) {
            assertEquals(name, DataType.STRING, types.get(name));
        }
        assertEquals(13, types.size());
    }

    @Test
    public void bodyIsTheRawJsonTimestampTheReceiveTimeAndPropertiesNameConnectionAndKind() {
        PushNotification n = Notifications.bucketEvent("sensors");
        KuraMessage m = KuraMessages.toMessage(n);
        assertArrayEquals(n.getRawJson().getBytes(StandardCharsets.UTF_8), m.getPayload().getBody());
        assertEquals(n.getReceivedAt(), m.getPayload().getTimestamp().getTime());
        assertEquals(Map.of("kii.connection", Notifications.CONNECTION, "kii.kind", "BUCKET_EVENT"),
                m.getProperties());
        assertEquals(Notifications.CONNECTION, m.getPayload().getMetric("connection"));
    }

    @Test
    public void everyMetricOfEveryKindConvertsAndKeepsOneTypePerName() {
        Map<String, DataType> seen = new TreeMap<>();
        for (PushNotification n : new PushNotification[] { Notifications.bucketEvent("b"),
                Notifications.topicMessage("t"), Notifications.directPush(), Notifications.command() }) {
            for (Map.Entry<String, DataType> e : typesOf(n).entrySet()) {
                DataType before = seen.putIfAbsent(e.getKey(), e.getValue());
                assertTrue(e.getKey() + " is " + before + " and " + e.getValue(),
                        before == null || before == e.getValue() || e.getKey().startsWith("data."));
            }
        }
    }

    // Converts every metric as Kura Wires' Subscriber does; fails on the first Kura would reject.
    private static Map<String, DataType> typesOf(PushNotification n) {
        Map<String, DataType> types = new TreeMap<>();
        for (Map.Entry<String, Object> metric : KuraMessages.toMessage(n).getPayload().metrics().entrySet()) {
            types.put(metric.getKey(), WiresTypedValues.newTypedValue(metric.getValue()));
        }
        return types;
    }
}

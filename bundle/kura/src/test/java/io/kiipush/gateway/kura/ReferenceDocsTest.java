package io.kiipush.gateway.kura;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import io.kiipush.gateway.kura.internal.KuraMessages;
import io.kiipush.gateway.kura.internal.NotificationFilter;

/**
 * The documents cannot drift from this bundle: docs/events.md's "Kura Wires" section names every metric the gateway
 * itself adds, and docs/configuration.md's Kii Subscriber table lists exactly the subscriber's filter keys.
 */
public class ReferenceDocsTest {

    @Rule
    public Timeout timeout = Timeout.seconds(10);

    @Test
    public void theWiresSectionNamesEveryMetricTheGatewayAdds() throws Exception {
        String section = section("events.md", "## Kura Wires");
        List<String> missing = new ArrayList<>();
        for (Field f : KuraMessages.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                String cell = KuraMessages.DATA_PREFIX.equals(name) ? "`data.<field>`" : "| `" + name + "` |";
                if (!section.contains(cell)) {
                    missing.add(name);
                }
            }
        }
        assertEquals(new ArrayList<String>(), missing);
        for (String time : new String[] { "`when`, `modifiedAt`", "`when.text`, `modifiedAt.text`" }) {
            assertTrue(time, section.contains(time));
        }
    }

    @Test
    public void theSubscriberTableListsTheFilterKeysInOrder() throws Exception {
        String section = section("configuration.md", "## Kii Subscriber");
        List<String> keys = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                keys.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        assertEquals(List.of(NotificationFilter.KINDS, NotificationFilter.BUCKETS, NotificationFilter.TOPICS,
                "cloud.endpoint.service.pid"), keys);
    }

    private static String section(String doc, String heading) throws Exception {
        Path docs = Paths.get("").toAbsolutePath();
        while (!Files.isDirectory(docs.resolve("docs")) && docs.getParent() != null) {
            docs = docs.getParent();
        }
        String text = new String(Files.readAllBytes(docs.resolve("docs").resolve(doc)), StandardCharsets.UTF_8);
        int start = text.indexOf(heading);
        assertTrue(doc + " has " + heading, start >= 0);
        int end = text.indexOf("\n## ", start + heading.length());
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }
}

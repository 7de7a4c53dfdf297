package io.kiipush.gateway;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.kiipush.gateway.internal.config.ConfigField;
import io.kiipush.gateway.internal.config.ConfigField.Form;
import io.kiipush.gateway.internal.onboarding.OnboardingComponent;
import io.kiipush.gateway.internal.session.PushSessionComponent;

/**
 * The reference documents cannot drift from the code: {@code docs/configuration.md} lists exactly the fields of
 * {@link ConfigField} and of the generated metatype (what Kura renders as forms) with the same form label, type,
 * Password-ness, cardinality, default, options and range, and {@code docs/events.md} names every topic and property of
 * {@link PushEvents}.
 */
public class ReferenceDocsTest {

    private static final Map<Form, String> PIDS = new EnumMap<>(Form.class);

    static {
        PIDS.put(Form.ONBOARDING, OnboardingComponent.PID);
        PIDS.put(Form.SESSION, PushSessionComponent.PID);
    }
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Rule
    public final Timeout timeout = Timeout.seconds(20);

    @Test
    public void theConfigurationReferenceMatchesTheGeneratedMetatype() throws Exception {
        List<String> doc = Files.readAllLines(docs().resolve("configuration.md"), StandardCharsets.UTF_8);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<Form, String> form : PIDS.entrySet()) {
            String pid = form.getValue();
            Map<String, Element> ads = attributeDefinitions(pid);
            Map<String, String[]> rows = table(doc, pid);
            if (!new TreeSet<>(ads.keySet()).equals(new TreeSet<>(rows.keySet()))) {
                differences.add(pid + ": documented keys " + new TreeSet<>(rows.keySet()) + " but the metatype has "
                        + new TreeSet<>(ads.keySet()));
            }
            for (ConfigField field : ConfigField.values()) {
                String[] row = rows.get(field.key());
                if (field.form() == form.getKey() && (row == null || !row[1].trim().equals(field.label()))) {
                    differences.add(pid + " " + field.key() + ": not documented with the label '" + field.label() + "'");
                }
            }
            for (Map.Entry<String, Element> e : ads.entrySet()) {
                String[] row = rows.get(e.getKey());
                if (row != null) {
                    compare(pid, e.getKey(), e.getValue(), row, differences);
                }
            }
        }
        if (!differences.isEmpty()) {
            fail("docs/configuration.md differs from the metatype:\n  " + String.join("\n  ", differences));
        }
    }

    @Test
    public void theEventReferenceNamesEveryTopicAndProperty() throws Exception {
        String doc = new String(Files.readAllBytes(docs().resolve("events.md")), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Field f : PushEvents.class.getFields()) {
            boolean constant = Modifier.isStatic(f.getModifiers()) && f.getType() == String.class;
            if (constant && (f.getName().startsWith("TOPIC_") || f.getName().startsWith("PROP_"))) {
                checked++;
                String value = (String) f.get(null);
                // prefixes (kii.data., io/kiipush/gateway/push/, ...) appear at the start of longer names
                boolean prefix = f.getName().endsWith("_PREFIX") || f.getName().endsWith("_ROOT");
                if (!doc.contains("`" + value + (prefix ? "" : "`"))) {
                    missing.add(f.getName() + " = " + value);
                }
            }
        }
        assertTrue("PushEvents has its constants", checked > 40);
        for (NotificationKind kind : NotificationKind.values()) {
            if (!doc.contains(PushEvents.topicOf(kind, "DATA_OBJECT_CREATED"))) {
                missing.add("topic of " + kind);
            }
        }
        assertEquals("not in docs/events.md", new ArrayList<String>(), missing);
    }

    // Form label, type, default, allowed values; the row is: key | label | type | default | allowed | on change | effect
    private static void compare(String pid, String key, Element ad, String[] row, List<String> differences) {
        String where = pid + " " + key + ": ";
        String label = row[1].trim();
        if (!label.equals(ad.getAttribute("name"))) {
            differences.add(where + "form label '" + label + "', metatype '" + ad.getAttribute("name") + "'");
        }
        String cardinality = ad.getAttribute("cardinality");
        String type = ad.getAttribute("type")
                + (cardinality.isEmpty() || cardinality.equals("0") ? "" : "[] (max " + Math.abs(Integer.parseInt(cardinality)) + ")");
        if (!row[2].trim().equals(type)) {
            differences.add(where + "type '" + row[2].trim() + "', metatype '" + type + "'");
        }
        String documentedDefault = row[3].trim();
        String defaultValue = documentedDefault.equals("empty") || documentedDefault.equals("none") ? ""
                : documentedDefault.replace("`", "");
        if (!defaultValue.equals(ad.getAttribute("default"))) {
            differences.add(where + "default '" + documentedDefault + "', metatype '" + ad.getAttribute("default") + "'");
        }
        NodeList options = ad.getElementsByTagName("Option");
        if (options.getLength() > 0) {
            TreeSet<String> values = new TreeSet<>();
            for (int i = 0; i < options.getLength(); i++) {
                values.add(((Element) options.item(i)).getAttribute("value"));
            }
            TreeSet<String> documented = new TreeSet<>();
            Matcher m = CODE.matcher(row[4]);
            while (m.find()) {
                documented.add(m.group(1));
            }
            if (!documented.equals(values)) {
                differences.add(where + "allowed values " + documented + ", metatype options " + values);
            }
        }
        if (!ad.getAttribute("min").isEmpty() || !ad.getAttribute("max").isEmpty()) {
            String range = ad.getAttribute("min") + " to " + ad.getAttribute("max");
            if (!row[4].contains(range)) {
                differences.add(where + "allowed values '" + row[4].trim() + "' do not state the range '" + range + "'");
            }
        }
        if (row[5].trim().isEmpty() || row[6].trim().length() < 20) {
            differences.add(where + "'On change' and 'Effect' must be filled in");
        }
    }

    /** @return key to cells of the first table after the heading that names the PID in backticks */
    private static Map<String, String[]> table(List<String> doc, String pid) {
        int i = 0;
        while (i < doc.size() && !(doc.get(i).startsWith("## ") && doc.get(i).contains("`" + pid + "`"))) {
            i++;
        }
        assertTrue("docs/configuration.md has a '## ... `" + pid + "`' section", i < doc.size());
        while (i < doc.size() && !doc.get(i).startsWith("|")) {
            i++;
        }
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (i += 2; i < doc.size() && doc.get(i).startsWith("|"); i++) {
            String line = doc.get(i).trim();
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            assertEquals("7 cells in: " + line, 7, cells.length);
            String key = cells[0].trim().replace("`", "");
            assertTrue("documented twice: " + key, rows.put(key, cells) == null);
        }
        return rows;
    }

    private static Map<String, Element> attributeDefinitions(String pid) throws Exception {
        Document metatype;
        try (InputStream in = ReferenceDocsTest.class.getClassLoader().getResourceAsStream("OSGI-INF/metatype/" + pid + ".xml")) {
            assertNotNull("bnd generated the metatype of " + pid, in);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            metatype = f.newDocumentBuilder().parse(in);
        }
        Map<String, Element> ads = new LinkedHashMap<>();
        NodeList list = metatype.getElementsByTagName("AD");
        for (int i = 0; i < list.getLength(); i++) {
            Element ad = (Element) list.item(i);
            ads.put(ad.getAttribute("id"), ad);
        }
        return ads;
    }

    private static Path docs() throws IOException {
        // Surefire runs in the module directory (bundle/core/); docs/ is two levels up.
        Path dir = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../../docs").normalize();
        if (!Files.isDirectory(dir)) {
            throw new IOException("docs/ not found at " + dir);
        }
        return dir;
    }
}

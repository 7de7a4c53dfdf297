package io.kiipush.gateway.itests.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.eclipse.kura.configuration.Password;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Kura's snapshot files as {@code ConfigurationServiceImpl} writes and reads them: {@code snapshot_<id>.xml} in the
 * snapshots directory, the XML of Kura's {@code XmlJavaComponentConfigurationsMapper} and
 * {@code XmlConfigPropertiesAdapter}, the whole file encrypted through the CryptoService ({@code writeSnapshot}).
 * Not modelled: the garbage collection of old snapshots and the migration of unencrypted ones.
 */
public final class KuraSnapshots {

    private static final Pattern FILE = Pattern.compile("snapshot_([0-9]+)\\.xml");
    private static final String ESF = "esf:";

    private final Path directory;
    private final KuraCryptoStandIn crypto;

    /**
     * @param directory Kura's snapshots directory ({@code SystemService.getKuraSnapshotsDirectory()})
     * @param crypto the CryptoService registered in the framework
     */
    public KuraSnapshots(Path directory, KuraCryptoStandIn crypto) {
        this.directory = directory;
        this.crypto = crypto;
    }

    /** @return the file of a snapshot id */
    public Path file(long id) {
        return directory.resolve("snapshot_" + id + ".xml");
    }

    /** @return the newest snapshot's id, if any */
    public OptionalLong latest() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1))).max();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the clear XML of a snapshot (decrypted, as Kura's {@code loadEncryptedSnapshotFileContent} does) */
    public String xml(long id) {
        try {
            return new String(crypto.decryptAes(Files.readString(file(id), StandardCharsets.UTF_8).toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * saveSnapshot/writeSnapshot: the id is the current time, after the newest snapshot; the XML is encrypted as a
     * whole. Password values are written Base64-encoded with {@code encrypted="true"}: they are the encrypted values
     * Config Admin holds, so no secret is in the XML in clear.
     *
     * @param configurations properties by {@code kura.service.pid}
     * @return the snapshot id
     */
    long write(Map<String, Map<String, Object>> configurations) {
        long id = Math.max(System.currentTimeMillis(), latest().orElse(0) + 1);
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElement(ESF + "configurations");
            root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:esf", "http://eurotech.com/esf/2.0");
            root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ocd", "http://www.osgi.org/xmlns/metatype/v1.2.0");
            doc.appendChild(root);
            configurations.forEach((pid, properties) -> {
                Element configuration = doc.createElement(ESF + "configuration");
                configuration.setAttribute("pid", pid);
                if (properties != null) {
                    Element props = doc.createElement(ESF + "properties");
                    properties.forEach((name, value) -> property(doc, name, value, props));
                    configuration.appendChild(props);
                }
                root.appendChild(configuration);
            });
            StringWriter xml = new StringWriter();
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.transform(new DOMSource(doc), new StreamResult(xml));
            Files.writeString(file(id), new String(crypto.encryptAes(xml.toString().toCharArray())), StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write snapshot " + id, e);
        }
    }

    /**
     * loadLatestSnapshotConfigurations: the newest snapshot's configurations, Password values as {@link Password}
     * holding the encrypted value Config Admin had.
     *
     * @return properties by {@code kura.service.pid}, or {@code null} when there is no readable snapshot
     */
    Map<String, Map<String, Object>> readLatest() {
        OptionalLong id = latest();
        if (id.isEmpty()) {
            return null;
        }
        String xml;
        try {
            xml = xml(id.getAsLong());
        } catch (RuntimeException e) {
            return null; // Kura: "Unable to decrypt snapshot!", then no configurations unless all snapshots are plain
        }
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Map<String, Map<String, Object>> result = new HashMap<>();
            NodeList configurations = doc.getElementsByTagName(ESF + "configuration");
            for (int i = 0; i < configurations.getLength(); i++) {
                Element configuration = (Element) configurations.item(i);
                Map<String, Object> properties = new HashMap<>();
                for (Element props : children(configuration)) {
                    for (Element property : children(props)) {
                        properties.put(property.getAttribute("name"), value(property));
                    }
                }
                result.put(configuration.getAttribute("pid"), properties);
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read snapshot " + id.getAsLong(), e);
        }
    }

    // XmlConfigPropertiesAdapter.marshal: the type follows the Java type; values of other types and empty arrays are left out.
    private void property(Document doc, String name, Object value, Element parent) {
        if (value == null || value.getClass().isArray() && !(value instanceof Object[])) {
            return; // null and primitive arrays: no case in Kura's adapter
        }
        boolean array = value.getClass().isArray();
        Object[] values = array ? (Object[]) value : new Object[] { value };
        String javaType = (array ? value.getClass().getComponentType() : value.getClass()).getSimpleName();
        String type = switch (javaType) {
            case "String", "Long", "Double", "Float", "Integer", "Byte", "Boolean", "Short", "Password" -> javaType;
            case "Character" -> "Char";
            default -> null;
        };
        if (type == null || values.length == 0) {
            return;
        }
        boolean encrypted = "Password".equals(type);
        Element property = doc.createElement(ESF + "property");
        property.setAttribute("name", name);
        property.setAttribute("array", Boolean.toString(array));
        property.setAttribute("encrypted", Boolean.toString(encrypted));
        property.setAttribute("type", type);
        for (Object v : values) {
            Element e = doc.createElement(ESF + "value");
            e.setTextContent(encrypted ? crypto.encodeBase64(v.toString()) : String.valueOf(v));
            property.appendChild(e);
        }
        parent.appendChild(property);
    }

    // XmlConfigPropertiesAdapter.unmarshal: an encrypted Password value is first tried as an AES value, then (always,
    // for values Kura wrote) Base64-decoded back into the encrypted value Config Admin had.
    private Object value(Element property) {
        List<String> values = new ArrayList<>();
        for (Element v : children(property)) {
            values.add(v.getTextContent());
        }
        boolean encrypted = Boolean.parseBoolean(property.getAttribute("encrypted"));
        Function<String, Object> convert = switch (property.getAttribute("type")) {
            case "Long" -> Long::valueOf;
            case "Double" -> Double::valueOf;
            case "Float" -> Float::valueOf;
            case "Integer" -> Integer::valueOf;
            case "Byte" -> Byte::valueOf;
            case "Char" -> s -> s.charAt(0);
            case "Boolean" -> Boolean::valueOf;
            case "Short" -> Short::valueOf;
            case "Password" -> s -> encrypted ? password(s) : new Password(s);
            default -> s -> s;
        };
        if (!Boolean.parseBoolean(property.getAttribute("array"))) {
            return convert.apply(values.get(0));
        }
        Object first = convert.apply(values.get(0));
        Object[] array = (Object[]) Array.newInstance(first.getClass(), values.size());
        for (int i = 0; i < array.length; i++) {
            array[i] = convert.apply(values.get(i));
        }
        return array;
    }

    private Password password(String stored) {
        try {
            return new Password(crypto.decryptAes(stored.toCharArray()));
        } catch (IllegalArgumentException e) {
            return new Password(crypto.decodeBase64(stored));
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }
}

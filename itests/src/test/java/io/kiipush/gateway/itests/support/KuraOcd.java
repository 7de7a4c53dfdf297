package io.kiipush.gateway.itests.support;

import java.lang.reflect.Array;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A metatype OCD as Kura's {@code ConfigurationServiceImpl} holds it (Kura's {@code Tocd}), read through the
 * {@code MetaTypeService}, with the conversions Kura applies to configuration properties: its defaults
 * ({@code ComponentUtil.getDefaultProperties}) and {@code CollectionsUtil.dictionaryToMap}/{@code mapToDictionary}.
 *
 * @param id the OCD id (= the PID or factory PID it designates)
 * @param ads the attribute definitions by id
 */
public record KuraOcd(String id, Map<String, Ad> ads) {

    /**
     * One attribute definition.
     *
     * @param id the property key
     * @param type the {@link AttributeDefinition} type constant
     * @param cardinality 0, 1 or -1 for one value, more for an array
     * @param defaults the default values, empty when there is none
     */
    public record Ad(String id, int type, int cardinality, String[] defaults) {

        boolean isPassword() {
            return type == AttributeDefinition.PASSWORD;
        }

        boolean isSingle() {
            return cardinality == 0 || cardinality == 1 || cardinality == -1;
        }
    }

    /**
     * ComponentUtil.readMetadata/getOCD: Kura reads {@code OSGI-INF/metatype/<pid>.xml} from the bundle itself and
     * looks for the OCD whose id is the PID; a bundle without that file, or an OCD named otherwise, gets no form.
     *
     * @return the OCD, or {@code null} when Kura would not find one for this PID
     */
    static KuraOcd read(MetaTypeInformation info, Bundle bundle, String pid) {
        if (bundle.getResource("OSGI-INF/metatype/" + pid + ".xml") == null) {
            return null;
        }
        ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
        if (ocd == null || !pid.equals(ocd.getID())) {
            return null;
        }
        Map<String, Ad> ads = new LinkedHashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            String[] defaults = ad.getDefaultValue();
            // ComponentUtil.getDefaultValue: an empty default is no default.
            boolean none = defaults == null || defaults.length == 0 || defaults.length == 1 && defaults[0].isEmpty();
            ads.put(ad.getID(), new Ad(ad.getID(), ad.getType(), ad.getCardinality(), none ? new String[0] : defaults));
        }
        return new KuraOcd(pid, Collections.unmodifiableMap(ads));
    }

    /** @return whether {@code key} is a Password field of this OCD */
    public boolean isPassword(String key) {
        Ad ad = ads.get(key);
        return ad != null && ad.isPassword();
    }

    /**
     * ComponentUtil.getDefaultProperties: every AD with a default, typed; Password defaults encrypted through the
     * CryptoService (kept clear if that fails); one value for cardinality 0/1/-1, else an array.
     *
     * @param crypto Kura's CryptoService
     * @return the defaults by key
     */
    private Map<String, Object> defaults(CryptoService crypto) {
        Map<String, Object> defaults = new HashMap<>();
        for (Ad ad : ads.values()) {
            if (ad.defaults().length == 0) {
                continue;
            }
            Function<String, Object> convert = converter(ad.type(), crypto);
            Object first = convert.apply(ad.defaults()[0].trim());
            if (ad.isSingle()) {
                defaults.put(ad.id(), first);
                continue;
            }
            Object array = Array.newInstance(first.getClass(), ad.defaults().length);
            for (int i = 0; i < ad.defaults().length; i++) {
                Array.set(array, i, convert.apply(ad.defaults()[i].trim()));
            }
            defaults.put(ad.id(), array);
        }
        return defaults;
    }

    /**
     * ConfigurationServiceImpl.mergeWithDefaults: a default only for a key that has no value.
     *
     * @param ocd the OCD, may be {@code null} (no defaults)
     * @param props the properties to complete
     * @param crypto Kura's CryptoService
     */
    static void mergeWithDefaults(KuraOcd ocd, Map<String, Object> props, CryptoService crypto) {
        if (ocd != null) {
            ocd.defaults(crypto).forEach(props::putIfAbsent);
        }
    }

    private static Function<String, Object> converter(int type, CryptoService crypto) {
        return switch (type) {
            case AttributeDefinition.BOOLEAN -> Boolean::valueOf;
            case AttributeDefinition.BYTE -> Byte::valueOf;
            case AttributeDefinition.CHARACTER -> v -> v.charAt(0);
            case AttributeDefinition.DOUBLE -> Double::valueOf;
            case AttributeDefinition.FLOAT -> Float::valueOf;
            case AttributeDefinition.INTEGER -> Integer::valueOf;
            case AttributeDefinition.LONG -> Long::valueOf;
            case AttributeDefinition.SHORT -> Short::valueOf;
            case AttributeDefinition.PASSWORD -> v -> {
                try {
                    return new Password(crypto.encryptAes(v.toCharArray()));
                } catch (RuntimeException e) {
                    return new Password(v);
                }
            };
            default -> v -> v;
        };
    }

    /**
     * CollectionsUtil.dictionaryToMap: Config Admin properties as Kura's map, values of Password ADs wrapped in
     * {@link Password} (still encrypted), everything else as stored.
     *
     * @param dictionary Config Admin properties, may be {@code null}
     * @param ocd the OCD, may be {@code null}
     * @return the map, {@code null} for a {@code null} dictionary (Kura's callers then fail on it)
     */
    static Map<String, Object> dictionaryToMap(Dictionary<String, Object> dictionary, KuraOcd ocd) {
        if (dictionary == null) {
            return null;
        }
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            Object value = dictionary.get(key);
            if (ocd == null || !ocd.isPassword(key)) {
                map.put(key, value);
            } else if (value instanceof char[] chars) {
                map.put(key, new Password(chars));
            } else if (value instanceof String[] strings) {
                Password[] passwords = new Password[strings.length];
                for (int i = 0; i < strings.length; i++) {
                    passwords[i] = new Password(strings[i]);
                }
                map.put(key, passwords);
            } else {
                map.put(key, new Password(value.toString()));
            }
        }
        return map;
    }

    /**
     * CollectionsUtil.mapToDictionary: what Kura hands to Config Admin. A {@link Password} becomes its String (so a
     * component only ever sees Strings), {@code null} values are left out.
     *
     * @param map Kura's properties, may be {@code null}
     * @return the dictionary, or {@code null}
     */
    static Dictionary<String, Object> mapToDictionary(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Dictionary<String, Object> dictionary = new Hashtable<>();
        map.forEach((key, value) -> {
            if (value instanceof Password password) {
                dictionary.put(key, password.toString());
            } else if (value instanceof Password[] passwords) {
                String[] strings = new String[passwords.length];
                for (int i = 0; i < passwords.length; i++) {
                    strings[i] = passwords[i].toString();
                }
                dictionary.put(key, strings);
            } else if (value != null) {
                dictionary.put(key, value);
            }
        });
        return dictionary;
    }
}

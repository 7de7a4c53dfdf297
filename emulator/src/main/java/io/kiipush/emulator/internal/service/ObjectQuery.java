package io.kiipush.emulator.internal.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.kiipush.emulator.internal.state.StoredObject;
import io.kiipush.emulator.internal.util.Json;

/**
 * One bucket query ({@code POST .../buckets/{b}/query}, docs/kii-protocol.md §14.1): the clause tree of
 * Kii's SDKs ({@code all}, {@code eq}, {@code range}, {@code in}, {@code prefix}, {@code hasField}, {@code and},
 * {@code or}, {@code not}) on an object's top-level fields, the order ({@code orderBy}, {@code descending}) and a
 * best-effort page. Parsing validates the whole request first; {@link #page} then runs on a snapshot of objects.
 */
final class ObjectQuery {

    private static final int MAX_IN_VALUES = 200;
    private static final Set<String> FIELD_TYPES = Set.of("STRING", "INTEGER", "DECIMAL", "BOOLEAN");

    /** A parsed clause; {@code field} is the field a field clause looks at ({@code null} for and/or/not/all). */
    private record Clause(Predicate<JsonObject> test, String field) {
    }

    /** An object's place in the order: its value of {@code orderBy} (absent: {@code null}) and its creation order. */
    private record Position(JsonElement value, long seq) {
    }

    private record Hit(Position position, JsonObject json) {
    }

    private final JsonElement clauseJson;
    private final Clause clause;
    private final String orderBy;
    private final boolean descending;
    private final int size;
    private final String fingerprint;
    private final Position after;

    private ObjectQuery(JsonObject bucketQuery, boolean descendingByDefault, int size, String paginationKey) {
        clauseJson = bucketQuery.get("clause");
        if (clauseJson == null) {
            throw Paging.invalid("bucketQuery.clause is required");
        }
        clause = clause(clauseJson);
        orderBy = optionalString(bucketQuery, "orderBy");
        descending = optionalBoolean(bucketQuery, "descending", descendingByDefault);
        if (bucketQuery.has("aggregations")) {
            throw notSupported("aggregations (counting) are not emulated");
        }
        this.size = size;
        // a key only continues the query it came from
        fingerprint = Integer.toHexString(Json.text(bucketQuery).hashCode());
        JsonObject p = Paging.position(paginationKey);
        if (p != null && !fingerprint.equals(Json.str(p, "q"))) {
            throw Paging.invalid("The paginationKey belongs to another query");
        }
        after = p == null ? null : new Position(p.get("v"), Paging.seq(p));
    }

    /**
     * @param request the QueryRequest body
     * @param descendingByDefault the order when {@code orderBy} is given without {@code descending}
     * @param maxPageSize the server's page size limit
     * @return the query; 400 {@code INVALID_INPUT_DATA} or {@code QUERY_NOT_SUPPORTED} when it cannot run
     */
    static ObjectQuery parse(JsonObject request, boolean descendingByDefault, int maxPageSize) {
        JsonElement q = request.get("bucketQuery");
        if (q == null || !q.isJsonObject()) {
            throw Paging.invalid("bucketQuery is required and must be an object");
        }
        String key = optionalString(request, "paginationKey");
        return new ObjectQuery(q.getAsJsonObject(), descendingByDefault,
                Paging.size(Paging.requested(request), maxPageSize), key);
    }

    /** @return {@code {queryDescription, results, nextPaginationKey}}; the key is absent on the last page */
    JsonObject page(List<StoredObject> readable) {
        Comparator<Position> order = (a, b) -> {
            int c = compare(a.value(), b.value());
            return c != 0 ? (descending ? -c : c) : Long.compare(a.seq(), b.seq());
        };
        List<Hit> hits = new ArrayList<>();
        for (StoredObject o : readable) {
            JsonObject json = ObjectService.objectJson(o);
            Position p = new Position(orderBy == null ? null : json.get(orderBy), o.seq);
            if (clause.test().test(json) && (after == null || order.compare(p, after) > 0)) {
                hits.add(new Hit(p, json));
            }
        }
        hits.sort((a, b) -> order.compare(a.position(), b.position()));
        JsonArray results = new JsonArray();
        hits.stream().limit(size).forEach(h -> results.add(h.json()));
        JsonObject out = Json.obj("queryDescription", "WHERE " + (isAll() ? "( 1 = 1 )" : Json.text(clauseJson)),
                "results", results);
        if (hits.size() > size) {
            Position last = hits.get(size - 1).position();
            JsonObject key = Json.obj("q", fingerprint, "s", last.seq());
            Json.put(key, "v", last.value());
            out.addProperty("nextPaginationKey", Paging.key(key));
        }
        return out;
    }

    private boolean isAll() {
        return "all".equals(Json.str(clauseJson.getAsJsonObject(), "type"));
    }

    // ------------------------------------------------------------------ clauses

    private static Clause clause(JsonElement e) {
        if (!e.isJsonObject()) {
            throw Paging.invalid("A clause must be a JSON object: " + e);
        }
        JsonObject c = e.getAsJsonObject();
        String type = Json.str(c, "type");
        if (type == null) {
            throw Paging.invalid("A clause needs a type: " + c);
        }
        return switch (type) {
            case "all" -> new Clause(o -> true, null);
            case "eq" -> {
                String f = field(c);
                JsonPrimitive v = primitive(c, "value");
                yield new Clause(o -> equal(o.get(f), v), f);
            }
            case "range" -> range(c);
            case "in" -> in(c);
            case "prefix" -> {
                String f = field(c);
                JsonPrimitive prefix = primitive(c, "prefix");
                if (!prefix.isString()) {
                    throw Paging.invalid("prefix must be a string");
                }
                yield new Clause(o -> isString(o.get(f)) && o.get(f).getAsString().startsWith(prefix.getAsString()), f);
            }
            case "hasField" -> {
                String f = field(c);
                String t = optionalString(c, "fieldType");
                if (t == null || !FIELD_TYPES.contains(t)) {
                    throw Paging.invalid("fieldType must be one of " + FIELD_TYPES);
                }
                yield new Clause(o -> hasType(o.get(f), t), f);
            }
            case "and", "or" -> {
                JsonElement list = c.get("clauses");
                if (list == null || !list.isJsonArray() || list.getAsJsonArray().size() == 0) {
                    throw Paging.invalid(type + " needs a non-empty clauses array");
                }
                List<Clause> parts = new ArrayList<>();
                list.getAsJsonArray().forEach(x -> parts.add(clause(x)));
                yield type.equals("and") ? new Clause(o -> parts.stream().allMatch(p -> p.test().test(o)), null)
                        : new Clause(o -> parts.stream().anyMatch(p -> p.test().test(o)), null);
            }
            case "not" -> {
                JsonElement inner = c.get("clause");
                if (inner == null) {
                    throw Paging.invalid("not needs a clause");
                }
                Clause x = clause(inner);
                // Kii documents notEquals as not matching objects without the field; the same for every field clause
                yield new Clause(o -> (x.field() == null || o.has(x.field())) && !x.test().test(o), null);
            }
            default -> throw notSupported("Clause type " + type + " is not supported");
        };
    }

    private static Clause range(JsonObject c) {
        String f = field(c);
        JsonPrimitive lower = c.has("lowerLimit") ? primitive(c, "lowerLimit") : null;
        JsonPrimitive upper = c.has("upperLimit") ? primitive(c, "upperLimit") : null;
        if (lower == null && upper == null) {
            throw Paging.invalid("range needs lowerLimit or upperLimit");
        }
        if ((lower != null && lower.isBoolean()) || (upper != null && upper.isBoolean())
                || (lower != null && upper != null && lower.isNumber() != upper.isNumber())) {
            throw Paging.invalid("range limits must both be numbers or both strings");
        }
        boolean lowerIncluded = optionalBoolean(c, "lowerIncluded", true);
        boolean upperIncluded = optionalBoolean(c, "upperIncluded", true);
        JsonPrimitive kind = lower != null ? lower : upper;
        return new Clause(o -> {
            JsonElement v = o.get(f);
            if (v == null || !v.isJsonPrimitive() || v.getAsJsonPrimitive().isNumber() != kind.isNumber()
                    || v.getAsJsonPrimitive().isBoolean()) {
                return false;
            }
            int lo = lower == null ? 1 : compare(v, lower);
            int hi = upper == null ? -1 : compare(v, upper);
            return (lo > 0 || (lo == 0 && lowerIncluded)) && (hi < 0 || (hi == 0 && upperIncluded));
        }, f);
    }

    private static Clause in(JsonObject c) {
        String f = field(c);
        JsonElement values = c.get("values");
        if (values == null || !values.isJsonArray() || values.getAsJsonArray().size() == 0
                || values.getAsJsonArray().size() > MAX_IN_VALUES) {
            throw Paging.invalid("in needs 1 to " + MAX_IN_VALUES + " values");
        }
        List<JsonPrimitive> list = new ArrayList<>();
        for (JsonElement v : values.getAsJsonArray()) {
            if (!v.isJsonPrimitive()) {
                throw Paging.invalid("in values must be strings, numbers or booleans");
            }
            list.add(v.getAsJsonPrimitive());
        }
        return new Clause(o -> list.stream().anyMatch(v -> equal(o.get(f), v)), f);
    }

    // ------------------------------------------------------------------ values

    private static String field(JsonObject c) {
        String f = optionalString(c, "field");
        if (f == null || f.isEmpty()) {
            throw Paging.invalid("A " + Json.str(c, "type") + " clause needs a field");
        }
        return f;
    }

    private static JsonPrimitive primitive(JsonObject c, String key) {
        JsonElement v = c.get(key);
        if (v == null || !v.isJsonPrimitive()) {
            throw Paging.invalid(key + " must be a string, a number or a boolean");
        }
        return v.getAsJsonPrimitive();
    }

    private static String optionalString(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw Paging.invalid(key + " must be a string");
        }
        return v.getAsString();
    }

    private static boolean optionalBoolean(JsonObject o, String key, boolean dflt) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return dflt;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
            throw Paging.invalid(key + " must be a boolean");
        }
        return v.getAsBoolean();
    }

    private static boolean equal(JsonElement v, JsonPrimitive expected) {
        return v != null && v.isJsonPrimitive() && rank(v) == rank(expected) && compare(v, expected) == 0;
    }

    private static boolean isString(JsonElement v) {
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString();
    }

    private static boolean hasType(JsonElement v, String type) {
        if (v == null || !v.isJsonPrimitive()) {
            return false;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        return switch (type) {
            case "STRING" -> p.isString();
            case "BOOLEAN" -> p.isBoolean();
            case "INTEGER" -> p.isNumber() && isIntegral(p);
            default -> p.isNumber() && !isIntegral(p);
        };
    }

    /** INTEGER is a number written without a fraction or exponent, DECIMAL any other number. */
    private static boolean isIntegral(JsonPrimitive p) {
        String text = p.getAsString();
        return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    /** Order of values: absent or null, then numbers, strings, booleans, then objects and arrays (by their text). */
    private static int rank(JsonElement v) {
        if (v == null || v.isJsonNull()) {
            return 0;
        }
        if (!v.isJsonPrimitive()) {
            return 4;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        return p.isNumber() ? 1 : p.isString() ? 2 : 3;
    }

    private static int compare(JsonElement a, JsonElement b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> 0;
            case 1 -> new BigDecimal(a.getAsString()).compareTo(new BigDecimal(b.getAsString()));
            case 2 -> a.getAsString().compareTo(b.getAsString());
            case 3 -> Boolean.compare(a.getAsBoolean(), b.getAsBoolean());
            default -> Json.text(a).compareTo(Json.text(b));
        };
    }

    private static KiiException notSupported(String message) {
        return KiiException.of(KiiError.QUERY_NOT_SUPPORTED, message);
    }
}

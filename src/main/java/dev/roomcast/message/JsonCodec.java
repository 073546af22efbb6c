package dev.roomcast.message;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns message records into JSON text and back.
 *
 * <p>JSON-B (Yasson) does the mapping, but it is lenient: it happily reads {@code 5} or {@code true}
 * into a {@code String}. A protocol must say what it accepts, so every inbound object is first checked
 * against the record's components with JSON-P: each present field must have the JSON type its component
 * declares, and the failure names the field. Unknown fields are ignored, so that newer clients can add
 * fields without breaking older servers.
 *
 * <p>One {@link Jsonb} serves the whole application: it is thread-safe and costly to create.
 */
public final class JsonCodec {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private JsonCodec() {
    }

    static String encode(Object message) {
        return JSONB.toJson(message);
    }

    /** Parses {@code text} as exactly one JSON object, or explains in protocol terms why it is not one. */
    public static JsonObject parseObject(String text) throws InvalidMessageException {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidMessageException(ErrorCode.MALFORMED_JSON, "the message must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new InvalidMessageException(ErrorCode.MALFORMED_JSON, "the message must be one JSON object only");
            }
            return object;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new InvalidMessageException(ErrorCode.MALFORMED_JSON, "the message is not valid JSON");
        }
    }

    /** Reads {@code text} into the record {@code type}, refusing fields whose JSON type does not match. */
    public static <T> T decode(String text, Class<T> type) throws InvalidMessageException {
        return decode(parseObject(text), text, type);
    }

    /** As {@link #decode(String, Class)}, for text whose object was already parsed. */
    public static <T> T decode(JsonObject object, String text, Class<T> type) throws InvalidMessageException {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonValue value = object.get(component.getName());
            if (value != null && value.getValueType() != JsonValue.ValueType.NULL
                    && !matches(component.getGenericType(), value)) {
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD,
                        "'" + component.getName() + "' must be " + describe(component.getGenericType()));
            }
        }
        try {
            return JSONB.fromJson(text, type);
        } catch (JsonbException e) {
            throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "the message does not fit its type");
        }
    }

    private static boolean matches(Type type, JsonValue value) {
        JsonValue.ValueType json = value.getValueType();
        if (type == String.class) {
            return json == JsonValue.ValueType.STRING;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return json == JsonValue.ValueType.NUMBER && ((JsonNumber) value).isIntegral();
        }
        if (type == boolean.class || type == Boolean.class) {
            return json == JsonValue.ValueType.TRUE || json == JsonValue.ValueType.FALSE;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type element = list.getActualTypeArguments()[0];
            return json == JsonValue.ValueType.ARRAY
                    && value.asJsonArray().stream().allMatch(item -> matches(element, item));
        }
        return true;
    }

    private static String describe(Type type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return "a list of " + describe(list.getActualTypeArguments()[0]).replaceFirst("^an? ", "") + "s";
        }
        return "a whole number";
    }
}

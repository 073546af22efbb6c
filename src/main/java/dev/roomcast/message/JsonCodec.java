package dev.roomcast.message;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Turns message records into JSON text and back, at the price of one JSON parse per inbound message.
 *
 * <p>Outbound, JSON-B (Yasson) writes the records. Inbound, a protocol must say what it accepts, and JSON-B
 * is lenient: it happily reads {@code 5} or {@code true} into a {@code String}. So every inbound object is
 * parsed once with JSON-P and its fields are checked against the record's components: each present field
 * must have the JSON type its component declares, and the failure names the field. The record is then built
 * from the values already parsed, through its canonical constructor (so compact constructors still apply).
 * Unknown fields are ignored, so that newer clients can add fields without breaking older servers.
 *
 * <p>Nothing is looked up per message. {@link Jsonb} and the JSON-P {@link JsonProvider} are created once:
 * {@code Json.createParser} would ask the {@link java.util.ServiceLoader} for a provider on every call, which
 * scans the class path's jar files and was half the server's CPU on {@code /ws/json} (docs/PERFORMANCE.md).
 * What a record's components are, and its constructor, are read once per record class.
 */
public final class JsonCodec {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final JsonProvider JSON = JsonProvider.provider();

    /** How to read each record class, worked out on first use. */
    private static final ClassValue<RecordReader> READERS = new ClassValue<>() {
        @Override
        protected RecordReader computeValue(Class<?> type) {
            return new RecordReader(type);
        }
    };

    private JsonCodec() {
    }

    static String encode(Object message) {
        return JSONB.toJson(message);
    }

    /**
     * How deeply objects and arrays may nest in an inbound message. No message of the protocol or the server API
     * nests more than three levels; a bound keeps a hostile one (a field nested 1,500 deep) from costing a deep
     * recursion, which the JSON-P parser answered with a failure of its own rather than a protocol error.
     */
    public static final int MAX_DEPTH = 32;

    /** Parses {@code text} as exactly one JSON object, or explains in protocol terms why it is not one. */
    public static JsonObject parseObject(String text) throws InvalidMessageException {
        if (nestsDeeperThanAllowed(text)) {
            throw new InvalidMessageException(ErrorCode.MALFORMED_JSON, "the message nests objects and arrays deeper "
                    + "than " + MAX_DEPTH + " levels");
        }
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
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

    /** Whether brackets outside strings nest deeper than {@link #MAX_DEPTH}; one pass, before any parsing. */
    private static boolean nestsDeeperThanAllowed(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character, a quote among them, is not the string's end
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    return true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }

    /** Reads {@code text} into the record {@code type}, refusing fields whose JSON type does not match. */
    public static <T> T decode(String text, Class<T> type) throws InvalidMessageException {
        return decode(parseObject(text), type);
    }

    /** As {@link #decode(String, Class)}, for an object already parsed. */
    public static <T> T decode(JsonObject object, Class<T> type) throws InvalidMessageException {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        return type.cast(READERS.get(type).read(object));
    }

    /** A record class's components and canonical constructor. */
    private static final class RecordReader {
        private final RecordComponent[] components;
        private final MethodHandle constructor;

        RecordReader(Class<?> type) {
            components = type.getRecordComponents();
            Class<?>[] parameters = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                constructor = MethodHandles.publicLookup()
                        .findConstructor(type, MethodType.methodType(void.class, parameters))
                        .asSpreader(Object[].class, parameters.length);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(type + " has no public canonical constructor", e);
            }
        }

        Object read(JsonObject object) throws InvalidMessageException {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                JsonValue value = object.get(component.getName());
                if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                    values[i] = absent(component.getType());
                    continue;
                }
                values[i] = convert(component.getGenericType(), value);
                if (values[i] == null) {
                    throw new InvalidMessageException(ErrorCode.INVALID_FIELD,
                            "'" + component.getName() + "' must be " + describe(component.getGenericType()));
                }
            }
            try {
                return constructor.invoke(values);
            } catch (RuntimeException refused) {
                // A record's own constructor may refuse a combination of values; that is the message's fault.
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "the message does not fit its type");
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What a missing or null field becomes: null, or a primitive's zero. */
    private static Object absent(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return type == boolean.class ? Boolean.FALSE : null;
    }

    /** {@code value} as the Java type {@code type}, or null if its JSON type does not fit. */
    private static Object convert(Type type, JsonValue value) {
        JsonValue.ValueType json = value.getValueType();
        if (type == String.class) {
            return json == JsonValue.ValueType.STRING ? ((JsonString) value).getString() : null;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            if (json != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
                return null;
            }
            try {
                long number = ((JsonNumber) value).longValueExact();
                return type == long.class || type == Long.class ? (Object) number : (Object) Math.toIntExact(number);
            } catch (ArithmeticException tooLarge) {
                return null;
            }
        }
        if (type == Instant.class) {
            try {
                return json == JsonValue.ValueType.STRING ? Instant.parse(((JsonString) value).getString()) : null;
            } catch (DateTimeParseException notATime) {
                return null;
            }
        }
        if (type == JsonObject.class) {
            return json == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
        }
        if (type == boolean.class || type == Boolean.class) {
            return json == JsonValue.ValueType.TRUE ? Boolean.TRUE : json == JsonValue.ValueType.FALSE ? Boolean.FALSE : null;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (json != JsonValue.ValueType.ARRAY) {
                return null;
            }
            Type element = list.getActualTypeArguments()[0];
            List<Object> items = new ArrayList<>();
            for (JsonValue item : value.asJsonArray()) {
                Object converted = item.getValueType() == JsonValue.ValueType.NULL ? null : convert(element, item);
                if (converted == null) {
                    return null;
                }
                items.add(converted);
            }
            return List.copyOf(items);
        }
        throw new IllegalArgumentException("no JSON reading for " + type);
    }

    private static String describe(Type type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "an ISO-8601 time";
        }
        if (type == JsonObject.class) {
            return "a JSON object";
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            return "a list of " + describe(list.getActualTypeArguments()[0]).replaceFirst("^an? ", "") + "s";
        }
        return "a whole number";
    }
}

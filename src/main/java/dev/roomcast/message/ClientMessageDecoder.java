package dev.roomcast.message;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decodes a chat frame into its {@link ClientMessage} record, chosen by {@code type}. Failures carry the
 * protocol's error code: {@code too_big}, {@code malformed_json}, {@code invalid_field} or
 * {@code unknown_type}. Validation of the values (room names, text length) is the chat service's job.
 */
public class ClientMessageDecoder extends StrictDecoder<ClientMessage> {

    /** The inbound vocabulary, read from the {@link JsonbTypeInfo} on {@link ClientMessage}. */
    public static final Map<String, Class<? extends ClientMessage>> TYPES =
            Arrays.stream(ClientMessage.class.getAnnotation(JsonbTypeInfo.class).value())
                    .collect(Collectors.toUnmodifiableMap(JsonbSubtype::alias, ClientMessageDecoder::subtype));

    @Override
    ClientMessage decodeChecked(String text) throws InvalidMessageException {
        JsonObject object = JsonCodec.parseObject(text);
        try {
            JsonValue type = object.get("type");
            if (!(type instanceof JsonString name)) {
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "'type' must be a string");
            }
            Class<? extends ClientMessage> record = TYPES.get(name.getString());
            if (record == null) {
                throw new InvalidMessageException(ErrorCode.UNKNOWN_TYPE,
                        "unknown type '" + name.getString() + "'; known: " + String.join(", ", TYPES.keySet()));
            }
            return JsonCodec.decode(object, record);
        } catch (InvalidMessageException refused) {
            // A client must be able to tell which of its messages was refused.
            throw refused.about(string(object, "room"), string(object, "clientId"));
        }
    }

    private static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString value ? value.getString() : null;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends ClientMessage> subtype(JsonbSubtype subtype) {
        return (Class<? extends ClientMessage>) subtype.type();
    }
}

package dev.roomcast.message;

import dev.roomcast.config.Settings;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decodes a chat frame into its {@link ClientMessage} record, chosen by {@code type}. What cannot be
 * decoded becomes a {@link DecodeException} whose cause is an {@link InvalidMessageException} with the
 * protocol's error code: {@code too_big}, {@code malformed_json}, {@code invalid_field} or
 * {@code unknown_type}. Validation of the values (room names, text length) is the chat service's job.
 */
public class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

    /** The inbound vocabulary, read from the {@link JsonbTypeInfo} on {@link ClientMessage}. */
    public static final Map<String, Class<? extends ClientMessage>> TYPES =
            Arrays.stream(ClientMessage.class.getAnnotation(JsonbTypeInfo.class).value())
                    .collect(Collectors.toUnmodifiableMap(JsonbSubtype::alias, ClientMessageDecoder::subtype));

    private int maxBytes = Settings.DEFAULT_MAX_FRAME_BYTES;

    /** Decoders are not CDI beans on every container, so the limit is read from its source directly. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Settings.fromEnvironment().maxFrameBytes();
    }

    @Override
    public ClientMessage decode(String text) throws DecodeException {
        try {
            if (MessageSize.exceeds(text, maxBytes)) {
                throw new InvalidMessageException(ErrorCode.TOO_BIG, "the message is too big");
            }
            JsonObject object = JsonCodec.parseObject(text);
            JsonValue type = object.get("type");
            if (!(type instanceof JsonString name)) {
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "'type' must be a string");
            }
            Class<? extends ClientMessage> record = TYPES.get(name.getString());
            if (record == null) {
                throw new InvalidMessageException(ErrorCode.UNKNOWN_TYPE,
                        "unknown type '" + name.getString() + "'; known: " + String.join(", ", TYPES.keySet()));
            }
            return JsonCodec.decode(object, text, record);
        } catch (InvalidMessageException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends ClientMessage> subtype(JsonbSubtype subtype) {
        return (Class<? extends ClientMessage>) subtype.type();
    }
}

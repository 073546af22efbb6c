package dev.roomcast.message;

import jakarta.websocket.DecodeException;
import dev.roomcast.config.Settings;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * Decodes {@code {"text": "..."}} of at most {@code max-frame-bytes}; anything else becomes a {@link DecodeException} whose cause is an
 * {@link InvalidMessageException}, which the container hands to the endpoint's {@code @OnError}.
 */
public class TutorialMessageDecoder implements Decoder.Text<TutorialMessage> {

    private int maxBytes = Settings.DEFAULT_MAX_FRAME_BYTES;

    /** Decoders are not CDI beans on every container, so the limit is read from its source directly. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Settings.fromEnvironment().maxFrameBytes();
    }

    @Override
    public TutorialMessage decode(String text) throws DecodeException {
        try {
            if (MessageSize.exceeds(text, maxBytes)) {
                throw new InvalidMessageException(ErrorCode.TOO_BIG, "the message is too big");
            }
            TutorialMessage message = JsonCodec.decode(text, TutorialMessage.class);
            if (message.text() == null) {
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "'text' is required");
            }
            return message;
        } catch (InvalidMessageException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}

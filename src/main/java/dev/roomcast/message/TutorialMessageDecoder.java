package dev.roomcast.message;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/**
 * Decodes {@code {"text": "..."}}; anything else becomes a {@link DecodeException} whose cause is an
 * {@link InvalidMessageException}, which the container hands to the endpoint's {@code @OnError}.
 */
public class TutorialMessageDecoder implements Decoder.Text<TutorialMessage> {

    @Override
    public TutorialMessage decode(String text) throws DecodeException {
        try {
            TutorialMessage message = JsonCodec.decode(text, TutorialMessage.class);
            if (message.text() == null) {
                throw new InvalidMessageException("invalid_field", "'text' is required");
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

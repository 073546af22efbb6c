package dev.roomcast.message;

/** Decodes {@code {"text": "..."}}; anything else fails with the protocol's error code. */
public class TutorialMessageDecoder extends StrictDecoder<TutorialMessage> {

    @Override
    TutorialMessage decodeChecked(String text) throws InvalidMessageException {
        TutorialMessage message = JsonCodec.decode(text, TutorialMessage.class);
        if (message.text() == null) {
            throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "'text' is required");
        }
        return message;
    }
}

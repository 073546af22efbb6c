package dev.roomcast.message;

import dev.roomcast.config.Settings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * What every JSON decoder of Roomcast does first: refuse a message over {@code max-frame-bytes} (Undertow
 * does not enforce the session's limit itself), and report any failure as a {@link DecodeException} whose
 * cause is an {@link InvalidMessageException} carrying the protocol's error code. The container hands that
 * to the endpoint's {@code @OnError}.
 */
abstract class StrictDecoder<T> implements Decoder.Text<T> {

    private int maxBytes = Settings.DEFAULT_MAX_FRAME_BYTES;

    /** Decoders are not CDI beans on every container, so the application's settings are looked up. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = CDI.current().select(Settings.class).get().maxFrameBytes();
    }

    @Override
    public final T decode(String text) throws DecodeException {
        try {
            if (MessageSize.exceeds(text, maxBytes)) {
                throw new InvalidMessageException(ErrorCode.TOO_BIG, "the message is too big");
            }
            return decodeChecked(text);
        } catch (InvalidMessageException e) {
            throw new DecodeException(text, e.getMessage(), e);
        }
    }

    /** Decodes text that is within the size limit. */
    abstract T decodeChecked(String text) throws InvalidMessageException;

    @Override
    public final boolean willDecode(String text) {
        return true; // every text frame is this endpoint's to answer, if only with an error
    }
}

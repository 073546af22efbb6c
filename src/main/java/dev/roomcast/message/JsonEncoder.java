package dev.roomcast.message;

import jakarta.websocket.Encoder;

/**
 * The JSON-B encoder for every outbound record. Endpoints call it once per message and hand the text to
 * the recipients' outboxes, so a broadcast is encoded once, not once per recipient.
 */
public class JsonEncoder implements Encoder.Text<Object> {

    @Override
    public String encode(Object message) {
        return JsonCodec.encode(message);
    }
}

package dev.roomcast.message;

/**
 * The size rule every text endpoint applies itself. Tyrus enforces a session's
 * {@code maxTextMessageBufferSize} before the endpoint sees the message; Undertow (WildFly) does not, so
 * the endpoints check again, portably, and close with 1009 either way.
 */
public final class MessageSize {

    private MessageSize() {
    }

    /** Whether {@code text}, encoded as UTF-8 as it was on the wire, is longer than {@code limit} bytes. */
    public static boolean exceeds(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return false; // no character takes more than three UTF-8 bytes per UTF-16 unit
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > limit;
    }
}

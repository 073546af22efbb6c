package dev.roomcast.message;

/** Chat text is stored as sent, minus the control characters that only serve to confuse a display. */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Removes C0 and C1 control characters except newline and tab. */
    public static String strip(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacters::isStripped)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.chars().filter(c -> !isStripped(c)).forEach(c -> kept.append((char) c));
        return kept.toString();
    }

    private static boolean isStripped(int c) {
        return Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t';
    }
}

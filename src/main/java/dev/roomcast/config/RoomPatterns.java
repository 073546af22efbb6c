package dev.roomcast.config;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Room-name patterns, where {@code *} stands for any run of characters ({@code support-*}, {@code *}): a token's
 * {@code rooms} claim, and the rooms a webhook or a proxy is configured for.
 */
public final class RoomPatterns {

    public static final RoomPatterns NONE = new RoomPatterns(List.of());

    private final List<Pattern> patterns;

    private RoomPatterns(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    public static RoomPatterns of(List<String> globs) {
        return new RoomPatterns(globs.stream().map(RoomPatterns::compile).toList());
    }

    public boolean matches(String room) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(room).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    private static Pattern compile(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    @Override
    public String toString() {
        return patterns.stream().map(pattern -> pattern.pattern().replace("\\Q", "").replace("\\E", "").replace(".*", "*"))
                .collect(Collectors.joining(","));
    }
}

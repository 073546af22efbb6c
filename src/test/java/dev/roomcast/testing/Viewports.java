package dev.roomcast.testing;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The screens the page's tests try it on: a desktop window and a phone (width, height, mobile). Both on the
 * standalone runner; on the application servers the desktop alone. What the size changes is the browser's
 * layout of the same static files, which no runtime touches; what a runtime does (serving the page, the
 * handshake, the protocol) is the same at any size, so trying it at both sizes on every server would only
 * add a Payara or WildFly minute per class to CI.
 */
public final class Viewports {

    private Viewports() {
    }

    /** For {@code @MethodSource("dev.roomcast.testing.Viewports#sizes")}: width, height, mobile. */
    public static Stream<Arguments> sizes() {
        Stream<Arguments> desktop = Stream.of(Arguments.of(1200, 800, false));
        return everySize() ? Stream.concat(desktop, Stream.of(Arguments.of(390, 844, true))) : desktop;
    }

    /** As {@link #sizes()}, each in the light and the dark theme: width, height, mobile, theme. */
    public static Stream<Arguments> sizesAndThemes() {
        return Stream.of("light", "dark").flatMap(theme -> sizes().map(size -> {
            Object[] values = size.get();
            return Arguments.of(values[0], values[1], values[2], theme);
        }));
    }

    private static boolean everySize() {
        return System.getProperty("roomcast.runtime", "standalone").equals("standalone");
    }
}

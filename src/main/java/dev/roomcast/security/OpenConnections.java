package dev.roomcast.security;

import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * The connections open on this node, as far as the handshake guard needs them for {@link ConnectionLimits}.
 * The session registry counts them; the WAR's filter and the standalone runner pass its counts in.
 */
public interface OpenConnections {

    int total();

    int of(String user);

    static OpenConnections of(IntSupplier total, ToIntFunction<String> byUser) {
        return new OpenConnections() {
            @Override
            public int total() {
                return total.getAsInt();
            }

            @Override
            public int of(String user) {
                return byUser.applyAsInt(user);
            }
        };
    }
}

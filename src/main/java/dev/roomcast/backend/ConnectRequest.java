package dev.roomcast.backend;

import java.util.Map;
import java.util.function.Function;

/**
 * A handshake without a token, as the connect proxy sees it: the path, the client's address (null when unknown), its
 * cookies by name, and its headers by name (any case), of which the proxy forwards those its settings name.
 */
public record ConnectRequest(String path, String address, Map<String, String> cookies, Function<String, String> header) {
}

package dev.roomcast.backend;

/**
 * The backend did not decide: no answer within the proxy's timeout, a 5xx, a refused connection, or an answer that
 * is not what the contract says (not JSON, wrong types, too large). The client is told {@code backend_unavailable};
 * nothing is posted or joined.
 */
public final class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message, null, false, false);
    }
}

package dev.roomcast.room;

/**
 * The broker a clustered store shares rooms through did not answer: it is away, or it gave up on a command after
 * its timeout. The one failure that callers may answer with "try again" (the server API's 503); any other failure
 * of a store is a fault of Roomcast's own.
 */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String where, Throwable cause) {
        super("the message broker at " + where + " did not answer: " + cause, cause);
    }
}

package dev.roomcast.backend;

import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * The decisions the core asks the backend for, before the fact. Each answer comes back later, never on the
 * caller's thread's time: a stage that completes with the backend's answer, or exceptionally with a
 * {@link BackendUnavailableException}. A room the proxy is not configured for is never asked about.
 */
public interface Proxies {

    /** Whether joins of {@code room} go to the backend first. */
    boolean vetsJoins(String room);

    CompletionStage<Verdict> join(Caller caller, String room);

    /** Whether messages to {@code room} go to the backend before they are numbered and delivered. */
    boolean vetsPublishes(String room);

    CompletionStage<Verdict> publish(Caller caller, String room, String text, String clientId);

    /** Whether handshakes without a token go to the backend's connect proxy, to be signed in by their cookies. */
    boolean connects();

    CompletionStage<SignIn> connect(ConnectRequest request);

    /** Whether a client's {@code rpc} has a backend to go to. */
    boolean answersRpc();

    CompletionStage<RpcAnswer> rpc(Caller caller, String method, JsonObject data);
}

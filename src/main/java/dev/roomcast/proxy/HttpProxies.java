package dev.roomcast.proxy;

import dev.roomcast.backend.BackendUnavailableException;
import dev.roomcast.backend.Caller;
import dev.roomcast.backend.ConnectRequest;
import dev.roomcast.backend.Node;
import dev.roomcast.backend.Proxies;
import dev.roomcast.backend.RpcAnswer;
import dev.roomcast.backend.SignIn;
import dev.roomcast.backend.Signature;
import dev.roomcast.backend.Verdict;
import dev.roomcast.config.Settings;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.metrics.Meters;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The proxies over HTTP (docs/backend-contract.yaml): every call is one signed JSON POST, asynchronous, bounded by
 * its proxy's timeout, and its answer is checked against the contract before anything is done with it. Calls are
 * counted and timed in {@code roomcast.proxy.calls}, by proxy and outcome ({@code allowed}, {@code refused},
 * {@code failed}).
 */
@ApplicationScoped
public class HttpProxies implements Proxies {

    private static final System.Logger LOG = System.getLogger(HttpProxies.class.getName());
    /** Kept, not looked up per call as {@code Json.createObjectBuilder()} would. */
    private static final JsonProvider JSON = JsonProvider.provider();
    /** The longest reason of a refusal passed on to a client. */
    static final int MAX_REASON_CHARS = 256;

    @Inject
    Meters meters;

    @Inject
    Settings chat;

    private ProxySettings settings;
    private HttpClient http;
    /**
     * The threads that wait for the backend, one per call in flight, at most {@code proxy-max-calls}. Not
     * {@code HttpClient.sendAsync}: the JDK completes its future through the common pool's default executor, which
     * on a machine of two cores or fewer starts a new thread per call; that thread was half the server's CPU of a
     * chat behind a publish proxy (docs/PERFORMANCE.md, "The backend's cost").
     */
    private ThreadPoolExecutor calls;

    /** Read at start, so that a bad setting stops the start. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        settings();
        List<String> on = Stream.of(settings.connect(), settings.join(), settings.publish(), settings.rpc())
                .filter(ProxySettings.Proxy::on).map(proxy -> proxy.name() + " " + proxy.url()).toList();
        LOG.log(System.Logger.Level.INFO, on.isEmpty() ? "proxies off: no roomcast.proxy-*-url" : "proxies on: " + on);
    }

    /** On first use (a handshake may come before the start's event is observed on some servers). */
    private synchronized ProxySettings settings() {
        if (settings == null) {
            use(ProxySettings.fromEnvironment());
        }
        return settings;
    }

    /** Calls the backend as {@code settings} say; the settings' own start, or a test's. */
    synchronized void use(ProxySettings settings) {
        this.settings = settings;
        http = HttpClient.newBuilder().build();
        AtomicInteger threads = new AtomicInteger();
        calls = new ThreadPoolExecutor(0, settings.maxCalls(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "roomcast-proxy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean vetsJoins(String room) {
        return settings().join().covers(room);
    }

    @Override
    public CompletionStage<Verdict> join(Caller caller, String room) {
        return call(settings().join(), caller(caller).add("room", room).build(), answer -> verdict(answer, false));
    }

    @Override
    public boolean vetsPublishes(String room) {
        return settings().publish().covers(room);
    }

    @Override
    public CompletionStage<Verdict> publish(Caller caller, String room, String text, String clientId) {
        JsonObjectBuilder request = caller(caller).add("room", room).add("text", text);
        if (clientId != null) {
            request.add("clientId", clientId);
        }
        return call(settings().publish(), request.build(), answer -> verdict(answer, true));
    }

    @Override
    public boolean answersRpc() {
        return settings().rpc().on();
    }

    @Override
    public CompletionStage<RpcAnswer> rpc(Caller caller, String method, JsonObject data) {
        JsonObjectBuilder request = caller(caller).add("method", method);
        if (data != null) {
            request.add("data", data);
        }
        return call(settings().rpc(), request.build(), HttpProxies::rpcAnswer);
    }

    @Override
    public boolean connects() {
        return settings().connect().on();
    }

    @Override
    public CompletionStage<SignIn> connect(ConnectRequest handshake) {
        JsonObjectBuilder request = JSON.createObjectBuilder().add("node", Node.NAME)
                .add("path", handshake.path())
                .add("cookies", object(handshake.cookies()))
                .add("headers", forwarded(handshake));
        if (handshake.address() != null) {
            request.add("address", handshake.address());
        }
        return call(settings().connect(), request.build(), HttpProxies::signIn);
    }

    private static JsonObjectBuilder caller(Caller caller) {
        JsonObjectBuilder request = JSON.createObjectBuilder().add("user", caller.user())
                .add("connection", caller.connection()).add("node", caller.node());
        if (caller.address() != null) {
            request.add("address", caller.address());
        }
        return request;
    }

    /** The headers {@code roomcast.proxy-connect-headers} names that the handshake has, by lower-case name. */
    private JsonObject forwarded(ConnectRequest handshake) {
        JsonObjectBuilder headers = JSON.createObjectBuilder();
        for (String name : settings.connectHeaders()) {
            String value = handshake.header().apply(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return headers.build();
    }

    private static JsonObject object(Map<String, String> values) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        values.forEach(object::add);
        return object.build();
    }

    /**
     * POSTs {@code request} to {@code proxy} and reads its answer with {@code read}, which throws
     * {@link ContractException} for an answer outside the contract. A connect proxy's 401 or 403 is its refusal;
     * any other status but 200 is a failure.
     */
    private <T> CompletionStage<T> call(ProxySettings.Proxy proxy, JsonObject request,
                                        Function<JsonObject, T> read) {
        String body = request.toString();
        HttpRequest post = Signature.post(proxy.url(), proxy.timeout(), settings.secrets(), body);
        Timer.Sample sample = Timer.start(meters.registry());
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = CompletableFuture.supplyAsync(() -> send(post), calls);
        } catch (RejectedExecutionException full) {
            sent = CompletableFuture.failedFuture(new ContractException("roomcast.proxy-max-calls (" + settings.maxCalls()
                    + ") calls are waiting for the backend already"));
        }
        return sent.orTimeout(proxy.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    try {
                        if (failure != null) {
                            throw new ContractException(describe(failure));
                        }
                        T answer = answer(proxy, response, read);
                        sample.stop(timer(proxy, outcome(answer)));
                        return answer;
                    } catch (ContractException e) {
                        sample.stop(timer(proxy, "failed"));
                        LOG.log(System.Logger.Level.WARNING, "the {0} proxy failed: {1}", proxy.name(), e.getMessage());
                        throw new BackendUnavailableException("the " + proxy.name() + " proxy failed: " + e.getMessage());
                    }
                });
    }

    /** One call, on a thread of {@link #calls}; the request's own timeout bounds the wait for the answer. */
    private HttpResponse<byte[]> send(HttpRequest post) {
        try {
            return http.send(post, responseInfo -> BoundedBody.of(settings.maxAnswerBytes()));
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    @PreDestroy
    void stop() {
        if (calls != null) {
            calls.shutdownNow();
        }
    }

    private <T> T answer(ProxySettings.Proxy proxy, HttpResponse<byte[]> response, Function<JsonObject, T> read) {
        int status = response.statusCode();
        if (proxy == settings.connect() && (status == 401 || status == 403)) {
            @SuppressWarnings("unchecked")
            T refusal = (T) SignIn.refused(status);
            return refusal;
        }
        if (status != 200) {
            throw new ContractException("HTTP " + status);
        }
        JsonObject answer;
        try {
            answer = JsonCodec.parseObject(new String(response.body(), StandardCharsets.UTF_8));
        } catch (InvalidMessageException e) {
            throw new ContractException("the answer is not a JSON object (" + e.getMessage() + ")");
        }
        return read.apply(answer);
    }

    private static String outcome(Object answer) {
        boolean refused = answer instanceof Verdict verdict && !verdict.allowed()
                || answer instanceof SignIn signIn && !signIn.allowed()
                || answer instanceof RpcAnswer rpc && rpc.errorCode() != null;
        return refused ? "refused" : "allowed";
    }

    private Timer timer(ProxySettings.Proxy proxy, String outcome) {
        return Timer.builder("roomcast.proxy.calls").tag("proxy", proxy.name()).tag("outcome", outcome)
                .description("Calls to the backend's proxies, by proxy and outcome").register(meters.registry());
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof BoundedBody.TooLargeException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** {@code {"allow": true|false, "reason"?, "text"?, "data"?}}; text and data only for a publish. */
    private Verdict verdict(JsonObject answer, boolean publish) {
        boolean allow = bool(answer, "allow");
        if (!allow) {
            String reason = string(answer, "reason", MAX_REASON_CHARS);
            return Verdict.refused(reason == null ? "refused by the application" : reason);
        }
        if (!publish) {
            return Verdict.ALLOWED;
        }
        String text = string(answer, "text", chat.maxTextChars());
        JsonObject data = null;
        JsonValue value = answer.get("data");
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ContractException("'data' must be a JSON object");
            }
            data = value.asJsonObject();
            int bytes = data.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > settings.maxDataBytes()) {
                throw new ContractException("'data' has " + bytes + " bytes, more than roomcast.proxy-max-data-bytes ("
                        + settings.maxDataBytes() + ")");
            }
        }
        return new Verdict(true, null, text, data);
    }

    /** {@code {"data": {...}}} or {@code {"error": {"code", "message"}}}. */
    private static RpcAnswer rpcAnswer(JsonObject answer) {
        JsonValue error = answer.get("error");
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL) {
            if (error.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ContractException("'error' must be an object");
            }
            String code = string(error.asJsonObject(), "code", 64);
            if (code == null) {
                throw new ContractException("'error.code' is required");
            }
            return new RpcAnswer(null, code, string(error.asJsonObject(), "message", MAX_REASON_CHARS));
        }
        JsonValue data = answer.get("data");
        if (data != null && data.getValueType() != JsonValue.ValueType.OBJECT
                && data.getValueType() != JsonValue.ValueType.NULL) {
            throw new ContractException("'data' must be a JSON object");
        }
        return new RpcAnswer(data == null || data.getValueType() == JsonValue.ValueType.NULL ? JsonValue.EMPTY_JSON_OBJECT
                : data.asJsonObject(), null, null);
    }

    /** {@code {"user", "rooms"?, "expiresAt"? (seconds since 1970)}}. */
    private static SignIn signIn(JsonObject answer) {
        String user = string(answer, "user", 64);
        if (user == null) {
            throw new ContractException("'user' is required");
        }
        List<String> rooms = null;
        JsonValue listed = answer.get("rooms");
        if (listed != null && listed.getValueType() != JsonValue.ValueType.NULL) {
            if (listed.getValueType() != JsonValue.ValueType.ARRAY
                    || !listed.asJsonArray().stream().allMatch(room -> room instanceof JsonString)) {
                throw new ContractException("'rooms' must be a list of strings");
            }
            rooms = listed.asJsonArray().getValuesAs(JsonString::getString);
        }
        Instant expiresAt = null;
        JsonValue expiry = answer.get("expiresAt");
        if (expiry != null && expiry.getValueType() != JsonValue.ValueType.NULL) {
            if (!(expiry instanceof JsonNumber number) || !number.isIntegral()) {
                throw new ContractException("'expiresAt' must be a whole number of seconds since 1970");
            }
            expiresAt = Instant.ofEpochSecond(number.longValue());
        }
        return new SignIn(user, rooms, expiresAt, 200);
    }

    private static boolean bool(JsonObject answer, String name) {
        JsonValue value = answer.get(name);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw new ContractException("'" + name + "' must be true or false");
    }

    /** The optional string field {@code name}, at most {@code max} characters. */
    private static String string(JsonObject answer, String name, int max) {
        JsonValue value = answer.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new ContractException("'" + name + "' must be a string");
        }
        if (text.getString().length() > max) {
            throw new ContractException("'" + name + "' is longer than " + max + " characters");
        }
        return text.getString();
    }

    /** An answer outside the contract, or none; the message says which, for the log. */
    private static final class ContractException extends RuntimeException {

        ContractException(String message) {
            super(message, null, false, false);
        }
    }
}

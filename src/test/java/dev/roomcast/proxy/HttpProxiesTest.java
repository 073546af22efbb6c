package dev.roomcast.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.roomcast.backend.BackendUnavailableException;
import dev.roomcast.backend.Caller;
import dev.roomcast.backend.Verdict;
import dev.roomcast.config.Settings;
import dev.roomcast.metrics.Meters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxies' bound on calls in flight, against a real HTTP backend in the test's JVM that answers when told. */
class HttpProxiesTest {

    private static final Caller CALLER = new Caller("alice", "c1", "node", "127.0.0.1");

    private final CountDownLatch answer = new CountDownLatch(1);
    private final CountDownLatch asked = new CountDownLatch(1);
    private HttpServer backend;
    private HttpProxies proxies;
    private Meters meters;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.setExecutor(Executors.newCachedThreadPool());
        backend.createContext("/publish", exchange -> {
            exchange.getRequestBody().readAllBytes();
            asked.countDown();
            try {
                answer.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"allow\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        meters = new Meters();
        meters.bindJvm();
        proxies = new HttpProxies();
        proxies.meters = meters;
        proxies.chat = Settings.from(Map.<String, String>of()::get);
        proxies.use(ProxySettings.from(Map.of(
                "proxy-publish-url", "http://127.0.0.1:" + backend.getAddress().getPort() + "/publish",
                "proxy-timeout-ms", "10000",
                "proxy-max-calls", "1",
                "backend-secrets", "a-secret-of-enough-length-0123456789")::get));
    }

    @AfterEach
    void stop() {
        answer.countDown();
        backend.stop(0);
        meters.close();
    }

    /** Past proxy-max-calls a call fails at once, naming the setting, and the call in flight still gets its answer. */
    @Test
    void aCallPastTheLimitIsRefusedAtOnceWhileTheOneInFlightIsAnswered() throws Exception {
        CompletableFuture<Verdict> first = proxies.publish(CALLER, "lobby", "one", "c-1").toCompletableFuture();
        assertTrue(asked.await(10, TimeUnit.SECONDS), "the first call reached the backend");

        CompletableFuture<Verdict> second = proxies.publish(CALLER, "lobby", "two", "c-2").toCompletableFuture();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> second.get(2, TimeUnit.SECONDS), "refused at once, not after the timeout");
        assertInstanceOf(BackendUnavailableException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("roomcast.proxy-max-calls (1)"), refused.getCause().getMessage());

        answer.countDown();
        assertTrue(first.get(10, TimeUnit.SECONDS).allowed(), "the call in flight is answered");
        assertEquals(1, meters.registry().find("roomcast.proxy.calls").tag("outcome", "failed").timers().stream()
                .mapToLong(timer -> timer.count()).sum(), "the refusal counted as a failed call");
    }
}

package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime-specific: the standalone runner as a user starts it, in its own JVM: it prints its URL, serves
 * the page and the endpoints on one port, on SIGTERM closes every session with 1001 and exits 0, and after
 * a restart tells resuming chat clients that the old history is gone.
 */
@Tag("standalone-only")
@Tag("own-servers")
class StandaloneRunnerIT {

    @Test
    void servesOnOnePortAndShutsDownCleanlyOnSigterm(@TempDir Path folder) throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(folder.resolve("runner.out"), "--host", "127.0.0.1",
                "--port", "0", "--dev")) {
            ServerUnderTest server = new ServerUnderTest(runner.awaitUrl());

            assertEquals(200, server.get("").statusCode());
            assertTrue(server.get("").body().contains("js/chat.js"), "the chat page is served at /");
            assertEquals(200, server.get("js/roomcast-client.js").statusCode());
            assertEquals(404, server.get("WEB-INF/beans.xml").statusCode());
            // Encoded slashes reach the server API's resources (a room "a/b" gets their 400), never the files beyond
            // webapp/ or under WEB-INF.
            assertEquals(404, server.get("WEB-INF%2Fbeans.xml").statusCode());
            assertNotEquals(200, server.get("..%2Fpom.xml").statusCode());
            assertNotEquals(200, server.get("js%2F..%2F..%2Fpom.xml").statusCode());
            assertEquals(200, server.get("health").statusCode());

            WsClient first = WsClient.connect(server.ws("ws/echo"));
            ChatClient second = ChatClient.connect(server, devToken(server, "alice"));
            first.send("before shutdown");
            assertEquals("Message text was: before shutdown", first.next());

            assertEquals(0, runner.stop());
            assertEquals(1001, first.awaitClose().code());
            assertEquals(1001, second.socket().awaitClose().code());
            runner.awaitLine("Roomcast stopped");
        }
    }

    @Test
    void aResumeAfterARestartIsToldTheEpochChanged(@TempDir Path folder) throws Exception {
        String port = String.valueOf(RunnerProcess.freePort());
        String epoch;
        try (RunnerProcess before = RunnerProcess.start(folder.resolve("before.out"), "--host", "127.0.0.1",
                "--port", port, "--dev")) {
            ServerUnderTest server = new ServerUnderTest(before.awaitUrl());
            try (ChatClient alice = ChatClient.connect(server, devToken(server, "alice"))) {
                epoch = alice.join("lobby").getString("epoch");
                alice.post("lobby", "before the restart");
                assertEquals(1, alice.expect("message").getJsonNumber("seq").longValue());
            }
            assertEquals(0, before.stop());
        }
        try (RunnerProcess after = RunnerProcess.start(folder.resolve("after.out"), "--host", "127.0.0.1",
                "--port", port, "--dev")) {
            ServerUnderTest server = new ServerUnderTest(after.awaitUrl());
            try (ChatClient alice = ChatClient.connect(server, devToken(server, "alice"))) {
                JsonObject joined = alice.resume("lobby", 1, epoch);
                assertEquals("reset", joined.getString("replay"));
                assertEquals("epoch_changed", joined.getString("reason"));
                assertTrue(!joined.getString("epoch").equals(epoch), "a new epoch");
                assertEquals(0, joined.getJsonNumber("seq").longValue(), "the old history is gone, and said so");
            }
        }
    }

    @Test
    void servesHttpsAndWssWithOneFlag(@TempDir Path folder) throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(folder.resolve("runner.out"), "--host", "127.0.0.1",
                "--port", "0", "--tls-self-signed")) {
            URI url = runner.awaitUrl();
            assertEquals("https", url.getScheme());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trustingEveryCertificate()).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(url.resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(404, trusting.send(HttpRequest.newBuilder(url.resolve("dev/token?name=x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "no development tokens without --dev");

            URI wss = new ServerUnderTest(url).ws("ws/echo");
            assertEquals("wss", wss.getScheme());
            try (WsClient client = WsClient.connect(trusting, wss, Map.of("Origin", WsClient.originOf(wss)))) {
                client.send("over TLS");
                assertEquals("Message text was: over TLS", client.next());
            }
        }
    }

    /** The runner's certificate is made at start, so the test trusts whatever it presents. */
    private static SSLContext trustingEveryCertificate() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }

    @Test
    void refusesABadPortWithUsage(@TempDir Path folder) throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(folder.resolve("runner.out"), "--port", "eighty")) {
            assertTrue(runner.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, runner.process().exitValue());
            runner.awaitLine("usage: roomcast");
        }
    }

    /** Headers with a token from the runner's development endpoint, as the page gets one. */
    static Map<String, String> devToken(ServerUnderTest server, String user) {
        HttpResponse<String> response = server.get("dev/token?name=" + user);
        assertEquals(200, response.statusCode(), response.body());
        return Map.of("Authorization", "Bearer " + ChatClient.parse(response.body()).getString("token"));
    }
}

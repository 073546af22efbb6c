package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime-specific: the server restarts under two open pages (the runner in its own JVM, development mode,
 * one secret across both runs). Both pages reconnect on their own, a message typed while the server was away
 * is sent once after the reconnect, never lost and never shown twice, and the changed epoch is announced.
 */
@Tag("standalone-only")
class ChatPageRestartIT {

    private static final Map<String, String> SAME_SECRET =
            Map.of("ROOMCAST_JWT_SECRET", "restart-test-secret-that-is-long-enough");

    @Test
    void pagesSurviveARestartAndSendWhatWasTypedMeanwhileOnce(@TempDir Path folder) throws Exception {
        String port = String.valueOf(RunnerProcess.freePort());
        String[] args = {"--host", "127.0.0.1", "--port", port, "--dev"};
        RunnerProcess first = RunnerProcess.start(folder.resolve("first.out"), SAME_SECRET, args);
        try (Browser aliceBrowser = new Browser(); Browser bobBrowser = new Browser()) {
            ServerUnderTest server = new ServerUnderTest(first.awaitUrl());
            ChatPage alice = ChatPage.signInByName(aliceBrowser, server, "alice");
            alice.join("lobby");
            ChatPage bob = ChatPage.signInByName(bobBrowser, server, "bob");
            bob.join("lobby");
            alice.say("before the restart");
            bob.awaitMessage("before the restart");

            assertEquals(0, first.stop());
            alice.awaitState("reconnecting");
            bob.awaitState("reconnecting");
            alice.say("typed while the server was away");
            assertEquals(1, alice.countPending("typed while the server was away"), "shown as pending meanwhile");

            try (RunnerProcess second = RunnerProcess.start(folder.resolve("second.out"), SAME_SECRET, args)) {
                second.awaitUrl();
                alice.awaitState("connected");
                bob.awaitState("connected");
                bob.assertShownOnce("typed while the server was away");
                alice.assertShownOnce("typed while the server was away");
                alice.awaitLogContaining("history was reset");
                bob.awaitLogContaining("history was reset");
                alice.say("after the restart");
                bob.assertShownOnce("after the restart");
            }
        } finally {
            first.close();
        }
    }
}

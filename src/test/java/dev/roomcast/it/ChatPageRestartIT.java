package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Runtime-specific: the server restarts under open pages (the runner in its own JVM, development mode). With
 * one secret across both runs, both pages reconnect on their own, a message typed while the server was away
 * is sent once after the reconnect, never lost and never shown twice, the changed epoch is announced with a
 * divider while what was seen stays, and the people who come back are not announced as joining again. With
 * a new secret (a plain {@code --dev} restart makes one), the old tokens are refused: a page signed in by name
 * gets a new development token through the client's {@code getToken} and carries on, and a page signed in with
 * a pasted token, which it cannot renew, sends its user back to sign-in.
 */
@Tag("standalone-only")
@Tag("own-servers")
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

                alice.assertShownOnce("before the restart"); // seen before the reset, and still there
                bob.assertShownOnce("before the restart");
                assertEquals(1, alice.countEntries("bob joined"), "bob came back, he did not join again: "
                        + alice.logText());
                assertEquals(1, aliceBrowser.driver().findElements(By.cssSelector("#log li.divider")).size());
            }
        } finally {
            first.close();
        }
    }

    /** Tried as a new user would: after a --dev restart the page stayed "reconnecting…" forever. */
    @Test
    void aRestartWithANewSecretRenewsANamedSignInAndSendsAPastedTokenBackToSignIn(@TempDir Path folder)
            throws Exception {
        String port = String.valueOf(RunnerProcess.freePort());
        String[] args = {"--host", "127.0.0.1", "--port", port, "--dev"};
        RunnerProcess first = RunnerProcess.start(folder.resolve("first.out"), args);
        try (Browser byName = new Browser(); Browser byToken = new Browser()) {
            ServerUnderTest before = new ServerUnderTest(first.awaitUrl());
            ChatPage alice = ChatPage.signInByName(byName, before, "alice");
            alice.join("lobby");
            String pasted = ChatClient.parse(before.get("dev/token?name=bob").body()).getString("token");
            ChatPage bob = ChatPage.signInWithToken(byToken, before, pasted);
            bob.join("lobby");
            assertEquals(0, first.stop());
            alice.awaitState("reconnecting");
            try (RunnerProcess second = RunnerProcess.start(folder.resolve("second.out"), args)) {
                second.awaitUrl();
                assertTrue(bob.awaitSignInAgain().contains("sign in again"));
                alice.awaitState("connected"); // with a new development token for the same name
                alice.say("renewed");
                alice.assertShownOnce("renewed");
            }
        } finally {
            first.close();
        }
    }
}

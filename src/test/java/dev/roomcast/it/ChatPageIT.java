package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Browser;
import dev.roomcast.testing.ChatPage;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/** The chat page in real headless Chromium: two people chat, see each other, and markup stays text. */
class ChatPageIT extends RoomcastSuite {

    static final String XSS = "<img src=x onerror=alert(1)>";

    @Test
    void twoPeopleChatSeeEachOtherAndMarkupStaysText() throws Exception {
        String room = ChatProtocolIT.room();
        try (Browser aliceBrowser = new Browser()) {
            ChatPage alice = ChatPage.signInWithToken(aliceBrowser, server, TestTokens.valid("alice"));
            alice.join(room);
            Browser bobBrowser = new Browser();
            ChatPage bob = ChatPage.signInWithToken(bobBrowser, server, TestTokens.valid("bob"));
            bob.join(room);

            alice.awaitMember("bob");
            bob.awaitMember("alice");

            alice.say("Hello Bob!");
            bob.awaitMessage("Hello Bob!");
            alice.assertShownOnce("Hello Bob!");

            bob.say(XSS);
            alice.awaitMessage(XSS);
            assertTrue(aliceBrowser.driver().findElements(By.cssSelector("#log img")).isEmpty(), "no element injected");
            bob.say("Nice to see you, Alice.");
            alice.awaitMessage("Nice to see you, Alice.");

            // README's screenshots, made on request (mvn verify -Droomcast.screenshots=true), so that a test run
            // leaves the work tree as it found it.
            if (Boolean.getBoolean("roomcast.screenshots") && runtime().equals("standalone")) {
                Files.write(Path.of("docs", "chat-page.png"), aliceBrowser.driver().getScreenshotAs(OutputType.BYTES));
                aliceBrowser.driver().manage().window().setSize(new Dimension(390, 844)); // a phone
                alice.awaitMessage("Nice to see you, Alice.");
                Files.write(Path.of("docs", "chat-page-phone.png"),
                        aliceBrowser.driver().getScreenshotAs(OutputType.BYTES));
                aliceBrowser.driver().manage().window().setSize(new Dimension(1200, 900));
                aliceBrowser.driver().executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                        java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
                alice.awaitMessage("Nice to see you, Alice.");
                Files.write(Path.of("docs", "chat-page-dark.png"),
                        aliceBrowser.driver().getScreenshotAs(OutputType.BYTES));
                aliceBrowser.driver().executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                        java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "light"))));
            }

            bobBrowser.close(); // Bob closes his browser: after the grace period he is gone for Alice
            alice.awaitMemberGone("bob");
            alice.awaitLogContaining("bob left");
        }
    }
}

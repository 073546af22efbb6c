package dev.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page (webapp/index.html) in a real browser, operated as a person would. */
public final class ChatPage {

    private final Browser browser;

    private ChatPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the page and signs in with a pasted token. */
    public static ChatPage signInWithToken(Browser browser, ServerUnderTest server, String token) {
        browser.open(server.http(""));
        browser.driver().findElement(By.id("signin-token")).sendKeys(token);
        browser.driver().findElement(By.id("signin-button")).click();
        ChatPage page = new ChatPage(browser);
        page.awaitState("connected");
        return page;
    }

    /** The page already open in {@code browser}, however it was signed in. */
    public static ChatPage attach(Browser browser) {
        return new ChatPage(browser);
    }

    /** Opens the page and submits a token, without waiting for the connection (which may be refused). */
    public static ChatPage submitToken(Browser browser, ServerUnderTest server, String token) {
        browser.open(server.http(""));
        browser.driver().findElement(By.id("signin-token")).sendKeys(token);
        browser.driver().findElement(By.id("signin-button")).click();
        return new ChatPage(browser);
    }

    /** Opens the page and signs in by name, which the runner's development mode turns into a token. */
    public static ChatPage signInByName(Browser browser, ServerUnderTest server, String name) {
        browser.open(server.http(""));
        browser.driver().findElement(By.id("signin-name")).sendKeys(name, Keys.ENTER);
        ChatPage page = new ChatPage(browser);
        page.awaitState("connected");
        return page;
    }

    public void join(String room) {
        browser.driver().findElement(By.id("join-room")).sendKeys(room, Keys.ENTER);
        browser.awaitText(By.id("room-title"), room);
    }

    public void say(String text) {
        browser.driver().findElement(By.id("composer-text")).sendKeys(text, Keys.ENTER);
    }

    public void awaitState(String label) {
        browser.awaitText(By.id("state"), label);
    }

    public void awaitMember(String user) {
        wait(() -> members().contains(user), "member " + user + " in " + members());
    }

    public void awaitMemberGone(String user) {
        wait(() -> !members().contains(user), "member " + user + " gone from " + members());
    }

    public List<String> members() {
        return browser.driver().findElements(By.cssSelector("#members li")).stream().map(WebElement::getText).toList();
    }

    /** Waits until a message with exactly {@code text} is in the log, sent (not pending). */
    public void awaitMessage(String text) {
        wait(() -> countSent(text) >= 1, "message '" + text + "' in the log");
    }

    public void awaitLogContaining(String text) {
        wait(() -> logText().contains(text), "'" + text + "' in the log");
    }

    /** Messages in the log whose text is exactly {@code text} and that are no longer pending. */
    public long countSent(String text) {
        return entries().stream()
                .filter(item -> !item.getAttribute("class").contains("pending"))
                .filter(item -> item.findElements(By.className("text")).stream().anyMatch(t -> t.getText().equals(text)))
                .count();
    }

    public long countPending(String text) {
        return entries().stream()
                .filter(item -> item.getAttribute("class").contains("pending"))
                .filter(item -> item.findElements(By.className("text")).stream().anyMatch(t -> t.getText().equals(text)))
                .count();
    }

    /** Waits until the sign-in form is back in place of the chat, and returns what it says went wrong. */
    public String awaitSignInAgain() {
        wait(() -> browser.driver().findElement(By.id("signin")).isDisplayed()
                && !browser.driver().findElement(By.id("chat")).isDisplayed(), "the sign-in form instead of the chat");
        return browser.driver().findElement(By.id("signin-error")).getText();
    }

    /** How many log entries read exactly {@code text} (notices such as "bob joined" included). */
    public long countEntries(String text) {
        return entries().stream().filter(item -> item.getText().equals(text)).count();
    }

    public String logText() {
        return browser.driver().findElement(By.id("log")).getText();
    }

    public Browser browser() {
        return browser;
    }

    /** Asserts that {@code text} shows exactly once, sent, however long the page has to settle. */
    public void assertShownOnce(String text) {
        awaitMessage(text);
        wait(() -> countPending(text) == 0, "'" + text + "' no longer pending");
        assertEquals(1, countSent(text), "'" + text + "' exactly once in " + logText());
    }

    private List<WebElement> entries() {
        return browser.driver().findElements(By.cssSelector("#log li"));
    }

    private void wait(java.util.function.BooleanSupplier condition, String what) {
        new WebDriverWait(browser.driver(), WsClient.PATIENCE)
                .pollingEvery(Duration.ofMillis(100))
                .withMessage(() -> "waited for " + what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }
}

package dev.roomcast.message;

/** What a tutorial JSON client sends: {@code {"text": "..."}}. */
public record TutorialMessage(String text) {
}

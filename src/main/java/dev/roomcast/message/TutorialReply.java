package dev.roomcast.message;

/** The tutorial's JSON answer: {@code {"message": "Received: ..."}}. */
public record TutorialReply(String message) {

    public static TutorialReply received(TutorialMessage message) {
        return new TutorialReply("Received: " + message.text());
    }
}

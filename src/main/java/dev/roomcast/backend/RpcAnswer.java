package dev.roomcast.backend;

import jakarta.json.JsonObject;

/** The backend's answer to a client's {@code rpc}: its {@code data}, or an {@code error} it names (code and message). */
public record RpcAnswer(JsonObject data, String errorCode, String errorMessage) {
}

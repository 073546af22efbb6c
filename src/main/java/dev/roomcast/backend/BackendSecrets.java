package dev.roomcast.backend;

import dev.roomcast.config.SettingReader;
import java.util.List;

/** {@code roomcast.backend-secrets}: the keys that sign every request to the backend ({@link Signature}). */
public final class BackendSecrets {

    private BackendSecrets() {
    }

    /** The secrets, required because {@code neededBy} (a webhook or proxy URL setting) is set. */
    public static List<String> required(SettingReader read, String neededBy) {
        List<String> secrets = read.list("backend-secrets", List.of());
        if (secrets.isEmpty()) {
            throw SettingReader.invalid("backend-secrets", "is required with roomcast." + neededBy
                    + ": every request to the backend is signed");
        }
        for (String secret : secrets) {
            if (secret.length() < Signature.MIN_SECRET_CHARS) {
                throw SettingReader.invalid("backend-secrets", "each secret must be at least "
                        + Signature.MIN_SECRET_CHARS + " characters; one has " + secret.length());
            }
        }
        return secrets;
    }
}

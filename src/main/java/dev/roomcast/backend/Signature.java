package dev.roomcast.backend;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How every request to the backend is signed, a webhook batch or a proxy call (docs/backend-contract.yaml,
 * "Signatures"): HMAC-SHA256 over the timestamp, a dot, and the body exactly as sent, in hex, once per secret of
 * {@code roomcast.backend-secrets}: {@code Roomcast-Signature: v1=<hex>,v1=<hex>}, so that the backend can move from
 * one secret to the next without refusing a request. The timestamp ({@code Roomcast-Timestamp}, seconds since 1970)
 * is signed too, so that a receiver can refuse an old request replayed by someone who recorded it.
 */
public final class Signature {

    public static final String TIMESTAMP_HEADER = "Roomcast-Timestamp";
    public static final String SIGNATURE_HEADER = "Roomcast-Signature";
    /** The shortest secret: a signature key must be hard to guess. */
    public static final int MIN_SECRET_CHARS = 32;

    private Signature() {
    }

    /** The {@code Roomcast-Signature} value for {@code body} sent at {@code timestamp}, with each of {@code secrets}. */
    public static String of(List<String> secrets, long timestamp, String body) {
        byte[] signed = (timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(secret -> "v1=" + hmac(secret, signed)).collect(Collectors.joining(","));
    }

    private static String hmac(String secret, byte[] signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}

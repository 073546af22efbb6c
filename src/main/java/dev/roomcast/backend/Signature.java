package dev.roomcast.backend;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
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

    /**
     * The one way Roomcast calls the backend: a JSON POST of {@code body} to {@code url}, signed now with each of
     * {@code secrets}, given up after {@code timeout}. Webhook batches and proxy calls alike.
     */
    public static HttpRequest post(URI url, Duration timeout, List<String> secrets, String body) {
        long timestamp = System.currentTimeMillis() / 1000;
        return HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Roomcast")
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, of(secrets, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
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

package dev.roomcast.proxy;

import dev.roomcast.backend.BackendSecrets;
import dev.roomcast.config.RoomPatterns;
import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The proxies' settings (docs/CONFIGURATION.md, "Proxies"). Each proxy is off until its URL is set.
 *
 * @param connect where handshakes without a token go, to be signed in by cookie
 * @param connectHeaders the request headers besides {@code Cookie} that the connect proxy forwards (lower case)
 * @param join where joins go
 * @param publish where messages go before they are numbered
 * @param rpc where clients' {@code rpc} requests go
 * @param secrets {@code roomcast.backend-secrets}, which sign each request; required with any URL
 * @param maxAnswerBytes the largest answer read; a larger one is a failure
 * @param maxDataBytes the largest {@code data} object a publish proxy may attach to a message
 * @param maxCalls calls that may wait for the backend at once, each on a thread; past it, a call fails at once
 */
public record ProxySettings(Proxy connect, List<String> connectHeaders, Proxy join, Proxy publish, Proxy rpc,
                            List<String> secrets, int maxAnswerBytes, int maxDataBytes, int maxCalls) {

    /** One proxy: its URL (null: off), its timeout, and the rooms it is asked about. */
    public record Proxy(String name, URI url, Duration timeout, RoomPatterns rooms) {

        boolean on() {
            return url != null;
        }

        boolean covers(String room) {
            return url != null && rooms.matches(room);
        }
    }

    public static ProxySettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static ProxySettings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        int timeout = read.integer("proxy-timeout-ms", 3_000, 1);
        Proxy connect = proxy(read, "connect", timeout);
        Proxy join = proxy(read, "join", timeout);
        Proxy publish = proxy(read, "publish", timeout);
        Proxy rpc = proxy(read, "rpc", timeout);
        List<String> secrets = Stream.of(connect, join, publish, rpc).filter(Proxy::on).findFirst()
                .map(first -> BackendSecrets.required(read, "proxy-" + first.name() + "-url")).orElse(List.of());
        return new ProxySettings(connect,
                read.list("proxy-connect-headers", List.of()).stream().map(name -> name.toLowerCase(Locale.ROOT)).toList(),
                join, publish, rpc, secrets,
                read.integer("proxy-max-answer-bytes", 64 * 1024, 1),
                read.integer("proxy-max-data-bytes", 4 * 1024, 2),
                read.integer("proxy-max-calls", 256, 1));
    }

    private static Proxy proxy(SettingReader read, String name, int defaultTimeout) {
        return new Proxy(name, read.httpUrl("proxy-" + name + "-url"),
                Duration.ofMillis(read.integer("proxy-" + name + "-timeout-ms", defaultTimeout, 1)),
                RoomPatterns.of(read.list("proxy-" + name + "-rooms", List.of("*"))));
    }
}

package dev.roomcast.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package, which {@code mvn verify} installs when missing) on a free loopback port,
 * scraping one server's {@code /metrics} every second with an API credential, as an operator's would; queried
 * through its HTTP API. Also runs {@code promtool}, which comes with it.
 */
public final class Prometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final URI api;

    private Prometheus(Process process, URI api) {
        this.process = process;
        this.api = api;
    }

    /** Starts Prometheus in {@code folder}, scraping {@code server} as the job "roomcast" with {@code bearer}. */
    public static Prometheus scraping(Path folder, ServerUnderTest server, String bearer) throws Exception {
        Files.createDirectories(folder);
        URI metrics = server.http("metrics");
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: roomcast",
                "    scheme: " + metrics.getScheme(),
                "    metrics_path: " + metrics.getPath(),
                "    authorization:",
                "      credentials: " + bearer,
                "    tls_config:",
                "      insecure_skip_verify: true",
                "    static_configs:",
                "      - targets: ['" + metrics.getHost() + ":" + metrics.getPort() + "']",
                ""));
        int port = RunnerProcess.freePort();
        Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.out").toFile()).start();
        Prometheus prometheus = new Prometheus(process, URI.create("http://127.0.0.1:" + port + "/"));
        Eventually.await("Prometheus ready", Duration.ofSeconds(30), prometheus::ready, Boolean::booleanValue);
        return prometheus;
    }

    /** Runs {@code promtool} with {@code args} in {@code folder}; returns its output, failing on a non-zero exit. */
    public static String promtool(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("promtool " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    /** The result of an instant query: {@code data.result}, one object per series. */
    public List<JsonObject> query(String promql) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve("api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
            if (response.statusCode() != 200 || !"success".equals(body.getString("status"))) {
                throw new AssertionError(promql + ": " + response.statusCode() + " " + response.body());
            }
            return body.getJsonObject("data").getJsonArray("result").getValuesAs(JsonObject.class);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("Prometheus did not answer " + promql, e);
        }
    }

    /** A series' value, from an instant query's result. */
    public static double value(JsonObject series) {
        return Double.parseDouble(series.getJsonArray("value").getString(1));
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(api.resolve("-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

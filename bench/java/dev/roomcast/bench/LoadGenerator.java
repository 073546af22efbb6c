package dev.roomcast.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for Roomcast and its reference peer, built on the JDK's own WebSocket client (a different
 * implementation from Tyrus, Undertow and Node's ws). Talks to a running server on loopback only; every
 * loop is bounded in time. Prints one "key=value" line per result, which bench/run turns into a table.
 *
 * <pre>
 * java dev.roomcast.bench.LoadGenerator echo      BASE_URL PID connections seconds
 * java dev.roomcast.bench.LoadGenerator json      BASE_URL PID connections seconds
 * java dev.roomcast.bench.LoadGenerator broadcast BASE_URL PID subscribers senders ratePerSender seconds
 * java dev.roomcast.bench.LoadGenerator idle      BASE_URL PID connections
 * java dev.roomcast.bench.LoadGenerator chat      SENDER_URL SUBSCRIBER_URL PID,PID,... subscribers senders
 *                                                 ratePerSender seconds
 * </pre>
 *
 * <p>A rate of 0 means saturation: each sender keeps {@value #WINDOW} messages in flight, sending the next
 * one as soon as every subscriber has received one of its earlier ones, so the server runs as fast as it
 * can deliver to everyone and no queue grows without bound. For chat, tokens come from the node's
 * {@code /dev/token} (the standalone runner with {@code --dev}) or, when {@code ROOMCAST_JWT_SECRET} is set
 * for the generator, are signed here with that secret (HS256), as an application would.
 */
public final class LoadGenerator {

    /** Daemon threads, so that a scenario that fails ends the generator instead of leaving it waiting. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            }))
            .build();

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    /** Messages each saturating sender keeps in flight. */
    static final int WINDOW = 64;
    private static final Pattern TEXT = Pattern.compile("\"text\":\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        if (scenario.equals("chat")) {
            List<Long> pids = Arrays.stream(args[3].split(",")).map(Long::valueOf).toList();
            chat(URI.create(args[1]), URI.create(args[2]), pids, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]));
            System.exit(0);
        }
        URI base = URI.create(args[1]);
        long pid = Long.parseLong(args[2]);
        switch (scenario) {
            case "echo" -> roundTrips("echo", base.resolve("ws/echo"), "Hello, FastAPI Server!", pid,
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "json" -> roundTrips("json", base.resolve("ws/json"), "{\"text\":\"Hello, FastAPI Server!\"}", pid,
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "broadcast" -> broadcast(base, pid, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "idle" -> idle(base, pid, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.exit(0);
    }

    /**
     * Closed loop: every connection sends {@code message}, waits for the answer, sends again. Every answer must
     * contain the text sent (the echo's prefix or the JSON reply's field around it); one that does not fails the run.
     */
    static void roundTrips(String scenario, URI uri, String message, long pid, int connections, int seconds)
            throws Exception {
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Latencies> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            Latencies latencies = new Latencies();
            all.add(latencies);
            long[] sentAt = new long[1];
            WebSocket socket = new Client() {
                @Override
                void onMessage(WebSocket socket, String text) {
                    if (!text.contains("Hello, FastAPI Server!")) {
                        System.err.println(scenario + ": unexpected answer " + text);
                        System.exit(1);
                    }
                    long now = System.nanoTime();
                    if (now > warmupEnd) {
                        latencies.add(now - sentAt[0]);
                    }
                    if (now < end) {
                        sentAt[0] = System.nanoTime();
                        socket.sendText(message, true);
                    } else {
                        done.countDown();
                    }
                }
            }.connect(uri);
            sentAt[0] = System.nanoTime();
            socket.sendText(message, true);
        }
        // CPU is read over the counted window only (it used to include the warm-up, which made every server's
        // cost per round trip look 20% higher), the server's and this generator's own.
        TimeUnit.NANOSECONDS.sleep(Math.max(0, warmupEnd - System.nanoTime()));
        long cpuBefore = cpuTicks(pid);
        long ownBefore = ownCpuNanos();
        done.await(seconds + 30L, TimeUnit.SECONDS);
        long cpuAfter = cpuTicks(pid);
        long ownAfter = ownCpuNanos();
        Latencies merged = Latencies.merge(all);
        print(scenario, Map.of("connections", connections, "round_trips_per_s", merged.size() / (double) seconds,
                "p50_us", merged.percentile(50) / 1e3, "p99_us", merged.percentile(99) / 1e3,
                "cpu_us_per_round_trip", ticksToMicros(cpuAfter - cpuBefore) / Math.max(1, merged.size()),
                "client_cpu_us_per_round_trip", (ownAfter - ownBefore) / 1e3 / Math.max(1, merged.size())));
    }

    /** S senders at a fixed rate; N subscribers count, time and check every delivery. */
    static void broadcast(URI base, long pid, int subscribers, int senders, int ratePerSender, int seconds)
            throws Exception {
        URI uri = base.resolve("ws/broadcast");
        fanOut("broadcast", new Fanout() {
            @Override
            public WebSocket connect(boolean sender, int index, Client client) {
                return client.connect(uri);
            }

            @Override
            public String send(String payload) {
                return payload;
            }

            @Override
            public String payloadOf(String received) {
                // "New message: <payload>"
                return received.startsWith("New message: ") ? received.substring("New message: ".length()) : null;
            }
        }, List.of(pid), subscribers, senders, ratePerSender, seconds);
    }

    /**
     * The same fan-out through the chat protocol, one room: senders post on {@code senderBase}, subscribers
     * read on {@code subscriberBase} (another node of a cluster, or the same server). Tokens come from each
     * node's development endpoint; the CPU is that of every process in {@code pids} (nodes and broker).
     */
    static void chat(URI senderBase, URI subscriberBase, List<Long> pids, int subscribers, int senders,
                     int ratePerSender, int seconds) throws Exception {
        // A room of its own, so that a join's replay of an earlier run is not counted as this run's deliveries.
        String room = "bench-" + Long.toString(System.nanoTime(), 36);
        fanOut("chat", new Fanout() {
            @Override
            public WebSocket connect(boolean sender, int index, Client client) throws Exception {
                URI base = sender ? senderBase : subscriberBase;
                String user = (sender ? "sender" : "reader") + index;
                WebSocket socket = client.connect(base.resolve("ws/chat"), token(base, user));
                socket.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true).join();
                return socket;
            }

            @Override
            public String send(String payload) {
                return "{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + payload + "\"}";
            }

            @Override
            public String payloadOf(String received) {
                if (!received.startsWith("{\"type\":\"message\"")) {
                    return null; // welcome, joined, presence
                }
                Matcher text = TEXT.matcher(received);
                return text.find() ? text.group(1) : null;
            }
        }, pids, subscribers, senders, ratePerSender, seconds);
    }

    /** A token for {@code user}: signed here if the generator has the secret, else from the node's /dev/token. */
    static String token(URI base, String user) throws Exception {
        String secret = System.getenv("ROOMCAST_JWT_SECRET");
        if (secret != null && !secret.isEmpty()) {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String claims = base64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":"
                    + (System.currentTimeMillis() / 1000 + 3600) + "}").getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signed = header + "." + claims;
            return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        }
        String body = HTTP.send(HttpRequest.newBuilder(base.resolve("dev/token?name=" + user)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = TOKEN.matcher(body);
        if (!token.find()) {
            throw new IllegalStateException("no token from " + base + " (is it running with --dev?): " + body);
        }
        return token.group(1);
    }

    /** How a fan-out scenario connects, wraps a payload for sending, and finds it in what a subscriber reads. */
    private interface Fanout {
        WebSocket connect(boolean sender, int index, Client client) throws Exception;

        String send(String payload);

        /** The payload ("m sender seq nanotime" or "warmup") in a received text, or null if it has none. */
        String payloadOf(String received);
    }

    private static void fanOut(String scenario, Fanout protocol, List<Long> pids, int subscribers, int senders,
                               int ratePerSender, int seconds) throws Exception {
        List<Latencies> latencies = new ArrayList<>();
        List<long[]> received = new ArrayList<>(); // per subscriber: count of measured messages
        // Saturation: per sender, the receipts of each message in flight (by seq modulo the window), and the
        // window's free places; a message received by every subscriber frees its place.
        AtomicInteger[][] receipts = new AtomicInteger[senders][WINDOW];
        Semaphore[] window = new Semaphore[senders];
        for (int s = 0; s < senders; s++) {
            window[s] = new Semaphore(WINDOW);
            for (int w = 0; w < WINDOW; w++) {
                receipts[s][w] = new AtomicInteger();
            }
        }
        AtomicLong warmups = new AtomicLong();
        List<WebSocket> subscriberSockets = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Latencies mine = new Latencies();
            long[] count = new long[2]; // [0] measured messages, [1] warm-ups seen
            latencies.add(mine);
            received.add(count);
            subscriberSockets.add(protocol.connect(false, i, new Client() {
                @Override
                void onMessage(WebSocket socket, String text) {
                    String payload = protocol.payloadOf(text);
                    if (payload == null) {
                        return;
                    }
                    if (payload.startsWith("m ")) {
                        String[] parts = payload.split(" ");
                        mine.add(System.nanoTime() - Long.parseLong(parts[3]));
                        count[0]++;
                        int sender = Integer.parseInt(parts[1]);
                        AtomicInteger seen = receipts[sender][(int) (Long.parseLong(parts[2]) % WINDOW)];
                        if (seen.incrementAndGet() == subscribers) {
                            seen.set(0);
                            window[sender].release();
                        }
                    } else if (count[1]++ == 0) {
                        warmups.incrementAndGet();
                    }
                }
            }));
        }
        List<WebSocket> senderSockets = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            senderSockets.add(protocol.connect(true, i, new Client()));
        }
        // Every subscriber must be registered before measuring: repeat a warm-up until all have seen one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (warmups.get() < subscribers && System.nanoTime() < deadline) {
            senderSockets.get(0).sendText(protocol.send("warmup"), true).join();
            Thread.sleep(100);
        }
        Thread.sleep(500);

        ScheduledExecutorService pacing = Executors.newScheduledThreadPool(senders);
        long[] sent = new long[senders];
        long cpuBefore = cpuTicks(pids);
        long start = System.nanoTime();
        long stop = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int s = 0; s < senders; s++) {
            int id = s;
            WebSocket socket = senderSockets.get(s);
            Runnable sendOne = () -> socket.sendText(protocol.send("m " + id + " " + sent[id]++ + " " + System.nanoTime()),
                    true).join();
            if (ratePerSender > 0) {
                pacing.scheduleAtFixedRate(() -> {
                    if (System.nanoTime() < stop) {
                        sendOne.run();
                    }
                }, 0, 1_000_000L / ratePerSender, TimeUnit.MICROSECONDS);
            } else {
                pacing.execute(() -> {
                    try {
                        while (System.nanoTime() < stop) {
                            if (window[id].tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                sendOne.run();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        pacing.shutdown();
        pacing.awaitTermination(5, TimeUnit.SECONDS);
        long totalSent = Arrays.stream(sent).sum();
        long expected = totalSent * subscribers;
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (received.stream().mapToLong(c -> c[0]).sum() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(50);
        }
        long elapsed = System.nanoTime() - start;
        long cpuAfter = cpuTicks(pids);
        long deliveries = received.stream().mapToLong(c -> c[0]).sum();
        Latencies merged = Latencies.merge(latencies);
        Map<String, Object> result = new HashMap<>();
        result.put("subscribers", subscribers);
        result.put("senders", senders);
        result.put("rate", ratePerSender == 0 ? "saturated" : String.valueOf(ratePerSender));
        result.put("sent", totalSent);
        result.put("deliveries", deliveries);
        result.put("lost", expected - deliveries);
        result.put("deliveries_per_s", deliveries / (elapsed / 1e9));
        result.put("p50_us", merged.percentile(50) / 1e3);
        result.put("p99_us", merged.percentile(99) / 1e3);
        result.put("cpu_us_per_delivery", ticksToMicros(cpuAfter - cpuBefore) / Math.max(1, deliveries));
        print(scenario, result);
        subscriberSockets.forEach(WebSocket::abort);
        senderSockets.forEach(WebSocket::abort);
    }

    /**
     * Opens idle connections and reports the server's resident memory per connection: the slope between a
     * third of them and all of them, so that what a server touches once whatever the count (a JVM's young
     * generation, filled by the handshakes' garbage; buffers a runtime keeps after first use) is not
     * counted as the connections' cost. The raw figures are printed too.
     */
    static void idle(URI base, long pid, int connections) throws Exception {
        URI uri = base.resolve("ws/echo");
        long before = rssKib(pid);
        int third = connections / 3;
        List<WebSocket> open = openIdle(uri, third);
        Thread.sleep(3000);
        long atThird = rssKib(pid);
        open.addAll(openIdle(uri, connections - third));
        Thread.sleep(3000);
        long after = rssKib(pid);
        print("idle", Map.of("connections", open.size(), "rss_before_kib", before, "rss_at_third_kib", atThird,
                "rss_after_kib", after, "rss_kib_per_connection", (after - atThird) / (double) (open.size() - third)));
        open.forEach(WebSocket::abort);
    }

    private static List<WebSocket> openIdle(URI uri, int count) {
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.add(new Client().connectAsync(uri));
            if (opening.size() == 200) {
                opening.forEach(f -> open.add(f.join()));
                opening.clear();
            }
        }
        opening.forEach(f -> open.add(f.join()));
        return open;
    }

    private static long cpuTicks(long pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime, in clock ticks
    }

    private static long cpuTicks(List<Long> pids) throws Exception {
        long ticks = 0;
        for (long pid : pids) {
            ticks += cpuTicks(pid);
        }
        return ticks;
    }

    /** This generator's own CPU time, every thread's. */
    private static long ownCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double ticksToMicros(long ticks) {
        return ticks * 10_000.0; // USER_HZ is 100 on Linux
    }

    static long rssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void print(String scenario, Map<String, Object> values) {
        StringBuilder line = new StringBuilder("result scenario=" + scenario);
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Object value = entry.getValue();
            line.append(' ').append(entry.getKey()).append('=')
                    .append(value instanceof Double d ? String.format("%.2f", d) : value);
        });
        System.out.println(line);
    }

    /** A WebSocket whose whole text messages go to {@link #onMessage}; sends the Origin a page would. */
    static class Client implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        void onMessage(WebSocket socket, String text) {
        }

        WebSocket connect(URI uri) {
            return connectAsync(uri).join();
        }

        /** With a bearer token, as the chat endpoint wants. */
        WebSocket connect(URI uri, String token) {
            return builder(uri).header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(uri.toString().replaceFirst("^http", "ws")), this).join();
        }

        CompletableFuture<WebSocket> connectAsync(URI uri) {
            return builder(uri).buildAsync(URI.create(uri.toString().replaceFirst("^http", "ws")), this);
        }

        private static WebSocket.Builder builder(URI uri) {
            return HTTP.newWebSocketBuilder()
                    .header("Origin", "http://" + uri.getRawAuthority())
                    .connectTimeout(Duration.ofSeconds(30));
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(socket, text);
            }
            socket.request(1);
            return null;
        }
    }

    /** Latencies in nanoseconds, appended by one listener thread at a time. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized int size() {
            return size;
        }

        static Latencies merge(List<Latencies> parts) {
            Latencies merged = new Latencies();
            for (Latencies part : parts) {
                synchronized (part) {
                    for (int i = 0; i < part.size; i++) {
                        merged.add(part.values[i]);
                    }
                }
            }
            Arrays.sort(merged.values, 0, merged.size);
            return merged;
        }

        double percentile(double p) {
            return size == 0 ? 0 : values[Math.min(size - 1, (int) Math.ceil(p / 100 * size) - 1)];
        }
    }
}

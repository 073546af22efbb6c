package dev.roomcast.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded soak run: chat connections, rooms and messages churn at a steady rate for a number of minutes, while
 * each server process is sampled every 30 s after a full GC (heap used, RSS, live threads, open file
 * descriptors, rooms held). At the end it fits a line through each series (the first minute left out as
 * warm-up), prints how much the series grew over the run by that slope, and exits with 1 when any grew past
 * its allowance: a server that runs for months must not grow with what merely passes through it.
 *
 * <p>Every second, {@code RATE} new connections (users from a pool of 500, on the nodes in turn) each join a
 * room from a shared pool of 50 and a room of their own that nobody uses again, post three messages and close
 * after about ten seconds; so about ten times {@code RATE} connections are open at any moment, and every room
 * of its own is left for the server to forget ({@code room-idle-seconds}).
 *
 * <pre>java dev.roomcast.bench.Soak &lt;base,base,...&gt; &lt;pid,pid,...&gt; &lt;minutes&gt; [rate]</pre>
 */
public final class Soak {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SAMPLE_SECONDS = 30;
    private static final int LIFE_SECONDS = 10;
    private static final String[] SERIES = {"heap_mib", "rss_mib", "threads", "fds", "rooms"};
    /** What a series may grow over the whole run (by its fitted slope) before the run fails. */
    private static final double[] ALLOWANCE = {16, 64, 8, 32, Double.MAX_VALUE};

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        List<URI> bases = new ArrayList<>();
        for (String base : args[0].split(",")) {
            bases.add(URI.create(base));
        }
        List<Long> pids = new ArrayList<>();
        for (String pid : args[1].split(",")) {
            pids.add(Long.parseLong(pid));
        }
        int minutes = Integer.parseInt(args[2]);
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 20;

        AtomicLong opened = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<WebSocket> open = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService churn = Executors.newScheduledThreadPool(4);
        churn.scheduleAtFixedRate(() -> {
            for (int i = 0; i < rate; i++) {
                long n = opened.incrementAndGet();
                URI base = bases.get((int) (n % bases.size()));
                try {
                    WebSocket socket = new LoadGenerator.Client() {
                        @Override
                        void onMessage(WebSocket socket, String text) {
                            received.incrementAndGet();
                        }
                    }.connect(base.resolve("ws/chat"), LoadGenerator.token(base, "soak" + (n % 500)));
                    String shared = "pool-" + (n % 50);
                    String own = "solo-" + n;
                    socket.sendText("{\"type\":\"join\",\"room\":\"" + shared + "\"}", true).join();
                    socket.sendText("{\"type\":\"join\",\"room\":\"" + own + "\"}", true).join();
                    for (int m = 0; m < 3; m++) {
                        socket.sendText("{\"type\":\"send\",\"room\":\"" + (m == 0 ? own : shared)
                                + "\",\"text\":\"soak " + n + "." + m + "\",\"clientId\":\"s" + n + "." + m + "\"}", true).join();
                    }
                    open.add(socket);
                    churn.schedule(() -> {
                        open.remove(socket);
                        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                    }, LIFE_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }, 0, 1, TimeUnit.SECONDS);

        List<double[][]> samples = new ArrayList<>(); // per sample: per pid, per series
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        int rounds = minutes * 60 / SAMPLE_SECONDS;
        System.out.printf(Locale.ROOT, "%6s %5s %-9s %9s %9s %8s %6s %7s %12s %10s%n", "minute", "node", "pid",
                "heap MiB", "RSS MiB", "threads", "fds", "rooms", "connections", "received");
        for (int round = 1; round <= rounds; round++) {
            Thread.sleep(SAMPLE_SECONDS * 1000L);
            double minute = (System.nanoTime() - start) / 60e9;
            double[][] sample = new double[pids.size()][];
            for (int p = 0; p < pids.size(); p++) {
                sample[p] = measure(bases.get(p), pids.get(p));
                System.out.printf(Locale.ROOT, "%6.1f %5d %-9d %9.1f %9.1f %8.0f %6.0f %7.0f %12d %10d%n", minute, p,
                        pids.get(p), sample[p][0], sample[p][1], sample[p][2], sample[p][3], sample[p][4], opened.get(),
                        received.get());
            }
            samples.add(sample);
            times.add(minute);
        }
        churn.shutdownNow();
        open.forEach(socket -> socket.abort());

        boolean grew = false;
        System.out.println();
        System.out.println("| node | series | first | last | slope per 10 min | growth over the run | allowance | verdict |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (int p = 0; p < pids.size(); p++) {
            for (int s = 0; s < SERIES.length; s++) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    if (times.get(i) > 1.0) { // the first minute is warm-up
                        points.add(new double[] {times.get(i), samples.get(i)[p][s]});
                    }
                }
                double slope = slope(points);
                double duration = points.isEmpty() ? 0 : points.get(points.size() - 1)[0] - points.get(0)[0];
                double growth = slope * duration;
                boolean ok = growth <= ALLOWANCE[s];
                grew |= !ok;
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f | %.1f | %s | %s |%n", p, SERIES[s],
                        points.isEmpty() ? 0 : points.get(0)[1], points.isEmpty() ? 0 : points.get(points.size() - 1)[1],
                        slope * 10, growth, ALLOWANCE[s] == Double.MAX_VALUE ? "(reported)" : String.valueOf(ALLOWANCE[s]),
                        ok ? "flat" : "GROWS");
            }
        }
        System.out.printf(Locale.ROOT, "%nconnections opened: %d, messages received: %d, failed connects: %d%n",
                opened.get(), received.get(), failures.get());
        System.exit(grew || failures.get() > opened.get() / 100 ? 1 : 0);
    }

    /** heap MiB after a full GC, RSS MiB, threads, open file descriptors, rooms: from jcmd, /proc and /metrics. */
    private static double[] measure(URI base, long pid) throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        String metrics = HTTP.send(HttpRequest.newBuilder(base.resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}") / (1 << 20);
        long fds;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = entries.count();
        }
        return new double[] {heap, LoadGenerator.rssKib(pid) / 1024.0, sum(metrics, "jvm_threads_live_threads"),
                fds, sum(metrics, "roomcast_rooms")};
    }

    private static double sum(String metrics, String series) {
        Matcher lines = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        double total = 0;
        while (lines.find()) {
            total += Double.parseDouble(lines.group(1));
        }
        return total;
    }

    /** Least-squares slope of y over x, per minute. */
    private static double slope(List<double[]> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}

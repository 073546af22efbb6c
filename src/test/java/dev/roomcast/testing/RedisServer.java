package dev.roomcast.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package, which {@code mvn verify} installs when missing) on a free
 * loopback port, in a folder of the test's. It can be stopped and started again on the same port, with its
 * data kept (an append-only file written on every command) or lost, as a Redis restart in production would.
 * The same binary also runs as a replica of another, as a Sentinel watching one ({@code --sentinel}), or as a
 * node of a Redis Cluster.
 */
public final class RedisServer implements AutoCloseable {

    private final Path folder;
    private final int port;
    /** What makes this one a replica or a Sentinel; empty for a plain Redis. */
    private final List<String> role;
    private Process process;

    private RedisServer(Path folder, int port, List<String> role) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.port = port;
        this.role = role;
    }

    private RedisServer(Path folder, int port) throws IOException {
        this(folder, port, List.of());
    }

    /** A replica of {@code master}, keeping nothing on disk. */
    public static RedisServer replicaOf(Path folder, RedisServer master) throws Exception {
        RedisServer replica = new RedisServer(folder, RunnerProcess.freePort(),
                List.of("--replicaof", "127.0.0.1", String.valueOf(master.port)));
        replica.launch(false);
        return replica;
    }

    /**
     * A Sentinel that watches {@code master} under {@code name}, alone (quorum 1), and fails over to a replica
     * once the master has been silent for a second.
     */
    public static RedisServer sentinel(Path folder, RedisServer master, String name) throws Exception {
        int port = RunnerProcess.freePort();
        Path config = Files.createDirectories(folder).resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "bind 127.0.0.1", "port " + port, "dir " + folder,
                "sentinel monitor " + name + " 127.0.0.1 " + master.port + " 1",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 5000", ""));
        RedisServer sentinel = new RedisServer(folder, port, List.of(config.toString(), "--sentinel"));
        sentinel.launch(false);
        return sentinel;
    }

    /**
     * A node of a Redis Cluster, keeping nothing on disk, which declares another node failed after a second of
     * silence; {@link #createCluster} joins such nodes into a cluster.
     */
    public static RedisServer clusterNode(Path folder) throws Exception {
        RedisServer node = new RedisServer(folder, RunnerProcess.freePort(), List.of("--cluster-enabled", "yes",
                "--cluster-config-file", folder.resolve("nodes.conf").toString(), "--cluster-node-timeout", "1000"));
        node.launch(false);
        return node;
    }

    /**
     * Makes {@code nodes} one Redis Cluster with one replica per master (redis-cli's own
     * {@code --cluster create}), and waits until every node says the cluster is ok.
     */
    public static void createCluster(List<RedisServer> nodes) throws Exception {
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(node -> create.add("127.0.0.1:" + node.port));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        nodes.get(0).cli(create.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (RedisServer node : nodes) {
            while (!node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the cluster was not ok within 30 s: " + node.cli("CLUSTER", "INFO"));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Whether this node is a cluster master that serves the slot of {@code key} now. */
    public boolean servesSlotOf(String key) throws Exception {
        int slot = Integer.parseInt(cli("CLUSTER", "KEYSLOT", key).trim());
        String myself = cli("CLUSTER", "NODES").lines().filter(line -> line.contains("myself")).findFirst()
                .orElseThrow();
        String[] fields = myself.split(" ");
        if (!fields[2].contains("master")) {
            return false;
        }
        for (int i = 8; i < fields.length; i++) {
            String[] range = fields[i].split("-");
            int first = Integer.parseInt(range[0]);
            int last = Integer.parseInt(range[range.length - 1]);
            if (slot >= first && slot <= last) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code redis-cli} against this server and returns what it printed; a failure fails the test. */
    public String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0 || output.startsWith("ERR")) {
            throw new AssertionError("redis-cli " + String.join(" ", args) + ": " + output);
        }
        return output;
    }

    public int port() {
        return port;
    }

    /** Kills Redis without a chance to save or tell anyone (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server did not die within 20 s");
        }
    }

    /** Starts a Redis that keeps its data across {@link #restart}s. */
    public static RedisServer start(Path folder) throws Exception {
        RedisServer redis = new RedisServer(folder, RunnerProcess.freePort());
        redis.launch(true);
        return redis;
    }

    /**
     * Starts a Redis that keeps nothing on disk, for tests that load it hard: with an append-only file synced
     * on every write, a flood of commands waits on the disk for seconds at a time.
     */
    public static RedisServer startInMemory(Path folder) throws Exception {
        RedisServer redis = new RedisServer(folder, RunnerProcess.freePort());
        redis.launch(false);
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Cuts every subscription connection (CLIENT KILL TYPE pubsub), as a network fault between the nodes'
     * subscribers and Redis would, while their command connections stay up; returns how many it cut.
     */
    public int killSubscriptions() throws IOException {
        String reply = command("CLIENT", "KILL", "TYPE", "pubsub");
        if (!reply.startsWith(":")) {
            throw new AssertionError("CLIENT KILL answered " + reply);
        }
        return Integer.parseInt(reply.substring(1));
    }

    /**
     * Sends one command on a connection of its own and returns the first line of the reply (for an array,
     * its length: {@code *3}); an error reply fails the test.
     */
    public String command(String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (reply == null || reply.startsWith("-")) {
                throw new AssertionError(String.join(" ", args).lines().findFirst().orElse("") + " answered " + reply);
            }
            return reply;
        }
    }

    /** Stops Redis as an operator does (SIGTERM); what it had is on disk. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server did not stop within 20 s");
        }
    }

    /** Starts Redis again on the same port, with its data ({@code keepData}) or empty, as after a crash. */
    public void restart(boolean keepData) throws Exception {
        launch(keepData);
    }

    private void launch(boolean keepData) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (role.contains("--sentinel")) {
            command.addAll(role); // its configuration file has the rest
        } else {
            command.addAll(List.of("--bind", "127.0.0.1", "--port",
                    String.valueOf(port), "--dir", folder.toString(), "--save", "", "--appendfsync", "always",
                    "--appendonly", keepData ? "yes" : "no"));
            if (!keepData) {
                command.addAll(List.of("--appenddirname", "lost-" + System.nanoTime()));
            }
            command.addAll(role);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("redis.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server exited with " + process.exitValue() + "; see "
                            + folder.resolve("redis.out"));
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not listen on port " + port + " within 20 s");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

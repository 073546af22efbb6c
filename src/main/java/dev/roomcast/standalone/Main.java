package dev.roomcast.standalone;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code mvn compile exec:java}: starts the standalone server and prints its URL. SIGTERM or Ctrl-C
 * closes every session with 1001 and exits with status 0.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        StandaloneServer server;
        try {
            server = StandaloneServer.start(options);
        } catch (RuntimeException e) {
            // Configuration the server cannot run with, or a broker it cannot reach: say which, not a stack trace.
            System.err.println("Roomcast could not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopped.countDown());
        Signal.handle(new Signal("INT"), signal -> stopped.countDown());
        System.out.println("Roomcast is listening on " + server.url());
        if (options.dev()) {
            System.out.println("Development tokens: " + server.url() + "dev/token?name=alice");
        }
        System.out.flush();
        stopped.await();
        server.close();
        System.out.println("Roomcast stopped");
        System.exit(0);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
                return cause.getMessage(); // Roomcast's own explanation
            }
            cause = cause.getCause();
        }
        return cause.toString(); // anything else: at least its type
    }
}

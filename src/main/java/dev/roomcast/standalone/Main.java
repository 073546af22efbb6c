package dev.roomcast.standalone;

import dev.roomcast.config.SettingReader;
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
            JsonLogFormatter.apply();
        } catch (SettingReader.InvalidSettingException e) {
            System.err.println("Roomcast could not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        StandaloneServer server;
        try {
            server = StandaloneServer.start(options);
        } catch (Exception e) {
            // Configuration the server cannot run with, a broker it cannot reach, a port in use: say which, in
            // one line, not a stack trace.
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
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
                return cause.getMessage(); // Roomcast's own explanation
            }
            if (cause.getCause() == null) {
                return cause.toString(); // anything else: at least its type
            }
        }
        return failure.toString();
    }
}

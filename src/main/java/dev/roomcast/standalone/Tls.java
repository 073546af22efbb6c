package dev.roomcast.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLContextConfigurator;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/** Puts TLS on the standalone listener: a given PKCS#12 keystore, or a self-signed one made with keytool. */
final class Tls {

    private Tls() {
    }

    static void secure(NetworkListener listener, Options options) throws IOException {
        Path keystore = options.tlsKeystore();
        String password = options.tlsPassword();
        if (options.tlsSelfSigned()) {
            password = UUID.randomUUID().toString();
            keystore = selfSigned(password);
        }
        SSLContextConfigurator context = new SSLContextConfigurator();
        context.setKeyStoreFile(keystore.toString());
        context.setKeyStorePass(password);
        context.setKeyStoreType("PKCS12");
        listener.setSecure(true);
        listener.setSSLEngineConfig(new SSLEngineConfigurator(context.createSSLContext(true), false, false, false));
    }

    /** A throwaway certificate for localhost and 127.0.0.1, made by the JDK's own keytool. */
    private static Path selfSigned(String password) throws IOException {
        Path folder = Files.createTempDirectory("roomcast-tls");
        Path keystore = folder.resolve("self-signed.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "roomcast",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password)).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make a certificate: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        keystore.toFile().deleteOnExit();
        folder.toFile().deleteOnExit();
        return keystore;
    }
}

package jobdispatch.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client sockets that trust the JVM's certificate authorities, or only those of a PKCS#12
 * truststore (a private CA of Redis or nsqd). Shared by the Redis and nsqd connections.
 */
public final class Truststores {

    private Truststores() {
    }

    /**
     * @param truststore a PKCS#12 file; empty for the JVM's default trust
     * @param password   its password, if it has one
     * @param purpose    what it is for, for the error message ("nsqd", "Redis")
     */
    public static SSLSocketFactory socketFactory(Optional<String> truststore, Optional<String> password, String purpose) {
        if (truststore.isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try (InputStream in = Files.newInputStream(Path.of(truststore.get()))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.map(String::toCharArray).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the " + purpose + " truststore " + truststore.get() + ": " + e.getMessage(), e);
        }
    }
}

package jobdispatch.nsq;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import com.sproutsocial.nsq.Client;

import jobdispatch.tls.Truststores;

/**
 * How dispatch and the worker connect to nsqd, from MicroProfile Config (docs/security.md):
 * {@code nsqd.tls} upgrades each connection to TLS (trusting the JVM's CAs, or the PKCS#12
 * {@code nsqd.tls.truststore}), {@code nsqd.auth.secret} answers nsqd's AUTH. The secret is
 * never logged.
 */
public final class NsqSecurity {

    private final boolean tls;
    private final Optional<String> truststore;
    private final Optional<String> truststorePassword;
    private final Optional<String> authSecret;

    private NsqSecurity(boolean tls, Optional<String> truststore, Optional<String> truststorePassword, Optional<String> authSecret) {
        this.tls = tls;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.authSecret = authSecret;
    }

    public static NsqSecurity from(Config config) {
        return new NsqSecurity(config.getOptionalValue("nsqd.tls", Boolean.class).orElse(false),
                config.getOptionalValue("nsqd.tls.truststore", String.class),
                config.getOptionalValue("nsqd.tls.truststore.password", String.class),
                config.getOptionalValue("nsqd.auth.secret", String.class).filter(s -> !s.isBlank()));
    }

    /** Gives the client the socket factory and the secret its connections need. */
    public void applyTo(Client client) {
        if (tls) {
            client.setSSLSocketFactory(Truststores.socketFactory(truststore, truststorePassword, "nsqd"));
        }
        authSecret.ifPresent(client::setAuthSecret);
    }

    /** The IDENTIFY settings of a connection: asks nsqd for TLS when it is on. */
    public com.sproutsocial.nsq.Config identify(com.sproutsocial.nsq.Config identify) {
        if (tls) {
            identify.setTlsV1(true);
        }
        return identify;
    }

    /** For the log: what is on, never the secret. */
    public String describe() {
        return (tls ? "TLS" + truststore.map(t -> " (truststore " + t + ")").orElse("") : "no TLS")
                + (authSecret.isPresent() ? ", auth secret set" : "");
    }
}

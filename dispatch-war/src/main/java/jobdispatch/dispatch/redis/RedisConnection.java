package jobdispatch.dispatch.redis;

import java.net.URI;
import java.util.Optional;

import javax.net.ssl.SSLParameters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

import jobdispatch.tls.Truststores;

/**
 * Where Redis is and how to reach it (docs/security.md): {@code redis.url} ({@code rediss://}
 * for TLS, an ACL user and password and a database index may be part of it),
 * {@code redis.user}/{@code redis.password} to keep the credentials out of the URL, and
 * {@code redis.tls.truststore} for a private CA. TLS checks that the certificate names the host.
 * No credential is ever logged.
 */
@ApplicationScoped
public class RedisConnection {

    @Inject
    @ConfigProperty(name = "redis.url", defaultValue = "redis://127.0.0.1:6379")
    String url;

    @Inject
    @ConfigProperty(name = "redis.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "redis.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "redis.tls.truststore")
    Optional<String> truststore;

    @Inject
    @ConfigProperty(name = "redis.tls.truststore.password")
    Optional<String> truststorePassword;

    /** Off only for a certificate that does not name the host (not for production). */
    @Inject
    @ConfigProperty(name = "redis.tls.verify.hostname", defaultValue = "true")
    boolean verifyHostname;

    /** A new pooled client; the caller closes it. */
    public UnifiedJedis open(ConnectionPoolConfig pool) {
        URI uri = uri();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .user(user.filter(u -> !u.isBlank()).orElseGet(() -> JedisURIHelper.getUser(uri)))
                // Jedis wants user:password in the URL; a user alone there is fine when redis.password is set
                .password(password.filter(p -> !p.isEmpty()).orElseGet(() -> JedisURIHelper.getPassword(uri)))
                .database(JedisURIHelper.getDBIndex(uri));
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            SSLParameters parameters = new SSLParameters();
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            config.ssl(true)
                    .sslSocketFactory(Truststores.socketFactory(truststore, truststorePassword, "Redis"))
                    .sslParameters(parameters);
        }
        return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(uri)).clientConfig(config.build())
                .poolConfig(pool).build();
    }

    /** For the log: where, whether TLS and credentials are in use, never the credentials. */
    public String describe() {
        URI uri = uri();
        boolean credentials = password.isPresent() || uri.getUserInfo() != null;
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()
                + (JedisURIHelper.isRedisSSLScheme(uri) ? " (TLS" + truststore.map(t -> ", truststore " + t).orElse("") + ")" : "")
                + (credentials ? ", with credentials" : "");
    }

    private URI uri() {
        URI uri = URI.create(url);
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("redis.url must be redis://host:port or rediss://host:port, with optional user:password@ and /db");
        }
        return uri;
    }
}

package jobdispatch.dispatch.redis;

import java.time.Duration;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.UnifiedJedis;

/** Owns the one pooled Jedis client of the application; {@link RedisConnection} says where Redis is. */
@ApplicationScoped
public class RedisClientProducer {

    private static final Logger LOG = Logger.getLogger(RedisClientProducer.class.getName());

    @Inject
    RedisConnection connection;

    /** Connections in the pool: every request thread and worker callback holds one for a command. */
    @Inject
    @ConfigProperty(name = "redis.pool.size", defaultValue = "64")
    int poolSize;

    /** How long a request waits for a free connection before it is answered 503. */
    @Inject
    @ConfigProperty(name = "redis.pool.wait.ms", defaultValue = "5000")
    long poolWaitMillis;

    // @Singleton: UnifiedJedis cannot be proxied; it is thread-safe and pooled, so one instance serves all
    @Produces
    @Singleton
    UnifiedJedis redis() {
        LOG.info(() -> "Redis at " + connection.describe());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(Math.min(4, poolSize));
        pool.setMaxWait(Duration.ofMillis(poolWaitMillis));
        return connection.open(pool);
    }

    void close(@Disposes UnifiedJedis redis) {
        redis.close();
    }
}

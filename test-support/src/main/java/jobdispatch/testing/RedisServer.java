package jobdispatch.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

/** A real redis-server on a free loopback port, with its data in its own folder. */
public final class RedisServer extends ServerProcess {

    private final int port;

    private RedisServer(int port, Path dir) {
        super("redis-server", List.of(Binaries.find("redis-server", "jobs.redis.bin"),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--enable-debug-command", "local"), dir.resolve("redis.log"));
        this.port = port;
    }

    public static RedisServer start(Path dir) {
        RedisServer server = new RedisServer(freePort(), dir);
        server.start().awaitPort(server.port, Duration.ofSeconds(20));
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void restart() {
        restart(port);
    }

    /** A fingerprint of the whole dataset (DEBUG DIGEST): equal before and after means nothing changed. */
    public String digest() {
        try (UnifiedJedis redis = RedisClient.create(URI.create(url()))) {
            return SafeEncoder.encode((byte[]) redis.sendCommand(() -> SafeEncoder.encode("DEBUG"), "DIGEST"));
        }
    }

    /** Empties the dataset, for a test that needs to start from nothing. */
    public void flush() {
        try (UnifiedJedis redis = RedisClient.create(URI.create(url()))) {
            redis.flushAll();
        }
    }
}

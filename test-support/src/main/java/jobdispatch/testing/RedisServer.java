package jobdispatch.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

/** A real redis-server on a free loopback port, with its data in its own folder. */
public final class RedisServer extends ServerProcess {

    private final int port;
    private final boolean tls;

    private RedisServer(int port, Path dir, List<String> listen) {
        super("redis-server", Stream.of(List.of(Binaries.find("redis-server", "jobs.redis.bin"), "--bind", "127.0.0.1",
                "--dir", dir.toAbsolutePath().toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--enable-debug-command", "local"), listen).flatMap(List::stream).toList(),
                dir.resolve("redis.log"));
        this.port = port;
        this.tls = listen.contains("--tls-port");
    }

    public static RedisServer start(Path dir) {
        int port = freePort();
        return start(new RedisServer(port, dir, List.of("--port", Integer.toString(port))));
    }

    /**
     * A redis-server that speaks only TLS (its certificate is its own CA) and knows only the
     * given ACL users, each as redis.conf's {@code user} directive reads it ({@code name on
     * >password ~keys &channels +@category ...}); the default user is off, so no connection gets
     * anywhere without credentials.
     */
    public static RedisServer startSecured(Path dir, Path certificate, Path key, List<List<String>> users) {
        int port = freePort();
        List<String> listen = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", certificate.toAbsolutePath().toString(), "--tls-key-file", key.toAbsolutePath().toString(),
                "--tls-ca-cert-file", certificate.toAbsolutePath().toString(), "--tls-auth-clients", "no",
                "--user", "default", "off"));
        users.forEach(user -> {
            listen.add("--user");
            listen.addAll(user);
        });
        return start(new RedisServer(port, dir, listen));
    }

    private static RedisServer start(RedisServer server) {
        server.start().awaitPort(server.port, Duration.ofSeconds(20));
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
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

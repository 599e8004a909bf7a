package jobdispatch.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real redis-server on a free loopback port, with its data in its own folder. */
public final class RedisServer extends ServerProcess {

    private final int port;

    private RedisServer(int port, Path dir) {
        super("redis-server", List.of(Binaries.find("redis-server", "jobs.redis.bin"),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no"), dir.resolve("redis.log"));
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
}

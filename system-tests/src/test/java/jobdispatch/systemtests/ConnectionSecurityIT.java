package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Publisher;
import com.sun.net.httpserver.HttpServer;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.Nsqd;
import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.RedisServer;
import jobdispatch.testing.ServerProcess;
import jobdispatch.testing.TestServers;
import jobdispatch.tls.Truststores;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Both WARs as docs/security.md's production profile connects them: to an nsqd that requires
 * TLS and an AUTH secret, and to a redis-server that speaks only TLS and only to its ACL user.
 * One certificate, made by openssl for this run, serves both servers and is trusted through a
 * PKCS#12 truststore; nsqd asks a small auth server of this test (the role nsqauthd plays)
 * whether the secret may publish and subscribe.
 */
@ExtendWith(TestServers.Start.class)
class ConnectionSecurityIT {

    static final String NSQ_SECRET = "nsq-secret-4711-never-logged";
    static final String REDIS_USER = "jobs";
    static final String REDIS_PASSWORD = "redis-password-0815-never-logged";
    /** What docs/security.md says dispatch's Redis user needs: its keys, its channel, no admin or dangerous command. */
    static final List<String> REDIS_RULES = List.of("~job:*", "~jobs:*", "~idem:*", "~worker:*", "~workers", "&jobs:events",
            "+@all", "-@admin", "-@dangerous");
    /** The test's own user, allowed CLIENT LIST. */
    static final String OBSERVER = "observer";
    static final List<String> AUTH_QUERIES = new CopyOnWriteArrayList<>();

    static Path truststore;
    static HttpServer auth;
    static Nsqd nsqd;
    static RedisServer redis;
    static PayaraMicro micro;
    static JsonHttp http;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Paths.get("target"), "tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        truststore = dir.resolve("truststore.p12");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        run("keytool", "-importcert", "-noprompt", "-alias", "servers", "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");

        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            AUTH_QUERIES.add(query);
            boolean allowed = query != null && query.contains("secret=" + NSQ_SECRET);
            byte[] body = (allowed
                    ? "{\"ttl\": 3600, \"identity\": \"jobs\", \"authorizations\": [{\"permissions\": [\"subscribe\", \"publish\"],"
                    + " \"topic\": \".*\", \"channels\": [\".*\"]}]}"
                    : "{\"message\": \"unknown secret\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(allowed ? 200 : 403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        auth.start();
        nsqd = Nsqd.startSecured(dir.resolve("nsqd"), cert, key, "127.0.0.1:" + auth.getAddress().getPort());
        List<String> jobsUser = new ArrayList<>(List.of(REDIS_USER, "on", ">" + REDIS_PASSWORD));
        jobsUser.addAll(REDIS_RULES);
        redis = RedisServer.startSecured(dir.resolve("redis"), cert, key,
                List.of(jobsUser, List.of(OBSERVER, "on", ">" + OBSERVER, "~*", "&*", "+@all")));

        Properties properties = new Properties();
        // the user in the URL, the password on its own (as from a secret store): both ways are read
        properties.setProperty("redis.url", redis.url().replace("rediss://", "rediss://" + REDIS_USER + "@") + "/0");
        properties.setProperty("redis.password", REDIS_PASSWORD);
        properties.setProperty("redis.tls.truststore", truststore.toAbsolutePath().toString());
        properties.setProperty("redis.tls.truststore.password", "changeit");
        properties.setProperty("nsqd.address", nsqd.tcpAddress());
        properties.setProperty("nsqd.http.url", nsqd.httpUrl());
        properties.setProperty("nsqd.tls", "true");
        properties.setProperty("nsqd.tls.truststore", truststore.toAbsolutePath().toString());
        properties.setProperty("nsqd.tls.truststore.password", "changeit");
        properties.setProperty("nsqd.auth.secret", NSQ_SECRET);
        SystemUnderTest system = SystemUnderTest.startOwn("tls-secured", dir, properties, Map.of("worker.id", "tls-worker"));
        micro = system.micro;
        http = system.http;
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @AfterAll
    static void stop() {
        ServerProcess.stopAll(micro, nsqd, redis);
        if (auth != null) {
            auth.stop(0);
        }
    }

    /** A connection of this test to the secured Redis as that user, trusting the test's certificate. */
    static Jedis redisAs(String user, String password) {
        return new Jedis(new HostAndPort("127.0.0.1", redis.port()), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(Truststores.socketFactory(Optional.of(truststore.toString()), Optional.of("changeit"), "test"))
                .user(user).password(password).clientName("connection-security-it").build());
    }

    @Test
    void jobsTravelOverTlsWithTheirCredentialsAndNoSecretIsLogged() throws IOException, InterruptedException {
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder().add("type", "echo")
                .add("payload", Json.createObjectBuilder().add("over", "tls")).build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        http.awaitGet("api/job/" + id, r -> r.status() == 200 && "complete".equals(r.json().getString("status")),
                Duration.ofSeconds(30));
        // the read side too, with the user's limited rights: lists, stats, workers
        for (String path : List.of("api/job?status=complete", "api/job/stats", "api/workers", "api/job/throughput")) {
            JsonHttp.Response read = http.get(path);
            assertEquals(200, read.status(), path + ": " + read.body());
        }

        assertFalse(AUTH_QUERIES.isEmpty(), "nsqd asked the auth server");
        assertTrue(AUTH_QUERIES.stream().allMatch(q -> q.contains("tls=true") && q.contains("secret=" + NSQ_SECRET)), AUTH_QUERIES.toString());

        // the job event relay subscribes while a stream is open
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(micro.baseUri().resolve("api/job/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (InputStream events = stream.body(); Jedis admin = redisAs(OBSERVER, OBSERVER)) {
            assertEquals("complete", admin.hget("job:" + id, "status"), "the job is in the secured Redis");
            List<String> clients = admin.clientList().lines().filter(c -> !c.contains("name=connection-security-it")).toList();
            assertFalse(clients.isEmpty(), "dispatch holds connections to Redis");
            assertTrue(clients.stream().allMatch(c -> c.contains(" user=" + REDIS_USER + " ")), String.join("\n", clients));
            assertTrue(clients.stream().anyMatch(c -> c.contains(" cmd=subscribe ") || c.contains(" sub=1 ")),
                    "the job event relay subscribes over the same secured connection settings: " + String.join("\n", clients));
        }

        String log = Files.readString(micro.log());
        assertFalse(log.contains(NSQ_SECRET), "the nsqd secret is in the Payara log");
        assertFalse(log.contains(REDIS_PASSWORD), "the Redis password is in the Payara log");
        assertTrue(log.contains("Redis at rediss://127.0.0.1:" + redis.port() + " (TLS, truststore"), "the log says how Redis is reached");
    }

    @Test
    void nsqdRefusesAClientWithoutTls() {
        Client plain = new Client();
        try {
            Publisher publisher = new Publisher(plain, nsqd.tcpAddress(), nsqd.tcpAddress());
            assertThrows(RuntimeException.class, () -> publisher.publish("job_run", "{}".getBytes(StandardCharsets.UTF_8)));
        } finally {
            plain.stop(1000);
        }
    }

    @Test
    void redisRefusesAClientWithoutTlsOrWithoutItsCredentials() {
        try (UnifiedJedis plain = RedisClient.create(URI.create("redis://127.0.0.1:" + redis.port()))) {
            assertThrows(RuntimeException.class, plain::ping);
        }
        try (Jedis anonymous = new Jedis(new HostAndPort("127.0.0.1", redis.port()), DefaultJedisClientConfig.builder()
                .ssl(true).sslSocketFactory(Truststores.socketFactory(Optional.of(truststore.toString()), Optional.of("changeit"), "test"))
                .build())) {
            assertThrows(RuntimeException.class, () -> anonymous.get("job:any"));
        }
        try (Jedis user = redisAs(REDIS_USER, REDIS_PASSWORD)) {
            assertEquals("PONG", user.ping(), "the credentials work: the refusals above are for the reasons named");
            assertThrows(RuntimeException.class, () -> user.get("other:key"), "dispatch's user reaches only its own keys");
            assertThrows(RuntimeException.class, user::flushAll, "dispatch's user has no dangerous command");
        }
    }
}

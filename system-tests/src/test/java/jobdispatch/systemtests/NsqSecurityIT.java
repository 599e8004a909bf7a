package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import jobdispatch.testing.ServerProcess;
import jobdispatch.testing.TestServers;

/**
 * Both WARs against an nsqd that requires TLS and an AUTH secret (docs/security.md): the
 * certificate is made by openssl for this run and trusted through a PKCS#12 truststore, and
 * nsqd asks a small auth server of this test (the role nsqauthd plays) whether the secret may
 * publish and subscribe.
 */
@ExtendWith(TestServers.Start.class)
class NsqSecurityIT {

    static final String SECRET = "nsq-secret-4711-never-logged";
    static final List<String> AUTH_QUERIES = new CopyOnWriteArrayList<>();

    static HttpServer auth;
    static Nsqd nsqd;
    static PayaraMicro micro;
    static JsonHttp http;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Paths.get("target"), "nsq-tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path truststore = dir.resolve("truststore.p12");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        run("keytool", "-importcert", "-noprompt", "-alias", "nsqd", "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");

        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        auth.createContext("/auth", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            AUTH_QUERIES.add(query);
            boolean allowed = query != null && query.contains("secret=" + SECRET);
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

        Properties properties = new Properties();
        properties.setProperty("redis.url", TestServers.get().redis().url());
        properties.setProperty("nsqd.address", nsqd.tcpAddress());
        properties.setProperty("nsqd.http.url", nsqd.httpUrl());
        properties.setProperty("nsqd.tls", "true");
        properties.setProperty("nsqd.tls.truststore", truststore.toAbsolutePath().toString());
        properties.setProperty("nsqd.tls.truststore.password", "changeit");
        properties.setProperty("nsqd.auth.secret", SECRET);
        Path file = dir.resolve("system.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "NsqSecurityIT");
        }
        int port = ServerProcess.freePort();
        Path system = Paths.get(System.getProperty("jobs.system"));
        Map<Path, String> wars = new LinkedHashMap<>();
        wars.put(system.resolve("dispatch.war"), "/");
        wars.put(system.resolve("worker.war"), "/worker");
        micro = PayaraMicro.start("nsq-secured", port, wars, file,
                Map.of("dispatch.url", "http://127.0.0.1:" + port, "worker.id", "tls-worker"), "health/ready");
        http = new JsonHttp(micro.baseUri());
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @AfterAll
    static void stop() {
        if (micro != null) {
            micro.stop();
        }
        if (nsqd != null) {
            nsqd.stop();
        }
        if (auth != null) {
            auth.stop(0);
        }
    }

    @Test
    void jobsTravelOverTlsWithTheAuthSecretAndTheSecretIsNeverLogged() throws IOException {
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder().add("type", "echo")
                .add("payload", Json.createObjectBuilder().add("over", "tls")).build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        http.awaitGet("api/job/" + id, r -> r.status() == 200 && "complete".equals(r.json().getString("status")),
                Duration.ofSeconds(30));

        assertFalse(AUTH_QUERIES.isEmpty(), "nsqd asked the auth server");
        assertTrue(AUTH_QUERIES.stream().allMatch(q -> q.contains("tls=true") && q.contains("secret=" + SECRET)), AUTH_QUERIES.toString());
        assertFalse(Files.readString(micro.log()).contains(SECRET), "the secret is in the Payara log");
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
}

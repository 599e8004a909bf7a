package jobdispatch.systemtests;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.ServerProcess;
import jobdispatch.testing.TestServers;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both WARs on one Payara Micro, as bin/run starts them, against the test JVM's redis-server and nsqd. */
final class SystemUnderTest implements AutoCloseable {

    final PayaraMicro micro;
    final JsonHttp http;

    private SystemUnderTest(PayaraMicro micro) {
        this.micro = micro;
        this.http = new JsonHttp(micro.baseUri());
    }

    /** Both WARs on one Payara Micro. */
    static SystemUnderTest start(String name, Map<String, String> settings) {
        int port = ServerProcess.freePort();
        Map<String, String> properties = new HashMap<>(settings);
        properties.putIfAbsent("dispatch.url", "http://127.0.0.1:" + port);
        properties.putIfAbsent("worker.retry.base.ms", "200");
        return new SystemUnderTest(micro(name, port, properties, "dispatch.war", "worker.war"));
    }

    /**
     * Both WARs on one Payara Micro against servers of the test's own: {@code servers} (redis.url,
     * nsqd.address, ...) go to a file in {@code dir}, which Payara Micro reads as system properties.
     */
    static SystemUnderTest startOwn(String name, Path dir, Properties servers, Map<String, String> settings) throws IOException {
        Path file = dir.resolve("system.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            servers.store(out, name);
        }
        int port = ServerProcess.freePort();
        Map<String, String> properties = new HashMap<>(settings);
        properties.putIfAbsent("dispatch.url", "http://127.0.0.1:" + port);
        return new SystemUnderTest(micro(name, port, file, properties, "dispatch.war", "worker.war"));
    }

    /** Only dispatch, on a Payara Micro of its own. */
    static SystemUnderTest startDispatch(String name, Map<String, String> settings) {
        return new SystemUnderTest(micro(name, ServerProcess.freePort(), settings, "dispatch.war"));
    }

    /** Only a worker, on a Payara Micro of its own, reporting to that dispatch. */
    static PayaraMicro startWorker(String name, SystemUnderTest dispatch, Map<String, String> settings) {
        return startWorker(name, dispatch.micro.baseUri(), settings);
    }

    /** Only a worker, on a Payara Micro of its own, reporting to dispatch at that address. */
    static PayaraMicro startWorker(String name, java.net.URI dispatchUrl, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("dispatch.url", dispatchUrl.toString().replaceAll("/$", ""));
        properties.putIfAbsent("worker.id", name);
        properties.putIfAbsent("worker.retry.base.ms", "200");
        return micro(name, ServerProcess.freePort(), properties, "worker.war");
    }

    private static PayaraMicro micro(String name, int port, Map<String, String> properties, String... warNames) {
        return micro(name, port, TestServers.get().systemProperties(), properties, warNames);
    }

    private static PayaraMicro micro(String name, int port, Path systemProperties, Map<String, String> properties, String... warNames) {
        Path system = Paths.get(System.getProperty("jobs.system"));
        Map<Path, String> wars = new LinkedHashMap<>();
        for (String war : warNames) {
            wars.put(system.resolve(war), war.equals("dispatch.war") ? "/" : "/worker");
        }
        return PayaraMicro.start(name, port, wars, systemProperties, properties, "health/ready");
    }

    String submit(String type, JsonObject payload, int maxAttempts) {
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder()
                .add("type", type).add("payload", payload).add("maxAttempts", maxAttempts).build());
        assertEquals(201, created.status(), created.body());
        return created.json().getString("id");
    }

    JsonObject awaitStatus(String id, String status, java.time.Duration timeout) {
        return http.awaitGet("api/job/" + id,
                response -> response.status() == 200 && status.equals(response.json().getString("status")), timeout).json();
    }

    @Override
    public void close() {
        micro.stop();
    }
}

package jobdispatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.NsqTail;
import jobdispatch.testing.TestServers;

/**
 * The job API of the real dispatch WAR on Payara Micro, against a real redis-server and nsqd
 * (TestServers runs first so that Payara Micro finds them).
 */
@ExtendWith(TestServers.Start.class)
@ExtendWith(ArquillianExtension.class)
class DispatchApiIT {

    @Deployment(testable = false)
    static WebArchive dispatch() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("jobs.war")));
    }

    @ArquillianResource
    URL base;

    JsonHttp http;

    @BeforeEach
    void client() throws Exception {
        http = new JsonHttp(base.toURI());
    }

    static JsonObject newJob(String type, JsonObject payload, int maxAttempts) {
        return Json.createObjectBuilder().add("type", type).add("payload", payload).add("maxAttempts", maxAttempts).build();
    }

    JsonObject create(String type) {
        JsonHttp.Response created = http.post("api/job", newJob(type, JsonValue.EMPTY_JSON_OBJECT, 3));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void createdJobIsQueuedStoredAndLocated() {
        JsonObject payload = Json.createObjectBuilder().add("message", "hello").add("n", 42).build();
        JsonHttp.Response created = http.post("api/job", newJob("echo", payload, 2));

        assertEquals(201, created.status(), created.body());
        JsonObject job = created.json();
        assertEquals("queued", job.getString("status"));
        assertEquals("echo", job.getString("type"));
        assertEquals(payload, job.getJsonObject("payload"));
        assertEquals(0, job.getInt("attempts"));
        assertEquals(2, job.getInt("maxAttempts"));
        assertNotNull(job.getString("createdAt"));
        String location = created.header("Location").orElseThrow();
        assertTrue(location.endsWith("/api/job/" + job.getString("id")), location);

        JsonHttp.Response read = new JsonHttp(URI.create(location)).get("");
        assertEquals(200, read.status());
        JsonObject stored = read.json();
        for (String field : List.of("id", "type", "payload", "status", "attempts", "maxAttempts", "createdAt")) {
            assertEquals(job.get(field), stored.get(field), field);
        }
        assertEquals("queued", stored.getJsonArray("history").getJsonObject(0).getString("status"));
    }

    @Test
    void maxAttemptsDefaultsToThreeAndPayloadToEmpty() {
        JsonObject job = http.post("api/job", Json.createObjectBuilder().add("type", "echo").build()).json();
        assertEquals(3, job.getInt("maxAttempts"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, job.getJsonObject("payload"));
    }

    @Test
    void createdJobIsPublishedOnJobRun() {
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            String id = create("echo").getString("id");
            JsonObject run = tail.await("job_run", message -> id.equals(message.getString("id")), Duration.ofSeconds(10));
            assertEquals("echo", run.getString("type"));
            assertEquals(3, run.getInt("maxAttempts"));
        }
    }

    @Test
    void unknownJobIsNotFoundAsProblem() {
        JsonHttp.Response missing = http.get("api/job/01a21e17-0000-7000-8000-000000000000");
        assertEquals(404, missing.status());
        assertEquals("application/problem+json", missing.contentType());
        assertEquals(404, missing.json().getInt("status"));
        assertTrue(missing.json().getString("detail").contains("01a21e17-0000-7000-8000-000000000000"));
    }

    @Test
    void listIsNewestFirstAndPagesWithCursor() {
        String first = create("list.a").getString("id");
        String second = create("list.b").getString("id");
        String third = create("list.c").getString("id");

        JsonObject page = http.get("api/job?limit=2").json();
        List<String> ids = ids(page);
        assertEquals(List.of(third, second), ids);
        String cursor = page.getString("nextCursor");

        JsonObject next = http.get("api/job?limit=2&cursor=" + cursor).json();
        assertEquals(first, ids(next).get(0));
    }

    @Test
    void invalidJobsAreRejectedWithProblemsAndNothingStored() {
        int before = ids(http.get("api/job?limit=1000").json()).size();
        List<JsonHttp.Response> answers = List.of(
                http.post("api/job", "{\"payload\": {}}", "application/json"),
                http.post("api/job", "{\"type\": \"\"}", "application/json"),
                http.post("api/job", "{\"type\": \"has space\"}", "application/json"),
                http.post("api/job", "{\"type\": \"" + "x".repeat(101) + "\"}", "application/json"),
                http.post("api/job", "{\"type\": \"echo\", \"payload\": 5}", "application/json"),
                http.post("api/job", "{\"type\": \"echo\", \"maxAttempts\": 0}", "application/json"),
                http.post("api/job", "{\"type\": \"echo\", \"surprise\": 1}", "application/json"),
                http.post("api/job", "{\"type\": ", "application/json"),
                http.post("api/job", "", "application/json"));
        for (JsonHttp.Response answer : answers) {
            assertEquals(400, answer.status(), answer.body());
            assertEquals("application/problem+json", answer.contentType(), answer.body());
            assertFalse(answer.json().getString("detail").isBlank());
        }
        JsonHttp.Response wrongType = http.post("api/job", "type=echo", "text/plain");
        assertEquals(415, wrongType.status());
        assertEquals("application/problem+json", wrongType.contentType());
        assertEquals(before, ids(http.get("api/job?limit=1000").json()).size());
    }

    @Test
    void exactlyOneOfFiftyConcurrentClaimsWins() throws Exception {
        String id = create("race").getString("id");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> claims = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                JsonObject claim = Json.createObjectBuilder().add("workerId", "racer-" + i).build();
                claims.add(() -> http.post("api/job/" + id + "/claim", claim).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(claims)) {
                statuses.add(answer.get());
            }
            Map<Integer, Long> counts = statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of(200, 1L, 409, 49L), counts);
        } finally {
            pool.shutdownNow();
        }
        JsonObject job = http.get("api/job/" + id).json();
        assertEquals("processing", job.getString("status"));
        assertEquals(1, job.getInt("attempts"));
    }

    @Test
    void completeIsIdempotentAndNeverChangesTheResult() {
        String id = create("echo").getString("id");
        JsonObject claimed = http.post("api/job/" + id + "/claim", Json.createObjectBuilder().add("workerId", "w1").build()).json();
        assertEquals(1, claimed.getInt("attempts"));

        JsonObject first = Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1)
                .add("result", Json.createObjectBuilder().add("answer", 1)).build();
        JsonObject second = Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1)
                .add("result", Json.createObjectBuilder().add("answer", 2)).build();
        assertEquals(200, http.post("api/job/" + id + "/complete", first).status());
        JsonHttp.Response repeated = http.post("api/job/" + id + "/complete", second);
        assertEquals(200, repeated.status());
        assertEquals(1, repeated.json().getJsonObject("result").getInt("answer"));
        assertEquals("complete", repeated.json().getString("status"));

        JsonHttp.Response reclaim = http.post("api/job/" + id + "/claim", Json.createObjectBuilder().add("workerId", "w2").build());
        assertEquals(409, reclaim.status());
        assertEquals("complete", reclaim.json().getString("jobStatus"));
    }

    @Test
    void failedAttemptIsRequeuedWhileAttemptsRemainThenFails() {
        String id = http.post("api/job", newJob("flaky", JsonValue.EMPTY_JSON_OBJECT, 2)).json().getString("id");
        JsonObject claim = Json.createObjectBuilder().add("workerId", "w1").build();
        JsonObject failure1 = Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).add("error", "boom 1").build();
        JsonObject failure2 = Json.createObjectBuilder().add("workerId", "w1").add("attempt", 2).add("error", "boom 2").build();

        http.post("api/job/" + id + "/claim", claim);
        assertEquals("queued", http.post("api/job/" + id + "/fail", failure1).json().getString("status"));
        http.post("api/job/" + id + "/claim", claim);
        JsonObject failed = http.post("api/job/" + id + "/fail", failure2).json();
        assertEquals("failed", failed.getString("status"));
        assertEquals("boom 2", failed.getString("error"));
        List<String> states = failed.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getString("status")).toList();
        assertEquals(List.of("queued", "processing", "queued", "processing", "failed"), states);
    }

    /**
     * docs/openapi.yaml, from which dispatch-client is generated, must be what dispatch serves
     * (less Payara's non-standard "endpoints" block). Run with -Dopenapi.update=true to refresh it.
     */
    @Test
    void servedOpenApiDocumentIsTheCommittedOne() throws IOException {
        // MicroProfile OpenAPI serves /openapi at the server's root, whatever the app's context
        JsonHttp server = new JsonHttp(URI.create(base.getProtocol() + "://" + base.getAuthority() + "/"));
        String served = withoutEndpointsBlock(server.get("openapi", "text/plain").body());
        Path committed = Paths.get(System.getProperty("jobs.root"), "docs", "openapi.yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed, served, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(committed, StandardCharsets.UTF_8), served,
                "docs/openapi.yaml differs from the served document: refresh it with "
                        + "mvn -pl dispatch-war verify -Dit.test=DispatchApiIT#servedOpenApiDocumentIsTheCommittedOne -Dopenapi.update=true");
    }

    static String withoutEndpointsBlock(String yaml) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.startsWith("endpoints:")) {
                skipping = true;
                continue;
            }
            if (skipping && !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("-")) {
                skipping = false;
            }
            if (!skipping) {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(job -> job.getString("id")).toList();
    }
}

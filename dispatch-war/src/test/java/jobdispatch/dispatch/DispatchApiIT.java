package jobdispatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

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
        return DispatchDeployment.war();
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
    void anOffsetDateTimeIsTheInstantItNamesAndANullOptionalFieldIsAbsent() {
        // found by schemathesis (bin/fuzz): JSON-B read only Z, and null could not go into an int
        java.time.OffsetDateTime runAt = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).plusDays(30)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonHttp.Response created = http.post("api/job", "{\"type\": \"echo\", \"runAt\": \"" + runAt + "\", "
                + "\"maxAttempts\": null, \"payload\": null}", "application/json");
        assertEquals(201, created.status(), created.body());
        assertEquals(runAt.toInstant().toString(), created.json().getString("runAt"));
        assertEquals(3, created.json().getInt("maxAttempts"));
    }

    static Stream<Arguments> bodyEncodings() {
        String small = "{\"type\": \"echo\", \"payload\": {\"text\": \"h\u00e9llo \u2713\"}}";
        String large = "{\"type\": \"echo\", \"payload\": {\"text\": \"h\u00e9llo \u2713" + "x".repeat(5000) + "\"}}";
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        return Stream.of(
                Arguments.of("small, UTF-8", small.getBytes(StandardCharsets.UTF_8), false, "h\u00e9llo \u2713"),
                Arguments.of("small, UTF-8, without a Content-Length", small.getBytes(StandardCharsets.UTF_8), true, "h\u00e9llo \u2713"),
                Arguments.of("small, UTF-8 with a byte order mark", concat(bom, small.getBytes(StandardCharsets.UTF_8)), false, "h\u00e9llo \u2713"),
                Arguments.of("small, UTF-16BE", small.getBytes(StandardCharsets.UTF_16BE), false, "h\u00e9llo \u2713"),
                Arguments.of("small, UTF-16LE", small.getBytes(StandardCharsets.UTF_16LE), false, "h\u00e9llo \u2713"),
                Arguments.of("large, UTF-8", large.getBytes(StandardCharsets.UTF_8), false, "h\u00e9llo \u2713" + "x".repeat(5000)),
                Arguments.of("large, UTF-16BE", large.getBytes(StandardCharsets.UTF_16BE), false, "h\u00e9llo \u2713" + "x".repeat(5000)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    // a small body of known length is read whole before parsing (StrictJsonReader): each way in
    // must read the same job
    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyEncodings")
    void aBodyIsReadTheSameWhateverItsEncodingOrLength(String name, byte[] body, boolean unknownLength, String text) {
        JsonHttp.Response created = http.post("api/job", body, "application/json", unknownLength);
        assertEquals(201, created.status(), created.body());
        assertEquals(text, created.json().getJsonObject("payload").getString("text"));
    }

    @Test
    void maxAttemptsDefaultsToThreeAndPayloadToEmpty() {
        JsonObject job = http.post("api/job", Json.createObjectBuilder().add("type", "echo").build()).json();
        assertEquals(3, job.getInt("maxAttempts"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, job.getJsonObject("payload"));
    }

    @Test
    void aBearerTokenIsIgnoredWhileAuthenticationIsOff() {
        // with auth.enabled=false no MP-JWT mechanism is installed (LoginConfigSwitch); an installed
        // one, with no issuer configured, answered any bearer token with an empty 500
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder().add("type", "echo").build().toString(),
                "application/json", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        assertEquals(201, created.status(), created.body());
        assertEquals("queued", created.json().getString("status"));
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
    void theSmallestJobRunIsLongerThanTheWorkersOutputBufferHolds() {
        // the worker asks nsqd for a 64-byte output buffer (RunSubscriber), which holds nothing of a
        // message whose nsqd frame is longer than 120 bytes: 26 of nsqd's header and, so, more than
        // 94 of body. The shortest job the API takes must still make such a message.
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            JsonHttp.Response created = http.post("api/job",
                    "{\"type\":\"a\",\"payload\":{},\"maxAttempts\":1,\"timeoutMs\":1000}", "application/json");
            assertEquals(201, created.status(), created.body());
            String id = created.json().getString("id");
            int bytes = tail.awaitMessage("job_run", message -> id.equals(message.getString("id")), Duration.ofSeconds(10))
                    .bytes();
            assertTrue(26 + bytes > 2 * 64 - 8, "a job_run of " + bytes + " bytes would wait in nsqd's output buffer");
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
        // the unfiltered list is the newest of every status's index: one page spans two statuses
        http.post("api/job/" + second + "/cancel", JsonValue.EMPTY_JSON_OBJECT);

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
    void aResultOfAnyJsonShapeIsRecordedAsSent() {
        String id = create("echo").getString("id");
        http.post("api/job/" + id + "/claim", Json.createObjectBuilder().add("workerId", "w1").build());
        // nulls inside a result once failed binding ("a value in the body is not valid: null"), found by the fuzzer
        JsonArray result = Json.createArrayBuilder().addNull().add(Json.createObjectBuilder().addNull("a").add("b", 1.5))
                .add(Json.createArrayBuilder().addNull()).add("é").build();
        JsonHttp.Response completed = http.post("api/job/" + id + "/complete",
                Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).add("result", result).build());
        assertEquals(200, completed.status(), completed.body());
        assertEquals(result, http.get("api/job/" + id).json().getJsonArray("result"));
    }

    /** The test plays the worker: it claims and reports through this instance, which tells the waiting POST itself. */
    @Test
    void aWaitedSubmitIsAnsweredWithTheJobOnceItHasEnded() throws Exception {
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            CompletableFuture<JsonHttp.Response> waited = CompletableFuture.supplyAsync(() ->
                    http.post("api/job?waitMs=20000", newJob("waited.submit", JsonValue.EMPTY_JSON_OBJECT, 1)));
            String id = tail.await("job_run", message -> "waited.submit".equals(message.getString("type")), Duration.ofSeconds(10))
                    .getString("id");
            Thread.sleep(300);
            assertFalse(waited.isDone(), () -> "answered before the job ended: " + outcome(waited));

            JsonHttp.Response claimed = http.post("api/job/claims?withJob=false", Json.createObjectBuilder().add("workerId", "w1")
                    .add("ids", Json.createArrayBuilder().add(id)).build());
            assertEquals("processing", claimed.json().getJsonArray("results").getJsonObject(0).getString("status"), claimed.body());
            Thread.sleep(200);
            assertFalse(waited.isDone(), () -> "answered while the job was processing: " + outcome(waited));
            long warnings = contextWarnings();
            http.post("api/job/completions", Json.createObjectBuilder().add("completions", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("id", id).add("workerId", "w1").add("attempt", 1)
                            .add("result", Json.createObjectBuilder().add("n", 7)))).build());

            JsonHttp.Response answer = waited.get(10, TimeUnit.SECONDS);
            assertEquals(201, answer.status(), answer.body());
            JsonObject job = answer.json();
            assertEquals(id, job.getString("id"));
            assertEquals("complete", job.getString("status"));
            assertEquals(7, job.getJsonObject("result").getInt("n"));
            assertEquals(List.of("queued", "processing", "complete"), job.getJsonArray("history").getValuesAs(JsonObject.class)
                    .stream().map(entry -> entry.getString("status")).toList());
            assertTrue(answer.header("Location").orElseThrow().endsWith("/api/job/" + id), answer.header("Location").orElseThrow());
            assertEquals(job, http.get("api/job/" + id).json(), "the answer is the job as a GET reads it");
            Thread.sleep(2000);  // Payara writes its log from a queue
            assertEquals(warnings, contextWarnings(), "the POST was answered on the completion request's thread, "
                    + "where Weld found that request's contexts active (see payara-arquillian.log)");
        }
    }

    /** How often Payara's log says that Weld found a request's contexts already active on a request thread. */
    private static long contextWarnings() throws IOException {
        Path target = Paths.get(System.getProperty("jobs.target", "target"));
        try (Stream<Path> files = Files.list(target)) {
            long count = 0;
            for (Path log : files.filter(file -> file.getFileName().toString().startsWith("payara-arquillian.log")).toList()) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    count += lines.filter(line -> line.contains("WELD-000714") || line.contains("WELD-000335")).count();
                }
            }
            return count;
        }
    }

    /** What a request that ended gave: its status and body, or why it failed. */
    private static String outcome(CompletableFuture<JsonHttp.Response> request) {
        return request.handle((response, failure) -> failure != null ? failure.toString() : response.status() + " " + response.body())
                .getNow("not answered");
    }

    @Test
    void aWaitThatRunsOutAnswersTheAcceptedJobAsItIsThen() {
        long start = System.nanoTime();
        JsonHttp.Response answer = http.post("api/job?waitMs=600", newJob("waited.nobody", JsonValue.EMPTY_JSON_OBJECT, 1));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(201, answer.status(), answer.body());
        assertEquals("queued", answer.json().getString("status"));
        assertTrue(tookMs >= 600, "answered after " + tookMs + " ms, before the wait was over");
        assertEquals("queued", http.get("api/job/" + answer.json().getString("id")).json().getString("status"));
    }

    @Test
    void aLongPollAnswersOnceTheJobHasEndedAndAtOnceWhenItHas() throws Exception {
        String id = create("polled").getString("id");
        CompletableFuture<JsonHttp.Response> polled = CompletableFuture.supplyAsync(() -> http.get("api/job/" + id + "?waitMs=20000"));
        Thread.sleep(300);
        assertFalse(polled.isDone(), "answered before the job ended");
        http.post("api/job/" + id + "/claim", Json.createObjectBuilder().add("workerId", "w1").build());
        http.post("api/job/" + id + "/fail", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1)
                .add("error", "no luck").add("retryable", false).build());

        JsonHttp.Response answer = polled.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer.body());
        assertEquals("failed", answer.json().getString("status"));
        assertEquals("no luck", answer.json().getString("error"));

        long start = System.nanoTime();
        JsonHttp.Response again = http.get("api/job/" + id + "?waitMs=20000");
        assertEquals("failed", again.json().getString("status"));
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "a job that has ended is answered at once");
        JsonHttp.Response unknown = http.get("api/job/01a21e17-0000-7000-8000-000000000000?waitMs=20000");
        assertEquals(404, unknown.status(), unknown.body());
    }

    @Test
    void aCancelEndsAWaitAndARepeatedKeyWaitsForTheEarlierJob() throws Exception {
        String key = "wait-" + System.nanoTime();
        JsonObject later = Json.createObjectBuilder().add("type", "waited.later").add("delayMs", 60_000).build();
        CompletableFuture<JsonHttp.Response> waited = CompletableFuture.supplyAsync(() ->
                http.post("api/job?waitMs=20000", later.toString(), "application/json", "Idempotency-Key", key));
        String id = http.awaitGet("api/job?type=waited.later&status=scheduled&limit=1",
                page -> !page.json().getJsonArray("items").isEmpty(), Duration.ofSeconds(10))
                .json().getJsonArray("items").getJsonObject(0).getString("id");
        CompletableFuture<JsonHttp.Response> repeated = CompletableFuture.supplyAsync(() ->
                http.post("api/job?waitMs=20000", later.toString(), "application/json", "Idempotency-Key", key));
        Thread.sleep(300);
        assertFalse(waited.isDone() || repeated.isDone(), "answered before the job ended");

        assertEquals(200, http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT).status());
        JsonHttp.Response answer = waited.get(10, TimeUnit.SECONDS);
        assertEquals(201, answer.status(), answer.body());
        assertEquals("cancelled", answer.json().getString("status"));
        JsonHttp.Response earlier = repeated.get(10, TimeUnit.SECONDS);
        assertEquals(200, earlier.status(), "the key's earlier job: " + earlier.body());
        assertEquals(id, earlier.json().getString("id"));
        assertEquals("cancelled", earlier.json().getString("status"));
    }

    @Test
    void batchedClaimsAndCompletionsAnswerEachItemAsTheSingleCallsWould() {
        String a = create("echo").getString("id");
        String b = create("echo").getString("id");
        String missing = "no-such-job";

        JsonHttp.Response claimed = http.post("api/job/claims", Json.createObjectBuilder().add("workerId", "w1")
                .add("ids", Json.createArrayBuilder().add(a).add(b).add(a).add(missing)).build());
        assertEquals(200, claimed.status(), claimed.body());
        List<JsonObject> claims = claimed.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals(List.of(a, b, a, missing), claims.stream().map(r -> r.getString("id")).toList());
        assertEquals("processing", claims.get(0).getString("status"));
        assertEquals(1, claims.get(0).getInt("attempt"));
        assertEquals("processing", claims.get(0).getJsonObject("job").getString("status"));
        assertEquals(1, claims.get(0).getJsonObject("job").getInt("attempts"));
        assertEquals("w1", claims.get(1).getJsonObject("job").getString("workerId"));
        assertFalse(claims.get(0).getJsonObject("job").containsKey("history"), "a batch answers jobs as a listing does");
        assertEquals(409, claims.get(2).getJsonObject("problem").getInt("status"), "the same job twice: claimed once");
        assertEquals("processing", claims.get(2).getJsonObject("problem").getString("jobStatus"));
        assertFalse(claims.get(2).containsKey("job"));
        assertFalse(claims.get(2).containsKey("attempt"), "a refused claim holds no attempt");
        assertEquals(404, claims.get(3).getJsonObject("problem").getInt("status"));

        JsonHttp.Response completed = http.post("api/job/completions", Json.createObjectBuilder().add("completions", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("id", a).add("workerId", "w1").add("attempt", 1)
                        .add("result", Json.createObjectBuilder().add("n", 1)))
                .add(Json.createObjectBuilder().add("id", b).add("workerId", "w2").add("attempt", 1))
                .add(Json.createObjectBuilder().add("id", missing).add("workerId", "w1").add("attempt", 1))).build());
        assertEquals(200, completed.status(), completed.body());
        List<JsonObject> completions = completed.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals("complete", completions.get(0).getString("status"));
        assertFalse(completions.get(0).containsKey("job"), "a completion answers no job: " + completions.get(0));
        assertEquals(409, completions.get(1).getJsonObject("problem").getInt("status"), "w2 does not hold b's attempt");
        assertFalse(completions.get(1).containsKey("status"), completions.get(1).toString());
        assertEquals(404, completions.get(2).getJsonObject("problem").getInt("status"));
        JsonObject completedA = http.get("api/job/" + a).json();
        assertEquals("complete", completedA.getString("status"));
        assertEquals(1, completedA.getJsonObject("result").getInt("n"));
        assertEquals("processing", http.get("api/job/" + b).json().getString("status"));
        List<String> states = http.get("api/job/" + a).json().getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getString("status")).toList();
        assertEquals(List.of("queued", "processing", "complete"), states, "the history is recorded, only not answered by a batch");
    }

    @Test
    void aBatchLeavesEachJobInTheIndexesOfItsNewStatusOnly() throws InterruptedException {
        // claim.lua and complete.lua write the sorted sets of a batch at its end, by each job's net
        // change: a due scheduled job (scheduled, then queued, then processing), a taken-over one
        // (processing, out and back in) and plain queued ones, claimed and completed together
        String type = "batch.indexes" + System.nanoTime();
        String scheduled = http.post("api/job", Json.createObjectBuilder().add("type", type).add("delayMs", 300).build())
                .json().getString("id");
        String expired = http.post("api/job", Json.createObjectBuilder().add("type", type).add("timeoutMs", 1000).build())
                .json().getString("id");
        assertEquals("processing", http.post("api/job/" + expired + "/claim", claimAs("w0")).json().getString("status"));
        String queued1 = create(type).getString("id");
        String queued2 = create(type).getString("id");
        long completedBefore = completedInTwoHours();
        // the lease is timeoutMs plus jobs.lease.margin.ms (1000 in arquillian.xml); the delay is long over
        Thread.sleep(2300);

        List<String> all = List.of(scheduled, expired, queued1, queued2);
        JsonArrayBuilder ids = Json.createArrayBuilder();
        all.forEach(ids::add);
        List<JsonObject> claims = http.post("api/job/claims?withJob=false", Json.createObjectBuilder().add("workerId", "w1")
                .add("ids", ids).build()).json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals(List.of("processing", "processing", "processing", "processing"),
                claims.stream().map(c -> c.getString("status", c.toString())).toList());
        assertEquals(2, claims.get(1).getInt("attempt"), "the expired lease was taken over");
        assertEquals(Map.of("processing", 4), nonZero(typeCounts(type).orElseThrow()));
        assertEquals(Set.copyOf(all), Set.copyOf(ids(http.get("api/job?status=processing&type=" + type).json())));
        for (String status : List.of("scheduled", "queued")) {
            assertEquals(List.of(), ids(http.get("api/job?status=" + status + "&type=" + type).json()), status);
        }

        JsonArrayBuilder completions = Json.createArrayBuilder();
        for (int i = 0; i < all.size(); i++) {
            completions.add(Json.createObjectBuilder().add("id", all.get(i)).add("workerId", "w1").add("attempt", i == 1 ? 2 : 1));
        }
        List<JsonObject> done = http.post("api/job/completions", Json.createObjectBuilder().add("completions", completions).build())
                .json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals(List.of("complete", "complete", "complete", "complete"),
                done.stream().map(c -> c.getString("status", c.toString())).toList());
        assertEquals(Map.of("complete", 4), nonZero(typeCounts(type).orElseThrow()));
        assertEquals(Set.copyOf(all), Set.copyOf(ids(http.get("api/job?status=complete&type=" + type).json())));
        assertEquals(List.of(), ids(http.get("api/job?status=processing&type=" + type).json()));
        assertEquals(completedBefore + 4, completedInTwoHours(), "the batch's completions counted once each");
    }

    /** The counts that are not 0, by status. */
    private static Map<String, Integer> nonZero(JsonObject counts) {
        return counts.entrySet().stream().filter(e -> ((jakarta.json.JsonNumber) e.getValue()).intValue() != 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonNumber) e.getValue()).intValue()));
    }

    /** Jobs completed over the last 120 minutes, by the console's throughput chart. */
    private long completedInTwoHours() {
        return http.get("api/job/throughput?minutes=120").json().getJsonArray("minutes").getValuesAs(JsonObject.class).stream()
                .mapToLong(minute -> minute.getJsonNumber("complete").longValue()).sum();
    }

    @Test
    void claimsWithoutJobsAnswerTheAttemptOnlyAndClaimAllTheSame() {
        String a = create("echo").getString("id");
        JsonObject twice = Json.createObjectBuilder().add("workerId", "w1").add("ids", Json.createArrayBuilder().add(a).add(a)).build();
        List<JsonObject> claims = http.post("api/job/claims?withJob=false", twice).json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals("processing", claims.get(0).getString("status"), claims.toString());
        assertEquals(1, claims.get(0).getInt("attempt"));
        assertFalse(claims.get(0).containsKey("job"), "asked without the job: " + claims.get(0));
        assertEquals(409, claims.get(1).getJsonObject("problem").getInt("status"), "the same job twice: claimed once");
        JsonObject claimed = http.get("api/job/" + a).json();
        assertEquals("processing", claimed.getString("status"));
        assertEquals("w1", claimed.getString("workerId"));
        assertEquals(1, claimed.getInt("attempts"));
        assertTrue(claimed.containsKey("startedAt"), claimed.toString());

        // the lease of a second attempt: the attempt answered is the job's new count
        String b = create("echo").getString("id");
        http.post("api/job/" + b + "/claim", Json.createObjectBuilder().add("workerId", "w1").build());
        http.post("api/job/" + b + "/fail", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).add("error", "again").build());
        JsonObject claimB = Json.createObjectBuilder().add("workerId", "w2").add("ids", Json.createArrayBuilder().add(b)).build();
        JsonObject again = http.post("api/job/claims?withJob=false", claimB).json().getJsonArray("results").getJsonObject(0);
        assertEquals(2, again.getInt("attempt"), again.toString());
        assertFalse(again.containsKey("job"), again.toString());

        String c = create("echo").getString("id");
        JsonHttp.Response notABoolean = http.post("api/job/claims?withJob=no",
                Json.createObjectBuilder().add("workerId", "w3").add("ids", Json.createArrayBuilder().add(c)).build());
        assertEquals(400, notABoolean.status(), notABoolean.body());
        assertEquals("application/problem+json", notABoolean.contentType());
        assertEquals("queued", http.get("api/job/" + c).json().getString("status"), "a refused request claims nothing");
    }

    @Test
    void batchedCallbacksRefuseEmptyOrOversizedBatches() {
        JsonArrayBuilder tooMany = Json.createArrayBuilder();
        for (int i = 0; i < 101; i++) {
            tooMany.add("id-" + i);
        }
        for (JsonObject body : List.of(Json.createObjectBuilder().add("workerId", "w1").add("ids", JsonValue.EMPTY_JSON_ARRAY).build(),
                Json.createObjectBuilder().add("workerId", "w1").add("ids", tooMany).build(),
                Json.createObjectBuilder().add("ids", Json.createArrayBuilder().add("x")).build())) {
            JsonHttp.Response refused = http.post("api/job/claims", body);
            assertEquals(400, refused.status(), body + ": " + refused.body());
            assertEquals("application/problem+json", refused.contentType(), body.toString());
        }
        JsonHttp.Response none = http.post("api/job/completions", Json.createObjectBuilder().add("completions", JsonValue.EMPTY_JSON_ARRAY).build());
        assertEquals(400, none.status(), none.body());
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

    static JsonObject claimAs(String worker) {
        return Json.createObjectBuilder().add("workerId", worker).build();
    }

    @Test
    void aConfirmedPublishIsMarkedAndNotPublishedAgain() throws Exception {
        // the test deployment's outbox republishes what is unmarked after 1 s (outbox.grace.ms):
        // nothing claims these jobs, so a missing mark would show as a second message
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run");
             UnifiedJedis redis = RedisClient.create(URI.create(TestServers.get().redis().url()))) {
            List<String> ids = new ArrayList<>();
            ids.add(create("marked").getString("id"));
            JsonHttp.Response batch = http.post("api/job/batch", Json.createObjectBuilder().add("jobs", Json.createArrayBuilder()
                    .add(newJob("marked", JsonValue.EMPTY_JSON_OBJECT, 1)).add(newJob("marked", JsonValue.EMPTY_JSON_OBJECT, 1))).build());
            assertEquals(201, batch.status(), batch.body());
            batch.json().getJsonArray("jobs").getValuesAs(JsonObject.class).forEach(job -> ids.add(job.getString("id")));

            Thread.sleep(3000);
            for (String id : ids) {
                assertEquals(1, tail.received().stream().filter(m -> id.equals(m.body().getString("id"))).count(),
                        "one message for " + id);
                Double checkAgainAt = redis.zscore("jobs:outbox", id);
                assertTrue(checkAgainAt != null && checkAgainAt > System.currentTimeMillis() + 60_000,
                        "the outbox looks at " + id + " again only after outbox.redeliver.ms: " + checkAgainAt);
            }
        }
    }

    @Test
    void delayedJobIsScheduledAndPublishedWhenDue() {
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            JsonObject job = http.post("api/job", Json.createObjectBuilder().add("type", "later").add("delayMs", 1500).build()).json();
            String id = job.getString("id");
            assertEquals("scheduled", job.getString("status"));
            Instant runAt = Instant.parse(job.getString("runAt"));

            tail.await("job_run", message -> id.equals(message.getString("id")), Duration.ofSeconds(10));
            assertFalse(Instant.now().isBefore(runAt), "published before it was due");
        }
    }

    @Test
    void delayBeyondNsqdDeferLimitWaitsInRedis() {
        // the test deployment sets nsqd.max.defer.ms=3000: a 5 s delay starts in the Redis schedule
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            JsonObject job = http.post("api/job", Json.createObjectBuilder().add("type", "much.later").add("delayMs", 5000).build()).json();
            String id = job.getString("id");
            Instant runAt = Instant.parse(job.getString("runAt"));

            tail.await("job_run", message -> id.equals(message.getString("id")), Duration.ofSeconds(15));
            assertFalse(Instant.now().isBefore(runAt), "published before it was due");
            JsonObject claimed = http.post("api/job/" + id + "/claim", claimAs("w1")).json();
            assertEquals("processing", claimed.getString("status"));
            List<String> states = claimed.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                    .map(entry -> entry.getString("status")).toList();
            assertEquals(List.of("scheduled", "queued", "processing"), states);
        }
    }

    @Test
    void scheduledJobCannotBeClaimedEarly() {
        String id = http.post("api/job", Json.createObjectBuilder().add("type", "later").add("delayMs", 60000).build())
                .json().getString("id");
        JsonHttp.Response early = http.post("api/job/" + id + "/claim", claimAs("w1"));
        assertEquals(409, early.status());
        assertEquals("scheduled", early.json().getString("jobStatus"));
    }

    @Test
    void idempotencyKeyAnswersTheSameJob() {
        String body = "{\"type\": \"echo\", \"payload\": {\"order\": 4711}}";
        String key = "order-" + System.nanoTime();
        JsonHttp.Response first = http.post("api/job", body, "application/json", "Idempotency-Key", key);
        JsonHttp.Response again = http.post("api/job", body, "application/json", "Idempotency-Key", key);
        JsonHttp.Response other = http.post("api/job", body, "application/json", "Idempotency-Key", key + "-2");

        assertEquals(201, first.status());
        assertEquals(200, again.status());
        assertEquals(first.json().getString("id"), again.json().getString("id"));
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(201, other.status());
        assertFalse(first.json().getString("id").equals(other.json().getString("id")));
    }

    @Test
    void batchOfAThousandIsStoredAndMultiPublished() {
        String type = "batch" + System.nanoTime();
        var jobs = Json.createArrayBuilder();
        for (int i = 0; i < 1000; i++) {
            jobs.add(Json.createObjectBuilder().add("type", type).add("payload", Json.createObjectBuilder().add("n", i)));
        }
        try (NsqTail tail = new NsqTail(TestServers.get().nsqd(), "job_run")) {
            JsonHttp.Response created = http.post("api/job/batch", Json.createObjectBuilder().add("jobs", jobs).build());
            assertEquals(201, created.status(), created.body());
            List<JsonObject> accepted = created.json().getJsonArray("jobs").getValuesAs(JsonObject.class);
            assertEquals(1000, accepted.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, accepted.get(i).getJsonObject("payload").getInt("n"));
            }
            java.util.Set<String> ids = accepted.stream().map(job -> job.getString("id")).collect(Collectors.toSet());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tail.received().stream().filter(m -> ids.contains(m.body().getString("id"))).count() < 1000
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1000, tail.received().stream().map(m -> m.body().getString("id")).filter(ids::contains).distinct().count());
        }
        JsonObject stats = http.get("api/job/stats").json();
        JsonObject ofType = stats.getJsonArray("byType").getValuesAs(JsonObject.class).stream()
                .filter(entry -> type.equals(entry.getString("type"))).findFirst().orElseThrow();
        assertEquals(1000, ofType.getJsonObject("counts").getInt("queued"));
    }

    @Test
    void batchWithPreferReturnMinimalAnswersIdsAndStatusesOfStoredJobs() {
        String type = "minimal" + System.nanoTime();
        String body = Json.createObjectBuilder().add("jobs", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", type).add("payload", Json.createObjectBuilder().add("n", 0)))
                .add(Json.createObjectBuilder().add("type", type).add("delayMs", 3_600_000))).build().toString();
        // among other preferences, with a parameter and a quoted value, as RFC 7240 allows
        JsonHttp.Response minimal = http.post("api/job/batch", body, "application/json",
                "Prefer", "respond-async, return=\"minimal\"; x=1");
        assertEquals(201, minimal.status(), minimal.body());
        assertEquals(Optional.of("return=minimal"), minimal.header("Preference-Applied"));
        List<JsonObject> accepted = minimal.json().getJsonArray("jobs").getValuesAs(JsonObject.class);
        assertEquals(List.of("queued", "scheduled"), accepted.stream().map(job -> job.getString("status")).toList());
        for (JsonObject job : accepted) {
            assertEquals(Set.of("id", "status"), job.keySet(), job.toString());
            JsonObject stored = http.get("api/job/" + job.getString("id")).json();
            assertEquals(type, stored.getString("type"));
            assertEquals(job.getString("status"), stored.getString("status"));
        }

        // any other preference is ignored: the whole jobs, and no Preference-Applied
        JsonHttp.Response whole = http.post("api/job/batch", body, "application/json", "Prefer", "return=representation");
        assertEquals(201, whole.status(), whole.body());
        assertEquals(Optional.empty(), whole.header("Preference-Applied"));
        JsonObject first = whole.json().getJsonArray("jobs").getJsonObject(0);
        assertEquals(type, first.getString("type"));
        assertEquals(0, first.getJsonObject("payload").getInt("n"));
        assertEquals(1, first.getJsonArray("history").size());
    }

    @Test
    void listFiltersByStatusAndTypeAndKeepsItsPagesWhileJobsArrive() {
        String type = "filtered" + System.nanoTime();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(type).getString("id"));
        }
        String claimed = created.get(1);
        http.post("api/job/" + claimed + "/claim", claimAs("w1"));

        assertEquals(List.of(claimed), ids(http.get("api/job?status=processing&type=" + type).json()));
        assertEquals(List.of(created.get(4), created.get(3), created.get(2), created.get(0)),
                ids(http.get("api/job?status=queued&type=" + type).json()));

        JsonObject page1 = http.get("api/job?type=" + type + "&limit=2").json();
        assertEquals(List.of(created.get(4), created.get(3)), ids(page1));
        create(type);
        create(type);
        JsonObject page2 = http.get("api/job?type=" + type + "&limit=2&cursor=" + page1.getString("nextCursor")).json();
        assertEquals(List.of(created.get(2), created.get(1)), ids(page2));
        JsonObject page3 = http.get("api/job?type=" + type + "&limit=2&cursor=" + page2.getString("nextCursor")).json();
        assertEquals(List.of(created.get(0)), ids(page3));
        assertFalse(page3.containsKey("nextCursor"));
    }

    @Test
    void statsCountEachStatusOverallAndPerType() {
        String type = "counted" + System.nanoTime();
        String a = create(type).getString("id");
        create(type);
        create(type);
        http.post("api/job/" + a + "/claim", claimAs("w1"));
        http.post("api/job/" + a + "/complete", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).build());

        JsonObject stats = http.get("api/job/stats").json();
        JsonObject counts = stats.getJsonArray("byType").getValuesAs(JsonObject.class).stream()
                .filter(entry -> type.equals(entry.getString("type"))).findFirst().orElseThrow().getJsonObject("counts");
        assertEquals(2, counts.getInt("queued"));
        assertEquals(1, counts.getInt("complete"));
        assertEquals(0, counts.getInt("processing"));
        JsonObject overall = stats.getJsonObject("byStatus");
        long sum = overall.values().stream().mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue()).sum();
        assertEquals(stats.getJsonNumber("total").longValue(), sum);
    }

    @Test
    void cancelRetryAndDeleteFollowTheStateMachine() {
        String id = create("managed").getString("id");
        assertEquals(409, http.delete("api/job/" + id).status(), "a queued job cannot be deleted");
        JsonHttp.Response retryQueued = http.post("api/job/" + id + "/retry", JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(409, retryQueued.status());
        assertEquals("queued", retryQueued.json().getString("jobStatus"));

        assertEquals("cancelled", http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT).json().getString("status"));
        JsonHttp.Response again = http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(409, again.status());
        assertEquals("cancelled", again.json().getString("jobStatus"));
        assertEquals(409, http.post("api/job/" + id + "/claim", claimAs("w1")).status(), "a cancelled job is not run");

        JsonObject retried = http.post("api/job/" + id + "/retry", JsonValue.EMPTY_JSON_OBJECT).json();
        assertEquals("queued", retried.getString("status"));
        JsonObject claimed = http.post("api/job/" + id + "/claim", claimAs("w1")).json();
        assertEquals(1, claimed.getInt("attempts"));
        JsonHttp.Response cancelRunning = http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(409, cancelRunning.status());
        assertEquals("processing", cancelRunning.json().getString("jobStatus"));
        http.post("api/job/" + id + "/fail", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1)
                .add("error", "permanent").add("retryable", false).build());

        assertEquals(204, http.delete("api/job/" + id).status());
        assertEquals(404, http.get("api/job/" + id).status());
        assertFalse(ids(http.get("api/job?limit=1000&type=managed").json()).contains(id));
    }

    @Test
    void anEventStreamCarriesOnlyTheStatusesAndTypesItAskedFor() throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        // read in the background: the stream's headers may only come with its first event
        var stream = client.sendAsync(HttpRequest.newBuilder(base.toURI().resolve("api/job/events?status=cancelled&status=deleted&type=stream.wanted"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(response -> response.body().forEach(lines::add));
        Thread.sleep(1000); // time for the request to register its stream
        // a message that is no transition (another publisher on the channel) reaches no filtered
        // stream, and the transition published right after it does
        String probe = "{\"id\": \"probe\", \"type\": \"stream.wanted\", \"status\": \"cancelled\"}";
        try (UnifiedJedis publisher = RedisClient.create(URI.create(TestServers.get().redis().url()))) {
            publisher.publish("jobs:events", "not json");
            publisher.publish("jobs:events", probe);
        }
        String wanted = create("stream.wanted").getString("id");
        String otherType = create("stream.other").getString("id");
        for (String id : List.of(otherType, wanted)) {
            assertEquals(200, http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT).status());
        }
        assertEquals(204, http.delete("api/job/" + wanted).status());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains(wanted) && l.contains("\"deleted\""))) {
            Thread.sleep(50);
        }
        stream.cancel(true);
        List<String> events = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertEquals(3, events.size(), "the probe, then only the wanted job's cancel and delete: " + lines);
        assertTrue(events.get(0).contains("\"probe\""), events.toString());
        assertTrue(events.get(1).contains(wanted) && events.get(1).contains("\"cancelled\""), events.toString());
        assertTrue(events.get(2).contains(wanted) && events.get(2).contains("\"deleted\""), events.toString());

        for (String query : List.of("status=done", "status=queued&status=", "type=no%20spaces")) {
            JsonHttp.Response refused = http.get("api/job/events?" + query, "text/event-stream");
            assertEquals(400, refused.status(), query);
            assertEquals("application/problem+json", refused.contentType(), query);
        }
    }

    @Test
    void retryOfAJobThatUsedAllAttemptsGrantsOneMore() {
        String id = http.post("api/job", newJob("exhausted", JsonValue.EMPTY_JSON_OBJECT, 1)).json().getString("id");
        http.post("api/job/" + id + "/claim", claimAs("w1"));
        http.post("api/job/" + id + "/fail", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).add("error", "x").build());
        http.post("api/job/" + id + "/retry", JsonValue.EMPTY_JSON_OBJECT);
        JsonObject claimed = http.post("api/job/" + id + "/claim", claimAs("w1")).json();
        assertEquals(2, claimed.getInt("attempts"));
        assertEquals(2, claimed.getInt("maxAttempts"));
    }

    @Test
    void progressIsRecordedOnlyForTheHolder() {
        String id = create("progressing").getString("id");
        http.post("api/job/" + id + "/claim", claimAs("w1"));
        JsonObject report = Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).add("progress", 40).build();
        assertEquals(40, http.post("api/job/" + id + "/progress", report).json().getInt("progress"));
        JsonObject stranger = Json.createObjectBuilder().add("workerId", "w2").add("attempt", 1).add("progress", 90).build();
        assertEquals(409, http.post("api/job/" + id + "/progress", stranger).status());
        assertEquals(40, http.get("api/job/" + id).json().getInt("progress"));
    }

    @Test
    void finishedJobsExpireWithTheirIndexEntries() {
        // the test deployment keeps finished jobs 4 s
        String type = "expiring" + System.nanoTime();
        String stays = create(type).getString("id");
        String id = create(type).getString("id");
        http.post("api/job/" + id + "/claim", claimAs("w1"));
        http.post("api/job/" + id + "/complete", Json.createObjectBuilder().add("workerId", "w1").add("attempt", 1).build());

        http.awaitGet("api/job/" + id, response -> response.status() == 404, Duration.ofSeconds(15));
        assertEquals(List.of(stays), ids(http.get("api/job?type=" + type).json()));
        assertEquals(1, typeCounts(type).orElseThrow(() -> new AssertionError("the type has a job left")).getInt("queued"));

        http.post("api/job/" + stays + "/cancel", JsonValue.EMPTY_JSON_OBJECT);
        http.awaitGet("api/job/" + stays, response -> response.status() == 404, Duration.ofSeconds(15));
        assertEquals(List.of(), ids(http.get("api/job?type=" + type).json()));
        assertTrue(typeCounts(type).isEmpty(), "the type's counts are gone with its last job");
    }

    /** The type's counts in /stats, if it is listed there. */
    private java.util.Optional<JsonObject> typeCounts(String type) {
        return http.get("api/job/stats").json().getJsonArray("byType").getValuesAs(JsonObject.class).stream()
                .filter(entry -> type.equals(entry.getString("type"))).findFirst().map(entry -> entry.getJsonObject("counts"));
    }

    /**
     * docs/openapi.yaml, from which dispatch-client is generated, must say what dispatch serves
     * (less Payara's non-standard "endpoints" block), compared as data: Payara does not keep
     * the order of operations from one start to the next. Run with -Dopenapi.update=true to
     * refresh it.
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
        assertEquals(yaml(Files.readString(committed, StandardCharsets.UTF_8)), yaml(served),
                "docs/openapi.yaml differs from the served document: refresh it with "
                        + "mvn -pl dispatch-war verify -Dit.test=DispatchApiIT#servedOpenApiDocumentIsTheCommittedOne -Dopenapi.update=true");
    }

    /** The document as maps and lists: equal whatever the order of the keys. */
    static Object yaml(String text) {
        return new Yaml().load(text);
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

package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.NsqTail;
import jobdispatch.testing.TestServers;

/**
 * Both WARs on one Payara Micro, as bin/run starts them, with real redis-server and nsqd:
 * jobs go from POST /api/job to their final state, and the worker's events reach NSQ.
 */
@ExtendWith(TestServers.Start.class)
class JobLifecycleIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> EVENT_TOPICS = List.of("job_processing", "job_complete", "job_failed");

    static SystemUnderTest system;
    static NsqTail events;

    @BeforeAll
    static void startSystem() {
        events = new NsqTail(TestServers.get().nsqd(), EVENT_TOPICS.toArray(String[]::new));
        // retries wait ~2 s: long enough for a test's own message to come first (below)
        system = SystemUnderTest.start("together", Map.of("worker.retry.base.ms", "2000"));
    }

    @AfterAll
    static void stopSystem() {
        if (events != null) {
            events.close();
        }
        if (system != null) {
            system.close();
        }
    }

    static String submit(String type, JsonObject payload, int maxAttempts) {
        return system.submit(type, payload, maxAttempts);
    }

    static JsonObject awaitStatus(String id, String status) {
        return system.awaitStatus(id, status, WAIT);
    }

    /** The real worker runs the job; dispatch answers the waiting POST with it once it is complete, or failed. */
    @Test
    void aSubmitThatWaitsIsAnsweredWithTheEndedJob() {
        JsonObject payload = Json.createObjectBuilder().add("asked", "and waited").build();
        var answer = system.http.post("api/job?waitMs=20000", Json.createObjectBuilder()
                .add("type", "echo").add("payload", payload).build());
        assertEquals(201, answer.status(), answer.body());
        assertEquals("complete", answer.json().getString("status"), answer.body());
        assertEquals(payload, answer.json().getJsonObject("result"));

        var failed = system.http.post("api/job?waitMs=20000", Json.createObjectBuilder()
                .add("type", "fail").add("maxAttempts", 1).add("payload", Json.createObjectBuilder().add("message", "as asked")).build());
        assertEquals(201, failed.status(), failed.body());
        assertEquals("failed", failed.json().getString("status"), failed.body());
        assertEquals("as asked", failed.json().getString("error"));
    }

    @Test
    void echoJobCompletesWithItsPayloadAsResult() {
        JsonObject payload = Json.createObjectBuilder().add("greeting", "hello").add("yes", true).addNull("nothing")
                .add("nested", Json.createObjectBuilder().add("list", Json.createArrayBuilder().add(1).add(2.5).add("é").addNull())).build();
        String id = submit("echo", payload, 3);

        JsonObject job = awaitStatus(id, "complete");
        assertEquals(payload, job.getJsonObject("result"));
        assertEquals(1, job.getInt("attempts"));
        assertFalse(job.getString("workerId").isBlank());

        JsonObject processing = events.await("job_processing", event -> id.equals(event.getString("id")), WAIT);
        assertEquals("processing", processing.getString("status"));
        assertEquals("echo", processing.getString("type"));
        assertEquals(1, processing.getInt("attempt"));
        assertEquals(job.getString("workerId"), processing.getString("workerId"));
        JsonObject complete = events.await("job_complete", event -> id.equals(event.getString("id")), WAIT);
        assertEquals("complete", complete.getString("status"));
        assertEquals(payload, complete.getJsonObject("result"));
        assertTrue(complete.getJsonNumber("durationMs").longValue() >= 0);
    }

    @Test
    void failJobWithOneAttemptFailsWithItsError() {
        String id = submit("fail", Json.createObjectBuilder().add("message", "no luck").build(), 1);

        JsonObject job = awaitStatus(id, "failed");
        assertEquals("no luck", job.getString("error"));
        assertEquals(1, job.getInt("attempts"));

        JsonObject failed = events.await("job_failed", event -> id.equals(event.getString("id")), WAIT);
        assertEquals("failed", failed.getString("status"));
        assertEquals("no luck", failed.getString("error"));
        assertFalse(failed.getBoolean("willRetry"));
    }

    @Test
    void failedAttemptIsRetriedUntilAttemptsRunOut() {
        String id = submit("fail", Json.createObjectBuilder().build(), 2);

        JsonObject job = awaitStatus(id, "failed");
        assertEquals(2, job.getInt("attempts"));
        JsonObject retrying = events.await("job_failed",
                event -> id.equals(event.getString("id")) && event.getInt("attempt") == 1, WAIT);
        assertTrue(retrying.getBoolean("willRetry"));
        assertEquals("queued", retrying.getString("status"));
        JsonObject last = events.await("job_failed",
                event -> id.equals(event.getString("id")) && event.getInt("attempt") == 2, WAIT);
        assertFalse(last.getBoolean("willRetry"));
    }

    @Test
    void unknownTypeFailsAtOnceWithAClearError() {
        String id = submit("no.such.type", Json.createObjectBuilder().build(), 3);

        JsonObject job = awaitStatus(id, "failed");
        assertEquals(1, job.getInt("attempts"), "a permanent error is not retried");
        assertTrue(job.getString("error").contains("no handler for job type 'no.such.type'"), job.getString("error"));
    }

    /**
     * The worker runs a job as its job_run message carries it, with the attempt its claim answers.
     * A message without the job's limits (as a hand-made one, or an older dispatch's) has its
     * claim answer the job, and the job runs with what dispatch stored, not with the message's
     * payload: here that payload would fail every attempt, the stored one only the first.
     */
    @Test
    void aMessageWithoutTheJobsLimitsRunsTheJobAsDispatchStoredIt() throws Exception {
        String id = submit("fail", Json.createObjectBuilder().add("times", 1).build(), 3);
        events.await("job_failed", event -> id.equals(event.getString("id")) && event.getInt("attempt") == 1, WAIT);

        // while the first message waits out its retry delay, another message for the same job
        String partial = Json.createObjectBuilder().add("id", id).add("type", "fail")
                .add("payload", Json.createObjectBuilder().add("message", "the message's payload, not the job's")).build().toString();
        HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestServers.get().nsqd().httpUrl() + "/pub?topic=job_run")).POST(BodyPublishers.ofString(partial)).build(),
                BodyHandlers.ofString());
        assertEquals(200, published.statusCode(), published.body());

        JsonObject job = awaitStatus(id, "complete");
        assertEquals(2, job.getInt("attempts"), "the second attempt ran with the stored payload: " + job);
        assertEquals(2, job.getJsonObject("result").getInt("attempt"));
    }

    @Test
    void sleepJobCompletesAfterItsSleep() {
        String id = submit("sleep", Json.createObjectBuilder().add("ms", 300).build(), 1);

        JsonObject job = awaitStatus(id, "complete");
        assertEquals(300, job.getJsonObject("result").getInt("slept"));
        JsonObject complete = events.await("job_complete", event -> id.equals(event.getString("id")), WAIT);
        assertTrue(complete.getJsonNumber("durationMs").longValue() >= 300);
    }
}

package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.NsqTail;
import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.TestServers;

/**
 * Dispatch and two workers, each a Payara Micro process of its own, the workers finding nsqd
 * through nsqlookupd: retries, timeouts, back-pressure, shared load, metrics, graceful
 * shutdown and a worker killed with SIGKILL in the middle of a job.
 */
@ExtendWith(TestServers.Start.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerReliabilityIT {

    static final int CONCURRENCY = 4;
    static final Duration WAIT = Duration.ofSeconds(60);

    static SystemUnderTest dispatch;
    static final Map<String, PayaraMicro> workers = new HashMap<>();
    static NsqTail events;

    @BeforeAll
    static void startSystem() {
        TestServers servers = TestServers.get();
        // with nsqlookupd, a worker finds nsqd once the topic exists there
        servers.nsqd().createChannel("job_run", "worker");
        events = new NsqTail(servers.nsqd(), "job_processing", "job_complete", "job_failed");
        dispatch = SystemUnderTest.startDispatch("dispatch", Map.of("jobs.lease.margin.ms", "2000"));
        for (String id : List.of("worker-1", "worker-2")) {
            workers.put(id, startWorker(id));
        }
    }

    static PayaraMicro startWorker(String id) {
        return SystemUnderTest.startWorker(id, dispatch, Map.of(
                "nsqlookupd.http.addresses", TestServers.get().nsqlookupd().httpAddress(),
                "worker.concurrency", Integer.toString(CONCURRENCY),
                "worker.touch.ms", "1000",
                "worker.shutdown.grace.ms", "20000"));
    }

    @AfterAll
    static void stopSystem() {
        workers.values().forEach(PayaraMicro::stop);
        if (dispatch != null) {
            dispatch.close();
        }
        if (events != null) {
            events.close();
        }
    }

    static String submit(JsonObject job) {
        JsonHttp.Response created = dispatch.http.post("api/job", job);
        assertEquals(201, created.status(), created.body());
        return created.json().getString("id");
    }

    static JsonObject job(String type, JsonObject payload, int maxAttempts, long timeoutMs) {
        return Json.createObjectBuilder().add("type", type).add("payload", payload).add("maxAttempts", maxAttempts)
                .add("timeoutMs", timeoutMs).build();
    }

    static long eventsFor(String topic, String id) {
        return events.received().stream().filter(m -> m.topic().equals(topic) && id.equals(m.body().getString("id"))).count();
    }

    @Test
    @Order(1)
    void failingAttemptsAreRetriedWithBackoffUntilOneSucceeds() {
        String id = submit(job("fail", Json.createObjectBuilder().add("times", 2).build(), 3, 10_000));

        JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
        assertEquals(3, job.getInt("attempts"));
        assertEquals(3, job.getJsonObject("result").getInt("attempt"));
        List<String> states = job.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getString("status")).toList();
        assertEquals(List.of("queued", "processing", "queued", "processing", "queued", "processing", "complete"), states);
        assertEquals(2, events.received().stream().filter(m -> m.topic().equals("job_failed")
                && id.equals(m.body().getString("id")) && m.body().getBoolean("willRetry")).count());
    }

    @Test
    @Order(2)
    void attemptPastItsTimeoutIsStoppedAndCountsAsFailed() {
        String id = submit(job("sleep", Json.createObjectBuilder().add("ms", 30_000).build(), 1, 1000));

        JsonObject job = dispatch.awaitStatus(id, "failed", WAIT);
        assertEquals("timed out after 1000 ms", job.getString("error"));
        assertEquals(1, job.getInt("attempts"));
    }

    @Test
    @Order(3)
    void jobLongerThanNsqdsMessageTimeoutIsTouchedNotRedelivered() {
        // nsqd runs with --msg-timeout 5s here; the workers touch running messages every second
        String id = submit(job("sleep", Json.createObjectBuilder().add("ms", 9000).build(), 3, 30_000));

        JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
        assertEquals(1, job.getInt("attempts"));
        assertEquals(1, eventsFor("job_processing", id), "nsqd redelivered the message to another run");
        JsonObject channel = TestServers.get().nsqd().channelStats("job_run", "worker");
        assertEquals(0, channel.getInt("timeout_count"), "a message timed out in nsqd: " + channel);
    }

    @Test
    @Order(4)
    void eachWorkerRunsAtMostItsConcurrencyAtOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(submit(job("sleep", Json.createObjectBuilder().add("ms", 800).build(), 1, 10_000)));
        }
        List<JsonObject> jobs = ids.stream().map(id -> dispatch.awaitStatus(id, "complete", WAIT)).toList();

        Map<String, List<JsonObject>> byWorker = jobs.stream().collect(Collectors.groupingBy(j -> j.getString("workerId")));
        for (var entry : byWorker.entrySet()) {
            // the handlers, by their own clock (the sleep handler answers when it began and ended)
            assertTrue(maxOverlap(entry.getValue(), WorkerReliabilityIT::handlerRan) <= CONCURRENCY,
                    entry.getKey() + " ran more than " + CONCURRENCY + " at once");
            // as dispatch saw it, from claim to recorded report: a thread takes its next job while
            // the last one's report is on its way, so at most the prefetch (default: twice as many) more
            assertTrue(maxOverlap(entry.getValue(), WorkerReliabilityIT::processing) <= 3 * CONCURRENCY,
                    entry.getKey() + " held more than " + 3 * CONCURRENCY + " jobs at once");
        }
        assertTrue(maxOverlap(jobs, WorkerReliabilityIT::handlerRan) > 1, "jobs ran one after another: no concurrency");
    }

    static long[] handlerRan(JsonObject job) {
        JsonObject result = job.getJsonObject("result");
        return new long[] {result.getJsonNumber("from").longValue(), result.getJsonNumber("to").longValue()};
    }

    static long[] processing(JsonObject job) {
        return new long[] {Instant.parse(job.getString("startedAt")).toEpochMilli(), Instant.parse(job.getString("finishedAt")).toEpochMilli()};
    }

    /** The most jobs whose intervals overlap at one instant. */
    static int maxOverlap(List<JsonObject> jobs, Function<JsonObject, long[]> interval) {
        List<long[]> edges = new ArrayList<>();
        for (JsonObject job : jobs) {
            long[] fromTo = interval.apply(job);
            edges.add(new long[] {fromTo[0], 1});
            edges.add(new long[] {fromTo[1], -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    @Test
    @Order(5)
    void twoWorkersShareFiveHundredJobsAndRunEachOnce() {
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < 500; i++) {
            batch.add(Json.createObjectBuilder().add("type", "echo").add("payload", Json.createObjectBuilder().add("n", i)));
        }
        JsonHttp.Response created = dispatch.http.post("api/job/batch", Json.createObjectBuilder().add("jobs", batch).build());
        assertEquals(201, created.status(), created.body());
        List<String> ids = created.json().getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("id")).toList();

        List<JsonObject> jobs = ids.stream().map(id -> dispatch.awaitStatus(id, "complete", WAIT)).toList();
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(1, jobs.get(i).getInt("attempts"), ids.get(i));
            assertEquals(i, jobs.get(i).getJsonObject("result").getInt("n"));
        }
        Map<String, Long> starts = events.received().stream().filter(m -> m.topic().equals("job_processing"))
                .map(m -> m.body().getString("id")).filter(ids::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(500, starts.size());
        assertTrue(starts.values().stream().allMatch(count -> count == 1), "a job's handler ran twice");
        Map<String, Long> perWorker = jobs.stream().collect(Collectors.groupingBy(j -> j.getString("workerId"), Collectors.counting()));
        assertEquals(workers.keySet(), perWorker.keySet());
        perWorker.values().forEach(count -> assertTrue(count >= 100, "load not shared: " + perWorker));
    }

    @Test
    @Order(6)
    void workersExposeJobMetrics() {
        JsonHttp.Response metrics = new JsonHttp(workers.get("worker-1").baseUri()).get("metrics?scope=application", "text/plain");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("jobs_completed_total{") && line.contains("type=\"echo\"")),
                metrics.body());
        assertTrue(metrics.body().contains("jobs_runtime_seconds"), metrics.body());
        assertTrue(metrics.body().contains("jobs_inflight"), metrics.body());
    }

    @Test
    @Order(7)
    void sigtermLetsTheRunningJobFinishWithinTheGracePeriod() {
        // only worker-1 (grace 20 s) runs, so the job surely lands there
        workers.remove("worker-2").stop();
        String id = submit(job("sleep", Json.createObjectBuilder().add("ms", 3000).build(), 3, 30_000));
        assertEquals("worker-1", dispatch.awaitStatus(id, "processing", WAIT).getString("workerId"));

        PayaraMicro worker = workers.remove("worker-1");
        worker.stop();
        assertFalse(worker.isAlive());

        JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
        assertEquals(1, job.getInt("attempts"), "finished by the worker that was stopping, not run again");
        assertEquals("worker-1", job.getString("workerId"));
    }

    @Test
    @Order(8)
    void messagesWaitingForAThreadAreTouchedThenGivenBackUnclaimedAtSigterm() throws InterruptedException {
        // one thread and two messages more: a long job runs, two more wait for the thread
        PayaraMicro single = SystemUnderTest.startWorker("worker-3", dispatch, Map.of(
                "nsqlookupd.http.addresses", TestServers.get().nsqlookupd().httpAddress(),
                "worker.concurrency", "1",
                "worker.prefetch", "2",
                "worker.touch.ms", "1000",
                "worker.shutdown.grace.ms", "20000"));
        long timeoutsBefore = TestServers.get().nsqd().channelStats("job_run", "worker").getJsonNumber("timeout_count").longValue();
        String running = submit(job("sleep", Json.createObjectBuilder().add("ms", 7000).build(), 3, 30_000));
        assertEquals("worker-3", dispatch.awaitStatus(running, "processing", WAIT).getString("workerId"));
        List<String> waiting = List.of(submit(job("echo", Json.createObjectBuilder().add("n", 1).build(), 3, 30_000)),
                submit(job("echo", Json.createObjectBuilder().add("n", 2).build(), 3, 30_000)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (TestServers.get().nsqd().channelStats("job_run", "worker").getInt("in_flight_count") < 3) {
            assertTrue(System.nanoTime() < deadline, "the waiting messages were never delivered");
            Thread.sleep(50);
        }
        // past nsqd's msg-timeout (5 s here): touched while they wait, never redelivered, never claimed
        Thread.sleep(5500);
        JsonObject channel = TestServers.get().nsqd().channelStats("job_run", "worker");
        assertEquals(timeoutsBefore, channel.getJsonNumber("timeout_count").longValue(), channel.toString());
        assertEquals(3, channel.getInt("in_flight_count"), channel.toString());
        for (String id : waiting) {
            JsonObject job = dispatch.http.get("api/job/" + id).json();
            assertEquals("queued", job.getString("status"), job.toString());
            assertEquals(0, job.getInt("attempts"), job.toString());
        }

        single.stop();
        JsonObject finished = dispatch.awaitStatus(running, "complete", WAIT);
        assertEquals("worker-3", finished.getString("workerId"), "the running job finished within the grace period");
        for (String id : waiting) {
            assertEquals(0, dispatch.http.get("api/job/" + id).json().getInt("attempts"), "given back unclaimed");
        }
        workers.put("worker-1", startWorker("worker-1"));
        for (String id : waiting) {
            JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
            assertEquals("worker-1", job.getString("workerId"));
            assertEquals(1, job.getInt("attempts"), "run once, by the worker that took them next");
        }
        // the next test needs worker-2 alone
        workers.remove("worker-1").stop();
    }

    @Test
    @Order(9)
    void sigtermStopsAJobThatOutlastsTheGracePeriodAndItIsRetriedElsewhere() {
        PayaraMicro impatient = SystemUnderTest.startWorker("worker-2", dispatch, Map.of(
                "nsqlookupd.http.addresses", TestServers.get().nsqlookupd().httpAddress(),
                "worker.touch.ms", "1000",
                "worker.shutdown.grace.ms", "1000"));
        String id = submit(job("sleep", Json.createObjectBuilder().add("ms", 5000).build(), 3, 30_000));
        assertEquals("worker-2", dispatch.awaitStatus(id, "processing", WAIT).getString("workerId"));

        impatient.stop();
        JsonObject requeued = dispatch.awaitStatus(id, "queued", WAIT);
        assertEquals("worker shutting down", requeued.getString("error"));

        workers.put("worker-1", startWorker("worker-1"));
        JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
        assertEquals(2, job.getInt("attempts"));
        assertEquals("worker-1", job.getString("workerId"));
        assertEquals(2, events.await("job_complete", e -> id.equals(e.getString("id")), WAIT).getInt("attempt"));
        assertEquals(1, eventsFor("job_complete", id), "completed once");
        workers.put("worker-2", startWorker("worker-2"));
    }

    @Test
    @Order(10)
    void jobOfAKilledWorkerIsCompletedByTheOtherExactlyOnce() throws InterruptedException {
        String id = submit(job("sleep", Json.createObjectBuilder().add("ms", 4000).build(), 3, 6000));
        String holder = dispatch.awaitStatus(id, "processing", WAIT).getString("workerId");

        workers.remove(holder).kill();

        JsonObject job = dispatch.awaitStatus(id, "complete", WAIT);
        assertEquals(2, job.getInt("attempts"), "the killed attempt counts");
        assertFalse(holder.equals(job.getString("workerId")), "completed by the surviving worker");
        events.await("job_complete", event -> id.equals(event.getString("id")), WAIT);
        assertEquals(1, eventsFor("job_complete", id), "completed exactly once");
    }
}

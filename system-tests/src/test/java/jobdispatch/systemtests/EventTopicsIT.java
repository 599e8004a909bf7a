package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.NsqTail;
import jobdispatch.testing.Nsqd;
import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.RedisServer;
import jobdispatch.testing.ServerProcess;

/**
 * The worker publishes a status event only to a topic that has a channel: nsqd would keep the
 * events of a topic without one on its disk for good. A system of its own (redis-server, nsqd
 * and both WARs on Payara Micro), so that no other test's channel is on the event topics.
 */
class EventTopicsIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> EVENT_TOPICS = List.of("job_processing", "job_complete", "job_failed");

    static RedisServer redis;
    static Nsqd nsqd;
    static PayaraMicro micro;
    static JsonHttp http;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory(Paths.get("target"), "event-topics");
        redis = RedisServer.start(dir.resolve("redis"));
        nsqd = Nsqd.start(dir.resolve("nsqd"));
        Properties properties = new Properties();
        properties.setProperty("redis.url", redis.url());
        properties.setProperty("nsqd.address", nsqd.tcpAddress());
        properties.setProperty("nsqd.http.url", nsqd.httpUrl());
        // nsqd is asked before every batch of events, so the channel the test makes counts at once
        properties.setProperty("worker.events.check.ms", "0");
        SystemUnderTest system = SystemUnderTest.startOwn("event-topics", dir, properties, Map.of("worker.id", "event-topics-worker"));
        micro = system.micro;
        http = system.http;
    }

    @AfterAll
    static void stop() {
        ServerProcess.stopAll(micro, nsqd, redis);
    }

    @Test
    void eventsGoOnlyToTopicsWithAChannel() {
        // the worker made the event topics on its nsqd (for consumers that find it through nsqlookupd)
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!EVENT_TOPICS.stream().allMatch(topic -> nsqd.topicStats(topic).isPresent())) {
            assertTrue(System.nanoTime() < deadline, "the worker creates the event topics");
            ServerProcess.sleep(50);
        }

        String unheard = runEcho("unheard");
        // its events are decided on their topics' sender threads, after the job's end is recorded:
        // the channel is made once the worker has counted them as left, not before
        deadline = System.nanoTime() + WAIT.toNanos();
        while (!List.of("job_processing", "job_complete").stream().allMatch(topic -> unpublished(metrics(), topic) >= 1)) {
            assertTrue(System.nanoTime() < deadline, "the worker counts the unheard job's events as left: " + metrics());
            ServerProcess.sleep(50);
        }
        try (NsqTail tail = new NsqTail(nsqd, "job_processing", "job_complete")) {
            String heard = runEcho("heard");
            for (String topic : List.of("job_processing", "job_complete")) {
                JsonObject event = tail.await(topic, e -> heard.equals(e.getString("id")), WAIT);
                assertEquals(heard, event.getString("id"));
                // the unheard job's events were left before the channel was made
                assertEquals(1, nsqd.topicStats(topic).orElseThrow().getJsonNumber("message_count").longValue(),
                        topic + ": only the event of the job that ran while the topic had a channel was published");
            }
            assertTrue(tail.received().stream().noneMatch(m -> unheard.equals(m.body().getString("id"))),
                    "no event of the job that ran while nobody listened: " + tail.received());
            String metrics = metrics();
            for (String topic : List.of("job_processing", "job_complete")) {
                assertEquals(1, unpublished(metrics, topic), topic + ": the unheard job's event only\n" + metrics);
            }
        }
        assertEquals(0, nsqd.topicStats("job_failed").orElseThrow().getJsonNumber("message_count").longValue());
    }

    /** The application metrics of the Payara Micro that runs both WARs, in Prometheus's text. */
    static String metrics() {
        JsonHttp.Response response = http.get("metrics?scope=application", "text/plain");
        assertEquals(200, response.status(), response.body());
        return response.body();
    }

    /** The worker's count of events left on a topic for want of a channel (events.unpublished), 0 before the first. */
    static long unpublished(String metrics, String topic) {
        return metrics.lines()
                .filter(line -> line.startsWith("events_unpublished_total{") && line.contains("topic=\"" + topic + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Submits an echo job and waits until it is complete; returns its id. */
    static String runEcho(String marker) {
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder().add("type", "echo")
                .add("payload", Json.createObjectBuilder().add("marker", marker)).build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        http.awaitGet("api/job/" + id, r -> r.status() == 200 && "complete".equals(r.json().getString("status")), WAIT);
        return id;
    }
}

package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.TestServers;

/**
 * Two dispatch instances: the event stream of one carries the transitions made through the other
 * (Redis pub/sub), as does a wait for a job's end; and an instance holds its subscription only
 * while a stream is open.
 */
@ExtendWith(TestServers.Start.class)
class EventStreamIT {

    @Test
    void eachInstanceStreamsTheTransitionsOfAll() throws Exception {
        try (SystemUnderTest a = SystemUnderTest.startDispatch("dispatch-a", Map.of());
             SystemUnderTest b = SystemUnderTest.startDispatch("dispatch-b", Map.of())) {
            List<String> lines = new CopyOnWriteArrayList<>();
            HttpClient client = HttpClient.newHttpClient();
            // read the stream in the background: its headers may only come with its first event
            var stream = client.sendAsync(HttpRequest.newBuilder(b.micro.baseUri().resolve("api/job/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAcceptAsync(response -> response.body().forEach(lines::add));
            Thread.sleep(1000); // time for the request to reach dispatch-b and register its stream

            String id = a.submit("stream.test", JsonValue.EMPTY_JSON_OBJECT, 1);
            assertEquals(200, a.http.post("api/job/" + id + "/cancel", JsonValue.EMPTY_JSON_OBJECT).status());

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains(id) && l.contains("\"cancelled\""))) {
                Thread.sleep(50);
            }
            List<String> events = lines.stream().filter(l -> l.startsWith("data:") && l.contains(id)).toList();
            assertTrue(events.size() >= 2, "events of " + id + " seen through the other instance: " + lines);
            assertTrue(events.get(0).contains("\"queued\""), events.toString());
            assertTrue(events.get(events.size() - 1).contains("\"cancelled\""), events.toString());
            assertTrue(lines.contains("event: job"), lines.toString());
            stream.cancel(true);
        }
    }

    /**
     * A request waiting on one instance learns of the end that the other recorded (Redis pub/sub),
     * well before its wait is over; the waiting instance keeps its subscription for the linger
     * after the wait, and the first transition after it ends the subscription, long before the
     * next keep-alive round would.
     */
    @Test
    void aWaitOnOneInstanceEndsWhenTheOtherRecordsTheEnd() throws Exception {
        try (UnifiedJedis redis = RedisClient.create(URI.create(TestServers.get().redis().url()));
             SystemUnderTest a = SystemUnderTest.startDispatch("dispatch-waits",
                     Map.of("events.wait.linger.ms", "2000", "events.keepalive.ms", "60000"));
             SystemUnderTest b = SystemUnderTest.startDispatch("dispatch-records", Map.of())) {
            // other test classes' instances may still hold subscriptions: counted before, compared after
            long before = subscribers(redis);
            String id = a.submit("wait.elsewhere", JsonValue.EMPTY_JSON_OBJECT, 1);
            JsonObject worker = Json.createObjectBuilder().add("workerId", "w-elsewhere").build();
            assertEquals(200, b.http.post("api/job/" + id + "/claim", worker).status());
            long start = System.nanoTime();
            CompletableFuture<JsonHttp.Response> waited = CompletableFuture.supplyAsync(() -> a.http.get("api/job/" + id + "?waitMs=25000"));
            Thread.sleep(500);
            assertFalse(waited.isDone(), "answered before the job ended");

            JsonHttp.Response completed = b.http.post("api/job/completions", Json.createObjectBuilder().add("completions",
                    Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", id).add("workerId", "w-elsewhere")
                            .add("attempt", 1).add("result", "done on b"))).build());
            assertEquals(200, completed.status(), completed.body());
            JsonHttp.Response answer = waited.get(20, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.status(), answer.body());
            assertEquals("complete", answer.json().getString("status"));
            assertEquals("done on b", answer.json().getString("result"));
            assertTrue(tookMs < 15_000, "the end reached the other instance's wait only after " + tookMs + " ms");

            assertEquals(before + 1, subscribers(redis), "the waiting instance keeps its subscription for the linger");
            Thread.sleep(2500);
            b.submit("wait.after", JsonValue.EMPTY_JSON_OBJECT, 1);  // a transition after the linger
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (subscribers(redis) != before && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(before, subscribers(redis), "the first transition after the linger ended the subscription");
        }
    }

    @Test
    void anInstanceSubscribesOnlyWhileAStreamIsOpenAndAStreamMissesNothingFromItsHeadersOn() throws Exception {
        try (UnifiedJedis redis = RedisClient.create(URI.create(TestServers.get().redis().url()))) {
            // other test classes' instances may still hold subscriptions: counted before, compared after
            long before = subscribers(redis);
            try (SystemUnderTest dispatch = SystemUnderTest.startDispatch("dispatch-lazy", Map.of("events.keepalive.ms", "200"))) {
                assertEquals(before, subscribers(redis), "no stream open: no subscription");
                for (int round = 1; round <= 2; round++) {
                    HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(dispatch.micro.baseUri().resolve("api/job/events?type=lazy.test"))
                                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                    assertEquals(200, stream.statusCode());
                    assertEquals(before + 1, subscribers(redis), "round " + round + ": subscribed while the stream is open");
                    // submitted the moment the headers came: its first transition is on the stream
                    String id = dispatch.submit("lazy.test", JsonValue.EMPTY_JSON_OBJECT, 1);
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        String line;
                        do {
                            line = lines.readLine();
                        } while (line != null && !(line.startsWith("data:") && line.contains(id)));
                        assertTrue(line != null && line.contains("\"queued\""), "round " + round + ": " + line);
                    }
                    // the client is gone, and no transition it asked for follows: the keep-alive
                    // comments find the stream closed, and the subscription ends
                    dispatch.submit("lazy.other", JsonValue.EMPTY_JSON_OBJECT, 1);
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (subscribers(redis) != before && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    assertEquals(before, subscribers(redis), "round " + round + ": no subscription once the stream closed");
                }
            }
        }
    }

    @Test
    void aTransitionIsPublishedOnlyWhileTheChannelHasASubscriber() throws Exception {
        URI url = URI.create(TestServers.get().redis().url());
        List<String> commands = new CopyOnWriteArrayList<>();
        try (UnifiedJedis redis = RedisClient.create(url);
             SystemUnderTest dispatch = SystemUnderTest.startDispatch("dispatch-quiet", Map.of());
             Socket monitor = new Socket(url.getHost(), url.getPort())) {
            // MONITOR lists every command, those the scripts call too, and subscribes to nothing
            monitor.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader monitored = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("+OK", monitored.readLine());
            Thread reader = new Thread(() -> monitored.lines().forEach(commands::add));
            reader.setDaemon(true);
            reader.start();
            // instances of other tests may still hold a subscription: they end it at their next keep-alive
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (subscribers(redis) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, subscribers(redis), "no subscriber left");
            String unheard = dispatch.submit("quiet.test", JsonValue.EMPTY_JSON_OBJECT, 1);

            List<String> heard = new CopyOnWriteArrayList<>();
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    heard.add(message);
                }
            };
            Thread subscriber = new Thread(() -> redis.subscribe(listener, "jobs:events"));
            subscriber.start();
            while (subscribers(redis) != 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String listenedTo = dispatch.submit("quiet.test", JsonValue.EMPTY_JSON_OBJECT, 1);
            while (heard.stream().noneMatch(m -> m.contains(listenedTo)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            listener.unsubscribe();
            subscriber.join(5000);
            assertTrue(heard.stream().anyMatch(m -> m.contains(listenedTo) && m.contains("\"queued\"")), heard.toString());
            while (commands.stream().noneMatch(c -> c.contains("\"PUBLISH\"") && c.contains(listenedTo)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(commands.stream().anyMatch(c -> c.contains("\"HSET\" \"job:" + unheard + "\"")), "the first job was stored");
            assertTrue(commands.stream().anyMatch(c -> c.contains("\"PUBLISH\"") && c.contains(listenedTo)), "the second job's transition published");
            assertEquals(List.of(), commands.stream().filter(c -> c.contains("\"PUBLISH\"") && c.contains(unheard)).toList(),
                    "nobody subscribed when the first job was stored: nothing published");
        }
    }

    private static long subscribers(UnifiedJedis redis) {
        List<?> reply = (List<?>) redis.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", "jobs:events");
        return (Long) reply.get(1);
    }
}

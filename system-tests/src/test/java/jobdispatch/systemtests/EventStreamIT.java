package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.TestServers;

/** Two dispatch instances: the event stream of one carries the transitions made through the other (Redis pub/sub). */
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
}

package jobdispatch.worker.jobs.control;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * Whether the status-event topics have a channel on the nsqd the worker publishes to. An event
 * goes out only to a topic with a channel: nsqd keeps the messages of a topic without one on its
 * disk until a first channel takes them, so events nobody consumes would fill it without end
 * (docs/asyncapi.yaml). nsqd is asked through its HTTP {@code /stats}, at most once per
 * {@code checkMillis} for all topics at once; a topic nsqd does not have is created, so that
 * consumers finding nsqd through nsqlookupd can make their channels. When nsqd cannot be asked,
 * events are published as if every topic had a channel: a failure to ask never loses an event a
 * consumer waits for.
 */
public class EventTopics {

    /** What the worker needs of nsqd's HTTP API. */
    public interface Nsqd {

        /** The number of channels of each topic nsqd has (a topic it does not have is absent). */
        Map<String, Integer> channels() throws IOException, InterruptedException;

        void createTopic(String topic) throws IOException, InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(EventTopics.class.getName());

    private final Nsqd nsqd;
    private final Collection<String> topics;
    private final long checkNanos;
    private final LongSupplier clock;
    /** Per topic, whether its events go out; null before the first answer. */
    private Map<String, Boolean> published;
    private long checkedAt;
    private boolean failing;

    public EventTopics(Nsqd nsqd, Collection<String> topics, long checkMillis, LongSupplier clock) {
        this.nsqd = nsqd;
        this.topics = List.copyOf(topics);
        this.checkNanos = TimeUnit.MILLISECONDS.toNanos(checkMillis);
        this.clock = clock;
    }

    /** Whether the topic's events are to be published now; asks nsqd when the last answer is older than the check interval. */
    public synchronized boolean published(String topic) {
        long now = clock.getAsLong();
        if (published == null || now - checkedAt >= checkNanos) {
            checkedAt = now;
            published = ask();
        }
        return published.getOrDefault(topic, true);
    }

    private Map<String, Boolean> ask() {
        Map<String, Boolean> answer = new HashMap<>();
        try {
            Map<String, Integer> channels = nsqd.channels();
            for (String topic : topics) {
                Integer count = channels.get(topic);
                if (count == null) {
                    nsqd.createTopic(topic);
                }
                answer.put(topic, count != null && count > 0);
            }
            if (failing) {
                LOG.info("nsqd answers again: events go out to the topics with a channel only");
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warning(() -> "could not ask nsqd which event topics have a channel (" + e
                        + "): every event is published until it answers");
                failing = true;
            }
            topics.forEach(topic -> answer.put(topic, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            topics.forEach(topic -> answer.put(topic, true));
        }
        for (String topic : topics) {
            Boolean before = published == null ? null : published.get(topic);
            boolean now = answer.get(topic);
            if (before == null || before != now) {
                LOG.info(() -> now ? "events on " + topic + " are published"
                        : "events on " + topic + " are not published: the topic has no channel (docs/asyncapi.yaml)");
            }
        }
        return answer;
    }

    /** nsqd's HTTP API at {@code baseUrl} ({@code http://host:4151}). */
    public static Nsqd http(String baseUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        JsonProvider json = JsonProvider.provider();
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new Nsqd() {
            @Override
            public Map<String, Integer> channels() throws IOException, InterruptedException {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                        base + "/stats?format=json&include_clients=false&include_mem=false"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("nsqd's /stats answered " + response.statusCode());
                }
                Map<String, Integer> channels = new HashMap<>();
                try (JsonReader reader = json.createReader(new StringReader(response.body()))) {
                    for (JsonValue value : reader.readObject().getJsonArray("topics")) {
                        JsonObject topic = value.asJsonObject();
                        channels.put(topic.getString("topic_name"), topic.getJsonArray("channels").size());
                    }
                } catch (jakarta.json.JsonException | ClassCastException | NullPointerException e) {
                    throw new IOException("nsqd's /stats answered something else than its stats: " + e.getMessage(), e);
                }
                return channels;
            }

            @Override
            public void createTopic(String topic) throws IOException, InterruptedException {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                        base + "/topic/create?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("nsqd's /topic/create answered " + response.statusCode());
                }
            }
        };
    }
}

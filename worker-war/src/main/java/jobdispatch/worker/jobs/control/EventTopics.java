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
import jakarta.json.spi.JsonProvider;

import jobdispatch.nsq.NsqdStats;

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
    /** Per topic, whether its events go out, and when nsqd said so; null before the first answer. */
    private volatile Answer answer;
    private boolean failing;

    private record Answer(Map<String, Boolean> published, long at) {
    }

    public EventTopics(Nsqd nsqd, Collection<String> topics, long checkMillis, LongSupplier clock) {
        this.nsqd = nsqd;
        this.topics = List.copyOf(topics);
        this.checkNanos = TimeUnit.MILLISECONDS.toNanos(checkMillis);
        this.clock = clock;
    }

    /** Whether the topic's events are to be published now; asks nsqd when the last answer is older than the check interval. */
    public synchronized boolean published(String topic) {
        long now = clock.getAsLong();
        Answer last = answer;
        if (last == null || now - last.at() >= checkNanos) {
            last = new Answer(ask(last), now);
            answer = last;
        }
        return last.published().getOrDefault(topic, true);
    }

    /**
     * Whether nsqd's last answer, still within the check interval, says the topic has no channel:
     * an event for it can be left at once, without asking and without waking a sender. Never
     * asks nsqd; false when the answer is due again.
     */
    public boolean unpublishedForNow(String topic) {
        Answer last = answer;
        return last != null && clock.getAsLong() - last.at() < checkNanos && !last.published().getOrDefault(topic, true);
    }

    private Map<String, Boolean> ask(Answer before) {
        Map<String, Boolean> published = new HashMap<>();
        try {
            Map<String, Integer> channels = nsqd.channels();
            for (String topic : topics) {
                Integer count = channels.get(topic);
                if (count == null) {
                    nsqd.createTopic(topic);
                }
                published.put(topic, count != null && count > 0);
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
            topics.forEach(topic -> published.put(topic, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            topics.forEach(topic -> published.put(topic, true));
        }
        for (String topic : topics) {
            Boolean was = before == null ? null : before.published().get(topic);
            boolean now = published.get(topic);
            if (was == null || was != now) {
                LOG.info(() -> now ? "events on " + topic + " are published"
                        : "events on " + topic + " are not published: the topic has no channel (docs/asyncapi.yaml)");
            }
        }
        return Map.copyOf(published);
    }

    /** The channel count of each topic in the body of nsqd's {@code /stats?format=json}. */
    public static Map<String, Integer> channelsOf(JsonProvider json, String stats) throws IOException {
        Map<String, Integer> channels = new HashMap<>();
        try (JsonReader reader = json.createReader(new StringReader(stats))) {
            for (JsonObject topic : NsqdStats.topics(reader.readObject())) {
                channels.put(topic.getString("topic_name"), NsqdStats.channels(topic).size());
            }
        } catch (jakarta.json.JsonException | ClassCastException | NullPointerException e) {
            throw new IOException("nsqd's /stats answered something else than its stats: " + e.getMessage(), e);
        }
        return channels;
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
                return channelsOf(json, response.body());
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

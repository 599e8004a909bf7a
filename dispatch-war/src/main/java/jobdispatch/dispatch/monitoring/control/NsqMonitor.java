package jobdispatch.dispatch.monitoring.control;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.JsonParsing;
import jobdispatch.nsq.NsqdStats;
import jobdispatch.dispatch.monitoring.entity.NsqChannelStats;
import jobdispatch.dispatch.monitoring.entity.NsqStats;

/** nsqd's own counters for job_run, read from its HTTP /stats. */
@ApplicationScoped
public class NsqMonitor {

    public static final String TOPIC = "job_run";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    @ConfigProperty(name = "nsqd.http.url", defaultValue = "http://127.0.0.1:4151")
    String nsqdHttpUrl;

    /** The topic's counters; empty ones when nsqd has no such topic yet. Throws when nsqd cannot be reached. */
    public NsqStats stats() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(nsqdHttpUrl + "/stats?format=json&topic=" + TOPIC)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("nsqd /stats answered " + response.statusCode());
        }
        try (JsonReader reader = JsonParsing.PROVIDER.createReader(new StringReader(response.body()))) {
            // no topic job_run yet (a fresh nsqd): nsqd answers "topics": null
            for (JsonObject topic : NsqdStats.topics(reader.readObject())) {
                if (TOPIC.equals(topic.getString("topic_name"))) {
                    List<NsqChannelStats> channels = NsqdStats.channels(topic).stream()
                            .map(c -> new NsqChannelStats(c.getString("channel_name"), c.getJsonNumber("depth").longValue(),
                                    c.getJsonNumber("in_flight_count").longValue(), c.getJsonNumber("deferred_count").longValue(),
                                    c.getJsonNumber("requeue_count").longValue(), c.getJsonNumber("timeout_count").longValue(),
                                    c.getJsonArray("clients").size()))
                            .toList();
                    return new NsqStats(TOPIC, topic.getJsonNumber("depth").longValue(),
                            topic.getJsonNumber("message_count").longValue(), channels);
                }
            }
        }
        return new NsqStats(TOPIC, 0, 0, List.of());
    }
}

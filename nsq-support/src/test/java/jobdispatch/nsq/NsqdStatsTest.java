package jobdispatch.nsq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;

/** nsqd's stats as nsqd 1.3 writes them (bodies taken from a real nsqd). */
class NsqdStatsTest {

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void noTopicIsNullForNsqdAndNoneHere() {
        // a fresh nsqd asked for ?topic=job_run
        assertEquals(List.of(), NsqdStats.topics(json("{\"version\":\"1.3.0\",\"health\":\"OK\",\"topics\":null,\"producers\":null}")));
        assertEquals(List.of(), NsqdStats.topics(json("{\"topics\":[]}")));
    }

    @Test
    void topicsAndTheirChannelsAreListed() {
        JsonObject stats = json("{\"topics\":[{\"topic_name\":\"job_complete\",\"channels\":[]},"
                + "{\"topic_name\":\"job_run\",\"channels\":[{\"channel_name\":\"worker\"}]},{\"topic_name\":\"odd\",\"channels\":null}]}");
        List<JsonObject> topics = NsqdStats.topics(stats);
        assertEquals(List.of("job_complete", "job_run", "odd"), topics.stream().map(t -> t.getString("topic_name")).toList());
        assertEquals(List.of(0, 1, 0), topics.stream().map(t -> NsqdStats.channels(t).size()).toList());
        assertEquals("worker", NsqdStats.channels(topics.get(1)).get(0).getString("channel_name"));
    }
}

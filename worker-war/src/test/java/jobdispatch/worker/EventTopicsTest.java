package jobdispatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.spi.JsonProvider;

import org.junit.jupiter.api.Test;

import jobdispatch.worker.jobs.control.EventTopics;

/** Which event topics get events, with a fake nsqd HTTP API and a clock the test moves. */
class EventTopicsTest {

    static final List<String> TOPICS = List.of("job_processing", "job_complete", "job_failed");

    /** nsqd's topics and their channel counts, as the test sets them; counts the questions. */
    static final class FakeNsqd implements EventTopics.Nsqd {
        final Map<String, Integer> channels = new ConcurrentHashMap<>();
        final List<String> created = new CopyOnWriteArrayList<>();
        final AtomicInteger asked = new AtomicInteger();
        volatile boolean down;

        @Override
        public Map<String, Integer> channels() throws IOException {
            asked.incrementAndGet();
            if (down) {
                throw new IOException("connection refused");
            }
            return Map.copyOf(channels);
        }

        @Override
        public void createTopic(String topic) {
            created.add(topic);
            channels.putIfAbsent(topic, 0);
        }
    }

    final FakeNsqd nsqd = new FakeNsqd();
    final AtomicLong now = new AtomicLong();
    final EventTopics topics = new EventTopics(nsqd, TOPICS, 1000, now::get);

    @Test
    void onlyATopicWithAChannelGetsEvents() {
        nsqd.channels.putAll(Map.of("job_processing", 0, "job_complete", 2, "job_failed", 0));
        assertFalse(topics.published("job_processing"));
        assertTrue(topics.published("job_complete"));
        assertFalse(topics.published("job_failed"));
        assertEquals(1, nsqd.asked.get(), "one question for all topics");
        assertEquals(List.of(), nsqd.created);
    }

    @Test
    void aTopicNsqdLacksIsCreatedForConsumersToFind() {
        nsqd.channels.put("job_complete", 1);
        assertFalse(topics.published("job_processing"));
        assertEquals(List.of("job_processing", "job_failed"), nsqd.created);
        assertTrue(topics.published("job_complete"));
    }

    @Test
    void nsqdIsAskedAgainOnlyOnceTheCheckIntervalHasPassed() {
        nsqd.channels.putAll(Map.of("job_processing", 0, "job_complete", 0, "job_failed", 0));
        assertFalse(topics.published("job_complete"));
        nsqd.channels.put("job_complete", 1); // a consumer made its channel
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertFalse(topics.published("job_complete"), "the answer of 999 ms ago still holds");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertTrue(topics.published("job_complete"), "asked again after a second");
        assertEquals(2, nsqd.asked.get());
        nsqd.channels.put("job_complete", 0); // the channel was deleted
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertFalse(topics.published("job_complete"));
    }

    @Test
    void whileNsqdCannotBeAskedEveryEventIsPublished() {
        nsqd.channels.putAll(Map.of("job_processing", 0, "job_complete", 0, "job_failed", 0));
        assertFalse(topics.published("job_complete"));
        nsqd.down = true;
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(topics.published("job_complete"), "not knowing, the event goes out");
        assertTrue(topics.published("job_processing"));
        nsqd.down = false;
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertFalse(topics.published("job_complete"), "nsqd answers again");
    }

    @Test
    void withNoIntervalNsqdIsAskedEveryTime() {
        EventTopics everyTime = new EventTopics(nsqd, TOPICS, 0, now::get);
        nsqd.channels.putAll(Map.of("job_processing", 0, "job_complete", 0, "job_failed", 0));
        assertFalse(everyTime.published("job_complete"));
        nsqd.channels.put("job_complete", 1);
        assertTrue(everyTime.published("job_complete"));
        assertEquals(2, nsqd.asked.get());
    }

    @Test
    void anEventIsLeftAtOnceOnlyWhileAFreshAnswerSaysNobodyConsumesIt() {
        nsqd.channels.putAll(Map.of("job_processing", 0, "job_complete", 1, "job_failed", 0));
        assertFalse(topics.unpublishedForNow("job_processing"), "no answer yet: the sender asks");
        topics.published("job_processing");
        assertTrue(topics.unpublishedForNow("job_processing"));
        assertFalse(topics.unpublishedForNow("job_complete"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertFalse(topics.unpublishedForNow("job_processing"), "the answer is due again: the sender asks");
        assertEquals(1, nsqd.asked.get(), "never asks nsqd itself");
    }

    @Test
    void nsqdsStatsAreReadWithNoTopicAtAllOrATopicWithoutChannels() throws IOException {
        JsonProvider json = JsonProvider.provider();
        // a fresh nsqd: no topic at all
        assertEquals(Map.of(), EventTopics.channelsOf(json, "{\"version\":\"1.3.0\",\"health\":\"OK\",\"topics\":null}"));
        assertEquals(Map.of("job_complete", 0, "job_run", 1), EventTopics.channelsOf(json, "{\"topics\":["
                + "{\"topic_name\":\"job_complete\",\"depth\":3,\"channels\":[]},"
                + "{\"topic_name\":\"job_run\",\"channels\":[{\"channel_name\":\"worker\",\"depth\":0}]}]}"));
        assertThrows(IOException.class, () -> EventTopics.channelsOf(json, "<html>not nsqd</html>"));
    }
}

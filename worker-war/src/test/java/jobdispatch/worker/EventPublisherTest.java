package jobdispatch.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sproutsocial.nsq.Publisher;

import jobdispatch.worker.jobs.control.EventPublisher;
import jobdispatch.worker.jobs.control.EventTopics;
import jobdispatch.worker.jobs.entity.JobEvent;

/** The worker's events with a fake nsqd publisher: a slow nsqd costs dropped events, never memory without end. */
class EventPublisherTest {

    /** Every topic has a channel, as far as the publisher is told. */
    static final EventTopics EVERY_TOPIC_CONSUMED = topicsWith(1, 1, 1);

    /** What nsqd tells the publisher: the channels of job_processing, job_complete and job_failed. */
    static EventTopics topicsWith(int processing, int complete, int failed) {
        return new EventTopics(new EventTopics.Nsqd() {
            @Override
            public Map<String, Integer> channels() {
                return Map.of(EventPublisher.PROCESSING, processing, EventPublisher.COMPLETE, complete, EventPublisher.FAILED, failed);
            }

            @Override
            public void createTopic(String topic) {
            }
        }, List.of(EventPublisher.PROCESSING, EventPublisher.COMPLETE, EventPublisher.FAILED), 60_000, System::nanoTime);
    }

    /** Stands in for nsqd: each publish waits until the test lets it through. */
    static final class SlowPublisher extends Publisher {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstPublish = new CountDownLatch(1);
        final List<String> published = new CopyOnWriteArrayList<>();

        SlowPublisher() {
            super("127.0.0.1:1"); // never connects: publish is replaced
        }

        @Override
        public void publish(String topic, byte[] data) {
            publish(topic, List.of(data));
        }

        @Override
        public void publish(String topic, List<byte[]> data) {
            firstPublish.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            data.forEach(bytes -> published.add(topic + " " + new String(bytes)));
        }
    }

    /** What the publisher counts, as the worker's metrics would. */
    static final class Counted implements EventPublisher.Counts {
        final List<String> dropped = new CopyOnWriteArrayList<>();
        final Map<String, Integer> withoutChannel = new ConcurrentHashMap<>();

        @Override
        public void dropped(String topic) {
            dropped.add(topic);
        }

        @Override
        public void withoutChannel(String topic, int events) {
            withoutChannel.merge(topic, events, Integer::sum);
        }
    }

    @Test
    void eventsBeyondTheBacklogAreDroppedAndCounted() throws Exception {
        SlowPublisher nsqd = new SlowPublisher();
        Counted counted = new Counted();
        List<String> dropped = counted.dropped;
        EventPublisher events = new EventPublisher(nsqd, EVERY_TOPIC_CONSUMED, Executors.defaultThreadFactory(), 2, 0, counted);
        try {
            events.publish(EventPublisher.COMPLETE, JobEvent.processing("job-0", "echo", 1, "w"));
            assertTrue(nsqd.firstPublish.await(5, TimeUnit.SECONDS)); // job-0 is on its way, nothing waits
            for (int i = 1; i <= 4; i++) {
                events.publish(EventPublisher.COMPLETE, JobEvent.processing("job-" + i, "echo", 1, "w"));
            }
            // job-1 and job-2 wait (the backlog is 2); job-3 and job-4 are dropped, without waiting
            assertEquals(List.of(EventPublisher.COMPLETE, EventPublisher.COMPLETE), dropped);
            events.publish(EventPublisher.PROCESSING, JobEvent.processing("job-5", "echo", 1, "w"));
            assertEquals(2, dropped.size(), "each topic has a backlog of its own");
        } finally {
            nsqd.release.countDown();
            events.stop(2000);
        }
        assertEquals(4, nsqd.published.size(), nsqd.published.toString());
        assertEquals(Map.of(), counted.withoutChannel);
        for (String id : List.of("job-0", "job-1", "job-2", "job-5")) {
            assertTrue(nsqd.published.stream().anyMatch(p -> p.contains("\"" + id + "\"")), id + " in " + nsqd.published);
        }
    }

    @Test
    void eventsOfATopicWithoutAChannelAreNotPublished() {
        SlowPublisher nsqd = new SlowPublisher();
        nsqd.release.countDown();
        EventTopics onlyComplete = topicsWith(0, 1, 0);
        Counted counted = new Counted();
        EventPublisher events = new EventPublisher(nsqd, onlyComplete, Executors.defaultThreadFactory(), 10, 0, counted);
        try {
            events.publish(EventPublisher.PROCESSING, JobEvent.processing("job-1", "echo", 1, "w"));
            events.publish(EventPublisher.COMPLETE, JobEvent.processing("job-2", "echo", 1, "w"));
            // nsqd has answered by now (on the sender thread, or at the stop): this one is left at once
            events.stop(2000);
            events.publish(EventPublisher.PROCESSING, JobEvent.processing("job-3", "echo", 1, "w"));
        } finally {
            events.stop(2000);
        }
        assertEquals(1, nsqd.published.size(), nsqd.published.toString());
        assertTrue(nsqd.published.get(0).startsWith(EventPublisher.COMPLETE + " ") && nsqd.published.get(0).contains("job-2"),
                nsqd.published.toString());
        assertEquals(List.of(), counted.dropped, "not published for want of a channel is not dropped for a slow nsqd");
        assertEquals(Map.of(EventPublisher.PROCESSING, 2), counted.withoutChannel, "job-1 and job-3, counted as left");
    }
}

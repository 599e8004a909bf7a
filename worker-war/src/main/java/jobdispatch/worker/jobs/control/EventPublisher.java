package jobdispatch.worker.jobs.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import com.sproutsocial.nsq.Publisher;

import jobdispatch.batching.Batcher;
import jobdispatch.worker.jobs.entity.JobEvent;

/** Publishes the status events on {@code job_processing}, {@code job_complete} and {@code job_failed}. */
public class EventPublisher {

    public static final String PROCESSING = "job_processing";
    public static final String COMPLETE = "job_complete";
    public static final String FAILED = "job_failed";
    private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());
    /** The most events in one multi-publish. */
    private static final int BATCH_MAX = 100;

    /** How often, at most, a warning says that events are being dropped. */
    private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Events that did not go out, by topic (the worker's metrics). */
    public interface Counts {

        /** An event dropped because nsqd took the topic's events more slowly than jobs ended. */
        void dropped(String topic);

        /** Events left because their topic had no channel: nobody would have read them. */
        void withoutChannel(String topic, int events);
    }

    private final Publisher publisher;
    private final EventTopics topics;
    private final Jsonb jsonb = JsonbBuilder.create();
    private final Map<String, Batcher<JobEvent, Void>> batchers = new HashMap<>();
    private final Counts counts;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_INTERVAL_NANOS);

    /**
     * Events go out from a sender thread per topic, never on the job's own thread: those that
     * wait at the same moment as one multi-publish (MPUB), one alone at once. At most
     * {@code backlog} events wait per topic: should nsqd take them more slowly than jobs end,
     * newer events are dropped and counted ({@code counts}) rather than kept in memory
     * without end. An event is written as JSON on the sender thread: the job's thread only
     * hands it over, and an event dropped is never written. A batch waits up to
     * {@code lingerMillis} for more events: events inform, and fewer, larger multi-publishes cost
     * the worker and nsqd less. Events go out only to a topic with a channel ({@link EventTopics});
     * those left for want of one are counted too.
     */
    public EventPublisher(Publisher publisher, EventTopics topics, ThreadFactory threads, int backlog, long lingerMillis,
                          Counts counts) {
        this.publisher = publisher;
        this.topics = topics;
        this.counts = counts;
        for (String topic : List.of(PROCESSING, COMPLETE, FAILED)) {
            batchers.put(topic, new Batcher<>("events-" + topic, BATCH_MAX, backlog, lingerMillis,
                    events -> send(topic, events), threads));
        }
    }

    /** Events inform; a lost one must not fail or hold up the job, so a failed publish is logged and dropped. */
    public void publish(String topic, JobEvent event) {
        if (topics.unpublishedForNow(topic)) {
            counts.withoutChannel(topic, 1); // nsqd said a moment ago that nobody consumes it
            return;
        }
        Batcher<JobEvent, Void> batcher = batchers.get(topic);
        Batcher.Offered offered = batcher == null ? Batcher.Offered.STOPPED : batcher.offer(event);
        if (offered == Batcher.Offered.STOPPED) {
            send(topic, List.of(event));
        } else if (offered == Batcher.Offered.FULL) {
            dropped(topic);
        }
    }

    private void dropped(String topic) {
        long total = dropped.incrementAndGet();
        counts.dropped(topic);
        long last = lastDropWarning.get();
        long now = System.nanoTime();
        if (now - last >= DROP_WARNING_INTERVAL_NANOS && lastDropWarning.compareAndSet(last, now)) {
            LOG.warning(() -> "events on " + topic + " are published more slowly than jobs end (see docs/asyncapi.yaml): "
                    + total + " dropped so far (metric events.dropped)");
        }
    }

    private List<Batcher.Outcome<Void>> send(String topic, List<JobEvent> events) {
        try {
            if (!topics.published(topic)) {
                // nobody consumes them: nsqd would keep them on its disk for good
                counts.withoutChannel(topic, events.size());
            } else if (events.size() == 1) {
                publisher.publish(topic, json(events.get(0)));
            } else {
                List<byte[]> bodies = new ArrayList<>(events.size());
                for (JobEvent event : events) {
                    bodies.add(json(event));
                }
                publisher.publish(topic, bodies);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, events.size() + " event(s) not published on " + topic + ": " + e);
        }
        return Collections.nCopies(events.size(), Batcher.Outcome.of(null));
    }

    private byte[] json(JobEvent event) {
        return jsonb.toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes what is queued (within the wait) and stops the sender threads; later events go out one by one. */
    public void stop(long waitMillis) {
        batchers.values().forEach(batcher -> batcher.stop(waitMillis));
    }
}

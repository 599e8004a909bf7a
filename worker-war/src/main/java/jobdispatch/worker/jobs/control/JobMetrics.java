package jobdispatch.worker.jobs.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The worker's MicroProfile Metrics (application scope, at /metrics): jobs started, completed, failed, retried, run time, in flight.
 * The methods the job runner calls are public: Weld's proxy calls a package-private method of its bean by reflection
 * (docs/performance.md, item 50).
 */
@ApplicationScoped
public class JobMetrics implements EventPublisher.Counts {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName("jobs.inflight").withDescription("Jobs this worker is running now").build(),
                inFlight, AtomicInteger::get);
    }

    public void started(String type) {
        inFlight.incrementAndGet();
        record(() -> counter("jobs.started", "Attempts started", type).inc());
    }

    public void completed(String type, Duration runTime) {
        record(() -> {
            counter("jobs.completed", "Attempts that completed the job", type).inc();
            runTime(type, runTime);
        });
    }

    public void failed(String type, Duration runTime, boolean willRetry) {
        String name = willRetry ? "jobs.retried" : "jobs.failed";
        String description = willRetry ? "Failed attempts requeued for another attempt" : "Attempts that failed the job for good";
        record(() -> {
            counter(name, description, type).inc();
            runTime(type, runTime);
        });
    }

    /**
     * The counter of that name for the job type (the tag {@code type}), or for an event topic
     * (the tag {@code topic}), looked up in the registry once: a lookup builds its metadata and
     * checks it against the registered one, which cost ~2 % of the JVM's CPU when made for every
     * job (docs/performance.md, item 47).
     */
    private Counter counter(String name, String description, String type) {
        return counter(name, description, "type", type);
    }

    private Counter counter(String name, String description, String tagName, String tagValue) {
        return counters.computeIfAbsent(name + ' ' + tagName + ' ' + tagValue, key -> registry.counter(
                Metadata.builder().withName(name).withDescription(description).build(), new Tag(tagName, tagValue)));
    }

    @Override
    public void dropped(String topic) {
        record(() -> counter("events.dropped", "Job events dropped because their topic's backlog was full", "topic", topic).inc());
    }

    @Override
    public void withoutChannel(String topic, int events) {
        record(() -> counter("events.unpublished",
                "Job events not published because their topic had no channel (docs/asyncapi.yaml)", "topic", topic).inc(events));
    }

    /**
     * Metrics are best effort: a job's outcome is reported and its message finished whatever they
     * do. The first metric of a job type is created with a configuration lookup that fails once
     * Payara's shutdown has stopped Hazelcast, as it can while a job ends in the grace period.
     */
    private static void record(Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "a job metric was not recorded", e);
        }
    }

    public void ended() {
        inFlight.decrementAndGet();
        done.incrementAndGet();
    }

    /** Jobs running now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Attempts finished since the worker started. */
    public long done() {
        return done.get();
    }

    private void runTime(String type, Duration runTime) {
        timers.computeIfAbsent(type, key -> registry.timer(Metadata.builder().withName("jobs.runtime")
                .withDescription("Run time of attempts by job type").withUnit(MetricUnits.NANOSECONDS).build(), tag(type)))
                .update(runTime);
    }

    private static Tag tag(String type) {
        return new Tag("type", type);
    }
}

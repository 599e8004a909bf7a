package jobdispatch.worker.jobs.control;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/** The worker's MicroProfile Metrics (application scope, at /metrics): jobs started, completed, failed, retried, run time, in flight. */
@ApplicationScoped
public class JobMetrics {

    @Inject
    MetricRegistry registry;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName("jobs.inflight").withDescription("Jobs this worker is running now").build(),
                inFlight, AtomicInteger::get);
    }

    void started(String type) {
        inFlight.incrementAndGet();
        registry.counter(Metadata.builder().withName("jobs.started").withDescription("Attempts started").build(), tag(type)).inc();
    }

    void completed(String type, Duration runTime) {
        registry.counter(Metadata.builder().withName("jobs.completed").withDescription("Attempts that completed the job").build(), tag(type)).inc();
        runTime(type, runTime);
    }

    void failed(String type, Duration runTime, boolean willRetry) {
        String name = willRetry ? "jobs.retried" : "jobs.failed";
        String description = willRetry ? "Failed attempts requeued for another attempt" : "Attempts that failed the job for good";
        registry.counter(Metadata.builder().withName(name).withDescription(description).build(), tag(type)).inc();
        runTime(type, runTime);
    }

    void ended() {
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
        registry.timer(Metadata.builder().withName("jobs.runtime").withDescription("Run time of attempts by job type")
                .withUnit(MetricUnits.NANOSECONDS).build(), tag(type)).update(runTime);
    }

    private static Tag tag(String type) {
        return new Tag("type", type);
    }
}

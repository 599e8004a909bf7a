package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.jobs.entity.JobRun;
import jobdispatch.dispatch.jobs.entity.JobStatus;

/**
 * Publishes the jobs whose publish was not confirmed (nsqd was down, or dispatch stopped
 * between storing and publishing). A job published twice is harmless: the claim lets only
 * one delivery run it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final int BATCH = 500;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    JobStore store;

    @Inject
    RunPublisher publisher;

    @Inject
    @ConfigProperty(name = "outbox.interval.ms", defaultValue = "2000")
    long intervalMillis;

    @Inject
    @ConfigProperty(name = "outbox.grace.ms", defaultValue = "5000")
    long graceMillis;

    Clock clock = Clock.systemUTC();
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        task = scheduler.scheduleWithFixedDelay(this::relaySafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void relaySafely() {
        try {
            relay();
        } catch (RuntimeException e) {
            // Redis may be down: the next round tries again
            LOG.log(Level.WARNING, "outbox round failed: " + e);
        }
    }

    /** One round: publishes what waited longer than the grace period; stops at the first failure. */
    int relay() {
        List<String> ids = store.unpublished(clock.instant().minus(Duration.ofMillis(graceMillis)), BATCH);
        int published = 0;
        for (String id : ids) {
            var job = store.find(id);
            if (job.isEmpty() || job.get().state() != JobStatus.QUEUED) {
                store.published(id);
                continue;
            }
            if (!publisher.publish(JobRun.of(job.get()))) {
                break;
            }
            store.published(id);
            published++;
        }
        if (published > 0) {
            int count = published;
            LOG.info(() -> "outbox published " + count + " job(s) on " + RunPublisher.TOPIC);
        }
        return published;
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.jobs.entity.Job;
import redis.clients.jedis.UnifiedJedis;

/**
 * Publishes the jobs whose publish is due and was not confirmed: nsqd was down, dispatch
 * stopped between storing and publishing, or a delayed job came within reach of a deferred
 * publish. A job published twice is harmless: the claim lets only one delivery run it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final int BATCH = 500;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    UnifiedJedis redis;

    @Inject
    JobStore store;

    @Inject
    RunPublisher publisher;

    @Inject
    @ConfigProperty(name = "outbox.interval.ms", defaultValue = "1000")
    long intervalMillis;

    Clock clock = Clock.systemUTC();
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        task = Periodically.run(scheduler, intervalMillis, this::relay, LOG, "outbox round");
    }

    /**
     * One round: jobs whose lease expired go back into the outbox, then every due job that still
     * needs to run is handed to the publisher (a processing one is taken over at its claim).
     */
    void relay() {
        int expired = Integer.parseInt(JobScripts.EXPIRED_LEASES.run(redis,
                List.of(Long.toString(clock.millis()), Integer.toString(BATCH))).get(0));
        if (expired > 0) {
            LOG.info(() -> expired + " job(s) whose worker stopped reporting published again for another worker");
        }
        List<String> ids = store.duePublishes(clock.instant(), BATCH);
        if (ids.isEmpty()) {
            return;
        }
        List<Job> waiting = new ArrayList<>();
        for (Job job : store.findAll(ids)) {
            if (job.state().isFinal()) {
                store.forgetPublish(job.id());
            } else {
                waiting.add(job);
            }
        }
        int published = waiting.isEmpty() ? 0 : publisher.publishNow(waiting);
        if (published > 0) {
            LOG.info(() -> "outbox: " + published + " job(s) published on " + RunPublisher.TOPIC);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.time.Instant;
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

import redis.clients.jedis.UnifiedJedis;

/** Removes finished jobs whose retention has ended, with their history and every index entry. */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());
    private static final int BATCH = 1000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    UnifiedJedis redis;

    @Inject
    JobStore store;

    @Inject
    @ConfigProperty(name = "jobs.retention.ms", defaultValue = "604800000")
    long retentionMillis;

    @Inject
    @ConfigProperty(name = "jobs.retention.sweep.ms", defaultValue = "60000")
    long sweepMillis;

    Clock clock = Clock.systemUTC();
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        task = Periodically.run(scheduler, sweepMillis, this::sweepAll, LOG, "retention sweep");
    }

    private void sweepAll() {
        int removed;
        do {
            removed = sweep();
        } while (removed == BATCH);
    }

    /** Removes up to one batch of expired jobs; returns how many. */
    int sweep() {
        Instant cutoff = clock.instant().minusMillis(retentionMillis);
        List<String> ids = store.finishedBefore(cutoff, BATCH);
        String before = Long.toString(cutoff.toEpochMilli());
        for (String id : ids) {
            JobScripts.REMOVE.run(redis, List.of(id, before, Long.toString(clock.millis())));
        }
        if (!ids.isEmpty()) {
            LOG.info(() -> ids.size() + " finished job(s) past their retention removed");
        }
        return ids.size();
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

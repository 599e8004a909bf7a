package jobdispatch.dispatch.jobs.control;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

/** Runs housekeeping on the container's scheduler; a failed round (Redis or nsqd down) is logged and the next one tries again. */
final class Periodically {

    private Periodically() {
    }

    static ScheduledFuture<?> run(ManagedScheduledExecutorService scheduler, long intervalMillis, Runnable round,
                                  Logger log, String what) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                log.log(Level.WARNING, what + " failed: " + e);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
}

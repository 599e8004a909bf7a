package jobdispatch.worker.jobs.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.client.model.Heartbeat;

/** Reports this worker to dispatch every few seconds (id, host, jobs running, jobs done), for the console. */
@ApplicationScoped
public class HeartbeatSender {

    private static final Logger LOG = Logger.getLogger(HeartbeatSender.class.getName());

    @Inject
    DispatchCallbacks dispatch;

    @Inject
    WorkerSettings settings;

    @Inject
    JobMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "worker.heartbeat.ms", defaultValue = "5000")
    long intervalMillis;

    private final OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    private ScheduledFuture<?> task;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        task = scheduler.scheduleAtFixedRate(this::send, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void send() {
        try {
            dispatch.heartbeat(settings.id(), new Heartbeat().host(host()).inFlight(metrics.inFlight())
                    .concurrency(settings.concurrency()).jobsDone(metrics.done()).startedAt(startedAt));
        } catch (RuntimeException e) {
            // dispatch may be restarting; the next beat tries again
            LOG.fine(() -> "heartbeat not delivered: " + e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

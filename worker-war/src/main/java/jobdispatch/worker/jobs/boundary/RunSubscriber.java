package jobdispatch.worker.jobs.boundary;

import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.MessageHandler;
import com.sproutsocial.nsq.Publisher;

import jobdispatch.worker.jobs.control.EventPublisher;
import jobdispatch.worker.jobs.control.JobRunner;
import jobdispatch.worker.jobs.control.ManagedExecutorAdapter;
import jobdispatch.worker.jobs.control.WorkerSettings;

/**
 * Subscribes to {@code job_run} on channel {@code worker} when the application starts, with as
 * many messages in flight as the worker runs at once; each message runs on the container's
 * ManagedExecutorService.
 */
@ApplicationScoped
public class RunSubscriber {

    public static final String TOPIC = "job_run";
    public static final String CHANNEL = "worker";
    private static final Logger LOG = Logger.getLogger(RunSubscriber.class.getName());
    private static final int STOP_WAIT_MS = 30_000;

    @Resource
    ManagedExecutorService executor;

    @Inject
    JobRunner runner;

    @Inject
    WorkerSettings settings;

    private Client client;
    private DirectSubscriber subscriber;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nsq-j 1.2's DirectSubscriber (nsqd without nsqlookupd) always uses the default client
        client = Client.getDefaultClient();
        client.setExecutor(new ManagedExecutorAdapter(executor));
        // the same nsqd as "failover" makes a publish fail at once while nsqd is down (nsq-j sleeps 10 s without one)
        runner.useEvents(new EventPublisher(new Publisher(client, settings.nsqdAddress(), settings.nsqdAddress())));
        subscriber = new DirectSubscriber(5, settings.nsqdAddress());
        subscriber.setDefaultMaxInFlight(settings.concurrency());
        subscriber.subscribe(TOPIC, CHANNEL, (MessageHandler) runner::run);
        LOG.info(() -> "worker " + settings.id() + " subscribed to " + TOPIC + "/" + CHANNEL + " at nsqd "
                + settings.nsqdAddress() + ", " + settings.concurrency() + " at once");
    }

    /** Stops taking messages, lets running jobs finish (up to 30 s), then closes the connections. */
    @PreDestroy
    void stop() {
        if (client != null) {
            client.stop(STOP_WAIT_MS);
        }
    }

    public int connectionCount() {
        return subscriber == null ? 0 : subscriber.getConnectionCount();
    }
}

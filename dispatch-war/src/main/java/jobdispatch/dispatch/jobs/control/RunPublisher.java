package jobdispatch.dispatch.jobs.control;

import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Publisher;

import jobdispatch.dispatch.jobs.entity.JobRun;

/** Publishes jobs on NSQ's {@code job_run} topic through nsq-j, to the nsqd at {@code nsqd.address}. */
@ApplicationScoped
public class RunPublisher {

    public static final String TOPIC = "job_run";
    private static final Logger LOG = Logger.getLogger(RunPublisher.class.getName());

    @Inject
    @ConfigProperty(name = "nsqd.address", defaultValue = "127.0.0.1:4150")
    String nsqdAddress;

    /** After a failed publish, requests do not wait on nsqd again for this long; the outbox keeps the jobs. */
    @Inject
    @ConfigProperty(name = "nsqd.retry.ms", defaultValue = "5000")
    long retryMillis;

    private volatile long suspendedUntil;
    private Client client;
    private Publisher publisher;
    private Jsonb jsonb;

    @PostConstruct
    void connect() {
        client = new Client();
        publisher = new Publisher(client, nsqdAddress, null);
        jsonb = JsonbBuilder.create();
        LOG.info(() -> "publishing " + TOPIC + " to nsqd at " + nsqdAddress);
    }

    /** Publishes the job; false (logged) when nsqd did not take it, which leaves it to the outbox. */
    public boolean publish(JobRun run) {
        if (System.currentTimeMillis() < suspendedUntil) {
            return false;
        }
        try {
            publisher.publish(TOPIC, jsonb.toJson(run).getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (RuntimeException e) {
            suspendedUntil = System.currentTimeMillis() + retryMillis;
            LOG.log(Level.WARNING, "job " + run.id() + " not published on " + TOPIC + " (the outbox will retry): " + e);
            return false;
        }
    }

    @PreDestroy
    void close() {
        client.stop();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing JSON-B", e);
        }
    }
}

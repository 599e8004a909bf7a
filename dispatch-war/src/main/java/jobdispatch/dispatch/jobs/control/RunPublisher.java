package jobdispatch.dispatch.jobs.control;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.NoDelayPublisher;
import com.sproutsocial.nsq.Publisher;

import jobdispatch.batching.Batcher;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobRun;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.nsq.NsqSecurity;

/**
 * Publishes jobs on NSQ's {@code job_run} through nsq-j: a due job at once (several in one
 * multi-publish), a delayed job as a deferred publish when it is due within nsqd's
 * {@code max-req-timeout}. Each confirmed publish moves the job's outbox entry out of the way;
 * anything not confirmed stays there for {@link OutboxRelay}.
 *
 * <p>That move is written on a thread of its own, many at a time in one pipeline, so that a
 * request that submits a job does not wait for a third round trip. A mark waits up to
 * {@code outbox.marks.linger.ms} for others: jobs submitted one at a time then cost Redis one pipeline
 * every so often rather than a call each, and that call does not come just as the worker claims
 * the job (which mostly has taken it out of the outbox by then). Late or lost (Redis
 * unreachable, more than {@code MARKS_WAITING} waiting), it costs at most a second publish of
 * the job: the outbox publishes again what it still holds after {@code outbox.grace.ms}, and the
 * job's claim takes it out of the outbox and refuses a second delivery.
 */
@ApplicationScoped
public class RunPublisher {

    public static final String TOPIC = "job_run";
    /** The most publish marks that wait to be written; more are dropped (see above). */
    private static final int MARKS_WAITING = 100_000;
    private static final Logger LOG = Logger.getLogger(RunPublisher.class.getName());

    @Inject
    @ConfigProperty(name = "nsqd.address", defaultValue = "127.0.0.1:4150")
    String nsqdAddress;

    /** After a failed publish, requests do not wait on nsqd again for this long; the outbox keeps the jobs. */
    @Inject
    @ConfigProperty(name = "nsqd.retry.ms", defaultValue = "5000")
    long retryMillis;

    /** nsqd's --max-req-timeout: the longest delay of a deferred publish. */
    @Inject
    @ConfigProperty(name = "nsqd.max.defer.ms", defaultValue = "3600000")
    long maxDeferMillis;

    /** How long the outbox leaves a job alone that nsqd has not confirmed (publishAt): a mark must come sooner. */
    @Inject
    @ConfigProperty(name = "outbox.grace.ms", defaultValue = "5000")
    long graceMillis;

    /** The longest a mark waits for others to be written with; at most a fifth of the grace. */
    @Inject
    @ConfigProperty(name = "outbox.marks.linger.ms", defaultValue = "200")
    long marksLingerMillis;

    @Inject
    JobStore store;

    @Resource
    ManagedThreadFactory threads;

    Clock clock = Clock.systemUTC();
    private volatile long suspendedUntil;
    private Client client;
    private Publisher publisher;
    private Jsonb jsonb;
    private Batcher<JobStore.Published, Boolean> marks;

    @PostConstruct
    void connect() {
        client = new Client();
        NsqSecurity security = NsqSecurity.from(ConfigProvider.getConfig());
        security.applyTo(client);
        // the same nsqd as "failover": without one, nsq-j sleeps 10 s inside publish when nsqd is
        // unreachable; with one, a failed publish fails at once and the outbox takes over; no
        // Nagle's algorithm: a publish over 8 KiB would wait up to 40 ms (NoDelayPublisher)
        publisher = new NoDelayPublisher(client, nsqdAddress, nsqdAddress);
        publisher.setConfig(security.identify(new com.sproutsocial.nsq.Config()));
        jsonb = JsonbBuilder.create();
        marks = new Batcher<>("outbox-publish-marks", 1000, MARKS_WAITING, Math.max(0, Math.min(marksLingerMillis, graceMillis / 5)),
                this::write, threads);
        LOG.info(() -> "publishing " + TOPIC + " to nsqd at " + nsqdAddress + " (" + security.describe() + ")");
    }

    /**
     * When the outbox must publish a job due at {@code runAt} (null: now) if no publish is
     * confirmed before: {@code outbox.grace.ms} after now, or, for a job due beyond the longest
     * deferred publish, when it comes within reach.
     */
    public Instant publishAt(Instant runAt, Instant now) {
        if (runAt != null && Duration.between(now, runAt).toMillis() > deferWindowMillis()) {
            return runAt.minusMillis(deferWindowMillis());
        }
        return now.plusMillis(graceMillis);
    }

    /**
     * Publishes each job that is due or within the deferred-publish window; the others wait in
     * the outbox. Returns how many nsqd confirmed.
     */
    public int publishNow(List<Job> jobs) {
        int confirmed = 0;
        List<Job> due = new ArrayList<>();
        for (Job job : jobs) {
            if (job.state() != JobStatus.SCHEDULED) {
                due.add(job);
            } else if (publishDeferred(job)) {
                confirmed++;
            }
        }
        if (due.isEmpty() || !available()) {
            return confirmed;
        }
        try {
            List<byte[]> bodies = due.stream().map(this::body).toList();
            if (bodies.size() == 1) {
                publisher.publish(TOPIC, bodies.get(0));
            } else {
                publisher.publish(TOPIC, bodies);
            }
            mark(new JobStore.Published(due.stream().map(Job::id).toList(), clock.instant()));
            return confirmed + due.size();
        } catch (RuntimeException e) {
            failed(due.size() + " job(s)", e);
            return confirmed;
        }
    }

    public void publishNow(Job job) {
        publishNow(List.of(job));
    }

    private boolean publishDeferred(Job job) {
        long delay = Duration.between(clock.instant(), job.runAt()).toMillis();
        if (delay > deferWindowMillis() || !available()) {
            return false;
        }
        try {
            if (delay > 0) {
                publisher.publishDeferred(TOPIC, body(job), delay, TimeUnit.MILLISECONDS);
            } else {
                publisher.publish(TOPIC, body(job));
            }
            mark(new JobStore.Published(List.of(job.id()), job.runAt()));
            return true;
        } catch (RuntimeException e) {
            failed("job " + job.id(), e);
            return false;
        }
    }

    /** Hands the mark to its writer; one it cannot take costs at most a second publish (see above). */
    private void mark(JobStore.Published published) {
        Batcher.Offered offered = marks.offer(published);
        if (offered != Batcher.Offered.QUEUED) {
            LOG.fine(() -> "publish of " + published.ids() + " not marked (" + offered + "): the outbox publishes them again");
        }
    }

    private List<Batcher.Outcome<Boolean>> write(List<JobStore.Published> published) {
        try {
            store.published(published);
        } catch (RuntimeException e) {
            // nothing is lost: those jobs are published again by the outbox
            LOG.log(Level.FINE, published.size() + " publish marks not written", e);
            throw e;
        }
        return Collections.nCopies(published.size(), Batcher.Outcome.of(Boolean.TRUE));
    }

    /** A deferred publish must stay safely inside nsqd's limit. */
    private long deferWindowMillis() {
        return maxDeferMillis - Math.min(60_000, maxDeferMillis / 10);
    }

    private boolean available() {
        return clock.millis() >= suspendedUntil;
    }

    private void failed(String what, RuntimeException e) {
        suspendedUntil = clock.millis() + retryMillis;
        LOG.log(Level.WARNING, what + " not published on " + TOPIC + " (the outbox will retry): " + e);
    }

    private byte[] body(Job job) {
        return jsonb.toJson(JobRun.of(job)).getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        marks.stop(2000);
        client.stop();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing JSON-B", e);
        }
    }
}

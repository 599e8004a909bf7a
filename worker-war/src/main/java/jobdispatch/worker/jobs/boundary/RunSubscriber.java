package jobdispatch.worker.jobs.boundary;

import java.util.List;
import java.util.concurrent.TimeUnit;

import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.MessageHandler;
import com.sproutsocial.nsq.NoDelayPublisher;
import com.sproutsocial.nsq.Publisher;
import com.sproutsocial.nsq.Subscriber;

import jobdispatch.nsq.NsqSecurity;
import jobdispatch.worker.jobs.control.EventPublisher;
import jobdispatch.worker.jobs.control.EventTopics;
import jobdispatch.worker.jobs.control.JobHandlers;
import jobdispatch.worker.jobs.control.JobMetrics;
import jobdispatch.worker.jobs.control.JobRunner;
import jobdispatch.worker.jobs.control.ManagedExecutorAdapter;
import jobdispatch.worker.jobs.control.OwnClasses;
import jobdispatch.worker.jobs.control.ReaderThreadExecutor;
import jobdispatch.worker.jobs.control.WorkerSettings;

/**
 * Subscribes to {@code job_run} on channel {@code worker} when the application starts, with as
 * many messages in flight as the worker runs at once plus its prefetch (back-pressure: nsqd
 * never gives it more); jobs run on the application's ManagedExecutorService. On undeploy or
 * SIGTERM it stops taking messages, gives those still waiting for a thread back to nsqd, lets
 * running jobs finish within the grace period, stops the rest (reported as failed attempts, so
 * they are retried) and lets nsqd requeue what was not finished.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = RunSubscriber.EXECUTOR, maxAsync = WorkerSettings.MAX_CONCURRENCY)
public class RunSubscriber {

    public static final String TOPIC = "job_run";
    public static final String CHANNEL = "worker";
    static final String EXECUTOR = "java:app/concurrent/JobExecutor";
    private static final Logger LOG = Logger.getLogger(RunSubscriber.class.getName());
    private static final int REPORT_WAIT_MS = 5000;
    /** the least output_buffer_size nsqd's IDENTIFY accepts (below it, only -1: none) */
    private static final int NSQD_SMALLEST_OUTPUT_BUFFER = 64;

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    JobRunner runner;

    @Inject
    JobHandlers handlers;

    @Inject
    WorkerSettings settings;

    @Inject
    JobMetrics metrics;

    private Client client;
    private ManagedExecutorAdapter jobThreads;
    private EventPublisher eventPublisher;

    @Resource
    ManagedThreadFactory threads;
    private Subscriber subscriber;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Payara stops the application's class loader before @PreDestroy: whatever the stop and the
        // last reports need is loaded now (a first job claimed as the worker stopped went unreported)
        long preloading = System.nanoTime();
        int preloaded = OwnClasses.load(RunSubscriber.class.getClassLoader(), "jobdispatch/", "com/sproutsocial/nsq/");
        long preloadMs = (System.nanoTime() - preloading) / 1_000_000;
        LOG.fine(() -> preloaded + " classes of the worker, its client and nsq-j loaded in " + preloadMs + " ms");
        // nsq-j 1.2's subscribers always use the default client, so the executor is set there
        client = Client.getDefaultClient();
        // nsq-j hands each message over on its reader thread; the runner queues it for a job thread
        client.setExecutor(new ReaderThreadExecutor());
        jobThreads = new ManagedExecutorAdapter(jobExecutor(), settings.concurrency());
        NsqSecurity security = NsqSecurity.from(ConfigProvider.getConfig());
        security.applyTo(client);
        // the same nsqd as "failover" makes a publish fail at once while nsqd is down (nsq-j sleeps 10 s without one)
        runner.start(jobThreads, settings.concurrency());
        Publisher events = new NoDelayPublisher(client, settings.nsqdAddress(), settings.nsqdAddress());
        events.setConfig(security.identify(new Config()));
        EventTopics topics = new EventTopics(EventTopics.http(settings.nsqdHttpUrl()),
                List.of(EventPublisher.PROCESSING, EventPublisher.COMPLETE, EventPublisher.FAILED),
                settings.eventsCheckMillis(), System::nanoTime);
        // asked once at the start, off this thread: nsqd then has the topics (created when missing)
        // for consumers that find it through nsqlookupd before the first job has run
        threads.newThread(() -> topics.published(EventPublisher.COMPLETE)).start();
        eventPublisher = new EventPublisher(events, topics, threads, settings.eventsBacklog(), settings.eventsLingerMillis(),
                metrics);
        runner.useEvents(eventPublisher);
        var lookups = settings.lookupAddresses();
        subscriber = lookups.isEmpty() ? new DirectSubscriber(5, settings.nsqdAddress())
                : new Subscriber(5, lookups.toArray(String[]::new));
        subscriber.setDefaultMaxInFlight(settings.concurrency() + settings.prefetch());
        // nsqd holds messages for a consumer with others in flight up to its output buffer timeout
        // (250 ms by default, 25 ms at least): a job system wants them at once. So by default the
        // worker asks for the smallest buffer nsqd takes, 64 bytes, which holds nothing of a job_run
        // message: nsqd 1.3.0 writes a message's frame as three writes (its size, its type, the
        // message) into the buffer, and Go's bufio then sends the first 64 bytes and, straight from
        // the message, the rest, whenever the rest is longer than the buffer, as it is for every
        // message dispatch publishes (at least 141 bytes with a UUID id, over the 120 it needs).
        // Two writes per message where no buffer (output_buffer_size -1) made three
        // (docs/performance.md, item 64); a shorter message's tail waits for nsqd's flush timer.
        Config identify = security.identify(new Config());
        identify.setClientId(settings.id());
        if (settings.outputBufferMillis() > 0) {
            identify.setOutputBufferTimeout(settings.outputBufferMillis());
        } else {
            identify.setOutputBufferSize(NSQD_SMALLEST_OUTPUT_BUFFER);
        }
        subscriber.setConfig(identify);
        // the handlers are found before the first message, not while it waits
        var types = handlers.types();
        subscriber.subscribe(TOPIC, CHANNEL, (MessageHandler) runner::receive);
        LOG.info(() -> "worker " + settings.id() + " subscribed to " + TOPIC + "/" + CHANNEL + " at "
                + (lookups.isEmpty() ? "nsqd " + settings.nsqdAddress() : "nsqlookupd " + lookups) + ", "
                + settings.concurrency() + " at once, " + settings.prefetch() + " more in flight ("
                + security.describe() + "), job types " + types);
    }

    /**
     * The executor defined above. Payara injects null when the lookup fails at injection time, and
     * on one start of Payara Micro (with dispatch beside it) it did: the worker then failed to
     * deploy with a NullPointerException while dispatch answered ready. So an empty injection is
     * looked up again for a few seconds, and then fails the deployment with its reason.
     */
    private ManagedExecutorService jobExecutor() {
        if (executor != null) {
            return executor;
        }
        LOG.warning(() -> EXECUTOR + " was not injected; looking it up");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return InitialContext.doLookup(EXECUTOR);
            } catch (NamingException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the worker's executor " + EXECUTOR + " is not available", e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up " + EXECUTOR, e);
            }
        }
    }

    @PreDestroy
    void stop() {
        if (client == null) {
            return;
        }
        LOG.info(() -> "worker " + settings.id() + " stopping: " + runner.runningCount() + " job(s) running, grace "
                + settings.shutdownGraceMillis() + " ms");
        // takes no more messages and waits for the running ones within the grace period. The grace
        // period is kept by a thread of its own: nsq-j's stopSubscribers can block until the
        // handlers end, and a job stopped only after the server has shut down could not be reported
        long grace = Math.max(1, settings.shutdownGraceMillis());
        Thread guard = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grace);
            try {
                // not only the running handlers: a job claimed just before has none yet (WorkerReliabilityIT flaked so)
                while (runner.activeCount() > 0 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (runner.activeCount() > 0) {
                runner.cancelAll("worker shutting down");
                LOG.info(() -> "worker " + settings.id() + ": grace period over, running jobs stopped and reported");
            }
        }, "worker-shutdown-grace");
        guard.setDaemon(true);
        guard.start();
        // nsqd sends no more (RDY 0), then the messages waiting for a thread go back to it, for other workers
        subscriber.stop();
        runner.releaseWaiting();
        client.stopSubscribers((int) grace);
        try {
            guard.join(grace + REPORT_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!runner.awaitIdle(REPORT_WAIT_MS)) {
            LOG.warning(() -> "worker " + settings.id() + ": jobs still reporting after " + REPORT_WAIT_MS + " ms; stopping anyway");
        }
        jobThreads.shutdown();
        // the events of the last jobs go out before the client stops (never both at once: see awaitIdle)
        eventPublisher.stop(REPORT_WAIT_MS);
        // bounded: should a report still be publishing, nsq-j's stop could wait on it for good
        Thread stopping = new Thread(() -> client.stop(REPORT_WAIT_MS), "nsq-client-stop");
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(2L * REPORT_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.stop();
    }

    public int connectionCount() {
        return subscriber == null ? 0 : subscriber.getConnectionCount();
    }
}

package jobdispatch.worker.jobs.control;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The worker's identity and limits, from MicroProfile Config (docs/configuration.md). */
@Dependent
public class WorkerSettings {

    @Inject
    @ConfigProperty(name = "worker.id", defaultValue = " ")
    String configuredId;

    @Inject
    @ConfigProperty(name = "nsqd.address", defaultValue = "127.0.0.1:4150")
    String nsqdAddress;

    /** The HTTP API of the nsqd at nsqd.address; unset, port 4151 of its host. */
    @Inject
    @ConfigProperty(name = "nsqd.http.url")
    Optional<String> nsqdHttpUrl;

    /** nsqlookupd HTTP addresses (host:4161, comma separated); when set the worker finds nsqd through them. */
    @Inject
    @ConfigProperty(name = "nsqlookupd.http.addresses", defaultValue = " ")
    String lookupAddresses;

    @Inject
    @ConfigProperty(name = "worker.concurrency", defaultValue = "8")
    int concurrency;

    /** Messages nsqd may hand over beyond those running: being reported, or waiting for a thread; unset, twice worker.concurrency. */
    @Inject
    @ConfigProperty(name = "worker.prefetch")
    Optional<Integer> prefetch;

    @Inject
    @ConfigProperty(name = "worker.touch.ms", defaultValue = "20000")
    long touchMillis;

    @Inject
    @ConfigProperty(name = "worker.nsq.output.buffer.ms", defaultValue = "0")
    int outputBufferMillis;

    @Inject
    @ConfigProperty(name = "worker.shutdown.grace.ms", defaultValue = "30000")
    long shutdownGraceMillis;

    @Inject
    @ConfigProperty(name = "worker.retry.base.ms", defaultValue = "1000")
    long retryBaseMillis;

    @Inject
    @ConfigProperty(name = "worker.retry.max.ms", defaultValue = "60000")
    long retryMaxMillis;

    /** How many events may wait per topic for nsqd; more are dropped and counted (EventPublisher). */
    @Inject
    @ConfigProperty(name = "worker.events.backlog", defaultValue = "10000")
    int eventsBacklog;

    /** How long a batch of events waits for more before its multi-publish (EventPublisher). */
    @Inject
    @ConfigProperty(name = "worker.events.linger.ms", defaultValue = "10")
    int eventsLingerMillis;

    /** How often, at most, nsqd is asked which event topics have a channel (EventTopics). */
    @Inject
    @ConfigProperty(name = "worker.events.check.ms", defaultValue = "1000")
    long eventsCheckMillis;

    /** The capacity of the job executor (RunSubscriber's ManagedExecutorDefinition). */
    public static final int MAX_CONCURRENCY = 64;
    /** nsqd refuses a max-in-flight above its --max-rdy-count (2500 by default). */
    public static final int MAX_PREFETCH = 1000;

    private String id;

    /** {@code worker.id}, or host name and process id, unique per worker instance. */
    public synchronized String id() {
        if (id == null) {
            id = configuredId.isBlank() ? hostName() + "-" + ProcessHandle.current().pid() : configuredId.trim();
        }
        return id;
    }

    public String nsqdAddress() {
        return nsqdAddress;
    }

    public int eventsBacklog() {
        return Math.max(1, eventsBacklog);
    }

    public int eventsLingerMillis() {
        return Math.max(0, eventsLingerMillis);
    }

    public long eventsCheckMillis() {
        return Math.max(0, eventsCheckMillis);
    }

    public String nsqdHttpUrl() {
        return nsqdHttpUrl.filter(url -> !url.isBlank()).orElseGet(() -> {
            String address = nsqdAddress.trim();
            int colon = address.lastIndexOf(':');
            return "http://" + (colon < 0 ? address : address.substring(0, colon)) + ":4151";
        });
    }

    /** Jobs run at once, capped by the executor's capacity. */
    public int concurrency() {
        return Math.max(1, Math.min(concurrency, MAX_CONCURRENCY));
    }

    /**
     * Messages nsqd may hand over beyond {@link #concurrency()} (NSQ's max-in-flight is the sum):
     * jobs done whose report is on its way to dispatch, or messages waiting, unclaimed, for a job
     * thread. 0 keeps every message on a thread from delivery to report. Unset, twice the
     * concurrency: the reports of short jobs then go out in batches of about the number of slots
     * while the slots take their next messages (docs/performance.md, item 61).
     */
    public int prefetch() {
        return Math.max(0, Math.min(prefetch.orElse(2 * concurrency()), MAX_PREFETCH));
    }

    public java.util.List<String> lookupAddresses() {
        return java.util.Arrays.stream(lookupAddresses.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    }

    /** How often a running job's NSQ message is touched, so that nsqd does not redeliver it. */
    public long touchMillis() {
        return touchMillis;
    }

    /** nsqd's output buffer timeout for this consumer (IDENTIFY output_buffer_timeout, at least nsqd's --min-output-buffer-timeout); 0, the default, asks for nsqd's smallest output buffer (64 bytes), which holds no job_run message back (RunSubscriber). */
    public int outputBufferMillis() {
        return outputBufferMillis;
    }

    public long shutdownGraceMillis() {
        return shutdownGraceMillis;
    }

    /** Exponential backoff with jitter for the retry after a failed attempt: base * 2^(attempt-1), capped. */
    public int retryDelayMillis(int attempt) {
        double exponential = retryBaseMillis * Math.pow(2, Math.max(0, attempt - 1));
        double capped = Math.min(exponential, retryMaxMillis);
        double jitter = 0.8 + Math.random() * 0.4;
        return (int) Math.min(Integer.MAX_VALUE, capped * jitter);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}

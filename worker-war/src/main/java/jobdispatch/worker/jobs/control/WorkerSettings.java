package jobdispatch.worker.jobs.control;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The worker's identity and limits, from MicroProfile Config (docs/configuration.md). */
@ApplicationScoped
public class WorkerSettings {

    @Inject
    @ConfigProperty(name = "worker.id", defaultValue = " ")
    String configuredId;

    @Inject
    @ConfigProperty(name = "nsqd.address", defaultValue = "127.0.0.1:4150")
    String nsqdAddress;

    @Inject
    @ConfigProperty(name = "worker.concurrency", defaultValue = "4")
    int concurrency;

    @Inject
    @ConfigProperty(name = "worker.retry.base.ms", defaultValue = "1000")
    long retryBaseMillis;

    @Inject
    @ConfigProperty(name = "worker.retry.max.ms", defaultValue = "60000")
    long retryMaxMillis;

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

    public int concurrency() {
        return concurrency;
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

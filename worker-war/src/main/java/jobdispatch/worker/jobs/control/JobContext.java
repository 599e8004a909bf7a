package jobdispatch.worker.jobs.control;

import java.util.function.IntPredicate;

import jakarta.json.JsonObject;

/**
 * What a handler gets: the job's id, type and payload, which attempt this is, a way to report
 * progress, and a way to learn that it should stop (its timeout passed, the worker is shutting
 * down, or this worker lost its lease on the job). Handlers that run long should check
 * {@link #isCancelled()} or let {@link InterruptedException} end them: both happen together.
 */
public final class JobContext {

    private final String id;
    private final String type;
    private final JsonObject payload;
    private final int attempt;
    private final int maxAttempts;
    private final long timeoutMs;
    private final IntPredicate progressReporter;
    private volatile String cancelled;

    public JobContext(String id, String type, JsonObject payload, int attempt, int maxAttempts, long timeoutMs,
                      IntPredicate progressReporter) {
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.timeoutMs = timeoutMs;
        this.progressReporter = progressReporter;
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public JsonObject payload() {
        return payload;
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return attempt;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Reports how far the attempt is (0 to 100; also renews this worker's lease on the job). */
    public void progress(int percent) {
        if (!progressReporter.test(Math.max(0, Math.min(100, percent)))) {
            cancel("this worker no longer holds the job");
        }
    }

    /** True once the attempt should stop; {@link #cancelReason()} says why. */
    public boolean isCancelled() {
        return cancelled != null;
    }

    public String cancelReason() {
        return cancelled;
    }

    void cancel(String reason) {
        if (cancelled == null) {
            cancelled = reason;
        }
    }
}

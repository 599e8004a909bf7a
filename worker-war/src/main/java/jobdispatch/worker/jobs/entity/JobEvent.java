package jobdispatch.worker.jobs.entity;

import java.time.Instant;
import java.util.Objects;

import jakarta.json.JsonValue;

/**
 * The body of {@code job_processing}, {@code job_complete} and {@code job_failed} (see
 * docs/asyncapi.yaml): the common event, plus the result and run time on completion, or the
 * error and whether it will be retried on failure. Absent fields are omitted.
 */
public record JobEvent(String id, String type, String status, int attempt, String workerId, Instant timestamp,
                       JsonValue result, Long durationMs, String error, Boolean willRetry) {

    /**
     * Cheap on purpose, and consistent with the record's equals (equal events have equal ids,
     * states and attempts): JSON-B (Yasson) puts every object it writes into a hash set to detect
     * cycles, and the record's own hash would walk the result.
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, status, attempt);
    }

    public static JobEvent processing(String id, String type, int attempt, String workerId) {
        return new JobEvent(id, type, "processing", attempt, workerId, Instant.now(), null, null, null, null);
    }

    public static JobEvent complete(String id, String type, int attempt, String workerId, JsonValue result, long durationMs) {
        return new JobEvent(id, type, "complete", attempt, workerId, Instant.now(), result, durationMs, null, null);
    }

    public static JobEvent failed(String id, String type, String status, int attempt, String workerId, String error,
                                  boolean willRetry, long durationMs) {
        return new JobEvent(id, type, status, attempt, workerId, Instant.now(), null, durationMs, error, willRetry);
    }
}

package jobdispatch.dispatch.jobs.entity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A job as stored in Redis and returned by the API. */
@Schema(name = "Job", description = "A job and everything known about its execution")
public record Job(
        @Schema(description = "Time-ordered unique id (UUID version 7)", example = "019ac4f2-7d4e-7a31-9c2e-5b1f0e8d4a27")
        String id,
        @Schema(description = "The job type; selects the worker's handler", example = "echo")
        String type,
        @Schema(type = SchemaType.OBJECT, description = "The job's input, any JSON object", example = "{\"message\": \"hello\"}")
        JsonObject payload,
        @Schema(description = "The job's state", enumeration = {"scheduled", "queued", "processing", "complete", "failed", "cancelled"})
        String status,
        @Schema(description = "How many attempts have started")
        int attempts,
        @Schema(description = "How many attempts the job may have")
        int maxAttempts,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "How long one attempt may run, in milliseconds")
        long timeoutMs,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When a delayed job is due")
        Instant runAt,
        @Schema(description = "The running attempt's progress, 0 to 100, as its worker reports it")
        int progress,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When the job was accepted")
        Instant createdAt,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When the job last changed")
        Instant updatedAt,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When the current or last attempt started")
        Instant startedAt,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When the job reached a final state")
        Instant finishedAt,
        @Schema(description = "The handler's result, once complete (any JSON value)")
        JsonValue result,
        @Schema(description = "The error of the last failed attempt")
        String error,
        @Schema(description = "The worker running or last running the job")
        String workerId,
        // no @Schema: with one, Payara describes the list as an array with properties
        List<HistoryEntry> history) {

    /**
     * Cheap on purpose, and consistent with the record's equals (equal jobs have equal ids,
     * states and attempts): JSON-B (Yasson) puts every object it writes into a hash set to detect
     * cycles, and the record's own hash walks the payload, the result and the whole history, at
     * each level of nesting (docs/performance.md, item 12).
     */
    @Override
    public int hashCode() {
        return Objects.hash(id, status, attempts);
    }

    public JobStatus state() {
        return JobStatus.fromWire(status);
    }

    /** The same job with its history (reads of a single job carry it, listings do not). */
    public Job withHistory(List<HistoryEntry> entries) {
        return new Job(id, type, payload, status, attempts, maxAttempts, timeoutMs, runAt, progress, createdAt, updatedAt,
                startedAt, finishedAt, result, error, workerId, entries);
    }
}

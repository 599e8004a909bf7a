package jobdispatch.dispatch.jobs.entity;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One transition of a job: what it became, in which attempt, by which worker, when, and why if it failed. */
@Schema(name = "HistoryEntry", description = "One transition in a job's life")
public record HistoryEntry(
        @Schema(description = "The state the job entered", enumeration = {"scheduled", "queued", "processing", "complete", "failed", "cancelled"})
        String status,
        @Schema(description = "The attempt number at the time of the transition")
        int attempt,
        @Schema(description = "The worker that caused the transition, if a worker did")
        String workerId,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When the transition happened")
        Instant at,
        @Schema(description = "The error of a failed attempt")
        String error) {
}

package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One transition, as GET /api/job/events streams it (documentation of the stream's data). */
@Schema(name = "JobEvent", description = "A job transition on the event stream")
public record JobEvent(
        String id,
        String type,
        @Schema(description = "The state entered, or 'deleted'", enumeration = {"scheduled", "queued", "processing", "complete", "failed", "cancelled", "deleted"})
        String status,
        int attempt,
        String workerId,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "When, in epoch milliseconds")
        long at) {
}

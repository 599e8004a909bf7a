package jobdispatch.dispatch.monitoring.entity;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WorkerStatus", description = "A worker instance as its last heartbeat described it")
public record WorkerStatus(
        String id,
        String host,
        int inFlight,
        int concurrency,
        @Schema(type = SchemaType.INTEGER, format = "int64") long jobsDone,
        @Schema(type = SchemaType.STRING, format = "date-time") Instant startedAt,
        @Schema(type = SchemaType.STRING, format = "date-time", description = "When its last heartbeat arrived") Instant lastSeen,
        @Schema(description = "False when it has not reported for workers.stale.ms: stopped, crashed or cut off") boolean alive) {
}

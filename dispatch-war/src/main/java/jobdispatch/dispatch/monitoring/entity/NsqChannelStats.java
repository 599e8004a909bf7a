package jobdispatch.dispatch.monitoring.entity;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NsqChannelStats", description = "One channel of job_run as nsqd counts it")
public record NsqChannelStats(
        String channel,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages waiting") long depth,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages being handled") long inFlight,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages waiting for a requeue delay or deferral") long deferred,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages requeued so far") long requeued,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages that timed out in flight so far") long timedOut,
        @Schema(description = "Connected consumers") int clients) {
}

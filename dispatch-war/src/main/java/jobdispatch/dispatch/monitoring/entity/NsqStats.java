package jobdispatch.dispatch.monitoring.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NsqStats", description = "nsqd's view of the job_run topic and its channels")
public record NsqStats(
        String topic,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages waiting in the topic itself") long depth,
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Messages published so far") long messageCount,
        // no @Schema: with one, Payara describes the list as an array with properties
        List<NsqChannelStats> channels) {
}

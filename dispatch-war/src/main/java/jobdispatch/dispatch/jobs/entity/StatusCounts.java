package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many jobs are in each state. */
@Schema(name = "StatusCounts", description = "How many jobs are in each state")
public record StatusCounts(
        @Schema(type = SchemaType.INTEGER, format = "int64") long scheduled,
        @Schema(type = SchemaType.INTEGER, format = "int64") long queued,
        @Schema(type = SchemaType.INTEGER, format = "int64") long processing,
        @Schema(type = SchemaType.INTEGER, format = "int64") long complete,
        @Schema(type = SchemaType.INTEGER, format = "int64") long failed,
        @Schema(type = SchemaType.INTEGER, format = "int64") long cancelled) {

    public static StatusCounts of(long[] byStatusOrdinal) {
        return new StatusCounts(byStatusOrdinal[0], byStatusOrdinal[1], byStatusOrdinal[2], byStatusOrdinal[3],
                byStatusOrdinal[4], byStatusOrdinal[5]);
    }

    public long total() {
        return scheduled + queued + processing + complete + failed + cancelled;
    }
}

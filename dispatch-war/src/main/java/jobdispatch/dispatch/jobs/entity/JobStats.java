package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Counts of stored jobs per state, overall and per type. */
@Schema(name = "JobStats", description = "How many stored jobs are in each state, overall and per type")
public record JobStats(
        @Schema(type = SchemaType.INTEGER, format = "int64", description = "All stored jobs")
        long total,
        StatusCounts byStatus,
        // no @Schema: with one, Payara describes the list as an array with properties
        List<TypeStats> byType) {
}

package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The counts of one job type. */
@Schema(name = "TypeStats", description = "How many jobs of one type are in each state")
public record TypeStats(
        @Schema(description = "The job type", example = "echo")
        String type,
        StatusCounts counts) {
}

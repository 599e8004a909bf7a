package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a job listing, newest first. */
@Schema(name = "JobPage", description = "A page of jobs, newest first")
public record JobPage(
        // no @Schema: with one, Payara describes the list as an array with properties
        List<Job> items,
        @Schema(description = "Pass as cursor to get the next page; absent on the last page")
        String nextCursor) {
}

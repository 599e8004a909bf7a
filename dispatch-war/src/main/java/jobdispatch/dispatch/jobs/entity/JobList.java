package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The jobs a batch submit accepted, in the order they were sent. */
@Schema(name = "JobList", description = "The accepted jobs, in the order they were sent")
public record JobList(
        // no @Schema: with one, Payara describes the list as an array with properties
        List<Job> jobs) {
}

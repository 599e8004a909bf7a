package jobdispatch.dispatch.jobs.entity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker's request to run a job. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "Claim", description = "A worker asks to run a job")
public class Claim {

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The id of the worker instance", example = "worker-host1-4711")
    public String workerId;

}

package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker's request to run several jobs, each claimed on its own. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "ClaimBatch", description = "A worker asks to run up to 100 jobs; each is claimed on its own")
public class ClaimBatch {

    public static final int MAX = 100;

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The id of the worker instance", example = "worker-host1-4711")
    public String workerId;

    @NotNull(message = "ids is required")
    @Size(min = 1, max = MAX, message = "ids must hold 1 to 100 job ids")
    // no @Schema: with one, Payara describes the list as an array with properties
    public List<String> ids;
}

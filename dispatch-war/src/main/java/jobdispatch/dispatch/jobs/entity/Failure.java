package jobdispatch.dispatch.jobs.entity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker reports that its attempt failed. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "Failure", description = "A worker reports a failed attempt")
public class Failure {

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The worker that ran the attempt")
    public String workerId;

    @Min(value = 1, message = "attempt must be at least 1") @Max(value = Integer.MAX_VALUE)
    @Schema(required = true, description = "The attempt being reported, as returned by the claim")
    public int attempt;

    @NotBlank(message = "error is required") @Size(max = 10000)
    @Schema(required = true, description = "What went wrong")
    public String error;

    @Schema(description = "False when the error is permanent and retrying cannot help (default true)")
    public Boolean retryable;

    public boolean retryableOrDefault() {
        return retryable == null || retryable;
    }
}

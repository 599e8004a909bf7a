package jobdispatch.dispatch.jobs.entity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker reports how far its attempt is; this also renews its lease on the job. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "Progress", description = "A worker reports how far its attempt is (and keeps its lease)")
public class Progress {

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The worker running the attempt")
    public String workerId;

    @Min(value = 1, message = "attempt must be at least 1") @Max(value = Integer.MAX_VALUE)
    @Schema(required = true, description = "The attempt being reported, as returned by the claim")
    public int attempt;

    @Min(value = 0, message = "progress must be 0 to 100")
    @Max(value = 100, message = "progress must be 0 to 100")
    @Schema(required = true, description = "How far the attempt is, 0 to 100", minimum = "0", maximum = "100")
    public int progress;
}

package jobdispatch.dispatch.jobs.entity;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One report of a {@link CompletionBatch}: a {@link Completion} with the id of its job. */
@Schema(name = "JobCompletion", description = "A successful attempt of the job with this id")
public class JobCompletion {

    @NotBlank(message = "id is required") @Size(max = 200)
    @Schema(required = true, description = "The job id")
    public String id;

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The worker that ran the attempt")
    public String workerId;

    @Min(value = 1, message = "attempt must be at least 1") @Max(value = Integer.MAX_VALUE)
    @Schema(required = true, description = "The attempt being reported, as returned by the claim")
    public int attempt;

    @Schema(description = "The handler's result (any JSON value)")
    public JsonValue result;
}

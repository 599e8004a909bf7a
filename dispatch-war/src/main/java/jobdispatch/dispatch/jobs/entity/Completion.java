package jobdispatch.dispatch.jobs.entity;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A worker reports that its attempt succeeded. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "Completion", description = "A worker reports a successful attempt")
public class Completion {

    @NotBlank(message = "workerId is required") @Size(max = 200)
    @Schema(required = true, description = "The worker that ran the attempt")
    public String workerId;

    @Min(value = 1, message = "attempt must be at least 1") @Max(value = Integer.MAX_VALUE)
    @Schema(required = true, description = "The attempt being reported, as returned by the claim")
    public int attempt;

    @Schema(description = "The handler's result (any JSON value)")
    public JsonValue result;

}

package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jobdispatch.dispatch.problems.Problem;

/**
 * What one item of a batched callback did: {@code job} when it succeeded (as the single
 * callback would answer it, without its history, as a listing shows it), {@code problem} when
 * it was refused (as the single callback's 404 or 409 would say it).
 */
@Schema(name = "CallbackResult", description = "job (without its history, as a listing shows it) when this item succeeded, problem (404 or 409) when it was refused")
public record CallbackResult(
        @Schema(required = true, description = "The job id of this item")
        String id,
        @Schema(ref = "Job")
        Job job,
        @Schema(ref = "Problem")
        Problem problem) {
}

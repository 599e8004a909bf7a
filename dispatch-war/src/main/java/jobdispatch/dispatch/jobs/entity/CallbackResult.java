package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jobdispatch.dispatch.problems.Problem;

/**
 * What one item of a batched callback did: when it succeeded, the job's {@code status} and, for
 * a claim, the {@code job} itself (as a listing shows it, without its history: the worker needs
 * its payload); {@code problem} when it was refused (as the single callback's 404 or 409 would
 * say it).
 */
@Schema(name = "CallbackResult", description = "status when this item succeeded, with the job (without its history, "
        + "as a listing shows it) for a claim; problem (404 or 409) when it was refused")
public record CallbackResult(
        @Schema(required = true, description = "The job id of this item")
        String id,
        @Schema(description = "The job's status after this item; absent when refused", enumeration = {"processing", "complete"})
        String status,
        @Schema(ref = "Job", description = "The claimed job; only claims answer it")
        Job job,
        @Schema(ref = "Problem")
        Problem problem) {
}

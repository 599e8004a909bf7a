package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jobdispatch.dispatch.problems.Problem;

/**
 * What one item of a batched callback did: when it succeeded, the job's {@code status} and, for
 * a claim, the {@code attempt} to run and (unless the claim asked without it) the {@code job}
 * itself, as a listing shows it, without its history; {@code problem} when it was refused (as the
 * single callback's 404 or 409 would say it).
 */
@Schema(name = "CallbackResult", description = "status when this item succeeded, for a claim with the attempt to run and "
        + "(unless the claims asked withJob=false) the job, without its history, as a listing shows it; problem (404 or 409) when it was refused")
public record CallbackResult(
        @Schema(required = true, description = "The job id of this item")
        String id,
        @Schema(description = "The job's status after this item; absent when refused", enumeration = {"processing", "complete"})
        String status,
        @Schema(description = "The attempt this claim holds (the job's attempts after it); only claims answer it")
        Integer attempt,
        @Schema(ref = "Job", description = "The claimed job; only claims answer it, unless the claims asked withJob=false")
        Job job,
        @Schema(ref = "Problem")
        Problem problem) {
}

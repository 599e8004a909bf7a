package jobdispatch.dispatch.jobs.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.jobs.control.JobStateMachine;
import jobdispatch.dispatch.jobs.entity.CallbackResults;
import jobdispatch.dispatch.jobs.entity.Claim;
import jobdispatch.dispatch.jobs.entity.ClaimBatch;
import jobdispatch.dispatch.jobs.entity.Completion;
import jobdispatch.dispatch.jobs.entity.CompletionBatch;
import jobdispatch.dispatch.jobs.entity.Failure;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.Progress;
import jobdispatch.dispatch.problems.Problem;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** The callbacks a worker makes while it runs a job: claim it, then report how the attempt ended. */
@Path("job")
@ApplicationScoped
@Tag(name = "worker", description = "Callbacks of the workers that run jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Allowed({Roles.WORKER})
public class WorkerCallbacksResource {

    @Inject
    JobStateMachine stateMachine;

    @POST
    @Path("{id}/claim")
    @Operation(operationId = "claimJob", summary = "Claim a job to run it",
            description = "queued -> processing, attempts + 1; also takes over a processing job whose lease expired. "
                    + "A worker runs a job only after a successful claim.")
    @APIResponse(responseCode = "200", description = "Claimed: run this attempt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The request is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Not claimable now; jobStatus says why (finished, or held by a live lease)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job claim(@PathParam("id") String id, @Valid @NotNull(message = "a JSON body is required") Claim claim) {
        return stateMachine.claim(id, claim);
    }

    @POST
    @Path("claims")
    @Operation(operationId = "claimJobs", summary = "Claim up to 100 jobs at once",
            description = "Each id is claimed on its own, as POST /api/job/{id}/claim would claim it, all in one round "
                    + "trip to Redis. A worker under load sends the claims that are waiting together.")
    @APIResponse(responseCode = "200", description = "One result per id, in the order sent: status processing, the attempt "
            + "and (unless withJob=false) the job (claimed: run this attempt), or problem (404 no such job, 409 not "
            + "claimable now)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CallbackResults")))
    @APIResponse(responseCode = "400", description = "The request is not valid (no ids or more than 100); nothing was claimed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public CallbackResults claimAll(@Valid @NotNull(message = "a JSON body is required") ClaimBatch batch,
            @QueryParam("withJob") @Pattern(regexp = "true|false", message = "withJob must be true or false")
            @Parameter(description = "false: a claimed item answers its attempt without the job, for a worker that has "
                    + "the job from its job_run message (a job's type, payload and limits never change); default true",
                    schema = @Schema(enumeration = {"true", "false"})) String withJob) {
        return new CallbackResults(stateMachine.claimAll(batch.ids, batch.workerId, !"false".equals(withJob)));
    }

    @POST
    @Path("completions")
    @Operation(operationId = "completeJobs", summary = "Report up to 100 successful attempts at once",
            description = "Each report is recorded on its own, as POST /api/job/{id}/complete would record it, all in "
                    + "one round trip to Redis.")
    @APIResponse(responseCode = "200", description = "One result per report, in the order sent: status complete (recorded, "
            + "or recorded before), or problem (404 no such job, 409 this worker does not hold this attempt)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CallbackResults")))
    @APIResponse(responseCode = "400", description = "The request is not valid (a report is invalid, none or more than 100); "
            + "nothing was recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public CallbackResults completeAll(@Valid @NotNull(message = "a JSON body is required") CompletionBatch batch) {
        return new CallbackResults(stateMachine.completeAll(batch.completions));
    }

    @POST
    @Path("{id}/progress")
    @Operation(operationId = "reportProgress", summary = "Report progress and keep the lease",
            description = "Records how far the attempt is (0 to 100) and renews the worker's lease on the job for "
                    + "another timeoutMs plus jobs.lease.margin.ms.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The report is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "This worker does not hold this attempt (any more)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job progress(@PathParam("id") String id, @Valid @NotNull(message = "a JSON body is required") Progress progress) {
        return stateMachine.progress(id, progress);
    }

    @POST
    @Path("{id}/complete")
    @Operation(operationId = "completeJob", summary = "Report a successful attempt",
            description = "processing -> complete. Repeating the report answers the job unchanged.")
    @APIResponse(responseCode = "200", description = "The completed job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The request is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "This worker does not hold this attempt",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job complete(@PathParam("id") String id, @Valid @NotNull(message = "a JSON body is required") Completion completion) {
        return stateMachine.complete(id, completion);
    }

    @POST
    @Path("{id}/fail")
    @Operation(operationId = "failJob", summary = "Report a failed attempt",
            description = "processing -> queued when the error is retryable and attempts remain (the worker requeues "
                    + "the message with a backoff), else processing -> failed.")
    @APIResponse(responseCode = "200", description = "The job after the report: status queued (will retry) or failed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The request is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "This worker does not hold this attempt",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job fail(@PathParam("id") String id, @Valid @NotNull(message = "a JSON body is required") Failure failure) {
        return stateMachine.fail(id, failure);
    }
}

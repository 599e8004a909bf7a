package jobdispatch.dispatch.jobs.boundary;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.jobs.control.JobService;
import jobdispatch.dispatch.jobs.control.JobStateMachine;
import jobdispatch.dispatch.jobs.entity.AcceptedJobs;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobList;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.JobStats;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.dispatch.jobs.entity.NewJob;
import jobdispatch.dispatch.jobs.entity.NewJobs;
import jobdispatch.dispatch.problems.Problem;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** Submitting, reading and managing jobs. */
@Path("job")
@ApplicationScoped
@Tag(name = "jobs", description = "Submitting, reading and managing jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Allowed({Roles.CLIENT, Roles.ADMIN})
public class JobsResource {

    static final int MAX_PAGE = 1000;
    static final String ID_PATTERN = "[0-9a-fA-F-]{36}";
    static final String TYPE_PATTERN = "[A-Za-z0-9._-]{1,100}";
    static final String TYPE_MESSAGE = "type must be 1 to 100 characters of [A-Za-z0-9._-]";
    static final String STATUS_PATTERN = "scheduled|queued|processing|complete|failed|cancelled";
    static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";
    static final long MAX_WAIT_MS = 30_000;
    private static final long SAFETY_MS = 10_000;
    private static final String RETURN_MINIMAL = "return=minimal";
    static final String WAIT_DESCRIPTION = "Milliseconds to wait for the job to end (complete, failed or cancelled), "
            + "0 to 30000; the answer is the job as it is when it ended or when the wait was over. 0 (the default): "
            + "answer at once.";

    @Inject
    JobService jobs;

    @Inject
    JobStateMachine stateMachine;

    @POST
    @Operation(operationId = "createJob", summary = "Submit a job",
            description = "Stores the job (queued, or scheduled when delayMs or runAt puts it in the future) and "
                    + "publishes it on NSQ's job_run topic. A 201 means the job is stored: if nsqd is down it is "
                    + "published when nsqd is back. With an Idempotency-Key that an earlier request used within "
                    + "24 hours, nothing new is stored and the earlier job is answered with 200. With waitMs, the "
                    + "answer comes once the job has ended (or waitMs has passed), with the job as it is then.")
    @APIResponse(responseCode = "201", description = "The job was accepted; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "200", description = "The Idempotency-Key was used before: the job it created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The job or waitMs is not valid; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "The body is larger than api.max.body.bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Redis is unavailable; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void create(
            @HeaderParam("Idempotency-Key")
            @Parameter(description = "Any 1 to 200 visible ASCII characters; the same key within 24 h answers the same job",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^" + KEY_PATTERN + "$"), example = "order-4711-invoice")
            String idempotencyKey,
            @QueryParam("waitMs") @DefaultValue("0") @Parameter(description = WAIT_DESCRIPTION
                    + " The job is accepted (201) whether or not it ends within the wait.",
                    schema = @Schema(minimum = "0", maximum = "30000")) int waitMs,
            @Valid @NotNull(message = "a JSON body is required") NewJob request,
            @Context UriInfo uri, @Suspended AsyncResponse answer) {
        if (idempotencyKey != null && !idempotencyKey.matches(KEY_PATTERN)) {
            throw new BadRequestException("Idempotency-Key must be 1 to 200 visible ASCII characters");
        }
        Duration wait = checkedWait(waitMs);
        UriBuilder location = uri.getAbsolutePathBuilder();  // the request's URI is not at hand once the wait is over
        if (wait.isZero()) {
            answer.resume(created(jobs.submit(request, idempotencyKey), location));
        } else {
            answerWhenDone(answer, wait,
                    jobs.submitAndWait(request, idempotencyKey, wait).thenApply(accepted -> created(accepted, location)));
        }
    }

    private static Response created(JobService.Accepted accepted, UriBuilder location) {
        return Response.status(accepted.existing() ? Response.Status.OK : Response.Status.CREATED)
                .location(location.path(accepted.job().id()).build()).entity(accepted.job()).build();
    }

    @POST
    @Path("batch")
    @Operation(operationId = "createJobs", summary = "Submit up to 1000 jobs at once",
            description = "All or none: if any job is invalid, nothing is stored (400 names the job by its index). "
                    + "The accepted jobs are stored in one atomic step and published with one NSQ multi-publish. "
                    + "With Prefer: return=minimal each job of the answer has its id and status only.")
    @APIResponse(responseCode = "201", description = "All jobs were accepted, in the order sent (with Prefer: "
            + "return=minimal only their ids and statuses, and Preference-Applied says so)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JobList")))
    @APIResponse(responseCode = "400", description = "A job is not valid, or there are none or more than 1000; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", description = "The body is larger than api.max.body.bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Redis is unavailable; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response createAll(
            // a list: RFC 7240 lets a request send its preferences in several Prefer headers
            @HeaderParam("Prefer") @Parameter(description = "return=minimal: answer each job's id and status only, "
                    + "not the whole job (RFC 7240; other preferences are ignored)", example = "return=minimal")
            List<String> prefer,
            @Valid @NotNull(message = "a JSON body is required") NewJobs request) {
        List<Job> accepted = jobs.submitAll(request.jobs);
        if (prefersMinimal(prefer)) {
            return Response.status(Response.Status.CREATED).header("Preference-Applied", RETURN_MINIMAL)
                    .entity(AcceptedJobs.of(accepted)).build();
        }
        return Response.status(Response.Status.CREATED).entity(new JobList(accepted)).build();
    }

    /**
     * Whether the Prefer headers (RFC 7240: preferences separated by commas, each a name, an optional
     * value, possibly quoted, and parameters after semicolons) ask for return=minimal. A preference
     * the API does not know is ignored, as the RFC asks, so no Prefer header is ever a 400.
     */
    static boolean prefersMinimal(List<String> prefer) {
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String[] nameAndValue = preference.split(";", 2)[0].split("=", 2);
                if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase("return")
                        && unquoted(nameAndValue[1].strip()).equalsIgnoreCase("minimal")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getJob", summary = "Get a job with its history",
            description = "With waitMs, a long poll: answers once the job has ended, or when waitMs has passed.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "waitMs is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void get(@PathParam("id") @Parameter(description = "The job id", required = true) String id,
            @QueryParam("waitMs") @DefaultValue("0") @Parameter(description = WAIT_DESCRIPTION,
                    schema = @Schema(minimum = "0", maximum = "30000")) int waitMs,
            @Suspended AsyncResponse answer) {
        Duration wait = checkedWait(waitMs);
        if (wait.isZero()) {
            answer.resume(jobs.get(id));
        } else {
            answerWhenDone(answer, wait, jobs.awaitEnd(id, wait));
        }
    }

    // checked here, not with @Min/@Max: Payara's OpenAPI scanner fails on those on query parameters
    private static Duration checkedWait(int waitMs) {
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new BadRequestException("waitMs must be between 0 and " + MAX_WAIT_MS);
        }
        return Duration.ofMillis(waitMs);
    }

    /**
     * Resumes the request with the answer, or with its failure, which the exception mappers answer.
     * The answer always comes by the end of the wait; should it not, JAX-RS answers 503 a little later.
     */
    private static void answerWhenDone(AsyncResponse answer, Duration wait, CompletionStage<?> result) {
        answer.setTimeout(wait.toMillis() + SAFETY_MS, TimeUnit.MILLISECONDS);
        result.whenComplete((entity, failure) -> answer.resume(failure != null ? unwrapped(failure) : entity));
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @GET
    @Operation(operationId = "listJobs", summary = "List jobs, newest first",
            description = "Optionally only those of one status and/or type. Pages are stable while jobs are added: "
                    + "pass the nextCursor of a page as cursor to get the next one.")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JobPage")))
    @APIResponse(responseCode = "400", description = "A parameter is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public JobPage list(
            // checked here, not with @Min/@Max: Payara's OpenAPI scanner fails on those on query parameters
            @QueryParam("limit") @DefaultValue("20")
            @Parameter(description = "Page size, 1 to 1000", schema = @Schema(minimum = "1", maximum = "1000")) int limit,
            @QueryParam("cursor") @Pattern(regexp = ID_PATTERN, message = "cursor is not a cursor this API returned")
            @Parameter(description = "nextCursor of the previous page", schema = @Schema(pattern = "^" + ID_PATTERN + "$")) String cursor,
            @QueryParam("status") @Pattern(regexp = STATUS_PATTERN, message = "status must be one of " + STATUS_PATTERN)
            @Parameter(description = "Only jobs in this state",
                    schema = @Schema(enumeration = {"scheduled", "queued", "processing", "complete", "failed", "cancelled"}))
            String status,
            @QueryParam("type") @Pattern(regexp = TYPE_PATTERN, message = TYPE_MESSAGE)
            @Parameter(description = "Only jobs of this type", schema = @Schema(pattern = "^" + TYPE_PATTERN + "$")) String type) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + MAX_PAGE);
        }
        return jobs.list(status == null ? null : JobStatus.fromWire(status), type, limit,
                cursor == null ? null : cursor.toLowerCase(Locale.ROOT));
    }

    @GET
    @Path("stats")
    @Operation(operationId = "getJobStats", summary = "Count jobs per state, overall and per type",
            description = "Read from the sizes of the indexes: two Redis round trips however many jobs are stored.")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JobStats")))
    public JobStats stats() {
        return jobs.stats();
    }

    @Allowed({Roles.ADMIN})
    @POST
    @Path("{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job that has not started",
            description = "queued or scheduled -> cancelled. A message already on NSQ is dropped by the worker that gets it.")
    @APIResponse(responseCode = "200", description = "The cancelled job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The job is not queued or scheduled; jobStatus names its state",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job cancel(@PathParam("id") @Parameter(description = "The job id", required = true) String id) {
        return stateMachine.cancel(id);
    }

    @Allowed({Roles.ADMIN})
    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retryJob", summary = "Run a failed or cancelled job again",
            description = "failed or cancelled -> queued, attempts kept (a job that used all its attempts gets one more), "
                    + "and published again.")
    @APIResponse(responseCode = "200", description = "The queued job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The job is not failed or cancelled; jobStatus names its state",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job retry(@PathParam("id") @Parameter(description = "The job id", required = true) String id) {
        return stateMachine.retry(id);
    }

    @Allowed({Roles.ADMIN})
    @DELETE
    @Path("{id}")
    // no body on success: a client that accepts only problem+json (as generated clients do) is served too
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "deleteJob", summary = "Delete a finished job",
            description = "Removes a complete, failed or cancelled job with its history. Finished jobs are also removed "
                    + "by themselves once jobs.retention.ms (default 7 days) has passed.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The job has not finished; jobStatus names its state",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void delete(@PathParam("id") @Parameter(description = "The job id", required = true) String id) {
        stateMachine.delete(id);
    }
}

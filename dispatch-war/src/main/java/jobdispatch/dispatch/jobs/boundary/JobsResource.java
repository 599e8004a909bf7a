package jobdispatch.dispatch.jobs.boundary;

import java.net.URI;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.jobs.control.JobService;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.NewJob;
import jobdispatch.dispatch.problems.Problem;

/** Submitting and reading jobs. */
@Path("job")
@ApplicationScoped
@Tag(name = "jobs", description = "Submitting and reading jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JobsResource {

    static final int MAX_PAGE = 1000;
    static final String UUID_PATTERN = "[0-9a-fA-F-]{36}";

    @Inject
    JobService jobs;

    @POST
    @Operation(operationId = "createJob", summary = "Submit a job",
            description = "Stores the job as queued and publishes it on NSQ's job_run topic.")
    @APIResponse(responseCode = "201", description = "The job was accepted; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "400", description = "The job is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", description = "Redis is unavailable; nothing was stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response create(@Valid @NotNull(message = "a JSON body is required") NewJob request, @Context UriInfo uri) {
        Job job = jobs.submit(request);
        URI location = uri.getAbsolutePathBuilder().path(job.id()).build();
        return Response.created(location).entity(job).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getJob", summary = "Get a job with its history")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "404", description = "No job has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Job get(@PathParam("id") @Parameter(description = "The job id", required = true) String id) {
        return jobs.get(id);
    }

    @GET
    @Operation(operationId = "listJobs", summary = "List jobs, newest first")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JobPage")))
    @APIResponse(responseCode = "400", description = "A parameter is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public JobPage list(
            // checked here, not with @Min/@Max: Payara's OpenAPI scanner fails on those on query parameters
            @QueryParam("limit") @DefaultValue("20")
            @Parameter(description = "Page size, 1 to 1000", schema = @Schema(minimum = "1", maximum = "1000")) int limit,
            @QueryParam("cursor") @Pattern(regexp = UUID_PATTERN, message = "cursor is not a cursor this API returned")
            @Parameter(description = "nextCursor of the previous page") String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + MAX_PAGE);
        }
        return jobs.list(limit, cursor == null ? null : cursor.toLowerCase(Locale.ROOT));
    }
}

package jobdispatch.dispatch.jobs.boundary;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.jobs.control.JobEventHub;
import jobdispatch.dispatch.jobs.control.JobEventHub.Filter;
import jobdispatch.dispatch.problems.Problem;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** The live stream of job transitions, for the console and any other client. */
@Path("job/events")
@ApplicationScoped
@Tag(name = "events", description = "Live job transitions")
@Allowed({Roles.CLIENT, Roles.ADMIN})
public class JobEventsResource {

    /** The statuses an event can carry: a job's states, and deleted. */
    static final String EVENT_STATUS_PATTERN = JobsResource.STATUS_PATTERN + "|deleted";

    @Inject
    JobEventHub hub;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamJobEvents", summary = "Follow job transitions as they happen",
            description = "A server-sent-event stream: one event named 'job' per transition of any job (created, "
                    + "queued, scheduled, processing, complete, failed, cancelled, deleted), whichever dispatch "
                    + "instance made it, or only those of the statuses and types asked for. The data is a JobEvent. "
                    + "Browsers reconnect by themselves (EventSource).")
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(ref = "JobEvent")))
    @APIResponse(responseCode = "400", description = "A parameter is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void events(
            // each value checked below, as JobsResource checks its limit
            @QueryParam("status")
            @Parameter(description = "Only transitions to this status: scheduled, queued, processing, complete, failed, "
                    + "cancelled or deleted; repeat the parameter for several. All when left out.") List<String> statuses,
            @QueryParam("type")
            @Parameter(description = "Only jobs of this type (1 to 100 characters of [A-Za-z0-9._-]); repeat the "
                    + "parameter for several. All when left out.") List<String> types,
            @Context SseEventSink sink, @Context Sse sse) {
        for (String status : statuses) {
            if (!status.matches(EVENT_STATUS_PATTERN)) {
                throw new BadRequestException("status must be one of " + EVENT_STATUS_PATTERN);
            }
        }
        for (String type : types) {
            if (!type.matches(JobsResource.TYPE_PATTERN)) {
                throw new BadRequestException(JobsResource.TYPE_MESSAGE);
            }
        }
        hub.register(sink, sse, Filter.of(statuses, types));
    }
}

package jobdispatch.dispatch.jobs.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.jobs.control.JobEventHub;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** The live stream of job transitions, for the console and any other client. */
@Path("job/events")
@ApplicationScoped
@Tag(name = "events", description = "Live job transitions")
@Allowed({Roles.CLIENT, Roles.ADMIN})
public class JobEventsResource {

    @Inject
    JobEventHub hub;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamJobEvents", summary = "Follow every job transition as it happens",
            description = "A server-sent-event stream: one event named 'job' per transition of any job (created, "
                    + "queued, scheduled, processing, complete, failed, cancelled, deleted), whichever dispatch "
                    + "instance made it. The data is a JobEvent. Browsers reconnect by themselves (EventSource).")
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(ref = "JobEvent")))
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        hub.register(sink, sse);
    }
}

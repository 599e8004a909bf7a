package jobdispatch.dispatch.monitoring.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.monitoring.control.Monitoring;
import jobdispatch.dispatch.monitoring.entity.Throughput;
import jobdispatch.dispatch.problems.Problem;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** Jobs finished per minute; a class of its own so that its path wins over job/{id}. */
@Path("job/throughput")
@ApplicationScoped
@Tag(name = "monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Roles.CLIENT, Roles.ADMIN})
public class ThroughputResource {

    @Inject
    Monitoring monitoring;

    @GET
    @Operation(operationId = "getThroughput", summary = "Jobs completed and failed per minute")
    @APIResponse(responseCode = "200", description = "One entry per minute, oldest first, the current minute last",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Throughput")))
    @APIResponse(responseCode = "400", description = "minutes is not 1 to 120",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Throughput throughput(@QueryParam("minutes") @DefaultValue("60")
                                 @Parameter(description = "How many minutes, 1 to 120", schema = @Schema(minimum = "1", maximum = "120"))
                                 int minutes) {
        if (minutes < 1 || minutes > 120) {
            throw new BadRequestException("minutes must be between 1 and 120");
        }
        return monitoring.throughput(minutes);
    }

}

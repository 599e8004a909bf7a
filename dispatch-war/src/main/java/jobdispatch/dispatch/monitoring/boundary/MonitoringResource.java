package jobdispatch.dispatch.monitoring.boundary;

import java.io.IOException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jobdispatch.dispatch.monitoring.control.Monitoring;
import jobdispatch.dispatch.monitoring.control.NsqMonitor;
import jobdispatch.dispatch.monitoring.entity.Heartbeat;
import jobdispatch.dispatch.monitoring.entity.NsqStats;
import jobdispatch.dispatch.monitoring.entity.WorkerList;
import jobdispatch.dispatch.problems.Problem;
import jobdispatch.dispatch.security.Allowed;
import jobdispatch.dispatch.security.Roles;

/** Throughput, nsqd's view of the queue and the workers, for the console. */
@Path("")
@ApplicationScoped
@Tag(name = "monitoring", description = "Throughput, the queue as nsqd sees it, and the workers")
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Roles.CLIENT, Roles.ADMIN})
public class MonitoringResource {

    @Inject
    Monitoring monitoring;

    @Inject
    NsqMonitor nsq;

    @GET
    @Path("nsq/stats")
    @Operation(operationId = "getNsqStats", summary = "The job_run topic and its channels as nsqd counts them")
    @APIResponse(responseCode = "200", description = "nsqd's counters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NsqStats")))
    public NsqStats nsqStats() {
        try {
            return nsq.stats();
        } catch (IOException e) {
            throw new ServiceUnavailableException("nsqd cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted");
        }
    }

    @GET
    @Path("workers")
    @Operation(operationId = "listWorkers", summary = "The worker instances heard from in the last hour",
            description = "alive is false for a worker that has not sent a heartbeat for workers.stale.ms.")
    @APIResponse(responseCode = "200", description = "Most recently seen first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "WorkerList")))
    public WorkerList workers() {
        return new WorkerList(monitoring.workers());
    }

    @Allowed({Roles.WORKER})
    @PUT
    @Path("workers/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    // no body on success: a client that accepts only problem+json (as generated clients do) is served too
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Tag(name = "worker")
    @Operation(operationId = "sendHeartbeat", summary = "A worker instance reports that it is alive")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "The heartbeat is not valid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void heartbeat(@PathParam("id") @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "the worker id must be 1 to 200 visible characters")
                          @Parameter(description = "The worker's id", required = true,
                                  schema = @Schema(type = SchemaType.STRING, pattern = "^[\\x21-\\x7E]{1,200}$")) String id,
                          @Valid @NotNull(message = "a JSON body is required") Heartbeat heartbeat) {
        monitoring.heartbeat(id, heartbeat);
    }
}

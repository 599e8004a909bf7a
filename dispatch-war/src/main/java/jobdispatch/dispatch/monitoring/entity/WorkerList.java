package jobdispatch.dispatch.monitoring.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WorkerList", description = "The worker instances heard from in the last hour, most recently seen first")
public record WorkerList(
        // no @Schema: with one, Payara describes the list as an array with properties
        List<WorkerStatus> workers) {
}

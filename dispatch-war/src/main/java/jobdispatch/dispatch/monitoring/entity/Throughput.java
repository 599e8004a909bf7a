package jobdispatch.dispatch.monitoring.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Throughput", description = "Jobs completed and failed per minute, oldest minute first")
public record Throughput(
        // no @Schema: with one, Payara describes the list as an array with properties
        List<MinuteCount> minutes) {
}

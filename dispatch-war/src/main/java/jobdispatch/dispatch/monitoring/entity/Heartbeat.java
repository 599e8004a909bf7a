package jobdispatch.dispatch.monitoring.entity;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a worker instance reports about itself every few seconds. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "Heartbeat", description = "A worker instance reports that it is alive, and how busy")
public class Heartbeat {

    @NotBlank(message = "host is required") @Size(max = 200)
    @Schema(required = true, description = "The worker's host", example = "worker-host-1")
    public String host;

    @Min(value = 0, message = "inFlight must not be negative") @Max(value = 100000)
    @Schema(description = "Jobs it is running now (0 when absent)")
    public int inFlight;

    @Min(value = 1, message = "concurrency must be at least 1") @Max(value = 100000)
    @Schema(required = true, description = "Jobs it runs at most at once")
    public int concurrency;

    @Min(value = 0, message = "jobsDone must not be negative")
    @Schema(type = SchemaType.INTEGER, format = "int64", description = "Attempts it has finished since it started (0 when absent)")
    public long jobsDone;

    @Schema(type = SchemaType.STRING, format = "date-time", description = "When it started")
    public Instant startedAt;
}

package jobdispatch.dispatch.jobs.entity;

import java.time.Instant;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client sends to submit a job. */
// a class, not a record: Payara's OpenAPI scanner fails on constraints that a record copies
// onto its constructor's parameters
@Schema(name = "NewJob", description = "A job to submit")
public class NewJob {

    @NotNull(message = "type is required")
    @Size(min = 1, max = 100, message = "type must be 1 to 100 characters")
    @Pattern(regexp = "[A-Za-z0-9._-]*", message = "type may only contain letters, digits, '.', '_' and '-'")
    @Schema(required = true, description = "The job type; selects the worker's handler", example = "echo", maxLength = 100, pattern = "^[A-Za-z0-9._-]+$")
    public String type;

    @Schema(type = SchemaType.OBJECT, description = "The job's input, any JSON object (default {})", example = "{\"message\": \"hello\"}")
    public JsonObject payload;

    @Min(value = 1, message = "maxAttempts must be at least 1")
    @Max(value = 100, message = "maxAttempts must be at most 100")
    @Schema(description = "How many attempts the job may have (default 3)", minimum = "1", maximum = "100", example = "3")
    public Integer maxAttempts;

    @Min(value = 1000, message = "timeoutMs must be at least 1000 (1 s)")
    @Max(value = MAX_TIMEOUT_MS, message = "timeoutMs must be at most 86400000 (24 h)")
    @Schema(type = SchemaType.INTEGER, format = "int64", description = "How long one attempt may run, in milliseconds (default 60000)", minimum = "1000", maximum = "86400000", example = "60000")
    public Long timeoutMs;

    @Min(value = 0, message = "delayMs must not be negative")
    @Max(value = MAX_DELAY_MS, message = "delayMs must be at most 31536000000 (365 days)")
    @Schema(type = SchemaType.INTEGER, format = "int64", description = "Run the job this many milliseconds from now instead of at once; not with runAt", minimum = "0", maximum = "31536000000", example = "5000")
    public Long delayMs;

    @Schema(type = SchemaType.STRING, format = "date-time", description = "Run the job at this time instead of at once (at most 365 days ahead); not with delayMs", example = "2026-12-24T18:00:00Z")
    public Instant runAt;

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final long DEFAULT_TIMEOUT_MS = 60_000;
    public static final long MAX_TIMEOUT_MS = 86_400_000L;
    public static final long MAX_DELAY_MS = 31_536_000_000L;

    public JsonObject payloadOrEmpty() {
        return payload == null ? JsonObject.EMPTY_JSON_OBJECT : payload;
    }

    public int maxAttemptsOrDefault() {
        return maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    }

    public long timeoutMsOrDefault() {
        return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }
}

package jobdispatch.dispatch.jobs.entity;

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

    public NewJob() {
    }

    public NewJob(String type, JsonObject payload, Integer maxAttempts) {
        this.type = type;
        this.payload = payload;
        this.maxAttempts = maxAttempts;
    }

    public String type() {
        return type;
    }

    public JsonObject payload() {
        return payload;
    }

    public Integer maxAttempts() {
        return maxAttempts;
    }

    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public JsonObject payloadOrEmpty() {
        return payload == null ? JsonObject.EMPTY_JSON_OBJECT : payload;
    }

    public int maxAttemptsOrDefault() {
        return maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
    }
}

package jobdispatch.dispatch.monitoring.entity;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "MinuteCount", description = "Jobs that finished in one minute")
public record MinuteCount(
        @Schema(type = SchemaType.STRING, format = "date-time", description = "The start of the minute")
        Instant minute,
        @Schema(type = SchemaType.INTEGER, format = "int64") long complete,
        @Schema(type = SchemaType.INTEGER, format = "int64") long failed) {
}

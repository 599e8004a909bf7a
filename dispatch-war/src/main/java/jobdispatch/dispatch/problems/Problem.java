package jobdispatch.dispatch.problems;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every error this API answers. */
@Schema(name = "Problem", description = "What went wrong (RFC 9457 problem details)")
public record Problem(
        @Schema(description = "A URI that names the kind of problem", example = "about:blank")
        String type,
        @Schema(description = "Short summary of the kind of problem", example = "Conflict")
        String title,
        @Schema(description = "The HTTP status", example = "409")
        int status,
        @Schema(description = "What went wrong in this case", example = "job 019ac4f2-... is complete: cannot claim")
        String detail,
        @Schema(description = "The state of the job, when the problem is a refused transition", example = "complete")
        String jobStatus,
        // no @Schema: with one, Payara describes the list as an array with properties
        List<String> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null, null);
    }

    /** 409: the job's state does not allow what was asked; jobStatus says which state it is in. */
    public static Problem conflict(String detail, String jobStatus) {
        Response.Status conflict = Response.Status.CONFLICT;
        return new Problem("about:blank", conflict.getReasonPhrase(), conflict.getStatusCode(), detail, jobStatus, null);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}

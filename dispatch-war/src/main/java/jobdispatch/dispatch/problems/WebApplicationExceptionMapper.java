package jobdispatch.dispatch.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The container's own refusals (unknown path, wrong method or content type) and bad parameters, as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        // JAX-RS answers 404 when a query parameter cannot be converted (limit=abc); that is bad input
        if (e.getClass().getName().endsWith("QueryParamException")) {
            return Problem.of(Response.Status.BAD_REQUEST, "a query parameter is not valid: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())).toResponse();
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 400 -> e.getMessage();
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 406 -> "this resource answers application/json only";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        Response problem = Problem.of(status, detail).toResponse();
        if (status.getStatusCode() == 405 && e.getResponse().getHeaderString("Allow") != null) {
            // RFC 9110: a 405 says which methods the resource has
            return Response.fromResponse(problem).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        if (status.getStatusCode() == 401) {
            // RFC 6750: says how to authenticate, and whether the token sent was refused
            return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"jobs\"").build();
        }
        return problem;
    }
}

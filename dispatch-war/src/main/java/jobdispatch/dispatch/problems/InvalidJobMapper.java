package jobdispatch.dispatch.problems;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jobdispatch.dispatch.jobs.control.InvalidJobException;

@Provider
public class InvalidJobMapper implements ExceptionMapper<InvalidJobException> {

    @Override
    public Response toResponse(InvalidJobException e) {
        Response.Status status = Response.Status.BAD_REQUEST;
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(), null,
                List.of(e.getMessage())).toResponse();
    }
}

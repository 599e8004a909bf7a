package jobdispatch.dispatch.problems;

import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 400 listing every invalid part of the request, each as "where: what". */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<String> violations = e.getConstraintViolations().stream()
                .map(ConstraintViolationMapper::describe).sorted().toList();
        Response.Status status = Response.Status.BAD_REQUEST;
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                String.join("; ", violations), null, violations).toResponse();
    }

    /** The message names the field; an element of a list (a batch's jobs[3]) is named before it. */
    private static String describe(ConstraintViolation<?> violation) {
        String element = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getIndex() != null) {
                element = "jobs[" + node.getIndex() + "]";
            }
        }
        return element == null ? violation.getMessage() : element + ": " + violation.getMessage();
    }
}

package jobdispatch.dispatch.problems;

import java.util.Comparator;
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
                .map(ConstraintViolationMapper::describe)
                .sorted(Comparator.comparing(Described::list).thenComparingInt(Described::index).thenComparing(Described::text))
                .map(Described::text).toList();
        Response.Status status = Response.Status.BAD_REQUEST;
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                String.join("; ", violations), null, violations).toResponse();
    }

    /** A violation's text, with the list and index it is in (if any) to put elements in order: jobs[2] before jobs[10]. */
    private record Described(String list, int index, String text) {
    }

    /**
     * The message names the field; an element of a list is named before it by the list's own
     * name and its index: a batch's {@code jobs[3]}, {@code completions[0]}, {@code ids[7]}.
     */
    private static Described describe(ConstraintViolation<?> violation) {
        String list = "";
        int index = -1;
        String previous = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getIndex() != null) {
                // the element's node carries the index; the node before it is the list's field
                list = previous == null ? "items" : previous;
                index = node.getIndex();
            }
            previous = node.getName();
        }
        return index < 0 ? new Described("", -1, violation.getMessage())
                : new Described(list, index, list + "[" + index + "]: " + violation.getMessage());
    }
}
